package io.finrelay.server.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.finrelay.model.id.PartnerId;
import io.finrelay.model.id.TenantId;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Finrelay's own tokens for its users: ES256-signed JWTs that carry everything a request needs
 * (partner, tenant, roles), so that authenticating one costs a signature check and no database read.
 * Short-lived, because a disabled user's tokens are not recalled: they run out.
 */
@Component
public class UserTokens {
    static final String AUDIENCE = "finrelay";
    private static final Set<String> REQUIRED = Set.of("sub", "exp", "iat", "jti", "uid", "partner", "roles");

    /** A token as handed out: the compact JWT and its lifetime in seconds. */
    public record Issued(String token, long expiresInSeconds, Instant expiresAt) {}

    private final SigningKey key;
    private final SecurityProperties.Tokens config;
    private final Clock clock;
    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    public UserTokens(SigningKey key, SecurityProperties properties, Clock clock) {
        this.key = key;
        this.config = properties.tokens();
        this.clock = clock;
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.ES256,
                new ImmutableJWKSet<>(new JWKSet(key.privateKey().toPublicJWK()))));
        processor.setJWTClaimsSetVerifier(new ClockedClaimsVerifier(clock, config.issuer(), Set.of(AUDIENCE), REQUIRED));
    }

    public String issuer() {
        return config.issuer();
    }

    public Issued issue(Users.User user) {
        Instant now = clock.instant();
        Instant expires = now.plus(config.lifetime());
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(config.issuer()).audience(AUDIENCE)
                .subject(user.username()).jwtID(UUID.randomUUID().toString()).issueTime(Date.from(now))
                .expirationTime(Date.from(expires)).claim("uid", user.id().toString())
                .claim("partner", user.partnerId().value().toString())
                .claim("roles", user.roles().stream().map(Role::wireName).sorted().toList());
        user.tenantId().ifPresent(t -> claims.claim("tenant", t.value().toString()));
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.privateKey().getKeyID())
                .type(JOSEObjectType.JWT).build(), claims.build());
        try {
            jwt.sign(new ECDSASigner(key.privateKey()));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token with key " + key.privateKey().getKeyID(), e);
        }
        return new Issued(jwt.serialize(), config.lifetime().toSeconds(), expires);
    }

    /** The user a valid token of ours names; empty for a bad signature, wrong issuer or audience, or an expired token. */
    Optional<ApiPrincipal> verify(SignedJWT jwt) {
        try {
            JWTClaimsSet claims = processor.process(jwt, null);
            Set<Role> roles = EnumSet.noneOf(Role.class);
            for (String name : claims.getStringListClaim("roles")) {
                Role.fromWire(name).ifPresent(roles::add);
            }
            Optional<TenantId> tenant = Optional.ofNullable(claims.getStringClaim("tenant")).map(UUID::fromString)
                    .map(TenantId::new);
            if (roles.isEmpty() || roles.contains(Role.PARTNER_ADMIN) == tenant.isPresent()) {
                return Optional.empty();
            }
            return Optional.of(new ApiPrincipal(ApiPrincipal.Kind.USER, UUID.fromString(claims.getStringClaim("uid")),
                    claims.getSubject(), claims.getSubject(),
                    new PartnerId(UUID.fromString(claims.getStringClaim("partner"))), tenant, roles));
        } catch (ParseException | BadJOSEException | JOSEException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

}
