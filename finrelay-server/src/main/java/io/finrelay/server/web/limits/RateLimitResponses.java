package io.finrelay.server.web.limits;

import io.finrelay.server.web.ApiProblem;
import io.finrelay.server.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * How a rate-limit decision shows on the response: {@code RateLimit-Limit} and {@code RateLimit-Remaining}
 * (draft-ietf-httpapi-ratelimit-headers) when admitted; 429 problem+json with {@code Retry-After} when refused.
 */
final class RateLimitResponses {
    private RateLimitResponses() {}

    static void admitted(HttpServletResponse response, RateLimits.Admitted admitted) {
        response.setHeader("RateLimit-Limit", Long.toString(admitted.limit().burst()));
        response.setHeader("RateLimit-Remaining", Long.toString(admitted.remaining()));
    }

    static void refuse(Problems problems, HttpServletRequest request, HttpServletResponse response,
                       RateLimits.Refused refused, String who) throws IOException {
        String seconds = Long.toString(refused.retryAfterSeconds());
        response.setHeader("Retry-After", seconds);
        response.setHeader("RateLimit-Limit", Long.toString(refused.limit().burst()));
        response.setHeader("RateLimit-Remaining", "0");
        response.setHeader("RateLimit-Reset", seconds);
        problems.write(response, request, new ApiProblem(HttpStatus.TOO_MANY_REQUESTS, "rate-limited", "Too many requests",
                who + " sent more than " + refused.limit().requestsPerSecond() + " requests per second (burst "
                        + refused.limit().burst() + "); retry after " + seconds + " s",
                Map.of("retryAfterSeconds", refused.retryAfterSeconds())));
    }
}
