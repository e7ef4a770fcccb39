package io.finrelay.server.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finrelay.engine.audit.AuditRecord;
import io.finrelay.server.audit.AuditLog;
import io.finrelay.server.security.ApiPrincipal;
import io.finrelay.server.security.PersonTokens;
import io.finrelay.server.security.SecurityProperties;
import io.finrelay.server.web.Correlation;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Signing in to the console through the enterprise's identity provider (the OIDC issuer the API already
 * trusts): OAuth 2.0 authorization code with PKCE (RFC 7636). The state and the PKCE verifier wait in a
 * short-lived cookie of their own; the code is exchanged at the issuer's token endpoint, and the access
 * token it answers is checked exactly as the API checks that issuer's bearer tokens (signature, issuer,
 * audience, expiry, the tenant and roles claims) before it becomes the session. A person the issuer
 * vouches for but whose token names no Finrelay tenant or role does not get in.
 */
@Controller
public class OidcSignIn {
    static final String FLOW_COOKIE = "finrelay_oidc";
    private static final String CALLBACK = "/ui/login/oidc/callback";
    private static final Duration FLOW_LIFETIME = Duration.ofMinutes(10);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecurityProperties.Oidc config;
    private final PersonTokens people;
    private final ConsolePages pages;
    private final AuditLog audit;
    private final ObjectMapper json;
    private final Clock clock;
    private final io.finrelay.server.security.ConsoleSessions sessions;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    public OidcSignIn(SecurityProperties properties, PersonTokens people, ConsolePages pages, AuditLog audit,
                      ObjectMapper json, Clock clock, io.finrelay.server.security.ConsoleSessions sessions) {
        this.sessions = sessions;
        this.config = properties.oidc();
        this.people = people;
        this.pages = pages;
        this.audit = audit;
        this.json = json;
        this.clock = clock;
    }

    /** Sends the browser to the issuer's sign-in, remembering the state and the PKCE verifier in a cookie. */
    @GetMapping("/ui/login/oidc")
    public String start(@RequestParam(required = false) String next, HttpServletRequest request,
                        HttpServletResponse response, Model model) {
        if (!config.consoleSignIn()) {
            return refused(response, model, "Sign-in through your organisation is not configured here.", next);
        }
        String state = random();
        String verifier = random() + random();
        String flow = state + "." + verifier + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(LoginPage.safeNext(next).getBytes(StandardCharsets.UTF_8));
        // Lax, not Strict: the issuer's redirect back is a navigation from its site, which must carry it.
        response.addHeader("Set-Cookie", ResponseCookie.from(FLOW_COOKIE, flow).httpOnly(true).secure(request.isSecure())
                .sameSite("Lax").path(CALLBACK).maxAge(FLOW_LIFETIME).build().toString());
        Map<String, String> query = new java.util.LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", config.clientId());
        query.put("redirect_uri", redirectUri(request));
        query.put("scope", config.scope());
        query.put("state", state);
        query.put("code_challenge", challenge(verifier));
        query.put("code_challenge_method", "S256");
        return "redirect:" + config.authorizationUri() + (config.authorizationUri().contains("?") ? "&" : "?") + form(query);
    }

