package io.finrelay.server.web;

import io.finrelay.server.web.limits.LargeBodyRoute;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * What every request and answer gets at the edge, before any controller:
 * <ul>
 *   <li>{@code X-Content-Type-Options: nosniff} on every answer;</li>
 *   <li>{@code Cache-Control: no-store} on every /v1 answer that does not say otherwise: every one is a
 *   tenant's data or carries a secret (a new API key, a webhook secret, a token), none is meant for a
 *   shared cache, and a per-route list would miss the next endpoint that returns a secret;</li>
 *   <li>path segments and query parameters checked against {@link TextRules}, and path segments that
 *   decode to {@code /}, {@code \}, {@code .} or {@code ..} refused: a 400 problem naming the
 *   parameter or the segment;</li>
 *   <li>a /v1 request body that is not JSON refused with 415, as the contract takes JSON only, but for
 *   the routes that take a file as it came from its sender (bank file uploads), which check its type.</li>
 * </ul>
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
public class EdgeFilter extends OncePerRequestFilter {
    private final Problems problems;
    private final List<LargeBodyRoute> fileRoutes;

    /** {@code fileRoutes}: routes that take a file as it came (a bank file upload) and check its type themselves. */
    public EdgeFilter(Problems problems, List<LargeBodyRoute> fileRoutes) {
        this.problems = problems;
        this.fileRoutes = List.copyOf(fileRoutes);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader("X-Content-Type-Options", "nosniff");
        HttpServletResponse out = response;
        if (request.getRequestURI().startsWith("/v1/")) {
            response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
            out = new OneCacheControl(response);
        }
        if (request.getRequestURI().startsWith("/v1/") && !json(request)
                && fileRoutes.stream().noneMatch(route -> route.covers(request))) {
            // Every body the API takes is JSON (see the contract): anything else is refused before any
            // controller, the same for every endpoint, whether it binds the body or verifies it raw.
            problems.write(response, request, new ApiProblem(org.springframework.http.HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    "unsupported-media-type", "Unsupported Media Type", "a request body must be application/json"));
            return;
        }
        Optional<ApiProblem.FieldError> refused = path(request.getRequestURI()).or(() -> query(request.getQueryString()));
        if (refused.isPresent()) {
            problems.write(response, request, ApiProblem.invalid(List.of(refused.get())));
            return;
        }
        chain.doFilter(request, out);
    }

    /** Whether the request has no body, or a JSON one. */
    private static boolean json(HttpServletRequest request) {
        boolean body = request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
        if (!body) {
            return true;
        }
        String type = request.getContentType();
        if (type == null) {
            return false;
        }
        try {
            org.springframework.http.MediaType media = org.springframework.http.MediaType.parseMediaType(type);
            return media.isCompatibleWith(org.springframework.http.MediaType.APPLICATION_JSON)
                    || media.getSubtype().endsWith("+json");
        } catch (org.springframework.http.InvalidMediaTypeException e) {
            return false;
        }
    }

    /** A controller's own Cache-Control replaces the default instead of being added beside it. */
    private static final class OneCacheControl extends HttpServletResponseWrapper {
        OneCacheControl(HttpServletResponse response) {
            super(response);
        }

        @Override
        public void addHeader(String name, String value) {
            if (HttpHeaders.CACHE_CONTROL.equalsIgnoreCase(name)) {
                super.setHeader(name, value);
            } else {
                super.addHeader(name, value);
            }
        }
    }

    static Optional<ApiProblem.FieldError> path(String rawUri) {
        String[] segments = rawUri.split("/", -1);
        for (int i = 1; i < segments.length; i++) {
            String raw = segments[i];
            String field = "path segment " + i;
            Optional<String> decoded = decode(raw.replace("+", "%2B"));
            if (decoded.isEmpty()) {
                return Optional.of(new ApiProblem.FieldError(field, null, "is not valid percent-encoded UTF-8"));
            }
            String s = decoded.get();
            if (s.indexOf('/') >= 0 || s.indexOf('\\') >= 0 || raw.indexOf(';') >= 0) {
                return Optional.of(new ApiProblem.FieldError(field, null, "must not contain '/', '\\' or ';'"));
            }
            if (s.equals(".") || s.equals("..")) {
                return Optional.of(new ApiProblem.FieldError(field, null, "must not be '.' or '..'"));
            }
            Optional<String> refusal = TextRules.refusal(s);
            if (refusal.isPresent()) {
                return Optional.of(new ApiProblem.FieldError(field, null, refusal.get()));
            }
        }
        return Optional.empty();
    }

    static Optional<ApiProblem.FieldError> query(String query) {
        if (query == null || query.isEmpty()) {
            return Optional.empty();
        }
        List<ApiProblem.FieldError> errors = new ArrayList<>();
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            Optional<String> name = decode(eq < 0 ? pair : pair.substring(0, eq));
            Optional<String> value = decode(eq < 0 ? "" : pair.substring(eq + 1));
            String field = name.filter(n -> TextRules.refusal(n).isEmpty()).orElse("query parameter");
            if (name.isEmpty() || value.isEmpty()) {
                errors.add(new ApiProblem.FieldError(field, null, "is not valid percent-encoded UTF-8"));
            } else {
                TextRules.refusal(name.get()).or(() -> TextRules.refusal(value.get()))
                        .ifPresent(reason -> errors.add(new ApiProblem.FieldError(field, null, reason)));
            }
            if (!errors.isEmpty()) {
                return Optional.of(errors.getFirst());
            }
        }
        return Optional.empty();
    }

    private static Optional<String> decode(String raw) {
        try {
            String s = URLDecoder.decode(raw, StandardCharsets.UTF_8);
            // URLDecoder replaces malformed UTF-8 with U+FFFD: compare by re-encoding would be costly, so
            // refuse the replacement character where the raw text did not spell it.
            return s.indexOf('\uFFFD') >= 0 && raw.indexOf('\uFFFD') < 0 ? Optional.empty() : Optional.of(s);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
