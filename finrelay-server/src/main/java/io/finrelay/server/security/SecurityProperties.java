package io.finrelay.server.security;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How callers are authenticated beyond API keys ({@code finrelay.security.*}).
 *
 * @param tokens Finrelay's own tokens for its users
 * @param oidc   an external OAuth2/OIDC issuer whose bearer JWTs are accepted (off while its issuer is empty)
 */
@ConfigurationProperties("finrelay.security")
public record SecurityProperties(@DefaultValue Tokens tokens, @DefaultValue Oidc oidc) {

    /**
     * @param issuer     the {@code iss} of Finrelay's tokens
     * @param lifetime   how long a token is valid; short, because a disabled user's tokens are not recalled
     * @param signingKey the signing key as a private EC JWK (JSON), e.g. from a secret store; else the key file
     * @param keyFile    where the generated key is kept; empty means {@code token-signing-key.json} beside the data directory
     */
    public record Tokens(@DefaultValue("finrelay") String issuer, @DefaultValue("15m") Duration lifetime,
                         String signingKey, String keyFile) {}

    /**
     * @param issuer      the external issuer's {@code iss}, exactly
     * @param jwksUri     where its signing keys are published
     * @param audience    the {@code aud} a token must carry; empty accepts any
     * @param tenantClaim the claim holding the Finrelay tenant id
     * @param rolesClaim  the claim holding Finrelay role names (an array, or one space-separated string)
     * @param keysCacheTtl how long fetched keys are kept; an unknown {@code kid} triggers a (rate-limited) refresh
     */
    public record Oidc(String issuer, String jwksUri, String audience, @DefaultValue("tenant_id") String tenantClaim,
                       @DefaultValue("roles") String rolesClaim, @DefaultValue("10m") Duration keysCacheTtl) {
        public boolean enabled() {
            return issuer != null && !issuer.isBlank();
        }
    }
}
