package io.finrelay.server.web.limits;

import java.util.Map;
import java.util.UUID;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The API's protective limits ({@code finrelay.api.*}).
 *
 * @param maxRequestBytes the largest request body accepted; a larger one is answered 413
 * @param rateLimit       per-client token buckets
 */
@ConfigurationProperties("finrelay.api")
public record ApiLimits(@DefaultValue("1MB") DataSize maxRequestBytes, @DefaultValue RateLimit rateLimit) {

    public ApiLimits {
        if (maxRequestBytes.toBytes() <= 0) {
            throw new IllegalArgumentException("finrelay.api.max-request-bytes must be positive, was " + maxRequestBytes);
        }
    }

    /**
     * @param enabled           false switches both limiters off (the filters are not even installed)
     * @param requestsPerSecond sustained rate per authenticated client (API key or token subject)
     * @param burst             how many requests a client may send at once before the rate applies
     * @param perAddress        the limit per remote address, checked before authentication, so that a
     *                          flood without a valid key is throttled before it costs a key lookup
     * @param maxClients        buckets kept in memory per kind; the least recently used go first
     * @param tenants           overrides by tenant id for the clients of that tenant
     */
    public record RateLimit(@DefaultValue("true") boolean enabled, @DefaultValue("100") long requestsPerSecond,
                            @DefaultValue("200") long burst, @DefaultValue PerAddress perAddress,
                            @DefaultValue("100000") long maxClients, Map<UUID, Limit> tenants) {
        public RateLimit {
            new Limit(requestsPerSecond, burst);
            tenants = tenants == null ? Map.of() : Map.copyOf(tenants);
            if (maxClients <= 0) {
                throw new IllegalArgumentException("finrelay.api.rate-limit.max-clients must be positive, was " + maxClients);
            }
        }

        public Limit perClient() {
            return new Limit(requestsPerSecond, burst);
        }

        /** The limit for a client of {@code tenant} (absent for partner-level clients). */
        public Limit forTenant(UUID tenant) {
            return tenant == null ? perClient() : tenants.getOrDefault(tenant, perClient());
        }
    }

    /** Generous by default: many clients may share one address behind a proxy. */
    public record PerAddress(@DefaultValue("1000") long requestsPerSecond, @DefaultValue("2000") long burst) {
        public Limit limit() {
            return new Limit(requestsPerSecond, burst);
        }
    }

    /** A token bucket's shape: {@code burst} tokens, refilled at {@code requestsPerSecond}. */
    public record Limit(long requestsPerSecond, long burst) {
        public Limit {
            if (requestsPerSecond <= 0 || burst <= 0) {
                throw new IllegalArgumentException("a rate limit needs a positive rate and burst, was "
                        + requestsPerSecond + "/s burst " + burst);
            }
        }
    }
}
