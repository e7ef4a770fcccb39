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
    private static final HttpServer SERVER = start();

    private TestIssuer() {}

    public static String jwksUri() {
        return "http://127.0.0.1:" + SERVER.getAddress().getPort() + "/jwks.json";
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
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
