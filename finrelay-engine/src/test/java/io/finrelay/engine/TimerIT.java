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
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TimerIT {
    EngineFixture f;

    @BeforeEach
    void start() {
        f = new EngineFixture("timers");
    }

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void aPaymentScheduledForItsDueDateWaitsAcrossARestartAndThenRuns() {
        Instant due = Instant.parse("2026-11-30T06:00:00Z");
        f.submit(approved(ACME, "k1", "INV-2026-0501", "15800.00", due));
        assertThat(f.stateOf(ACME, "INV-2026-0501")).isEqualTo("Scheduled");
        assertThat(f.engine.fireDueTimers()).isZero();

        f.restart();
        f.clock.set(due.minusSeconds(1));
        assertThat(f.engine.fireDueTimers()).isZero();
        f.clock.set(due);
        assertThat(f.engine.fireDueTimers()).isEqualTo(1);
        f.drain();

        assertThat(f.stateOf(ACME, "INV-2026-0501")).isEqualTo("Paid");
        assertThat(f.count("select count(*) from timer")).isZero();
        assertThat(f.engine.fireDueTimers()).isZero();
        assertThat(f.erp.receivedForInvoice("INV-2026-0501")).isEqualTo(1);
    }

    @Test
    void runningBackgroundWorkersFireTimersAndDeliverCommandsByThemselves() throws Exception {
        f.engine.start();
        f.submit(approved(ACME, "k1", "INV-2026-0502", "99.00", f.clock.instant().plus(Duration.ofDays(3))));
        f.clock.advance(Duration.ofDays(3));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!"Paid".equals(f.stateOf(ACME, "INV-2026-0502")) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            Thread.sleep(10); // polling a condition with a deadline, not a sleep standing in for one
        }
        assertThat(f.stateOf(ACME, "INV-2026-0502")).isEqualTo("Paid");
    }

    @Test
    void aCommandWrittenByAFiredTimerWakesTheDispatcherWithoutWaitingForItsPoll() {
        f.engine.close();
        // No idle poll within the test: the dispatcher sends the payment only if the timer's round wakes it.
        f.engine = WorkflowEngine.builder(f.db, new WorkflowRegistry(List.of(new PaymentFlow())))
                .connectors(new ConnectorRegistry().register(f.erp, EngineFixture.THREE_TRIES)
                        .register(f.bank, EngineFixture.THREE_TRIES))
                .clock(f.clock).config(WorkflowEngine.Config.defaults("test-node").withIdlePoll(Duration.ofHours(1)))
                .build().start();
        f.submit(approved(ACME, "k1", "INV-2026-0503", "99.00", f.clock.instant()));
        await().atMost(Duration.ofSeconds(30)).until(() -> "Paid".equals(f.stateOf(ACME, "INV-2026-0503")));
        assertThat(f.erp.receivedForInvoice("INV-2026-0503")).isEqualTo(1);
    }
}
