package io.finrelay.server.usage;

import io.finrelay.model.id.TenantId;
import io.finrelay.server.security.Access;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Counts a tenant's API calls for billing: a request that {@link Access} admitted into a tenant is one
 * call of that tenant once it has been answered, whatever the answer, except a server error (5xx: the
 * failure is ours, not the tenant's use). Counted in the database before the request ends (calls answered
 * together share one small transaction, see {@link Usage#apiCall}), so the figure is exact; should that
 * write fail, the call goes uncounted and the failure is logged.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
public class ApiCallMeter extends OncePerRequestFilter {
    private static final Logger log = LoggerFactory.getLogger(ApiCallMeter.class);

    private final Usage usage;
    private final Clock clock;

    public ApiCallMeter(Usage usage, Clock clock) {
        this.usage = usage;
        this.clock = clock;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } finally {
            if (request.getAttribute(Access.ADMITTED_TENANT) instanceof TenantId tenant && response.getStatus() < 500) {
                try {
                    usage.apiCall(tenant, clock.instant());
                } catch (RuntimeException e) {
                    log.warn("API call of tenant {} not counted for usage: {}", tenant, e.toString());
                }
            }
        }
    }
}
