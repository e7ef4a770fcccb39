package io.finrelay.server.security;

import io.finrelay.engine.db.Database;
import io.finrelay.server.web.ApiProblem;
import io.finrelay.server.web.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates every request except the public ones (health, the OpenAPI document) with an API key
 * from {@code Authorization: Bearer frk_...} or {@code X-Api-Key}. A missing, malformed, unknown or
 * revoked key gets the same 401, so the answer tells nothing about which keys exist.
 *
 * <p>A plain servlet filter rather than Spring Security: the whole scheme is one header, one lookup
 * and a role check, and keeping it in view (with the problem+json answer written here) is simpler
 * than configuring a filter chain around it. Authorisation happens in {@link Access}.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class ApiKeyFilter extends OncePerRequestFilter {
    static final String PRINCIPAL = ApiPrincipal.class.getName();
    private static final Set<String> PUBLIC = Set.of("/health", "/v1/openapi.json", "/v1/openapi.json.yaml");

    private final Database db;
    private final ApiKeys keys;
    private final Problems problems;

    public ApiKeyFilter(Database db, ApiKeys keys, Problems problems) {
        this.db = db;
        this.keys = keys;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        // Webhooks are authenticated by their signature (io.finrelay.server.expense.WebhookSignature).
        if (PUBLIC.contains(path) || path.startsWith("/v1/webhooks/")) {
            chain.doFilter(request, response);
            return;
        }
        Optional<ApiPrincipal> principal = presentedToken(request).flatMap(this::authenticate);
        if (principal.isEmpty()) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"finrelay\"");
            problems.write(response, request, new ApiProblem(HttpStatus.UNAUTHORIZED, "unauthorized",
                    "Unauthorized", "a valid API key is required (Authorization: Bearer frk_... or X-Api-Key)"));
            return;
        }
        request.setAttribute(PRINCIPAL, principal.get());
        chain.doFilter(request, response);
    }

    private static Optional<ApiKeyToken> presentedToken(HttpServletRequest request) {
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return ApiKeyToken.parse(authorization.substring(7));
        }
        return ApiKeyToken.parse(request.getHeader("X-Api-Key"));
    }

    private Optional<ApiPrincipal> authenticate(ApiKeyToken token) {
        // Authentication comes before any tenant is known: the key (found by its unique prefix) says which.
        return db.inSystem(c -> keys.findActive(c, token.prefix()))
                .filter(stored -> token.matches(stored.secretHash()))
                .map(ApiKeys.StoredKey::principal);
    }
}
