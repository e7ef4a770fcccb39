package io.finrelay.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.finrelay.engine.outbox.RetryPolicy;
import java.time.Duration;
import java.util.Optional;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private final RetryPolicy policy = new RetryPolicy(Duration.ofSeconds(1), Duration.ofMinutes(10), 8);

    @Property
    void fullJitterWaitsBetweenZeroAndTheExponentialCap(@ForAll @IntRange(min = 1, max = 40) int attempts,
                                                        @ForAll long seed) {
        Duration delay = policy.delay(attempts, Optional.empty(), new SplittableRandom(seed));
        long cap = Math.min(Duration.ofMinutes(10).toMillis(), 1000L << Math.min(attempts - 1, 30));
        assertThat(delay.toMillis()).isBetween(0L, cap);
    }

    @Test
    void theJitterSpreadsRetriesOverTheWholeWindow() {
        SplittableRandom random = new SplittableRandom(7);
        long below = 0;
        for (int i = 0; i < 1000; i++) {
            if (policy.delay(5, Optional.empty(), random).toMillis() < 8_000) {
                below++;
            }
        }
        assertThat(below).isBetween(400L, 600L); // about half of a uniform [0, 16 s] window
    }

    @Test
    void aPeersRetryAfterWins() {
        assertThat(policy.delay(1, Optional.of(Duration.ofSeconds(120)), new SplittableRandom(1)))
                .isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void theBudgetIsSpentAtMaxAttempts() {
        assertThat(policy.exhausted(7)).isFalse();
        assertThat(policy.exhausted(8)).isTrue();
    }

    @Test
    void aNonsensicalPolicyIsRefused() {
        assertThatThrownBy(() -> new RetryPolicy(Duration.ZERO, Duration.ofSeconds(1), 3))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(1), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
