package io.finrelay.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import io.finrelay.model.id.PartnerId;
import io.finrelay.model.id.TenantId;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Finrelay's own tokens on a clock the test controls. */
class UserTokensTest {
    private static final Instant ISSUED = Instant.parse("2026-03-31T08:00:00Z");
    private static final SecurityProperties CONFIG = new SecurityProperties(
            new SecurityProperties.Tokens("finrelay", Duration.ofMinutes(15), null, null),
            new SecurityProperties.Oidc(null, null, null, "tenant_id", "roles", Duration.ofMinutes(10),
                    null, null, null, null, "openid"));
    private static final ECKey KEY = key("k-2026-03");
    private static final Users.User TREASURER = new Users.User(UUID.fromString("5f0c7a52-2d4e-4c1b-9a57-3e8f1d2c6b90"),
            new PartnerId(UUID.fromString("0e2b6c1d-8a4f-4e3b-b7c9-1f5d2a6e8c30")),
            Optional.of(new TenantId(UUID.fromString("7c1e9b3a-4d2f-4a8e-9b6c-2e5f1a3d7b40"))), "j.roth@acme-logistik.de",
            "$2a$10$unused", Set.of(Role.TREASURER), ISSUED, Optional.empty());

    private static ECKey key(String kid) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static UserTokens at(Instant now, ECKey key) {
        return new UserTokens(new SigningKey(key), CONFIG, Clock.fixed(now, ZoneOffset.UTC));
    }

    private static Optional<ApiPrincipal> verify(UserTokens verifier, String token) throws ParseException {
        return verifier.verify(SignedJWT.parse(token));
    }

    @Test
    void aTokenNamesThePersonTheirTenantAndRolesUntilItExpires() throws ParseException {
        UserTokens.Issued issued = at(ISSUED, KEY).issue(TREASURER);
        assertThat(issued.expiresAt()).isEqualTo(ISSUED.plus(Duration.ofMinutes(15)));
        assertThat(issued.expiresInSeconds()).isEqualTo(900);

        ApiPrincipal person = verify(at(ISSUED.plusSeconds(60), KEY), issued.token()).orElseThrow();
        assertThat(person.kind()).isEqualTo(ApiPrincipal.Kind.USER);
        assertThat(person.subject()).isEqualTo("j.roth@acme-logistik.de");
        assertThat(person.actor()).isEqualTo("user:j.roth@acme-logistik.de");
        assertThat(person.id()).isEqualTo(TREASURER.id());
        assertThat(person.tenantId()).isEqualTo(TREASURER.tenantId());
        assertThat(person.partnerId()).isEqualTo(TREASURER.partnerId());
        assertThat(person.roles()).containsExactly(Role.TREASURER);
        assertThat(person.allows(Action.RELEASE_PAYMENT)).isTrue();
        assertThat(person.allows(Action.WRITE_MASTER_DATA)).isFalse();
    }

    @Test
    void anExpiredTokenIsRefusedOnceTheClockSkewAllowanceIsSpent() throws ParseException {
        String token = at(ISSUED, KEY).issue(TREASURER).token();
        assertThat(verify(at(ISSUED.plus(Duration.ofMinutes(15)).plusSeconds(59), KEY), token)).isPresent();
        assertThat(verify(at(ISSUED.plus(Duration.ofMinutes(16)).plusSeconds(1), KEY), token)).isEmpty();
    }

    @Test
    void aTokenSignedWithAnotherKeyIsRefused() throws ParseException {
        String token = at(ISSUED, key("k-2026-03")).issue(TREASURER).token();
        assertThat(verify(at(ISSUED, KEY), token)).isEmpty();
    }
}
