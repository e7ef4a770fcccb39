package io.finrelay.server.web.limits;

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
 * Throttles by remote address before authentication runs: requests without a valid key (and the public
 * paths, webhooks included) never reach {@link ClientRateLimitFilter}, and a flood of them must not
 * cost a key lookup each. The limit is generous because clients behind one proxy share an address.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
@ConditionalOnProperty(prefix = "finrelay.api.rate-limit", name = "enabled", havingValue = "true", matchIfMissing = true)
public class AddressRateLimitFilter extends OncePerRequestFilter {
    private final RateLimits limits;
    private final Problems problems;

    public AddressRateLimitFilter(RateLimits limits, Problems problems) {
        this.limits = limits;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (limits.address(request.getRemoteAddr()) instanceof RateLimits.Refused refused) {
            RateLimitResponses.refuse(problems, request, response, refused, "address " + request.getRemoteAddr());
            return;
        }
        chain.doFilter(request, response);
    }
}
