package io.finrelay.workflows.expense;

import static org.assertj.core.api.Assertions.assertThat;

import io.finrelay.engine.workflow.Decision;
import io.finrelay.engine.workflow.Transition;
import io.finrelay.model.bank.PaymentStatus;
import io.finrelay.workflows.expense.ExpenseCommands.Obligation;
import io.finrelay.workflows.expense.ExpenseEvent.*;
import io.finrelay.workflows.expense.ExpenseState.*;
import io.finrelay.workflows.expense.ReimbursementPayment.Expected;
import io.finrelay.workflows.expense.ReimbursementPayment.Released;
import io.finrelay.workflows.expense.ReimbursementPayment.Withdrawn;
import io.finrelay.workflows.governance.Actor;
import io.finrelay.workflows.governance.DutyPolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What each transition tells reconciliation of the report's payment: it expects exactly what treasury is sent. */
class ReimbursementPaymentTest {
    private static final ExpenseReimbursement FLOW = new ExpenseReimbursement();
    private static final Instant AT = Instant.parse("2026-03-02T09:16:00Z");
    private static final ReleaseRequested BY_BERGER = new ReleaseRequested(new Actor("t.berger", List.of("treasurer")),
            DutyPolicy.defaults(), null, AT);

    private final List<ReimbursementPayment> told = new ArrayList<>();
    private ExpenseState state = FLOW.initialState();

    @Test
    void theObligationSentToTreasuryIsExpectedAndItsReleaseIsToldOnceTreasuryConfirmsIt() {
        Decision.Accepted<ExpenseState> scheduled = step(new ReportApproved(Samples.claim(), Samples.reference()),
                new JournalPosted("move-17", "JE-2026-0017"));
        assertThat(told).as("the expected payment is the obligation command's payload, the same record")
                .containsExactly(new Expected((Obligation) scheduled.commands().getFirst().payload()));
        Expected expected = (Expected) told.getFirst();
        assertThat(expected.obligation().obligationId()).isEqualTo("ER-2026-0001-P1");
        assertThat(expected.obligation().amount()).isEqualByComparingTo("333.00");

        step(new PaymentScheduled("ER-2026-0001-P1", "RUN-2026-03-03"), BY_BERGER);
        assertThat(told).as("asking treasury to release is not yet a released payment").hasSize(1);
        step(new PaymentReleased("PAY-1"));
        assertThat(told).last().isEqualTo(new Released("ER-2026-0001-P1", List.of("t.berger")));

        step(new PaymentStatusReported("ER-2026-0001-P1", PaymentStatus.SETTLED, null, "BNK-1", AT),
                new PayableCleared("CLR-1"), new StatusDelivered());
        assertThat(told).as("the settlement repeats the release (a no-op where it was told); nothing after it")
                .hasSize(3).last().isEqualTo(new Released("ER-2026-0001-P1", List.of("t.berger")));
    }

    @Test
    void aSettlementThatOvertakesTreasurysConfirmationStillReleasesTheItemAndARejectionWithdrawsIt() {
        step(new ReportApproved(Samples.claim(), Samples.reference()), new JournalPosted("move-17", "JE-2026-0017"),
                new PaymentScheduled("ER-2026-0001-P1", "RUN-2026-03-03"), BY_BERGER);
        told.clear();
        step(new PaymentStatusReported("ER-2026-0001-P1", PaymentStatus.SETTLED, null, "BNK-1", AT));
        assertThat(told).containsExactly(new Released("ER-2026-0001-P1", List.of("t.berger")));

        state = FLOW.initialState();
        step(new ReportApproved(Samples.claim(), Samples.reference()), new JournalPosted("move-17", "JE-2026-0017"),
                new PaymentScheduled("ER-2026-0001-P1", "RUN-2026-03-03"), BY_BERGER);
        told.clear();
        step(new PaymentStatusReported("ER-2026-0001-P1", PaymentStatus.REJECTED, "AC04", "BNK-9", AT));
        assertThat(told).as("a rejected payment is not paid: no debit is to be expected of it")
                .containsExactly(new Withdrawn("ER-2026-0001-P1"));
        told.clear();
        Decision.Accepted<ExpenseState> reissued = step(new PaymentRetried(Samples.reference()));
        assertThat(told).as("the reissued payment is a new obligation, expected anew")
                .containsExactly(new Expected((Obligation) reissued.commands().getFirst().payload()));
        assertThat(((Expected) told.getFirst()).obligation().obligationId()).isEqualTo("ER-2026-0001-P2");
    }

    @Test
    void aReportWithdrawnBeforeItsReleaseWithdrawsItsItemButOneWithdrawnWhilePayingKeepsIt() {
        step(new ReportApproved(Samples.claim(), Samples.reference()), new JournalPosted("move-17", "JE-2026-0017"));
        told.clear();
        step(new StepCancelled("create-obligation", "o.pohl"));
        assertThat(state).isInstanceOf(ExpenseState.Withdrawn.class);
        assertThat(told).as("cancelled while treasury was asked for the obligation")
                .containsExactly(new Withdrawn("ER-2026-0001-P1"));

        state = FLOW.initialState();
        step(new ReportApproved(Samples.claim(), Samples.reference()), new JournalPosted("move-17", "JE-2026-0017"),
                new PaymentScheduled("ER-2026-0001-P1", "RUN-2026-03-03"));
        told.clear();
        step(new StepCancelled("release-payment", "o.pohl"));
        assertThat(told).as("cancelled while it waited for its release").containsExactly(new Withdrawn("ER-2026-0001-P1"));

        state = FLOW.initialState();
        step(new ReportApproved(Samples.claim(), Samples.reference()), new JournalPosted("move-17", "JE-2026-0017"),
                new PaymentScheduled("ER-2026-0001-P1", "RUN-2026-03-03"), BY_BERGER);
        told.clear();
        step(new StepCancelled("release-payment", "o.pohl"));
        assertThat(state).isInstanceOf(ExpenseState.Withdrawn.class);
        assertThat(told).as("the release may have reached the bank: its debit may still come").isEmpty();
    }

    @Test
    void aReportPaidWhollyByCompanyCardExpectsNoPayment() {
        step(new ReportApproved(Samples.companyPaidClaim(), Samples.reference()), new JournalPosted("move-19", "JE-2026-0019"),
                new StatusDelivered());
        assertThat(state).isInstanceOf(PaidByCompany.class);
        assertThat(told).isEmpty();
    }

    /** Applies each event in turn, as the engine would, and collects what each transition projects; the last decision. */
    private Decision.Accepted<ExpenseState> step(ExpenseEvent... events) {
        Decision.Accepted<ExpenseState> last = null;
        for (ExpenseEvent event : events) {
            Decision<ExpenseState> decision = FLOW.decide(state, event);
            assertThat(decision).as(event + " in " + state.name()).isInstanceOf(Decision.Accepted.class);
            last = (Decision.Accepted<ExpenseState>) decision;
            Optional<ReimbursementPayment> payment = ReimbursementPayment.of(new Transition<>(UUID.randomUUID(),
                    "ER-2026-0001", state, last.newState()));
            payment.ifPresent(told::add);
            state = last.newState();
        }
        return last;
    }
}
