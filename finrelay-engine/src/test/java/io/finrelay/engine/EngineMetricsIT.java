package io.finrelay.engine;

import static io.finrelay.engine.fixtures.EngineFixture.ACME;
import static io.finrelay.engine.fixtures.EngineFixture.approved;
import static org.assertj.core.api.Assertions.assertThat;

import io.finrelay.engine.fixtures.EngineFixture;
import io.finrelay.engine.outbox.CommandEnvelope;
import io.finrelay.engine.outbox.Delivery;
import io.finrelay.engine.runtime.InboundEvent;
import io.finrelay.engine.runtime.Receipt;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the engine tells its metrics observer: each committed event with its receipt (a repeat as
 * repeated, the dispatcher's outcomes as events of their own) and each delivery attempt with its
 * outcome; and an observer that throws changes nothing the engine does.
 */
class EngineMetricsIT {
    EngineFixture f;

    @BeforeEach
    void start() {
        f = new EngineFixture("engine_metrics");
    }

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void theObserverIsToldEveryCommittedEventWithItsReceiptAndEveryDeliveryWithItsOutcome() {
        Recording seen = new Recording();
        f.metrics = seen;
        f.restart();

        f.submit(approved(ACME, "k1", "INV-2026-0901", "1250.00", null));
        f.submit(approved(ACME, "k1", "INV-2026-0901", "1250.00", null));
        f.drain();

        assertThat(seen.receipts.subList(0, 2)).satisfiesExactly(
                r -> assertThat(r).isInstanceOf(Receipt.Accepted.class),
                r -> assertThat(r).isInstanceOf(Receipt.Repeated.class));
        assertThat(seen.sources).filteredOn("engine"::equals).as("the two commands' outcomes").hasSize(2);
        assertThat(seen.receipts).filteredOn(r -> r instanceof Receipt.Accepted a && a.ended()).hasSize(1);
        assertThat(seen.deliveries).containsExactly("erp/post-journal Done", "bank/pay Done");
    }

    @Test
    void anObserverThatThrowsChangesNothingTheEngineDoes() {
        f.metrics = new EngineMetrics() {
            @Override
            public void processed(List<InboundEvent> events, List<Receipt> receipts) {
                throw new IllegalStateException("metrics backend down");
            }

            @Override
            public void attempted(CommandEnvelope command, Delivery outcome, boolean lookedUp, Duration took) {
                throw new IllegalStateException("metrics backend down");
            }
        };
        f.restart();

        assertThat(f.submit(approved(ACME, "k1", "INV-2026-0902", "80.00", null))).isInstanceOf(Receipt.Accepted.class);
        f.drain();

        assertThat(f.stateOf(ACME, "INV-2026-0902")).isEqualTo("Paid");
        assertThat(f.erp.receivedForInvoice("INV-2026-0902")).isEqualTo(1);
        assertThat(f.bank.receivedForInvoice("INV-2026-0902")).isEqualTo(1);
    }

    private static final class Recording implements EngineMetrics {
        final List<Receipt> receipts = new CopyOnWriteArrayList<>();
        final List<String> sources = new CopyOnWriteArrayList<>();
        final List<String> deliveries = new CopyOnWriteArrayList<>();

        @Override
        public void processed(List<InboundEvent> events, List<Receipt> receipts) {
            events.forEach(e -> sources.add(e.key().source()));
            this.receipts.addAll(receipts);
        }

        @Override
        public void attempted(CommandEnvelope command, Delivery outcome, boolean lookedUp, Duration took) {
            deliveries.add(command.connector() + "/" + command.type() + " " + outcome.getClass().getSimpleName());
        }
    }
}
