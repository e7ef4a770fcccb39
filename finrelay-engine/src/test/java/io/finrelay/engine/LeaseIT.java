package io.finrelay.engine;

import static io.finrelay.engine.fixtures.EngineFixture.ACME;
import static io.finrelay.engine.fixtures.EngineFixture.approved;
import static org.assertj.core.api.Assertions.assertThat;

import io.finrelay.engine.fixtures.EngineFixture;
import io.finrelay.engine.json.FieldSealer;
import io.finrelay.engine.outbox.OutboxStore;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A claim's lease is judged by the database's clock, the one clock every node shares: a node whose own
 * clock runs an hour ahead does not take another node's live claim for expired, and an expired claim is
 * recovered (its outcome unknown, the peer asked first) by whichever node looks.
 */
class LeaseIT {
    private EngineFixture f;
    private final OutboxStore outbox = new OutboxStore(FieldSealer.NONE);

    @BeforeEach
    void start() {
        f = new EngineFixture("lease");
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private List<OutboxStore.Claimed> claimAs(String node, Duration lease) throws Exception {
        try (Connection c = f.dataSource.getConnection()) {
            return outbox.claim(c, node, f.clock.instant(), lease, 10);
        }
    }

    private int recoverExpired() throws Exception {
        try (Connection c = f.dataSource.getConnection()) {
            return outbox.recoverExpired(c);
        }
    }

    @Test
    void aLiveClaimIsNotTakenByANodeWhoseClockRunsAheadAndAnExpiredOneIsRecoveredAsUnknown() throws Exception {
        f.submit(approved(ACME, "k1", "INV-2026-0310", "1250.00", null));
        assertThat(claimAs("node-a", Duration.ofMinutes(5))).hasSize(1);

        // node-b's clock is an hour ahead of node-a's: under its own clock node-a's lease would have run out.
        f.clock.advance(Duration.ofHours(1));
        assertThat(recoverExpired()).as("the database's clock says the lease is live").isZero();
        assertThat(f.string("select claimed_by from outbox")).isEqualTo("node-a");
        assertThat(claimAs("node-b", Duration.ofMinutes(5))).as("a live claim is nobody else's").isEmpty();

        // node-a dies holding a claim whose lease has run out by the database's clock.
        f.submit(approved(ACME, "k2", "INV-2026-0311", "80.00", null));
        assertThat(claimAs("node-a", Duration.ofMillis(-1))).hasSize(1);
        assertThat(recoverExpired()).isEqualTo(1);
        assertThat(f.count("select count(*) from outbox where status = 'UNKNOWN' and lookup_first and claimed_by is null"))
                .as("its outcome unknown: the peer is asked before anything is sent again").isEqualTo(1);
        assertThat(f.count("select count(*) from outbox where status = 'SENDING' and claimed_by = 'node-a'"))
                .as("the live claim stays").isEqualTo(1);
    }
}
