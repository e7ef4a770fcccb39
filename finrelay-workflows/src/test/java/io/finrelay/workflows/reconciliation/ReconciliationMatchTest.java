package io.finrelay.workflows.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;

import io.finrelay.engine.workflow.CommandOutcome;
import io.finrelay.engine.workflow.Decision;
import io.finrelay.workflows.reconciliation.ReconciliationMatch.Clearing;
import io.finrelay.workflows.reconciliation.ReconciliationMatch.State;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ReconciliationMatchTest {
    private final ReconciliationMatch workflow = new ReconciliationMatch();
    private final ReconciliationMatch.Facts facts = new ReconciliationMatch.Facts("m-1",
            List.of(new ReconciliationMatch.LineRef("f-1", 3, 3, 1, new BigDecimal("412.80"), "EUR", "DEBIT", "BREF-3",
                    "2026-03-16")),
            List.of(new ReconciliationMatch.ItemRef("REIMB-OBL-1", "PAYABLE", null, new BigDecimal("412.80"), "EUR",
                    List.of("m.treasurer"))),
            BigDecimal.ZERO, "EUR", "NONE", "6855", "6880");

    /** The booking date of the bank's return (an AC04 on the statement of 2 December). */
    private static final LocalDate RETURNED_ON = LocalDate.of(2026, 12, 2);

    @Test
    void aSureMatchIsClearedWithoutAPersonByOneCommand() {
        Decision.Accepted<State> d = accepted(workflow.initialState(), new ReconciliationMatch.Proposed(facts, true));
        assertThat(d.newState()).isInstanceOf(Clearing.class);
        assertThat(d.commands()).singleElement().satisfies(c -> {
            assertThat(c.connector()).isEqualTo(ReconciliationMatch.ERP);
            assertThat(c.type()).isEqualTo(ReconciliationMatch.CLEAR_MATCH);
        });
    }

    @Test
    void aSuggestionWaitsAndASecondConfirmationIsRefusedSoTheClearingIsSentOnce() {
        State suggested = accepted(workflow.initialState(), new ReconciliationMatch.Proposed(facts, false)).newState();
        assertThat(suggested).isInstanceOf(ReconciliationMatch.Suggested.class);
        Decision.Accepted<State> confirmed = accepted(suggested, new ReconciliationMatch.Confirmed("a.controller"));
        assertThat(confirmed.commands()).hasSize(1);
        assertThat(workflow.decide(confirmed.newState(), new ReconciliationMatch.Confirmed("b.controller")))
                .isInstanceOf(Decision.Rejected.class);
    }

    @Test
    void whoReleasedThePaymentMayNotConfirmItsMatch() {
        State suggested = accepted(workflow.initialState(), new ReconciliationMatch.Proposed(facts, false)).newState();
        assertThat(workflow.decide(suggested, new ReconciliationMatch.Confirmed("m.treasurer")))
                .isInstanceOfSatisfying(Decision.Rejected.class, r -> assertThat(r.reason()).startsWith("segregation of duties"));
    }

    @Test
    void aReturnAfterTheClearingReversesItInTheErpByOneCommandBeforeTheMatchEnds() {
        State clearing = accepted(workflow.initialState(), new ReconciliationMatch.Proposed(facts, true)).newState();
        var done = workflow.onCommandOutcome(clearing, new CommandOutcome.Succeeded(UUID.randomUUID(),
                ReconciliationMatch.CLEAR_MATCH, "{\"clearingId\":\"REC-7\"}")).orElseThrow();
        State cleared = accepted(clearing, done).newState();
        assertThat(cleared).isEqualTo(new ReconciliationMatch.Cleared(facts, "auto", "REC-7"));

        Decision.Accepted<State> returned = accepted(cleared, new ReconciliationMatch.ReturnReported("AC04", RETURNED_ON));
        assertThat(returned.newState()).isEqualTo(new ReconciliationMatch.Reversing(facts, "REC-7", "AC04", RETURNED_ON));
        assertThat(returned.commands()).singleElement().satisfies(c -> {
            assertThat(c.connector()).isEqualTo(ReconciliationMatch.ERP);
            assertThat(c.type()).isEqualTo(ReconciliationMatch.REVERSE_CLEARING);
            assertThat(c.payload()).isEqualTo(new ReconciliationMatch.ReverseClearing("m-1", "REC-7", facts.items(), "AC04", RETURNED_ON));
        });
        assertThat(workflow.decide(returned.newState(), new ReconciliationMatch.ReturnReported("AC04", RETURNED_ON)))
                .isInstanceOf(Decision.Rejected.class);

        var reversed = workflow.onCommandOutcome(returned.newState(), new CommandOutcome.Succeeded(UUID.randomUUID(),
                ReconciliationMatch.REVERSE_CLEARING, "{\"reversalId\":\"REV-1\"}")).orElseThrow();
        State end = accepted(returned.newState(), reversed).newState();
        assertThat(end).isEqualTo(new ReconciliationMatch.Returned(facts, "AC04", "REV-1"));
        assertThat(end.isTerminal()).isTrue();
    }

    @Test
    void aReturnWhileTheClearingIsOnItsWayWaitsForTheErpAndReversesAClearingThatLandedAfterIt() {
        State clearing = accepted(workflow.initialState(), new ReconciliationMatch.Proposed(facts, true)).newState();
        State pending = accepted(clearing, new ReconciliationMatch.ReturnReported("MD06", RETURNED_ON)).newState();
        assertThat(pending).isInstanceOf(ReconciliationMatch.ReturnPending.class);

        var landed = workflow.onCommandOutcome(pending, new CommandOutcome.Succeeded(UUID.randomUUID(),
                ReconciliationMatch.CLEAR_MATCH, "{\"clearingId\":\"REC-9\"}")).orElseThrow();
        Decision.Accepted<State> reversing = accepted(pending, landed);
        assertThat(reversing.newState()).isEqualTo(new ReconciliationMatch.Reversing(facts, "REC-9", "MD06", RETURNED_ON));
        assertThat(reversing.commands()).singleElement()
                .satisfies(c -> assertThat(c.type()).isEqualTo(ReconciliationMatch.REVERSE_CLEARING));

        var givenUp = workflow.onCommandOutcome(pending, new CommandOutcome.Cancelled(UUID.randomUUID(),
                ReconciliationMatch.CLEAR_MATCH, "op", "never cleared")).orElseThrow();
        Decision.Accepted<State> nothingToUndo = accepted(pending, givenUp);
        assertThat(nothingToUndo.newState()).isEqualTo(new ReconciliationMatch.Returned(facts, "MD06", null));
        assertThat(nothingToUndo.commands()).isEmpty();
    }

    @Test
    void aRejectedSuggestionEndsAndAGivenUpClearingWaitsForAPersonAgain() {
        State suggested = accepted(workflow.initialState(), new ReconciliationMatch.Proposed(facts, false)).newState();
        assertThat(accepted(suggested, new ReconciliationMatch.RejectedBy("a.controller", "other invoice")).newState()
                .isTerminal()).isTrue();
        State clearing = accepted(suggested, new ReconciliationMatch.Confirmed("a.controller")).newState();
        var cancelled = workflow.onCommandOutcome(clearing, new CommandOutcome.Cancelled(UUID.randomUUID(),
                ReconciliationMatch.CLEAR_MATCH, "op", "cleared by hand")).orElseThrow();
        assertThat(accepted(clearing, cancelled).newState()).isInstanceOf(ReconciliationMatch.Suggested.class);
    }

    private Decision.Accepted<State> accepted(State state, ReconciliationMatch.Event event) {
        Decision<State> d = workflow.decide(state, event);
        assertThat(d).isInstanceOf(Decision.Accepted.class);
        return (Decision.Accepted<State>) d;
    }
}
