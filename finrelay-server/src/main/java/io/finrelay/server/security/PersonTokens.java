package io.finrelay.server.security;

import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * A person's token, whoever issued it: Finrelay's own (a user's login) or the configured OIDC issuer's.
 * The token names its issuer; it goes to that issuer's verifier, and a token of an issuer we do not know
 * is refused unverified. One place for the API's bearer tokens and the console's session.
 */
@Component
public class PersonTokens {
    private static final int MAX_TOKEN_LENGTH = 8192;

    private final UserTokens own;
    private final ExternalIssuer external;

    public PersonTokens(UserTokens own, ExternalIssuer external) {
        this.own = own;
        this.external = external;
    }

    /** The person a valid token names; empty for anything else. */
    public Optional<ApiPrincipal> verify(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            return Optional.empty();
        }
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            String issuer = jwt.getJWTClaimsSet().getIssuer();
            if (own.issuer().equals(issuer)) {
                return own.verify(jwt);
            }
            return external.claims(issuer) ? external.verify(jwt) : Optional.empty();
        } catch (ParseException e) {
            return Optional.empty();
        }
    }
}
