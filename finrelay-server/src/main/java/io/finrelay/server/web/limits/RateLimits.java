package io.finrelay.server.web.limits;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * One token bucket (Bucket4j) per client and one per remote address, each kind in a cache bounded by
 * {@code max-clients} (Caffeine). A bucket left alone for as long as it takes to refill completely
 * is full again, so it is dropped then and made anew on the next request: the same answer for less
 * memory. Time comes from a {@link TimeMeter} bean when there is one (tests step it), else the
 * system's monotonic clock; the caches expire on the same time.
 */
@Component
@ConditionalOnProperty(prefix = "finrelay.api.rate-limit", name = "enabled", havingValue = "true", matchIfMissing = true)
public class RateLimits {
    /** The answer for one request. */
    public sealed interface Decision permits Admitted, Refused {}

    /** Admitted, with {@code remaining} tokens left of {@code limit}. */
    public record Admitted(ApiLimits.Limit limit, long remaining) implements Decision {}

    /** Refused: a token is back in {@code retryAfterSeconds} (whole seconds, rounded up, at least 1). */
    public record Refused(ApiLimits.Limit limit, long retryAfterSeconds) implements Decision {}

    private final ApiLimits.RateLimit config;
    private final TimeMeter time;
    private final Cache<String, Bucket> clients;
    private final Cache<String, Bucket> addresses;

    public RateLimits(ApiLimits limits, ObjectProvider<TimeMeter> time) {
        this.config = limits.rateLimit();
        this.time = time.getIfAvailable(() -> TimeMeter.SYSTEM_NANOTIME);
        this.clients = cache(config.perClient(), config.maxClients());
        this.addresses = cache(config.perAddress().limit(), config.maxClients());
    }

    /** Takes a token from an authenticated client's bucket; {@code tenant} may be null (partner level). */
    public Decision client(String client, UUID tenant) {
        ApiLimits.Limit limit = config.forTenant(tenant);
        return take(clients.get(client, k -> bucket(limit)), limit);
    }

    /** Takes a token from a remote address's bucket. */
    public Decision address(String address) {
        ApiLimits.Limit limit = config.perAddress().limit();
        return take(addresses.get(address, k -> bucket(limit)), limit);
    }

    private static Decision take(Bucket bucket, ApiLimits.Limit limit) {
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            return new Admitted(limit, probe.getRemainingTokens());
        }
        return new Refused(limit, Math.max(1, Math.ceilDiv(probe.getNanosToWaitForRefill(), 1_000_000_000L)));
    }

    private Bucket bucket(ApiLimits.Limit limit) {
        return Bucket.builder()
                .addLimit(l -> l.capacity(limit.burst()).refillGreedy(limit.requestsPerSecond(), Duration.ofSeconds(1)))
                .withCustomTimePrecision(time)
                .build();
    }

    private Cache<String, Bucket> cache(ApiLimits.Limit typical, long maxSize) {
        // Idle long enough to refill the largest bucket in use: the tenants' overrides may be larger.
        long slowestRefillNanos = config.tenants().values().stream().mapToLong(RateLimits::refillNanos)
                .reduce(refillNanos(typical), Math::max);
        return Caffeine.newBuilder()
                .maximumSize(maxSize)
                .expireAfterAccess(Duration.ofNanos(Math.max(slowestRefillNanos, 1_000_000_000L)))
                .ticker(time::currentTimeNanos)
                .build();
    }

    private static long refillNanos(ApiLimits.Limit limit) {
        return Math.ceilDiv(limit.burst() * 1_000_000_000L, limit.requestsPerSecond());
    }
}
