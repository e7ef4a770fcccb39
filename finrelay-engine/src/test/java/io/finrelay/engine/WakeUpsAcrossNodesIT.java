package io.finrelay.engine;

import static io.finrelay.engine.fixtures.EngineFixture.ACME;
import static io.finrelay.engine.fixtures.EngineFixture.approved;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.finrelay.engine.fixtures.EngineFixture;
import io.finrelay.engine.fixtures.PaymentFlow;
import io.finrelay.engine.outbox.ConnectorRegistry;
import io.finrelay.engine.runtime.WorkflowRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two nodes on one database: one takes the invoices in (and dispatches nothing), the other delivers.
 * Their idle poll is a minute, so a delivery within seconds can only come from the first node's
 * notification (LISTEN/NOTIFY) waking the second; without notifications the poll still finds the
 * work, only later: a notification is a hint, never the only way work is found.
 */
class WakeUpsAcrossNodesIT {
    private static final Duration MINUTE_POLL = Duration.ofMinutes(1);
    private EngineFixture f;
    private WorkflowEngine intake;
    private WorkflowEngine delivery;

    @BeforeEach
    void start() {
        f = new EngineFixture("wake_ups");
    }

    @AfterEach
    void stop() {
        for (WorkflowEngine node : new WorkflowEngine[] {intake, delivery}) {
            if (node != null) {
                node.close();
            }
        }
        f.close();
    }

    private WorkflowEngine node(String name, int dispatchWorkers, Duration idlePoll, boolean wakeUps) {
        WorkflowEngine.Config defaults = WorkflowEngine.Config.defaults(name);
        return WorkflowEngine.builder(f.db, new WorkflowRegistry(List.of(new PaymentFlow())))
                .connectors(new ConnectorRegistry().register(f.erp, EngineFixture.THREE_TRIES)
                        .register(f.bank, EngineFixture.THREE_TRIES))
                .clock(f.clock)
                .random(new Random(7))
                .config(new WorkflowEngine.Config(name, defaults.committers(), defaults.maxBatch(), dispatchWorkers,
                        defaults.dispatchBatch(), defaults.lease(), idlePoll))
                .wakeUpsAcrossNodes(wakeUps)
                .build()
                .start();
    }

    @Test
    void aCommandWrittenOnOneNodeIsDeliveredByAnotherAtOnceInsteadOfAtItsNextPoll() {
        intake = node("node-intake", 0, MINUTE_POLL, true);
        delivery = node("node-delivery", 1, MINUTE_POLL, true);
        await("both nodes listening").atMost(Duration.ofSeconds(30)).until(
                () -> intake.listeningToOtherNodes() && delivery.listeningToOtherNodes());

        intake.submit(approved(ACME, "wake-1", "INV-2026-0701", "1480.00", null));

        // Well under the minute the delivering node would otherwise sleep: a loaded machine still makes it.
        await("journal posted by the other node").atMost(Duration.ofSeconds(20))
                .until(() -> f.erp.receivedForInvoice("INV-2026-0701") == 1);
        assertThat(f.erp.receivedForInvoice("INV-2026-0701")).as("posted once").isEqualTo(1);
    }

    @Test
    void withoutNotificationsTheOtherNodeStillFindsTheWorkAtItsPoll() {
        intake = node("node-intake", 0, MINUTE_POLL, false);
        delivery = node("node-delivery", 1, Duration.ofSeconds(1), false);
        assertThat(delivery.listeningToOtherNodes()).isFalse();

        intake.submit(approved(ACME, "poll-1", "INV-2026-0702", "312.40", null));

        await("journal posted at the next poll").atMost(Duration.ofSeconds(30))
                .until(() -> f.erp.receivedForInvoice("INV-2026-0702") == 1);
    }
}
