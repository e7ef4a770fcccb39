package io.finrelay.server.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Password guessing against one user, whatever address it comes from: after
 * {@code finrelay.security.login.free-failures} wrong passwords in a row, every further attempt is
 * refused until a wait has passed that doubles with each further failure (1 s, 2 s, 4 s ... up to
 * {@code max-lock}), right password or not. A success resets the count. Kept in memory per node, in a
 * bounded cache (Caffeine); an entry expires once its lock-out is long over. Time is the injected Clock.
 */
@Component
public class LoginThrottle {
    /** A user's failures in a row and until when attempts are refused. */
    private record Failures(int count, Instant lockedUntil, Instant lastFailure) {}

    /** An attempt refused until {@code until}. */
    public record Locked(Instant until, long retryAfterSeconds, int failures) {}

    private final Clock clock;
    private final int freeFailures;
    private final Duration baseLock;
    private final Duration maxLock;
    private final Cache<String, Failures> failures;

    public LoginThrottle(Clock clock, @Value("${finrelay.security.login.free-failures:5}") int freeFailures,
                         @Value("${finrelay.security.login.base-lock:1s}") Duration baseLock,
                         @Value("${finrelay.security.login.max-lock:15m}") Duration maxLock,
                         @Value("${finrelay.security.login.max-users:100000}") long maxUsers) {
        this.clock = clock;
        this.freeFailures = freeFailures;
        this.baseLock = baseLock;
        this.maxLock = maxLock;
        this.failures = Caffeine.newBuilder().maximumSize(maxUsers).build();
    }

    private static String key(String username) {
        return username.toLowerCase(Locale.ROOT);
    }

    /** Whether this user's attempt must be refused now, without looking at the password. */
    public Optional<Locked> locked(String username) {
        Failures f = failures.getIfPresent(key(username));
        Instant now = clock.instant();
        if (f == null) {
            return Optional.empty();
        }
        if (f.lastFailure().plus(maxLock.multipliedBy(2)).isBefore(now)) {
            failures.invalidate(key(username));   // long quiet: forget the run of failures
            return Optional.empty();
        }
        if (f.lockedUntil() == null || !now.isBefore(f.lockedUntil())) {
            return Optional.empty();
        }
        long millis = Duration.between(now, f.lockedUntil()).toMillis();
        return Optional.of(new Locked(f.lockedUntil(), Math.max(1, (millis + 999) / 1000), f.count()));
    }

    /** A wrong password: returns the lock-out it starts, if it starts one. */
    public Optional<Locked> failed(String username) {
        Instant now = clock.instant();
        Failures f = failures.asMap().merge(key(username), new Failures(1, null, now),
                (old, one) -> new Failures(old.count() + 1, old.lockedUntil(), now));
        if (f.count() < freeFailures) {
            return Optional.empty();
        }
        int beyond = Math.min(f.count() - freeFailures, 30);
        Duration lock = baseLock.multipliedBy(1L << beyond);
        if (lock.compareTo(maxLock) > 0 || lock.isNegative()) {
            lock = maxLock;
        }
        Instant until = now.plus(lock);
        failures.put(key(username), new Failures(f.count(), until, now));
        return Optional.of(new Locked(until, Math.max(1, lock.toSeconds()), f.count()));
    }

    /** A good login: the run of failures is over. */
    public void succeeded(String username) {
        failures.invalidate(key(username));
    }
}
