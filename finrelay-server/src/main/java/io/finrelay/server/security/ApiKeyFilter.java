package io.finrelay.server.security;

import io.finrelay.engine.db.Database;
import io.finrelay.engine.db.DatabaseOutage;
import io.finrelay.server.web.ApiProblem;
import io.finrelay.server.web.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates every request except the public ones, with either an API key
 * ({@code Authorization: Bearer frk_...} or {@code X-Api-Key}: one indexed read) or a bearer JWT
 * (Finrelay's own or the configured OIDC issuer's: a signature check against cached keys, no
 * database read). Both give the same {@link ApiPrincipal}. Every failure (missing, malformed,
 * unknown, revoked or expired key; bad signature, wrong issuer or audience, expired token, unknown
 * key id) gets the same 401, so the answer tells nothing about which keys or users exist.
 *
 * <p>A plain servlet filter rather than Spring Security's filter chain: the whole scheme is one
 * header and one of three verifiers, the JWT checks are Nimbus's (the library Spring Security's
 * resource server itself uses), and authorisation is {@link Access}'s role x action table rather
 * than URL patterns. Keeping it in view, with the problem+json answer written here, is simpler
 * than configuring a chain around it, and costs nothing per request beyond the check itself.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class ApiKeyFilter extends OncePerRequestFilter {
    private static final Logger log = LoggerFactory.getLogger(ApiKeyFilter.class);
    /** The request attribute that holds the authenticated {@link ApiPrincipal}. */
    public static final String PRINCIPAL = ApiPrincipal.class.getName();
    /** Paths anyone may call; webhooks are authenticated by their signature (io.finrelay.server.web.WebhookSignature). */
    public static final Set<String> PUBLIC = Set.of("/health", "/health/live", "/v1/openapi.json", "/v1/openapi.json.yaml", "/v1/tokens",
            "/.well-known/jwks.json");
    public static final String WEBHOOKS = "/v1/webhooks/";
    /** The console's pages and the WebJars they load: the console's own filter admits them by its session cookie. */
    public static final String CONSOLE = "/ui";
    public static final String WEBJARS = "/webjars/";
    private static final int MAX_TOKEN_LENGTH = 8192;

    private final Database db;
    private final ApiKeys keys;
    private final VerifiedKeys verifiedKeys;
    private final PersonTokens people;
    private final Problems problems;
    private final Clock clock;

    public ApiKeyFilter(Database db, ApiKeys keys, VerifiedKeys verifiedKeys, PersonTokens people, Problems problems,
                        Clock clock) {
        this.db = db;
        this.keys = keys;
        this.verifiedKeys = verifiedKeys;
        this.people = people;
        this.problems = problems;
        this.clock = clock;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        // The console (io.finrelay.server.console.ConsoleFilter) authenticates by its session cookie, which
        // is taken nowhere else: an API call with a browser's cookie is refused here, so no page of another
        // site can make a logged-in browser call the API.
        if (PUBLIC.contains(path) || path.startsWith(WEBHOOKS) || path.equals(CONSOLE) || path.startsWith(CONSOLE + "/")
                || path.startsWith(WEBJARS)) {
            chain.doFilter(request, response);
            return;
        }
        Optional<ApiPrincipal> principal;
        try {
            principal = authenticate(request);
        } catch (RuntimeException e) {
            if (!DatabaseOutage.isOutage(e)) {
                throw e;
            }
            // The key could not be looked up: say so (503, come back later), never 401 or a 500.
            log.warn("{} {} answered 503: the database is unavailable for the key lookup ({})", request.getMethod(),
                    path, e.getMessage());
            problems.write(response, request, ApiProblem.databaseUnavailable());
            return;
        }
        if (principal.isEmpty()) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"finrelay\"");
            problems.write(response, request, new ApiProblem(HttpStatus.UNAUTHORIZED, "unauthorized",
                    "Unauthorized", "a valid API key or token is required (Authorization: Bearer ... or X-Api-Key)"));
            return;
        }
        request.setAttribute(PRINCIPAL, principal.get());
        chain.doFilter(request, response);
    }

    private Optional<ApiPrincipal> authenticate(HttpServletRequest request) {
        String authorization = request.getHeader("Authorization");
        String presented = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).trim() : request.getHeader("X-Api-Key");
        if (presented == null || presented.length() > MAX_TOKEN_LENGTH) {
            return Optional.empty();
        }
        Optional<ApiKeyToken> key = ApiKeyToken.parse(presented);
        if (key.isPresent()) {
            // Authentication comes before any tenant is known: the key (found by its unique prefix) says which.
            Instant now = clock.instant();
            return verifiedKeys.find(key.get().prefix(), now, prefix -> db.inSystem(c -> keys.findUsable(c, prefix, now)))
                    .filter(stored -> key.get().matches(stored.secretHash()))
                    .map(ApiKeys.StoredKey::principal);
        }
        return people.verify(presented);
    }
}
