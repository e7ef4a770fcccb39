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
     * @param authorizationUri the issuer's authorization endpoint, for the console's sign-in (authorization code with PKCE)
     * @param tokenUri     the issuer's token endpoint, where the console exchanges the code for an access token
     * @param clientId     the console's client id at the issuer
     * @param clientSecret the console's client secret (client_secret_basic); empty for a public client (PKCE alone)
     * @param scope        the scopes the console asks for; the access token must carry the tenant and roles claims
     */
    public record Oidc(String issuer, String jwksUri, String audience, @DefaultValue("tenant_id") String tenantClaim,
                       @DefaultValue("roles") String rolesClaim, @DefaultValue("10m") Duration keysCacheTtl,
                       String authorizationUri, String tokenUri, String clientId, String clientSecret,
                       @DefaultValue("openid") String scope) {
        public boolean enabled() {
            return issuer != null && !issuer.isBlank();
        }

        /** True when people may sign in to the console through the issuer (its endpoints and the console's client are set). */
        public boolean consoleSignIn() {
            return enabled() && present(authorizationUri) && present(tokenUri) && present(clientId);
        }

        private static boolean present(String value) {
            return value != null && !value.isBlank();
        }
    }
}
