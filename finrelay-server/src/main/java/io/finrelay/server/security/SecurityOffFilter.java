package io.finrelay.server.security;

import io.finrelay.engine.db.Database;
import io.finrelay.model.id.PartnerId;
import io.finrelay.model.id.TenantId;
import io.finrelay.server.tenancy.Tenants;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * FOR THE AUTHENTICATION BENCHMARK ONLY. With {@code finrelay.security.enabled=false} (exactly that
 * value; anything else keeps {@link ApiKeyFilter}) this filter takes its place and admits every request
 * as the tenant admin of {@code finrelay.security.fixed-tenant}, so that the benchmark can measure a
 * read with and without authentication. A tenant principal, not a partner admin, so that the
 * authorisation check does exactly the work it does for a tenant's own key.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
@ConditionalOnProperty(name = "finrelay.security.enabled", havingValue = "false")
public class SecurityOffFilter extends OncePerRequestFilter {
    private static final Logger log = LoggerFactory.getLogger(SecurityOffFilter.class);

    private final ApiPrincipal fixed;

    public SecurityOffFilter(Database db, Tenants tenants, @Value("${finrelay.security.fixed-tenant:}") String tenant) {
        if (tenant.isBlank()) {
            throw new IllegalStateException("finrelay.security.enabled=false needs finrelay.security.fixed-tenant");
        }
        TenantId tenantId = new TenantId(UUID.fromString(tenant));
        PartnerId partner = db.inSystem(c -> tenants.partnerOf(c, tenantId))
                .orElseThrow(() -> new IllegalStateException("finrelay.security.fixed-tenant " + tenant + " does not exist"));
        this.fixed = new ApiPrincipal(ApiPrincipal.Kind.SYSTEM, null, "security-off", "security off", partner,
                Optional.of(tenantId), Set.of(Role.TENANT_ADMIN));
        log.warn("\n================================================================================\n"
                + " SECURITY IS OFF (finrelay.security.enabled=false): every request is admitted as the\n"
                + " tenant admin of {}. For benchmarks only; never expose this server.\n"
                + "================================================================================", tenant);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        request.setAttribute(ApiKeyFilter.PRINCIPAL, fixed);
        chain.doFilter(request, response);
    }
}
