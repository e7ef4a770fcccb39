package io.finrelay.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.finrelay.model.id.PartnerId;
import io.finrelay.model.id.TenantId;
import io.finrelay.testkit.StepClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class VerifiedKeysTest {
    private final StepClock clock = StepClock.at("2026-11-22T09:00:00Z");
    private final AtomicInteger lookups = new AtomicInteger();

    private static ApiKeys.StoredKey key(Optional<Instant> expiresAt) {
        return new ApiKeys.StoredKey(UUID.randomUUID(), new PartnerId(UUID.randomUUID()), Optional.of(new TenantId(UUID.randomUUID())),
                "ERP nightly import", Set.of(Role.INTEGRATION), "frk_1a2b3c4d", new byte[32], Instant.parse("2026-11-01T00:00:00Z"),
                expiresAt, Optional.empty(), Optional.empty());
    }

    private Optional<ApiKeys.StoredKey> find(VerifiedKeys keys, Optional<ApiKeys.StoredKey> inDatabase) {
        return keys.find("frk_1a2b3c4d", clock.instant(), prefix -> {
            lookups.incrementAndGet();
            return inDatabase;
        });
    }

    @Test
    void aUsableKeyIsReadOncePerTtlAndAgainAfterIt() {
        VerifiedKeys keys = new VerifiedKeys(Duration.ofSeconds(2), clock);
        Optional<ApiKeys.StoredKey> stored = Optional.of(key(Optional.empty()));
        assertThat(find(keys, stored)).isPresent();
        clock.advance(Duration.ofMillis(1_999));
        assertThat(find(keys, stored)).isPresent();
        assertThat(lookups).hasValue(1);
        clock.advance(Duration.ofMillis(1));
        assertThat(find(keys, Optional.empty())).as("revoked on another node, seen after the TTL").isEmpty();
        assertThat(lookups).hasValue(2);
    }

    @Test
    void aForgottenKeyIsReadAgainAtOnce() {
        VerifiedKeys keys = new VerifiedKeys(Duration.ofSeconds(2), clock);
        assertThat(find(keys, Optional.of(key(Optional.empty())))).isPresent();
        keys.forget("frk_1a2b3c4d");
        assertThat(find(keys, Optional.empty())).as("revoked on this node").isEmpty();
        assertThat(lookups).hasValue(2);
    }

    @Test
    void anExpiryHoldsToTheSecondEvenForACachedKey() {
        VerifiedKeys keys = new VerifiedKeys(Duration.ofMinutes(5), clock);
        Optional<ApiKeys.StoredKey> stored = Optional.of(key(Optional.of(clock.instant().plusSeconds(30))));
        assertThat(find(keys, stored)).isPresent();
        clock.advance(Duration.ofSeconds(30));
        assertThat(find(keys, stored)).isEmpty();
        assertThat(lookups).hasValue(1);
    }

    @Test
    void unknownKeysAreNeverRememberedAndAZeroTtlRemembersNothing() {
        VerifiedKeys keys = new VerifiedKeys(Duration.ofSeconds(2), clock);
        assertThat(find(keys, Optional.empty())).isEmpty();
        assertThat(find(keys, Optional.of(key(Optional.empty())))).as("created since").isPresent();
        VerifiedKeys off = new VerifiedKeys(Duration.ZERO, clock);
        find(off, Optional.of(key(Optional.empty())));
        find(off, Optional.of(key(Optional.empty())));
        assertThat(lookups).hasValue(4);
    }
}
