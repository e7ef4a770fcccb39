package io.finrelay.server.console;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.springframework.http.ResponseCookie;

/**
 * The console's session cookie: the signed session token ({@link io.finrelay.server.security.ConsoleSessions})
 * in a cookie that scripts cannot read ({@code HttpOnly}), that no other site's page sends
 * ({@code SameSite=Strict}), that is {@code Secure} whenever the console is served over TLS, and that only
 * the console's paths receive. Nothing is kept on the server, so any node serves any page.
 *
 * <p>Forms carry a CSRF token derived from the session's id (a hash of the stable, secret id the cookie's
 * token names): a page of another site can neither read the cookie nor the page that carries the hash, so
 * it cannot forge a form; and a renewed cookie (a later expiry) keeps the id, so a form opened before the
 * renewal still posts.
 */
public final class ConsoleSession {
    static final String COOKIE = "finrelay_console";
    static final String CSRF_FIELD = "_csrf";
    private static final String PATH = "/ui";

    private ConsoleSession() {}

    /** The token the request's session cookie holds, if any. */
    static Optional<String> token(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return Optional.empty();
        }
        for (Cookie cookie : cookies) {
            if (COOKIE.equals(cookie.getName()) && !cookie.getValue().isEmpty()) {
                return Optional.of(cookie.getValue());
            }
        }
        return Optional.empty();
    }

    /** Sets the session's cookie (at the sign-in, and again at each renewal). */
    static void start(HttpServletRequest request, HttpServletResponse response, String token, Duration lifetime) {
        response.addHeader("Set-Cookie", cookie(request, token, lifetime).toString());
    }

    /** Ends the session in this browser (the token itself ends with its lifetime). */
    static void end(HttpServletRequest request, HttpServletResponse response) {
        response.addHeader("Set-Cookie", cookie(request, "", Duration.ZERO).toString());
    }

    private static ResponseCookie cookie(HttpServletRequest request, String value, Duration maxAge) {
        return ResponseCookie.from(COOKIE, value).httpOnly(true).secure(request.isSecure()).sameSite("Strict")
                .path(PATH).maxAge(maxAge).build();
    }

    /** The CSRF token of a session: URL-safe Base64 of SHA-256 over the session's id. */
    static String csrf(String sessionId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("finrelay-console-csrf:" + sessionId).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** True when the form's CSRF field is the session's, compared in constant time. */
    static boolean csrfMatches(String sessionId, String presented) {
        return presented != null && MessageDigest.isEqual(csrf(sessionId).getBytes(StandardCharsets.US_ASCII),
                presented.getBytes(StandardCharsets.US_ASCII));
    }
}
