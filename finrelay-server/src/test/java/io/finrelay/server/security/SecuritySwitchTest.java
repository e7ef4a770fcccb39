package io.finrelay.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.finrelay.engine.db.Database;
import io.finrelay.model.id.PartnerId;
import io.finrelay.model.id.TenantId;
import io.finrelay.server.tenancy.Tenants;
import io.finrelay.server.web.Problems;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** Security can be switched off for the benchmark only by saying exactly so, and then only for one named tenant. */
class SecuritySwitchTest {
    private static final TenantId TENANT = new TenantId(UUID.fromString("6f1c2d3e-4a5b-4c6d-8e7f-901a2b3c4d5e"));
    private static final PartnerId PARTNER = new PartnerId(UUID.fromString("0b9e3c41-7d2a-4f65-8e1b-95c4a7d3e210"));

    private WebApplicationContextRunner runner() throws Exception {
        DataSource dataSource = mock(DataSource.class);
        Connection connection = mock(Connection.class);
        when(connection.prepareStatement(any())).thenReturn(mock(PreparedStatement.class));
        when(dataSource.getConnection()).thenReturn(connection);
        Tenants tenants = mock(Tenants.class);
        when(tenants.partnerOf(any(), eq(TENANT))).thenReturn(Optional.of(PARTNER));
        return new WebApplicationContextRunner()
                .withBean(Database.class, () -> new Database(dataSource))
                .withBean(Tenants.class, () -> tenants)
                .withBean(ApiKeys.class, () -> mock(ApiKeys.class))
                .withBean(VerifiedKeys.class, () -> new VerifiedKeys(java.time.Duration.ofSeconds(2), Clock.systemUTC()))
                .withBean(UserTokens.class, () -> mock(UserTokens.class))
                .withBean(ExternalIssuer.class, () -> mock(ExternalIssuer.class))
                .withBean(Clock.class, Clock::systemUTC)
                .withBean(Problems.class, () -> new Problems(new ObjectMapper()))
                .withUserConfiguration(ApiKeyFilter.class, SecurityOffFilter.class);
    }

    @Test
    void authenticationIsOnUnlessSwitchedOffInSoManyWords() throws Exception {
        runner().run(context -> {
            assertThat(context).hasSingleBean(ApiKeyFilter.class).doesNotHaveBean(SecurityOffFilter.class);
        });
        for (String value : new String[] {"true", "no", "off", "0", ""}) {
            runner().withPropertyValues("finrelay.security.enabled=" + value).run(context ->
                    assertThat(context).as(value).hasSingleBean(ApiKeyFilter.class).doesNotHaveBean(SecurityOffFilter.class));
        }
    }

    @Test
    void switchedOffItNeedsAnExistingFixedTenant() throws Exception {
        runner().withPropertyValues("finrelay.security.enabled=false").run(context ->
                assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("finrelay.security.fixed-tenant"));
        runner().withPropertyValues("finrelay.security.enabled=false",
                "finrelay.security.fixed-tenant=" + UUID.randomUUID()).run(context ->
                assertThat(context).hasFailed().getFailure().rootCause().hasMessageContaining("does not exist"));
    }

    @Test
    void switchedOffEveryRequestIsTheFixedTenantsAdmin() throws Exception {
        runner().withPropertyValues("finrelay.security.enabled=FALSE", "finrelay.security.fixed-tenant=" + TENANT)
                .run(context -> {
                    assertThat(context).hasSingleBean(SecurityOffFilter.class).doesNotHaveBean(ApiKeyFilter.class);
                    MockHttpServletRequest request = new MockHttpServletRequest("GET", "/v1/tenants/" + TENANT + "/vendors");
                    MockFilterChain chain = new MockFilterChain();
                    context.getBean(SecurityOffFilter.class).doFilter(request, new MockHttpServletResponse(), chain);

                    assertThat(chain.getRequest()).isSameAs(request);
                    ApiPrincipal caller = (ApiPrincipal) request.getAttribute(ApiKeyFilter.PRINCIPAL);
                    assertThat(caller.tenantId()).contains(TENANT);
                    assertThat(caller.partnerId()).isEqualTo(PARTNER);
                    assertThat(caller.roles()).containsExactly(Role.TENANT_ADMIN);
                });
    }
}
