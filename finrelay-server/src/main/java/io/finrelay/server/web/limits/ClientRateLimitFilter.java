package io.finrelay.server.web.limits;

import io.finrelay.server.security.ApiPrincipal;
import io.finrelay.server.web.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Throttles each authenticated client (its API key; a token's subject) with its own bucket, so one
 * busy integration cannot starve the others. Runs after authentication, which has put the caller on
 * the request; requests without one are public and were throttled by address already.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
@ConditionalOnProperty(prefix = "finrelay.api.rate-limit", name = "enabled", havingValue = "true", matchIfMissing = true)
public class ClientRateLimitFilter extends OncePerRequestFilter {
    private static final String PRINCIPAL = ApiPrincipal.class.getName();

    private final RateLimits limits;
    private final Problems problems;

    public ClientRateLimitFilter(RateLimits limits, Problems problems) {
        this.limits = limits;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getAttribute(PRINCIPAL) instanceof ApiPrincipal caller) {
            RateLimits.Decision decision = limits.client(caller.actor(),
                    caller.tenantId().map(io.finrelay.model.id.TenantId::value).orElse(null));
            switch (decision) {
                case RateLimits.Refused refused -> {
                    RateLimitResponses.refuse(problems, request, response, refused, caller.actor());
                    return;
                }
                case RateLimits.Admitted admitted -> RateLimitResponses.admitted(response, admitted);
            }
        }
        chain.doFilter(request, response);
    }
}