    /** The issuer sends the browser back here with a code (or an error); the code becomes the session. */
    @GetMapping(CALLBACK)
    public String callback(@RequestParam(required = false) String code, @RequestParam(required = false) String state,
                           @RequestParam(required = false) String error, HttpServletRequest request,
                           HttpServletResponse response, Model model) {
        Optional<String[]> flow = flow(request);
        response.addHeader("Set-Cookie", ResponseCookie.from(FLOW_COOKIE, "").httpOnly(true).secure(request.isSecure())
                .sameSite("Lax").path(CALLBACK).maxAge(0).build().toString());
        if (!config.consoleSignIn()) {
            return refused(response, model, "Sign-in through your organisation is not configured here.", null);
        }
        if (error != null) {
            return refused(response, model, "Your organisation's sign-in did not succeed (" + error + ").", null);
        }
        if (flow.isEmpty() || code == null || state == null || !MessageDigest.isEqual(flow.get()[0].getBytes(
                StandardCharsets.US_ASCII), state.getBytes(StandardCharsets.US_ASCII))) {
            return refused(response, model, "The sign-in was not started here or took too long; please start it again.", null);
        }
        String next = new String(Base64.getUrlDecoder().decode(flow.get()[2]), StandardCharsets.UTF_8);
        Optional<String> token = exchange(code, flow.get()[1], request);
        Optional<ApiPrincipal> person = token.flatMap(people::verify);
        if (person.isEmpty() || person.get().tenantId().isEmpty()) {
            return refused(response, model, "Your organisation vouched for you, but not for a Finrelay tenant and role: "
                    + "ask your administrator for access.", next);
        }
        ApiPrincipal p = person.get();
        if (pages.hostPartner(request).filter(served -> !served.equals(p.partnerId())).isPresent()) {
            // A partner's host signs in only the partner's own people, whoever vouches for them.
            return refused(response, model, "Your organisation vouched for you, but not for a Finrelay tenant and role: "
                    + "ask your administrator for access.", next);
        }
        // The console's own session, never longer than the issuer's access token: the issuer vouched until then.
        Instant expires = expiry(token.get()).orElse(clock.instant().plus(Duration.ofMinutes(5)));
        io.finrelay.server.security.ConsoleSessions.Issued session = sessions.start(p, expires);
        ConsoleSession.start(request, response, session.token(), session.cookieLifetime());
        audit.record(new AuditRecord(p.tenantId().get(), null, Correlation.of(request), clock.instant(), p.actor(),
                "login.succeeded", Map.of("username", p.subject(), "via", "oidc")));
        return "redirect:" + LoginPage.safeNext(next);
    }

    /** The code and the verifier for an access token at the issuer's token endpoint (client_secret_basic when there is a secret). */
    private Optional<String> exchange(String code, String verifier, HttpServletRequest request) {
        Map<String, String> body = new java.util.LinkedHashMap<>();
        body.put("grant_type", "authorization_code");
        body.put("code", code);
        body.put("redirect_uri", redirectUri(request));
        body.put("code_verifier", verifier);
        HttpRequest.Builder post = HttpRequest.newBuilder(URI.create(config.tokenUri())).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json");
        if (config.clientSecret() != null && !config.clientSecret().isBlank()) {
            post.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((urlEncode(config.clientId()) + ":"
                    + urlEncode(config.clientSecret())).getBytes(StandardCharsets.UTF_8)));
        } else {
            body.put("client_id", config.clientId());
        }
        try {
            HttpResponse<String> answer = http.send(post.POST(HttpRequest.BodyPublishers.ofString(form(body))).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200 || answer.body().length() > 65_536) {
                return Optional.empty();
            }
            JsonNode tokens = json.readTree(answer.body());
            return Optional.ofNullable(tokens.path("access_token").textValue());
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static Optional<Instant> expiry(String token) {
        try {
            java.util.Date exp = com.nimbusds.jwt.SignedJWT.parse(token).getJWTClaimsSet().getExpirationTime();
            return Optional.ofNullable(exp).map(java.util.Date::toInstant);
        } catch (java.text.ParseException e) {
            return Optional.empty();
        }
    }

    private static Optional<String[]> flow(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return Optional.empty();
        }
        for (Cookie cookie : cookies) {
            if (FLOW_COOKIE.equals(cookie.getName())) {
                String[] parts = cookie.getValue().split("\\.");
                return parts.length == 3 ? Optional.of(parts) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** Where the issuer sends the browser back: this console's callback on the host the person came to. */
    private static String redirectUri(HttpServletRequest request) {
        int port = request.getServerPort();
        boolean defaultPort = ("https".equals(request.getScheme()) && port == 443) || ("http".equals(request.getScheme()) && port == 80);
        return request.getScheme() + "://" + request.getServerName() + (defaultPort ? "" : ":" + port)
                + request.getContextPath() + CALLBACK;
    }

    private String refused(HttpServletResponse response, Model model, String message, String next) {
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        model.addAttribute("error", message);
        model.addAttribute("next", LoginPage.safeNext(next));
        model.addAttribute("oidc", config.consoleSignIn());
        return "ui/login";
    }

    private static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The PKCE S256 challenge of a verifier: URL-safe Base64 of its SHA-256. */
    static String challenge(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream().map(e -> urlEncode(e.getKey()) + "=" + urlEncode(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    private static String urlEncode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
