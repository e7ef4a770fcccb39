package io.finrelay.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.finrelay.engine.fixtures.PaymentFlow;
import io.finrelay.engine.json.SealedCodec;
import io.finrelay.engine.workflow.CommandOutcome;
import io.finrelay.engine.workflow.Decision;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A workflow is a pure function: it is tested without a database, event by event. */
class PaymentFlowTest {
    private final PaymentFlow flow = new PaymentFlow();

    @Test
    void anApprovedInvoicePostsItsJournalFirst() {
        Decision<PaymentFlow.State> decision = flow.decide(new PaymentFlow.New(),
                new PaymentFlow.InvoiceApproved("INV-1", "Acme Supplies", "100.00", null));

        var accepted = (Decision.Accepted<PaymentFlow.State>) decision;
        assertThat(accepted.newState()).isEqualTo(new PaymentFlow.Posting("INV-1", "100.00"));
        assertThat(accepted.commands()).singleElement()
                .satisfies(c -> assertThat(c.type()).isEqualTo("post-journal"));
    }

    @Test
    void anInvoiceDueLaterSetsATimerInsteadOfACommand() {
        Instant due = Instant.parse("2026-12-01T00:00:00Z");
        var accepted = (Decision.Accepted<PaymentFlow.State>) flow.decide(new PaymentFlow.New(),
                new PaymentFlow.InvoiceApproved("INV-2", "Acme Supplies", "100.00", due));

        assertThat(accepted.commands()).isEmpty();
        assertThat(accepted.timers()).singleElement().satisfies(t -> assertThat(t.dueAt()).isEqualTo(due));
    }

    @Test
    void anEventThatDoesNotFitIsRejectedWithAReason() {
        Decision<PaymentFlow.State> decision = flow.decide(new PaymentFlow.New(), new PaymentFlow.PaymentSent("X"));

        assertThat(decision).isEqualTo(Decision.reject("PaymentSent does not apply in state New"));
    }

    @Test
    void aCommandOutcomeBecomesTheWorkflowsOwnEvent() {
        var outcome = new CommandOutcome.Succeeded(UUID.randomUUID(), "post-journal", "{\"reference\":\"JE-9\"}");

        assertThat(flow.onCommandOutcome(new PaymentFlow.Posting("INV-1", "1.00"), outcome))
                .contains(new PaymentFlow.JournalPosted("JE-9"));
    }

    @Test
    void statesSurviveTheirJsonRoundTripByName() {
        SealedCodec<PaymentFlow.State> codec = new SealedCodec<>(PaymentFlow.State.class);
        PaymentFlow.State state = new PaymentFlow.Paying("INV-7", "12.30", "JE-1");

        assertThat(codec.read(codec.nameOf(state), codec.write(state))).isEqualTo(state);
        assertThat(codec.write(new PaymentFlow.Paid("INV-7", "JE-1", "PAY-1"))).doesNotContain("terminal");
        assertThat(codec.knows("Unknown")).isFalse();
    }
}
