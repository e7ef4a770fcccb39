package io.finrelay.server.web.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.util.unit.DataSize;

class RateLimitsTest {
    private static final UUID ACME = UUID.fromString("6f1c2d3e-4a5b-4c6d-8e7f-901a2b3c4d5e");
    private static final UUID GLOBEX = UUID.fromString("0b9e3c41-7d2a-4f65-8e1b-95c4a7d3e210");

    private final SteppingTime time = new SteppingTime();

    private RateLimits limits(long rps, long burst, Map<UUID, ApiLimits.Limit> tenants) {
        ApiLimits config = new ApiLimits(DataSize.ofMegabytes(1), new ApiLimits.RateLimit(true, rps, burst,
                new ApiLimits.PerAddress(20, 4), 1_000, tenants));
        StaticListableBeanFactory beans = new StaticListableBeanFactory(Map.of("time", time));
        return new RateLimits(config, beans.getBeanProvider(io.github.bucket4j.TimeMeter.class));
    }

    @Test
    void aClientGetsItsBurstThenWaitsForTheRefill() {
        RateLimits limits = limits(2, 3, Map.of());
        for (int i = 0; i < 3; i++) {
            assertThat(limits.client("api-key:erp-sync", ACME)).isInstanceOf(RateLimits.Admitted.class);
        }
        assertThat(limits.client("api-key:erp-sync", ACME)).isEqualTo(new RateLimits.Refused(new ApiLimits.Limit(2, 3), 1));

        time.step(Duration.ofMillis(500)); // 2 per second: one token back after half a second
        assertThat(limits.client("api-key:erp-sync", ACME)).isEqualTo(new RateLimits.Admitted(new ApiLimits.Limit(2, 3), 0));
        assertThat(limits.client("api-key:erp-sync", ACME)).isInstanceOf(RateLimits.Refused.class);
    }

    @Test
    void retryAfterIsWholeSecondsRoundedUp() {
        RateLimits limits = limits(1, 1, Map.of());
        limits.client("api-key:treasury", ACME);
        time.step(Duration.ofMillis(100)); // 0.9 s to go: tell the client 1 s, never 0
        assertThat(((RateLimits.Refused) limits.client("api-key:treasury", ACME)).retryAfterSeconds()).isEqualTo(1);

        RateLimits slow = limits(1, 5, Map.of(GLOBEX, new ApiLimits.Limit(1, 1)));
        slow.client("api-key:slow", GLOBEX);
        time.step(Duration.ofMillis(1));
        assertThat(((RateLimits.Refused) slow.client("api-key:slow", GLOBEX)).retryAfterSeconds()).isEqualTo(1);
    }

    @Test
    void eachClientHasItsOwnBucketAndATenantMayHaveItsOwnLimit() {
        RateLimits limits = limits(1, 2, Map.of(GLOBEX, new ApiLimits.Limit(10, 5)));
        limits.client("api-key:a", ACME);
        limits.client("api-key:a", ACME);
        assertThat(limits.client("api-key:a", ACME)).isInstanceOf(RateLimits.Refused.class);
        assertThat(limits.client("api-key:b", ACME)).isInstanceOf(RateLimits.Admitted.class);
        for (int i = 0; i < 5; i++) {
            assertThat(limits.client("api-key:globex", GLOBEX)).as("request %d", i).isInstanceOf(RateLimits.Admitted.class);
        }
        assertThat(limits.client("api-key:globex", GLOBEX)).isInstanceOf(RateLimits.Refused.class);
    }

    @Test
    void addressesAreLimitedApartFromClients() {
        RateLimits limits = limits(100, 100, Map.of());
        for (int i = 0; i < 4; i++) {
            limits.address("203.0.113.7");
        }
        assertThat(limits.address("203.0.113.7")).isInstanceOf(RateLimits.Refused.class);
        assertThat(limits.address("198.51.100.23")).isInstanceOf(RateLimits.Admitted.class);
        assertThat(limits.client("api-key:a", ACME)).isInstanceOf(RateLimits.Admitted.class);
    }

    @Test
    void aBucketRefillsAtItsRateAndNeverBeyondItsBurst() {
        RateLimits limits = limits(1, 3, Map.of());
        for (int i = 0; i < 3; i++) {
            limits.client("api-key:a", ACME);
        }
        time.step(Duration.ofSeconds(1));
        assertThat(limits.client("api-key:a", ACME)).as("one token back, not a fresh bucket")
                .isEqualTo(new RateLimits.Admitted(new ApiLimits.Limit(1, 3), 0));
        time.step(Duration.ofHours(1));
        assertThat(limits.client("api-key:a", ACME)).isEqualTo(new RateLimits.Admitted(new ApiLimits.Limit(1, 3), 2));
    }

    @Test
    void theShippedDefaultsAndATenantOverrideBindFromConfiguration() {
        ApiLimits defaults = bind(Map.of());
        assertThat(defaults.maxRequestBytes()).isEqualTo(DataSize.ofMegabytes(1));
        assertThat(defaults.rateLimit().perClient()).isEqualTo(new ApiLimits.Limit(100, 200));
        assertThat(defaults.rateLimit().perAddress().limit()).isEqualTo(new ApiLimits.Limit(1000, 2000));

        ApiLimits configured = bind(Map.of("finrelay.api.max-request-bytes", "4MB",
                "finrelay.api.rate-limit.tenants." + GLOBEX + ".requests-per-second", "5",
                "finrelay.api.rate-limit.tenants." + GLOBEX + ".burst", "10"));
        assertThat(configured.maxRequestBytes()).isEqualTo(DataSize.ofMegabytes(4));
        assertThat(configured.rateLimit().forTenant(GLOBEX)).isEqualTo(new ApiLimits.Limit(5, 10));
        assertThat(configured.rateLimit().forTenant(ACME)).isEqualTo(new ApiLimits.Limit(100, 200));
        assertThat(configured.rateLimit().forTenant(null)).isEqualTo(new ApiLimits.Limit(100, 200));
    }

    private static ApiLimits bind(Map<String, String> properties) {
        return new org.springframework.boot.context.properties.bind.Binder(
                new org.springframework.boot.context.properties.source.MapConfigurationPropertySource(properties))
                .bindOrCreate("finrelay.api", ApiLimits.class);
    }

    @Test
    void aLimitNeedsAPositiveRateAndBurst() {
        assertThatThrownBy(() -> new ApiLimits.Limit(0, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ApiLimits.Limit(10, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
