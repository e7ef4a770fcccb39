package io.finrelay.workflows.expense;

import io.finrelay.engine.workflow.Reading;
import io.finrelay.engine.workflow.Transition;
import io.finrelay.workflows.expense.ExpenseState.ClearingPayable;
import io.finrelay.workflows.expense.ExpenseState.Paying;
import io.finrelay.workflows.expense.ExpenseState.Scheduling;
import java.util.List;
import java.util.Optional;

/**
 * What the bank account should show of a report's reimbursement, written by its transitions (see
 * {@link ExpenseReimbursement#project}) in the deciding transaction, so that reconciliation expects every
 * payment Finrelay makes: {@link Expected} when the obligation is sent to treasury (the transition that writes
 * the {@code create-obligation} command), {@link Released} once the payment has left for the bank.
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

    /** Where the server writes it, in the deciding transaction (a failure is an unchecked DatabaseException). */
    interface Store {
        void write(Reading reading, ReimbursementPayment payment);
    }

    /**
     * What {@code t} says of the payment, if anything. Entering {@link Scheduling} is the one way an obligation
     * is made (a report posted, or a rejected payment reissued). A payment is released once treasury confirmed the
     * release or the bank reported on it: every transition out of {@link Paying} that stays paying or reaches
     * {@link ClearingPayable} (the treasury's confirmation, an interim or a settled status), and a confirmation that
     * came after the settlement ({@code ClearingPayable} to itself). A rejection leaves the item as it is.
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
        return Optional.empty();
    }
}
