package io.finrelay.engine;

import static io.finrelay.engine.fixtures.EngineFixture.ACME;
import static io.finrelay.engine.fixtures.EngineFixture.approved;
import static org.assertj.core.api.Assertions.assertThat;

import io.finrelay.engine.fixtures.EngineFixture;
import io.finrelay.engine.json.FieldSealer;
import io.finrelay.engine.outbox.OutboxStore;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The commands an inbound event writes are claimed for the node's dispatcher in the event's own transaction and
 * handed to it after the commit: no claim transaction of their own. What that must not change: each command still
 * reaches its peer once, in order per business object, and a node that stops or dies with commands handed over
 * leaves them to be sent (or asked about) again.
 */
class CommandHandOverIT {
    EngineFixture f;

    @BeforeEach
    void start() {
        f = new EngineFixture("hand_over");
        f.engine.takeHandOvers(); // this test drives the node's dispatcher, as its workers would
    }

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void aCommandAnEventWritesIsClaimedInTheEventsTransactionAndDeliveredByTheNextRound() {
        f.submit(approved(ACME, "k1", "INV-2026-0411", "1480.00", null));

        // Nothing else ran between the event's commit and this read: the claim was the event's.
        assertThat(f.string("select status || ' ' || claimed_by from outbox")).isEqualTo("SENDING test-node");
        assertThat(f.count("select count(*) from outbox where lease_until > clock_timestamp()")).isEqualTo(1);

        assertThat(f.engine.dispatchOnce()).isEqualTo(1);
        assertThat(f.erp.receivedForInvoice("INV-2026-0411")).isEqualTo(1);
        f.drain();
        assertThat(f.stateOf(ACME, "INV-2026-0411")).isEqualTo("Paid");
        assertThat(f.erp.receivedForInvoice("INV-2026-0411")).isEqualTo(1);
        assertThat(f.bank.receivedForInvoice("INV-2026-0411")).isEqualTo(1);
        assertThat(f.erp.lookups()).as("a handed-over command is a fresh send, not an unknown outcome").isZero();
    }

    @Test
    void anEngineThatStopsHandsItsUndeliveredCommandsBackToTheOutbox() {
        f.submit(approved(ACME, "k1", "INV-2026-0412", "96.40", null));
        assertThat(f.string("select status from outbox")).isEqualTo("SENDING");

        f.restart().takeHandOvers();

        assertThat(f.string("select status || ' ' || coalesce(claimed_by, '-') from outbox")).isEqualTo("READY -");
        f.drain();
        assertThat(f.stateOf(ACME, "INV-2026-0412")).isEqualTo("Paid");
        assertThat(f.erp.receivedForInvoice("INV-2026-0412")).isEqualTo(1);
        assertThat(f.erp.lookups()).as("never sent, so nothing to ask").isZero();
    }

    @Test
    void aNodeThatDiesWithCommandsHandedOverAsksThePeerFirstWhenItComesBack() throws Exception {
        f.submit(approved(ACME, "k1", "INV-2026-0413", "2310.00", null));
        WorkflowEngine dead = f.engine; // killed: its hand-over queue is gone with it, its claim stays in the outbox

        f.engine = f.newEngine().start(); // the same node again: what it left SENDING may have been sent
        try {
            Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> "Paid".equals(f.stateOf(ACME, "INV-2026-0413")));
        } finally {
            f.engine.close();
            dead.close();
        }
        assertThat(f.erp.receivedForInvoice("INV-2026-0413")).isEqualTo(1);
        assertThat(f.erp.lookups()).as("asked before sending again").isEqualTo(1);
        assertThat(f.bank.receivedForInvoice("INV-2026-0413")).isEqualTo(1);
    }

    @Test
    void aCommandBehindAnEarlierOneOfItsInstanceIsLeftForAClaimInOrder() throws Exception {
        OutboxStore outbox = new OutboxStore(FieldSealer.NONE);
        UUID instance = UUID.randomUUID();
        Instant now = Instant.parse("2026-11-02T09:00:00Z");
        List<OutboxStore.NewCommand> written = List.of(
                new OutboxStore.NewCommand(ACME, UUID.randomUUID(), instance, 1, "erp", "post-journal",
                        "{\"invoice\":\"INV-2026-0414\"}", "corr-0414", now, null),
                new OutboxStore.NewCommand(ACME, UUID.randomUUID(), instance, 2, "bank", "pay",
                        "{\"invoice\":\"INV-2026-0414\"}", "corr-0414", now, null));
        try (Connection c = f.dataSource.getConnection()) {
            c.setAutoCommit(false);
            outbox.insert(c, written);
            List<OutboxStore.Claimed> claimed = outbox.claimWritten(c, "test-node", Duration.ofMinutes(2), written);
            c.commit();
            assertThat(claimed).extracting(cl -> cl.envelope().commandId()).containsExactly(written.getFirst().commandId());
        }
        assertThat(f.string("select string_agg(seq || ' ' || status, ', ' order by seq) from outbox"))
                .isEqualTo("1 SENDING, 2 READY");
    }
}
