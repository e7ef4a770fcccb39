package io.finrelay.workflows.expense;

import io.finrelay.engine.workflow.Reading;
import io.finrelay.engine.workflow.Transition;
import io.finrelay.workflows.expense.ExpenseState.AwaitingRelease;
import io.finrelay.workflows.expense.ExpenseState.ClearingPayable;
import io.finrelay.workflows.expense.ExpenseState.Paying;
import io.finrelay.workflows.expense.ExpenseState.PaymentRejected;
import io.finrelay.workflows.expense.ExpenseState.Scheduling;
import java.util.List;
import java.util.Optional;

/**
 * What the bank account should show of a report's reimbursement, written by its transitions (see
 * {@link ExpenseReimbursement#project}) in the deciding transaction, so that reconciliation expects every
 * payment Finrelay makes: {@link Expected} when the obligation is sent to treasury (the transition that writes
 * the {@code create-obligation} command), {@link Released} once the payment has left for the bank, and
 * {@link Withdrawn} when it will not be made, so that nothing waits for a debit that never comes.
 */
public sealed interface ReimbursementPayment {

    /** The obligation sent to treasury: to be released before the bank can pay it. */
    record Expected(ExpenseCommands.Obligation obligation) implements ReimbursementPayment {}

    /** The payment of {@code obligationId} is released, by {@code releasedBy}; its debit may now be matched. */
    record Released(String obligationId, List<String> releasedBy) implements ReimbursementPayment {
        public Released {
            releasedBy = List.copyOf(releasedBy);
        }
    }

    /**
     * The payment of {@code obligationId} will not be made: the bank rejected or cancelled it (a new payment,
     * if any, is a new obligation), or the report was withdrawn before the payment was released. Nothing is
     * to be matched against it, nor forecast.
     */
    record Withdrawn(String obligationId) implements ReimbursementPayment {}

    /** Where the server writes it, in the deciding transaction (a failure is an unchecked DatabaseException). */
    interface Store {
        void write(Reading reading, ReimbursementPayment payment);
    }

    /**
     * What {@code t} says of the payment, if anything. Entering {@link Scheduling} is the one way an obligation
     * is made (a report posted, or a rejected payment reissued). A payment is released once treasury confirmed the
     * release or the bank reported on it: every transition out of {@link Paying} that stays paying or reaches
     * {@link ClearingPayable} (the treasury's confirmation, an interim or a settled status), and a confirmation that
     * came after the settlement ({@code ClearingPayable} to itself). It is withdrawn when the bank rejects it
     * ({@code Paying} to {@link PaymentRejected}) or the report is withdrawn before its release (from
     * {@code Scheduling} or {@link AwaitingRelease}); a report withdrawn while paying (an operator cancelled the
     * release command) keeps its item, since the payment may have left.
     */
    static Optional<ReimbursementPayment> of(Transition<ExpenseState> t) {
        if (t.to() instanceof Scheduling s && !(t.from() instanceof Scheduling)) {
            return Optional.of(new Expected(ExpenseDecisions.obligation(s.c())));
        }
        boolean released = t.from() instanceof Paying && (t.to() instanceof Paying || t.to() instanceof ClearingPayable)
                || t.from() instanceof ClearingPayable && t.to() instanceof ClearingPayable;
        if (released) {
            ExpenseCase c = ExpenseState.caseOf(t.to());
            return Optional.of(new Released(c.obligationId(), c.releasedBy()));
        }
        boolean withdrawn = t.from() instanceof Paying && t.to() instanceof PaymentRejected
                || (t.from() instanceof Scheduling || t.from() instanceof AwaitingRelease)
                && t.to() instanceof ExpenseState.Withdrawn;
        if (withdrawn) {
            // The obligation of the attempt the item was recorded for (ExpenseDecisions.obligation).
            return Optional.of(new Withdrawn(ExpenseState.caseOf(t.from()).nextObligationId()));
        }
        return Optional.empty();
    }
}
