package io.finrelay.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.finrelay.server.web.ApiProblem;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LifetimesTest {
    private static final Instant NOW = Instant.parse("2026-03-31T09:00:00Z");

    @Test
    void aKeyExpiresAfterTheGivenDurationOrAtTheGivenInstant() {
        assertThat(Lifetimes.expiry("P90D", null, NOW)).contains(Instant.parse("2026-06-29T09:00:00Z"));
        assertThat(Lifetimes.expiry(null, "2026-12-31T23:59:59Z", NOW)).contains(Instant.parse("2026-12-31T23:59:59Z"));
        assertThat(Lifetimes.expiry(null, null, NOW)).isEqualTo(Optional.empty());
    }

    @Test
    void anExpiryInThePastBothFormsOrNonsenseAreRefusedNamingTheField() {
        assertThatThrownBy(() -> Lifetimes.expiry(null, "2026-03-31T08:59:59Z", NOW)).isInstanceOf(ApiProblem.class)
                .hasMessageContaining("future");
        assertThatThrownBy(() -> Lifetimes.expiry("P90D", "2026-12-31T23:59:59Z", NOW)).hasMessageContaining("not both");
        assertThatThrownBy(() -> Lifetimes.expiry("-P1D", null, NOW)).hasMessageContaining("positive");
        assertThatThrownBy(() -> Lifetimes.expiry("90 days", null, NOW)).hasMessageContaining("ISO-8601");
    }

    @Test
    void aGracePeriodIsZeroByDefaultAndAtMostThirtyDays() {
        assertThat(Lifetimes.grace(null)).isEqualTo(Duration.ZERO);
        assertThat(Lifetimes.grace("PT24H")).isEqualTo(Duration.ofHours(24));
        assertThatThrownBy(() -> Lifetimes.grace("P31D")).hasMessageContaining("P30D");
    }
}
