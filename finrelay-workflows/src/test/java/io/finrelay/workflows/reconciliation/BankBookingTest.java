package io.finrelay.workflows.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;

import io.finrelay.engine.workflow.CommandOutcome;
import io.finrelay.engine.workflow.Decision;
import io.finrelay.workflows.reconciliation.BankBooking.State;
import java.math.BigDecimal;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class BankBookingTest {
    private final BankBooking workflow = new BankBooking();
    private final BankBooking.Line charge = new BankBooking.Line("f-1:13", "DE02120300000000202051", "2026-03-16",
            new BigDecimal("12.50"), "EUR", "DEBIT", "20260316000013", "Kontofuehrungsentgelt 02/2026", "Bank charges",
            "6855", "CC-100");

    @Test
    void aLineBookedByARuleIsPostedToTheErpByOneCommandAndASecondHandOverIsRefused() {
        Decision.Accepted<State> booked = accepted(workflow.initialState(), new BankBooking.Booked(charge));
        assertThat(booked.newState()).isEqualTo(new BankBooking.Posting(charge));
        assertThat(booked.commands()).singleElement().satisfies(c -> {
            assertThat(c.connector()).isEqualTo(BankBooking.ERP);
            assertThat(c.type()).isEqualTo(BankBooking.POST_BANK_BOOKING);
            assertThat(c.payload()).isEqualTo(charge);
        });
        State posting = new BankBooking.Posting(charge);
        assertThat(workflow.decide(posting, new BankBooking.Booked(charge))).isInstanceOf(Decision.Rejected.class);

        var done = workflow.onCommandOutcome(posting, new CommandOutcome.Succeeded(UUID.randomUUID(),
                BankBooking.POST_BANK_BOOKING, "{\"journalRef\":\"BB-1\"}")).orElseThrow();
        assertThat(accepted(posting, done).newState()).isEqualTo(new BankBooking.Posted(charge, "BB-1"));
    }

    @Test
    void aBookingAnOperatorCancelledEndsWithoutAJournal() {
        State posting = new BankBooking.Posting(charge);
        var cancelled = workflow.onCommandOutcome(posting, new CommandOutcome.Cancelled(UUID.randomUUID(),
                BankBooking.POST_BANK_BOOKING, "a.controller", "booked by hand")).orElseThrow();
        Decision.Accepted<State> end = accepted(posting, cancelled);
        assertThat(end.newState()).isEqualTo(new BankBooking.Cancelled(charge, "a.controller"));
        assertThat(end.newState().isTerminal()).isTrue();
        assertThat(end.commands()).isEmpty();
    }

    @SuppressWarnings("unchecked")
    private Decision.Accepted<State> accepted(State state, BankBooking.Event event) {
        Decision<State> d = workflow.decide(state, event);
        assertThat(d).isInstanceOf(Decision.Accepted.class);
        return (Decision.Accepted<State>) d;
    }
}
