package io.finrelay.server.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An enterprise identity provider in miniature: an RSA key published as a JWKS by the JDK's HTTP
 * server on a free port, and tokens signed with it. Started once per JVM, before the server's
 * context, which is configured to trust it (see ServerIT).
 */
public final class TestIssuer {
    public static final String ISSUER = "https://login.acme-logistik.example/realms/finance";
    public static final String AUDIENCE = "finrelay-api";
    private static final RSAKey KEY = generate("acme-2026-01");
    private static final RSAKey FOREIGN = generate("acme-2026-01");
    private static final RSAKey UNPUBLISHED = generate("acme-2027-01");
    private static final AtomicInteger FETCHES = new AtomicInteger();
    /** The console's client at this issuer (authorization code with PKCE, client_secret_basic). */
    public static final String CLIENT_ID = "finrelay-console";
    public static final String CLIENT_SECRET = "console-secret-of-the-tests";
    /** Who is signed in at the issuer's own login page: the next authorization answers a code for them. */
    private static final java.util.concurrent.atomic.AtomicReference<JWTClaimsSet> SIGNED_IN =
            new java.util.concurrent.atomic.AtomicReference<>();
    /** Codes handed out and not yet exchanged (each once). */
    private static final java.util.Map<String, Grant> CODES = new java.util.concurrent.ConcurrentHashMap<>();
    private static final HttpServer SERVER = start();

    private record Grant(JWTClaimsSet claims, String challenge, String redirectUri) {}

    private TestIssuer() {}

    public static String jwksUri() {
        return "http://127.0.0.1:" + SERVER.getAddress().getPort() + "/jwks.json";
    }

    public static String authorizationUri() {
        return "http://127.0.0.1:" + SERVER.getAddress().getPort() + "/authorize";
    }

    public static String tokenUri() {
        return "http://127.0.0.1:" + SERVER.getAddress().getPort() + "/token";
    }

    /** The person signed in at the issuer from now on; null: nobody (an authorization answers access_denied). */
    public static void signedIn(JWTClaimsSet claims) {
        SIGNED_IN.set(claims);
    }

    /** How often the JWKS was fetched: the server is meant to cache it. */
    public static int fetches() {
        return FETCHES.get();
    }

    /** The claims a well-formed token for a person of {@code tenantId} carries. */
    public static JWTClaimsSet.Builder claims(String subject, String tenantId, Instant expires, String... roles) {
        return new JWTClaimsSet.Builder().issuer(ISSUER).audience(AUDIENCE).subject(subject)
                .issueTime(Date.from(expires.minusSeconds(300))).expirationTime(Date.from(expires))
                .claim("tenant_id", tenantId).claim("roles", java.util.List.of(roles));
    }

    /** Signed with the published key. */
    public static String sign(JWTClaimsSet claims) {
        return sign(KEY, claims);
    }

    /** Signed with a key of the same id that the issuer never published: a forged signature. */
    public static String forge(JWTClaimsSet claims) {
        return sign(FOREIGN, claims);
    }

    /** Signed with a key whose id the JWKS does not list. */
    public static String unknownKid(JWTClaimsSet claims) {
        return sign(UNPUBLISHED, claims);
    }

    /** Signed with the published key and typed as an OAuth2 access token (RFC 9068), as many providers do. */
    public static String signAccessToken(JWTClaimsSet claims) {
        return sign(KEY, claims, new com.nimbusds.jose.JOSEObjectType("at+jwt"));
    }

    private static String sign(RSAKey key, JWTClaimsSet claims) {
        return sign(key, claims, null);
    }

    private static String sign(RSAKey key, JWTClaimsSet claims, com.nimbusds.jose.JOSEObjectType type) {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(type).build(),
                claims);
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    /** The authorization endpoint: the person signed in here consents at once; the browser goes back with a code. */
    private static void authorize(com.sun.net.httpserver.HttpExchange exchange) throws IOException {
        java.util.Map<String, String> q = params(exchange.getRequestURI().getRawQuery());
        String redirect = q.get("redirect_uri");
        JWTClaimsSet person = SIGNED_IN.get();
        String location;
        if (!CLIENT_ID.equals(q.get("client_id")) || !"code".equals(q.get("response_type"))
                || !"S256".equals(q.get("code_challenge_method")) || redirect == null) {
            respond(exchange, 400, "{\"error\":\"invalid_request\"}");
            return;
        }
        if (person == null) {
            location = redirect + "?error=access_denied&state=" + encode(q.get("state"));
        } else {
            String code = java.util.UUID.randomUUID().toString();
            CODES.put(code, new Grant(person, q.get("code_challenge"), redirect));
            location = redirect + "?code=" + code + "&state=" + encode(q.get("state"));
        }
        exchange.getResponseHeaders().add("Location", location);
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    /** The token endpoint: a code once, for the client that asked for it, with the verifier of its challenge. */
    private static void token(com.sun.net.httpserver.HttpExchange exchange) throws IOException {
        java.util.Map<String, String> form = params(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        String basic = "Basic " + java.util.Base64.getEncoder().encodeToString((CLIENT_ID + ":" + CLIENT_SECRET)
                .getBytes(StandardCharsets.UTF_8));
        Grant grant = form.get("code") == null ? null : CODES.remove(form.get("code"));
        boolean ok = "POST".equals(exchange.getRequestMethod()) && basic.equals(exchange.getRequestHeaders().getFirst("Authorization"))
                && "authorization_code".equals(form.get("grant_type")) && grant != null
                && grant.redirectUri().equals(form.get("redirect_uri")) && form.get("code_verifier") != null
                && grant.challenge().equals(s256(form.get("code_verifier")));
        if (!ok) {
            respond(exchange, 400, "{\"error\":\"invalid_grant\"}");
            return;
        }
        respond(exchange, 200, "{\"access_token\":\"" + signAccessToken(grant.claims()) + "\",\"token_type\":\"Bearer\","
                + "\"expires_in\":300}");
    }

    private static String s256(String verifier) {
        try {
            return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                    java.security.MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static java.util.Map<String, String> params(String encoded) {
        java.util.Map<String, String> out = new java.util.HashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return out;
        }
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(java.net.URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }

    private static void respond(com.sun.net.httpserver.HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static RSAKey generate(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).keyUse(KeyUse.SIGNATURE).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpServer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            byte[] jwks = new JWKSet(KEY.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
            server.createContext("/jwks.json", exchange -> {
                FETCHES.incrementAndGet();
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, jwks.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(jwks);
                }
            });
            server.createContext("/authorize", TestIssuer::authorize);
            server.createContext("/token", TestIssuer::token);
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
