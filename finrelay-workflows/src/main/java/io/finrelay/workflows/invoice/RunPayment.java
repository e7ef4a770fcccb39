package io.finrelay.workflows.invoice;

import io.finrelay.engine.workflow.Reading;
import io.finrelay.engine.workflow.Transition;
import io.finrelay.workflows.invoice.InvoiceState.Paying;
import io.finrelay.workflows.invoice.InvoiceState.PaymentRejected;
import java.util.Optional;

/**
 * What the bank account should show of a payment run's supplier payments, written by the workflows' transitions in
 * their deciding transaction (as {@link io.finrelay.workflows.expense.ReimbursementPayment} is for reimbursements),
 * so that reconciliation expects every payment a run makes and no payment that will not be made: {@link Expected}
 * when a run opens (the transition that writes its one {@link PaymentRun#SEND_FILE} command), {@link Withdrawn}
 * when the bank rejects or cancels one of its payments (the invoice, retried, is paid under a new end-to-end id).
 */
public sealed interface RunPayment {

    /** The run's file is to be sent: each line a debit of the run's account, released by the run's releaser. */
    record Expected(PaymentRun.PaymentFile file) implements RunPayment {}

    /** The payment with {@code endToEndId} will not be made: nothing is to be matched against it, nor forecast. */
    record Withdrawn(String endToEndId) implements RunPayment {}

    /** Where the server writes it, in the deciding transaction (a failure is an unchecked DatabaseException). */
    interface Store {
        void write(Reading reading, RunPayment payment);
    }

    /** A run's payments are expected when it opens (New to Sending); nothing else of a run changes them. */
    static Optional<RunPayment> ofRun(Transition<PaymentRun.State> t) {
        return t.from() instanceof PaymentRun.New && t.to() instanceof PaymentRun.Sending s
                ? Optional.of(new Expected(s.file())) : Optional.empty();
    }

    /**
     * An invoice's payment is withdrawn when it leaves {@link Paying} for {@link PaymentRejected}: the bank rejected
     * or cancelled it, or returned it before its status came. A returned payment was made (its debit booked): its
     * item is matched, which a withdrawal leaves as it is, and reconciliation marks it returned.
     */
    static Optional<RunPayment> ofInvoice(Transition<InvoiceState> t) {
        return t.from() instanceof Paying p && t.to() instanceof PaymentRejected
                ? Optional.of(new Withdrawn(p.payment().endToEndId())) : Optional.empty();
    }
}
