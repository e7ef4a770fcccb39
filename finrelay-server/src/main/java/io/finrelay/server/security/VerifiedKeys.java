package io.finrelay.server.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Usable API keys as last read from the database, by prefix, for a short while
 * ({@code finrelay.security.api-keys.cache-ttl}, 2 s by default; 0 turns it off).
 *
 * <p>Why: the key lookup was the whole cost of authentication, a database transaction per request
 * (an authenticated read measured 0.67x of the same read with security off; BENCHMARKS.md). What it
 * costs: on the node that revokes or rotates a key the change holds at once (the controller forgets
 * the key after its commit); on other nodes a revoked key may work for up to the TTL. An expiry is
 * checked on every request against the clock, cached or not. Only usable keys are kept: an unknown
 * or revoked prefix is read again each time, and the per-address rate limit bounds how often.
 * The secret itself is never cached; each request's token is checked against the stored hash.
 */
@Component
public class VerifiedKeys {
    private final Cache<String, ApiKeys.StoredKey> usable;

    public VerifiedKeys(@Value("${finrelay.security.api-keys.cache-ttl:2s}") Duration ttl, Clock clock) {
        this.usable = ttl.isZero() ? null : Caffeine.newBuilder()
                .expireAfterWrite(ttl)
                .maximumSize(100_000)
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .build();
    }

    /** The usable key with this prefix at {@code now}: cached, or loaded by {@code load} and remembered. */
    Optional<ApiKeys.StoredKey> find(String prefix, Instant now, Function<String, Optional<ApiKeys.StoredKey>> load) {
        ApiKeys.StoredKey cached = usable == null ? null : usable.getIfPresent(prefix);
        Optional<ApiKeys.StoredKey> key = cached != null ? Optional.of(cached) : load.apply(prefix);
        if (cached == null && usable != null) {
            key.ifPresent(k -> usable.put(prefix, k));
        }
        return key.filter(k -> k.expiresAt().map(now::isBefore).orElse(true));
    }

    /** Forgets a key whose state changed (revoked, rotated); call it after the change committed. */
    public void forget(String prefix) {
        if (usable != null) {
            usable.invalidate(prefix);
        }
    }
}
