package io.finrelay.workflows.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.finrelay.engine.workflow.CommandOutcome;
import io.finrelay.engine.workflow.Decision;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class StuckAlertTest {
    private final StuckAlert alert = new StuckAlert();
    private final StuckAlert.Breach breach = new StuckAlert.Breach("scheduled-not-sent", "0193c6c2-7d1e-7a3b-9f00-5c2d1e4b8a71",
            Instant.parse("2026-12-04T09:12:30Z"), Duration.ofHours(24), Instant.parse("2026-12-05T09:13:00Z"),
            "invoice-to-pay 12115118 is due for payment and in no payment run", Map.of("businessKey", "12115118"));

    @Test
    void aBreachOpensAnExceptionWithItsContextAndAnnouncesItOnce() {
        Decision.Accepted<StuckAlert.State> opened = accepted(alert.decide(new StuckAlert.New(), new StuckAlert.Breached(breach)));
        assertThat(opened.newState()).isEqualTo(new StuckAlert.Open(breach));
        assertThat(opened.incidents()).singleElement().satisfies(i -> {
            assertThat(i.code()).isEqualTo("stuck-scheduled-not-sent");
            assertThat(i.reason()).isEqualTo(breach.summary());
            assertThat(i.context()).containsEntry("since", "2026-12-04T09:12:30Z").containsEntry("threshold", "PT24H")
                    .containsEntry("businessKey", "12115118").containsEntry("monitor", "scheduled-not-sent");
        });
        assertThat(opened.commands()).singleElement().satisfies(c -> {
            assertThat(c.connector()).isEqualTo("ops-webhook");
            assertThat(c.type()).isEqualTo("announce-breached");
            assertThat(((StuckAlert.Announcement) c.payload()).type()).isEqualTo("monitor.breached");
        });
    }

    @Test
    void theConditionEndingAnnouncesTheClearanceAndItsDeliveryEndsTheBreach() {
        Instant ended = Instant.parse("2026-12-05T11:00:00Z");
        Decision.Accepted<StuckAlert.State> clearing = accepted(alert.decide(new StuckAlert.Open(breach),
                new StuckAlert.ConditionEnded(ended)));
        assertThat(clearing.newState()).isEqualTo(new StuckAlert.Clearing(breach, ended));
        assertThat(clearing.incidents()).isEmpty();
        assertThat(clearing.commands()).singleElement().satisfies(c -> assertThat(c.type()).isEqualTo("announce-cleared"));

        assertThat(alert.onCommandOutcome(new StuckAlert.Open(breach), new CommandOutcome.Succeeded(UUID.randomUUID(),
                "announce-breached", "{}"))).as("the breached webhook delivered: still open").isEmpty();
        assertThat(alert.onCommandOutcome(new StuckAlert.Clearing(breach, ended), new CommandOutcome.Succeeded(
                UUID.randomUUID(), "announce-breached", "{}"))).as("a late breached webhook does not end it").isEmpty();
        StuckAlert.Event delivered = alert.onCommandOutcome(new StuckAlert.Clearing(breach, ended),
                new CommandOutcome.Succeeded(UUID.randomUUID(), "announce-cleared", "{}")).orElseThrow();
        StuckAlert.State done = accepted(alert.decide(new StuckAlert.Clearing(breach, ended), delivered)).newState();
        assertThat(done).isEqualTo(new StuckAlert.Cleared(breach, ended));
        assertThat(done.isTerminal()).isTrue();
    }

    @Test
    void aBreachFoundAgainOrEndedTwiceIsRefusedAndChangesNothing() {
        assertThat(alert.decide(new StuckAlert.Open(breach), new StuckAlert.Breached(breach)))
                .isInstanceOf(Decision.Rejected.class);
        assertThat(alert.decide(new StuckAlert.Clearing(breach, Instant.EPOCH), new StuckAlert.ConditionEnded(Instant.EPOCH)))
                .isInstanceOf(Decision.Rejected.class);
        assertThat(alert.decide(new StuckAlert.New(), new StuckAlert.ConditionEnded(Instant.EPOCH)))
                .isInstanceOf(Decision.Rejected.class);
    }

    private static Decision.Accepted<StuckAlert.State> accepted(Decision<StuckAlert.State> d) {
        assertThat(d).isInstanceOf(Decision.Accepted.class);
        return (Decision.Accepted<StuckAlert.State>) d;
    }
}
