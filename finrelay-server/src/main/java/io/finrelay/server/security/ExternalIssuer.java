package io.finrelay.server.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.finrelay.model.id.PartnerId;
import io.finrelay.model.id.TenantId;
import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Bearer JWTs of an external OAuth2/OIDC issuer (the enterprise's identity provider), checked as a
 * standard resource server does: signature against the issuer's JWKS (fetched once and cached; an
 * unknown {@code kid} triggers a rate-limited refresh, so key rotation at the issuer just works),
 * then issuer, audience and expiry. The configured claims name the Finrelay tenant and roles. Such
 * a person acts inside one tenant: partner-admin is never taken from an external token.
 */
@Component
public class ExternalIssuer {
    private final SecurityProperties.Oidc config;
    private final TenantDirectory directory;
    private final DefaultJWTProcessor<SecurityContext> processor;

    public ExternalIssuer(SecurityProperties properties, TenantDirectory directory, Clock clock) {
        this.config = properties.oidc();
        this.directory = directory;
        this.processor = config.enabled() ? processor(config, clock) : null;
    }

    private static DefaultJWTProcessor<SecurityContext> processor(SecurityProperties.Oidc config, Clock clock) {
        if (config.jwksUri() == null || config.jwksUri().isBlank()) {
            throw new IllegalStateException("finrelay.security.oidc.jwks-uri is required with finrelay.security.oidc.issuer");
        }
        JWKSource<SecurityContext> keys;
        try {
            long ttl = config.keysCacheTtl().toMillis();
            keys = JWKSourceBuilder.<SecurityContext>create(URI.create(config.jwksUri()).toURL())
                    .cache(ttl, JWKSourceBuilder.DEFAULT_CACHE_REFRESH_TIMEOUT).build();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IllegalStateException("finrelay.security.oidc.jwks-uri is not a URL: " + config.jwksUri(), e);
        }
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        // Identity providers type their access tokens "JWT", "at+jwt" (RFC 9068) or not at all.
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), null));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256,
                JWSAlgorithm.PS256, JWSAlgorithm.RS384, JWSAlgorithm.ES384, JWSAlgorithm.RS512), keys));
        Set<String> audience = config.audience() == null || config.audience().isBlank() ? null : Set.of(config.audience());
        processor.setJWTClaimsSetVerifier(new ClockedClaimsVerifier(clock, config.issuer(), audience,
                Set.of("sub", "exp", config.tenantClaim(), config.rolesClaim())));
        return processor;
    }

    /** True when the token claims to come from the configured issuer (unverified: only to pick the verifier). */
    boolean claims(String issuer) {
        return processor != null && config.issuer().equals(issuer);
    }

    Optional<ApiPrincipal> verify(SignedJWT jwt) {
        if (processor == null) {
            return Optional.empty();
        }
        try {
            JWTClaimsSet claims = processor.process(jwt, null);
            TenantId tenant = new TenantId(UUID.fromString(claims.getStringClaim(config.tenantClaim())));
            Set<Role> roles = roles(claims);
            Optional<PartnerId> partner = directory.partnerOf(tenant);
            if (roles.isEmpty() || partner.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new ApiPrincipal(ApiPrincipal.Kind.USER, null, claims.getSubject(), claims.getSubject(),
                    partner.get(), Optional.of(tenant), roles));
        } catch (ParseException | BadJOSEException | JOSEException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The known Finrelay roles in the roles claim (an array, or a space-separated string as OAuth2 scopes are). */
    private Set<Role> roles(JWTClaimsSet claims) throws ParseException {
        Object value = claims.getClaim(config.rolesClaim());
        List<String> names = value instanceof String text ? List.of(text.trim().split("\\s+"))
                : claims.getStringListClaim(config.rolesClaim());
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String name : names) {
            Role.fromWire(name).filter(r -> r != Role.PARTNER_ADMIN).ifPresent(roles::add);
        }
        return roles;
    }
}
