package io.finrelay.server.console;

import io.finrelay.server.security.ApiKeyFilter;
import io.finrelay.server.security.ApiPrincipal;
import io.finrelay.server.security.ConsoleSessions;
import io.finrelay.server.web.TextRules;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The console's door (everything under {@code /ui}): the security headers on every page, the session
 * cookie instead of the API's bearer header (renewed while the session is used, its person re-checked on
 * every request: {@link ConsoleSessions}), and the CSRF check on every form sent. A request without a
 * live session goes to the login page; a form without the session's CSRF token, or sent from another
 * origin, is refused. The principal it admits is the API's own ({@link ApiKeyFilter#PRINCIPAL}): the
 * pages call the API's controllers, so the role matrix decides every button exactly as it decides the API.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 11)
public class ConsoleFilter extends OncePerRequestFilter {
    /**
     * Scripts and styles only from Finrelay itself (no inline script or style attribute runs), no
     * plug-ins, no framing, forms only to Finrelay.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; font-src 'self'; form-action 'self'; frame-ancestors 'none'; "
            + "base-uri 'none'";

    private final ConsoleSessions sessions;

    public ConsoleFilter(ConsoleSessions sessions) {
        this.sessions = sessions;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = path(request);
        return !(path.equals(ApiKeyFilter.CONSOLE) || path.startsWith(ApiKeyFilter.CONSOLE + "/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "same-origin");
        response.setHeader("X-Frame-Options", "DENY");
        String path = path(request);
        if (path.startsWith("/ui/assets/") || path.equals("/ui/brand.css") || path.equals("/ui/brand/logo.png")) {
            chain.doFilter(request, response);
            return;
        }
        response.setHeader("Cache-Control", "no-store");
        // The console's edge check, as the API's (EdgeFilter, JsonBodyCheck): every parameter of a page or a form,
        // name and value, keeps to the text rules (no control characters, no bidi overrides, a bounded length).
        Optional<String> refused = refusedParameter(request);
        if (refused.isPresent()) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST, refused.get());
            return;
        }
        boolean form = "POST".equals(request.getMethod());
        if (form && !sameOrigin(request)) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN, "a form of another site");
            return;
        }
        if (path.equals("/ui/login") || path.startsWith("/ui/login/")) {
            chain.doFilter(request, response);
            return;
        }
        Optional<String> token = ConsoleSession.token(request);
        Optional<ConsoleSessions.Session> session = token.flatMap(sessions::verify);
        if (session.isEmpty()) {
            if (token.isPresent()) {
                ConsoleSession.end(request, response); // idle, too old, or the person changed: the cookie goes too
            }
            String next = "GET".equals(request.getMethod()) ? path + (request.getQueryString() == null ? ""
                    : "?" + request.getQueryString()) : "/ui";
            response.sendRedirect(request.getContextPath() + "/ui/login?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
            return;
        }
        String sessionId = session.get().id();
        if (form && !ConsoleSession.csrfMatches(sessionId, request.getParameter(ConsoleSession.CSRF_FIELD))) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN, "the form's CSRF token is missing or not this session's");
            return;
        }
        // A session in use lives on: its cookie renewed (same session id, so open forms keep their CSRF token).
        sessions.renewed(session.get()).ifPresent(renewed -> ConsoleSession.start(request, response, renewed.token(),
                renewed.cookieLifetime()));
        ApiPrincipal principal = session.get().person();
        request.setAttribute(ApiKeyFilter.PRINCIPAL, principal);
        request.setAttribute(ConsolePages.CSRF_ATTRIBUTE, ConsoleSession.csrf(sessionId));
        chain.doFilter(request, response);
    }

    /** The first parameter that breaks the text rules, said as "name: why"; none for a clean request. */
    private static Optional<String> refusedParameter(HttpServletRequest request) {
        for (var parameter : request.getParameterMap().entrySet()) {
            Optional<String> name = parameter.getKey().length() > 200 ? Optional.of("is longer than 200 characters")
                    : TextRules.refusal(parameter.getKey());
            if (name.isPresent()) {
                return Optional.of("a parameter name " + name.get());
            }
            for (String value : parameter.getValue()) {
                Optional<String> why = value.length() > 10_000 ? Optional.of("is longer than 10000 characters")
                        : TextRules.refusal(value);
                if (why.isPresent()) {
                    return Optional.of(parameter.getKey() + " " + why.get());
                }
            }
        }
        return Optional.empty();
    }

    /** A form's Origin (or, without one, its Referer) must be this server's own; a browser always sends one of them on POST. */
    private static boolean sameOrigin(HttpServletRequest request) {
        String origin = request.getHeader("Origin");
        if (origin == null || origin.equals("null")) {
            String referer = request.getHeader("Referer");
            if (referer == null) {
                return origin == null; // not a browser's form (a script or a test): the CSRF token still decides
            }
            origin = referer;
        }
        try {
            URI uri = URI.create(origin);
            int port = uri.getPort() == -1 ? ("https".equals(uri.getScheme()) ? 443 : 80) : uri.getPort();
            return request.getScheme().equalsIgnoreCase(uri.getScheme()) && request.getServerName().equalsIgnoreCase(uri.getHost())
                    && request.getServerPort() == port;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String path(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }
}
