package io.finrelay.server.web.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.finrelay.server.ServerIT;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * Per-client token buckets on the running API, with small limits and the limiter's time stepped by the
 * test. Its own application context (a second node on the shared test database), because the other
 * tests run with the shipped limits on real time; closed after the class, so that no second node keeps
 * claiming the other tests' work.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestPropertySource(properties = {"finrelay.node-id=rate-limit-node",
        "finrelay.api.rate-limit.requests-per-second=1", "finrelay.api.rate-limit.burst=5",
        "finrelay.api.rate-limit.per-address.requests-per-second=10", "finrelay.api.rate-limit.per-address.burst=40"})
@Import(RateLimitIT.Time.class)
class RateLimitIT extends ServerIT {
    @TestConfiguration(proxyBeanMethods = false)
    static class Time {
        @Bean
        SteppingTime steppingTime() {
            return new SteppingTime();
        }
    }

    @Autowired
    private SteppingTime time;
    private TestTenant tenant;
    private String erpSync;
    private String treasury;

    @BeforeAll
    void tenantWithTwoIntegrations() {
        tenant = newTenant("Nordlicht");
        erpSync = keyFor(tenant, tenant.adminKey(), "integration");
        treasury = keyFor(tenant, tenant.adminKey(), "integration");
    }

    /** Every test starts with every bucket full again: an hour later. */
    @BeforeEach
    void anHourLater() {
        time.step(Duration.ofHours(1));
    }

    private void spendBurst(String key) {
        for (int i = 4; i >= 0; i--) {
            Answer read = get(tenant.path("/legal-entities"), key);
            assertThat(read.status()).isEqualTo(200);
            assertThat(read.header("RateLimit-Limit")).isEqualTo("5");
            assertThat(read.header("RateLimit-Remaining")).isEqualTo(String.valueOf(i));
        }
    }

    private static void assertRateLimited(Answer answer, String retryAfter) {
        assertThat(answer.status()).as(String.valueOf(answer.body())).isEqualTo(429);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.body().get("type").asText()).isEqualTo("https://finrelay.io/problems/rate-limited");
        assertThat(answer.header("Retry-After")).isEqualTo(retryAfter);
        assertThat(answer.body().get("retryAfterSeconds").asText()).isEqualTo(retryAfter);
        assertThat(answer.header("X-Correlation-Id")).isNotBlank();
    }

    @Test
    void aClientThatSpentItsBurstGets429WithRetryAfterUntilTimeRefillsIt() {
        spendBurst(erpSync);
        Answer refused = get(tenant.path("/legal-entities"), erpSync);
        assertRateLimited(refused, "1");
        assertThat(refused.header("RateLimit-Remaining")).isEqualTo("0");

        time.step(Duration.ofMillis(400));
        assertRateLimited(get(tenant.path("/legal-entities"), erpSync), "1");
        time.step(Duration.ofMillis(600)); // one request per second: one token is back
        assertThat(get(tenant.path("/legal-entities"), erpSync).status()).isEqualTo(200);
        assertRateLimited(get(tenant.path("/legal-entities"), erpSync), "1");
    }

    @Test
    void anotherClientIsNotLimitedByTheFirst() {
        spendBurst(erpSync);
        assertRateLimited(get(tenant.path("/legal-entities"), erpSync), "1");

        Answer other = get(tenant.path("/legal-entities"), treasury);
        assertThat(other.status()).isEqualTo(200);
        assertThat(other.header("RateLimit-Remaining")).isEqualTo("4");
        assertThat(get(tenant.path(""), tenant.adminKey()).status()).isEqualTo(200);
    }

    @Test
    void aRefusedWriteChangesNothing() {
        spendBurst(erpSync);
        Answer refused = post(tenant.path("/legal-entities"), erpSync,
                json("name", "Nordlicht Logistik GmbH", "country", "DE", "functionalCurrency", "EUR"));
        assertRateLimited(refused, "1");

        assertThat(get(tenant.path("/legal-entities"), treasury).body().toString()).doesNotContain("Nordlicht Logistik");
    }

    @Test
    void aFloodWithoutAValidKeyIsThrottledByAddressBeforeAuthentication() {
        String forged = "frk_0000000000aa_" + "f".repeat(64);
        for (int i = 0; i < 40; i++) {
            assertThat(get(tenant.path("/legal-entities"), forged).status()).as("request %d", i).isEqualTo(401);
        }
        assertRateLimited(get(tenant.path("/legal-entities"), forged), "1");
        assertRateLimited(call("GET", "/health", null, null, Map.of()), "1");
        // The address limit covers keyed clients too, whose own buckets are full.
        assertRateLimited(get(tenant.path("/legal-entities"), treasury), "1");

        time.step(Duration.ofSeconds(4)); // 10 per second: 40 back
        assertThat(get("/health", null).status()).isEqualTo(200);
        assertThat(get(tenant.path("/legal-entities"), treasury).status()).isEqualTo(200);
    }
}
