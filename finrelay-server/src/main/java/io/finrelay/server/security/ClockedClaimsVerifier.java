package io.finrelay.server.security;

import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import java.time.Clock;
import java.util.Date;
import java.util.HashSet;
import java.util.Set;

/** Nimbus's standard claims checks (issuer, audience, expiry, not-before, required claims) on the injected clock. */
final class ClockedClaimsVerifier extends DefaultJWTClaimsVerifier<SecurityContext> {
    private final Clock clock;

    ClockedClaimsVerifier(Clock clock, String issuer, Set<String> audience, Set<String> required) {
        // Mutable copies: Nimbus asks the sets whether they contain null, which Set.of answers with an exception.
        super(audience == null ? null : new HashSet<>(audience), new JWTClaimsSet.Builder().issuer(issuer).build(),
                new HashSet<>(required), null);
        this.clock = clock;
    }

    @Override
    protected Date currentTime() {
        return Date.from(clock.instant());
    }
}
