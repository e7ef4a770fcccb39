package io.finrelay.bench;

import io.finrelay.engine.db.Database;
import io.finrelay.model.id.PartnerId;
import io.finrelay.model.id.TenantId;
import io.finrelay.server.security.ApiKeyFilter;
import io.finrelay.server.security.ApiPrincipal;
import io.finrelay.server.security.Role;
import io.finrelay.server.tenancy.Tenants;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The authentication benchmark's baseline, and only there: the server without {@link ApiKeyFilter},
 * every request admitted as the tenant admin of one tenant, so that a read with and without
 * authentication can be compared. It lives in the benchmark jar, which adds it to the server's
 * configuration when it starts the baseline; the production jar has no switch that turns
 * authentication off. A tenant principal, not a partner admin, so that the authorisation check does
 * exactly the work it does for a tenant's own key.
 */
@Configuration(proxyBeanMethods = false)
class UnauthenticatedReads {
    /** The tenant every request is admitted as; set before the server starts. */
    static volatile String tenant;

    /** Removes the authentication filter before the server is built. */
    @Bean
    static BeanFactoryPostProcessor withoutAuthentication() {
        return factory -> {
            BeanDefinitionRegistry registry = (BeanDefinitionRegistry) factory;
            for (String name : factory.getBeanNamesForType(ApiKeyFilter.class, true, false)) {
                registry.removeBeanDefinition(name);
            }
        };
    }

    @Bean
    Filter admitEveryone(Database db, Tenants tenants) {
        TenantId tenantId = new TenantId(UUID.fromString(tenant));
        PartnerId partner = db.inSystem(c -> tenants.partnerOf(c, tenantId))
                .orElseThrow(() -> new IllegalStateException("benchmark tenant " + tenant + " does not exist"));
        return new Filter(new ApiPrincipal(ApiPrincipal.Kind.SYSTEM, null, "benchmark", "benchmark baseline", partner,
                Optional.of(tenantId), Set.of(Role.TENANT_ADMIN)));
    }

    @Order(Ordered.HIGHEST_PRECEDENCE + 10)
    static final class Filter extends OncePerRequestFilter {
        private final ApiPrincipal fixed;

        Filter(ApiPrincipal fixed) {
            this.fixed = fixed;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            request.setAttribute(ApiKeyFilter.PRINCIPAL, fixed);
            chain.doFilter(request, response);
        }
    }
}
