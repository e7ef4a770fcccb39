package io.finrelay.workflows.card;

import static org.assertj.core.api.Assertions.assertThat;

import io.finrelay.engine.workflow.CommandOutcome;
import io.finrelay.engine.workflow.CommandRequest;
import io.finrelay.engine.workflow.Decision;
import io.finrelay.engine.workflow.WorkflowState;
import io.finrelay.model.ledger.JournalEntry;
import io.finrelay.model.ledger.JournalLine;
import io.finrelay.model.ledger.Side;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The card reminder and the month-end accrual as pure state machines, and the accrual's journals. */
class CardFollowUpTest {
    private static final String TENANT = "7c0e4a52-1b7d-4f2e-9a61-3d5b8c9e0f12";
    private static final String ENTITY = "2d8f6a10-5c3b-4e9a-8f71-6b4c2d1e0a93";

    private static CardAccrual.Accrual november() {
        return new CardAccrual.Accrual(TENANT, ENTITY, "2026-11", "6890", "2040", List.of(
                new CardAccrual.Item("VCF-0002", "4111********1111", "E-1001", "HOTEL ADLON KEMPINSKI",
                        LocalDate.of(2026, 11, 5), new BigDecimal("389.00"), "EUR"),
                new CardAccrual.Item("VCF-0005", "4111********1111", "E-1001", "APPLE STORE #R095 NEW YORK",
                        LocalDate.of(2026, 11, 10), new BigDecimal("1161.57"), "EUR"),
                new CardAccrual.Item("VCF-0009", "5500********0004", "E-1002", "HOTEL ADLON KEMPINSKI",
                        LocalDate.of(2026, 11, 6), new BigDecimal("-35.00"), "EUR")));
    }

    private static <S extends WorkflowState> S next(Decision<S> decision) {
        if (decision instanceof Decision.Accepted<S> accepted) {
            return accepted.newState();
        }
        throw new AssertionError("rejected: " + decision);
    }

    private static <S extends WorkflowState> List<CommandRequest> commands(Decision<S> decision) {
        if (decision instanceof Decision.Accepted<S> accepted) {
            return accepted.commands();
        }
        throw new AssertionError("rejected: " + decision);
    }

    @Test
    void theAccrualDebitsEachChargeOnTheLastDayAndItsReversalMirrorsItOnTheFirstDayOfTheNextMonth() {
        JournalEntry accrual = CardAccrual.journal(november(), false);
        JournalEntry reversal = CardAccrual.journal(november(), true);
        assertThat(accrual.bookingDate()).isEqualTo(LocalDate.of(2026, 11, 30));
        assertThat(reversal.bookingDate()).isEqualTo(LocalDate.of(2026, 12, 1));
        assertThat(accrual.lines()).hasSize(4);
        JournalLine liability = accrual.lines().getLast();
        assertThat(liability.account().value()).isEqualTo("2040");
        assertThat(liability.side()).isEqualTo(Side.CREDIT);
        // 389.00 + 1161.57 - 35.00 (a refund credits the expense account)
        assertThat(liability.amount().amount()).isEqualByComparingTo("1515.57");
        assertThat(accrual.lines().get(2).side()).isEqualTo(Side.CREDIT);
        assertThat(accrual.lines().getFirst().memo()).contains("VCF-0002");
        for (int i = 0; i < accrual.lines().size(); i++) {
            assertThat(reversal.lines().get(i).side()).isNotEqualTo(accrual.lines().get(i).side());
            assertThat(reversal.lines().get(i).amount()).isEqualTo(accrual.lines().get(i).amount());
        }
        // The same accrual is always the same journal, and its reversal another one.
        assertThat(CardAccrual.journal(november(), false).id()).isEqualTo(accrual.id());
        assertThat(reversal.id()).isNotEqualTo(accrual.id());
    }

    @Test
    void aClosedMonthSendsBothJournalsInOrderAndIsPostedOnceBothAreIn() {
        CardAccrual workflow = new CardAccrual();
        Decision<CardAccrual.State> closed = workflow.decide(new CardAccrual.New(), new CardAccrual.MonthClosed(november()));
        assertThat(commands(closed)).hasSize(2);
        assertThat(next(closed)).isInstanceOf(CardAccrual.Posting.class);
        CardAccrual.State posting = next(closed);
        var first = workflow.onCommandOutcome(posting, new CommandOutcome.Succeeded(UUID.randomUUID(), "post-journal",
                "{\"erpRef\": \"MOVE-88\"}")).orElseThrow();
        CardAccrual.State half = next(workflow.decide(posting, first));
        assertThat(half).isInstanceOf(CardAccrual.Posting.class);
        var second = workflow.onCommandOutcome(half, new CommandOutcome.Succeeded(UUID.randomUUID(), "post-journal",
                "{\"erpRef\": \"MOVE-89\"}")).orElseThrow();
        CardAccrual.State done = next(workflow.decide(half, second));
        assertThat(done).isEqualTo(new CardAccrual.Posted(november(), List.of("MOVE-88", "MOVE-89")));
        assertThat(workflow.decide(done, new CardAccrual.MonthClosed(november()))).isInstanceOf(Decision.Rejected.class);
    }

    @Test
    void aReminderIsSentOnceAndAnotherFindingOfTheSameTransactionIsRefused() {
        CardReminder workflow = new CardReminder();
        CardReminder.Reminder reminder = new CardReminder.Reminder("VCF-0002", "E-1001", "Anna Keller",
                "4111********1111", "HOTEL ADLON KEMPINSKI", LocalDate.of(2026, 11, 5), new BigDecimal("389.00"), "EUR",
                LocalDate.of(2026, 11, 20));
        Decision<CardReminder.State> sent = workflow.decide(new CardReminder.New(), new CardReminder.GraceExpired(reminder));
        assertThat(commands(sent)).hasSize(1);
        CardReminder.State reminding = next(sent);
        assertThat(workflow.decide(reminding, new CardReminder.GraceExpired(reminder))).isInstanceOf(Decision.Rejected.class);
        var delivered = workflow.onCommandOutcome(reminding, new CommandOutcome.Succeeded(UUID.randomUUID(),
                "card-reminder", "{}")).orElseThrow();
        assertThat(next(workflow.decide(reminding, delivered)).isTerminal()).isTrue();
    }
}
