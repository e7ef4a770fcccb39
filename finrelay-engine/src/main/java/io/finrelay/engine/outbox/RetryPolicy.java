package io.finrelay.engine.outbox;

import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * How often and how patiently a connector's commands are retried: exponential backoff with full
 * jitter (a uniformly random wait between zero and the exponential cap, so that many failed
 * commands do not come back at the same moment), a peer's {@code Retry-After} taking precedence, and
 * a budget of attempts after which the command goes to the exception queue.
 */
public record RetryPolicy(Duration baseDelay, Duration maxDelay, int maxAttempts) {
    public static final RetryPolicy DEFAULT = new RetryPolicy(Duration.ofSeconds(1), Duration.ofMinutes(10), 10);

    public RetryPolicy {
        if (baseDelay.isNegative() || baseDelay.isZero() || maxDelay.compareTo(baseDelay) < 0 || maxAttempts < 1) {
            throw new IllegalArgumentException("retry policy needs 0 < baseDelay <= maxDelay and maxAttempts >= 1");
        }
    }

    /** The wait before the next attempt after {@code attempts} failed ones. */
    public Duration delay(int attempts, Optional<Duration> retryAfter, RandomGenerator random) {
        if (retryAfter.isPresent()) {
            Duration wanted = retryAfter.get();
            return wanted.isNegative() ? Duration.ZERO : wanted;
        }
        int exponent = Math.min(Math.max(attempts - 1, 0), 30);
        long capMillis = Math.min(maxDelay.toMillis(), baseDelay.toMillis() << exponent);
        return Duration.ofMillis(random.nextLong(capMillis + 1));
    }

    public boolean exhausted(int attempts) {
        return attempts >= maxAttempts;
    }
}
