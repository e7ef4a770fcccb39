package io.finrelay.workflows.invoice;

import io.finrelay.engine.workflow.WorkflowEvent;
import io.finrelay.model.invoice.RuleViolation;
import io.finrelay.workflows.governance.Actor;
import io.finrelay.workflows.governance.DutyPolicy;
import io.finrelay.workflows.invoice.InvoiceReference.Cash;
import io.finrelay.workflows.invoice.InvoiceReference.Lookup;
import io.finrelay.model.bank.PaymentStatus;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * What happens to a supplier invoice, in the past tense. The fields a caller never sends (the
 * {@code lookup}, the cash position, today's date) are filled by {@code InvoiceToPay.enrich} from the
 * node's tables in the deciding transaction.
 */
public sealed interface InvoiceEvent extends WorkflowEvent {

    /** The intake took the invoice in; {@code findings}: the rules it broke (empty when none). */
    record Arrived(InvoiceFacts f, List<RuleViolation> findings, Lookup lookup) implements InvoiceEvent {
        public Arrived {
            findings = List.copyOf(findings);
        }

        public Arrived(InvoiceFacts f, List<RuleViolation> findings) {
            this(f, findings, null);
        }
    }

    /** An operator retried a held invoice after correcting master data or the AP policy. */
    record Rechecked(Lookup lookup) implements InvoiceEvent {}

    /**
     * A person decided on a hold: {@code release} true lets the invoice go on (the bank details are the
     * supplier's; it is not a duplicate; the master data is corrected), false refuses it.
     */
    record HoldReviewed(Actor reviewer, boolean release, String note, Lookup lookup) implements InvoiceEvent {
        public HoldReviewed(Actor reviewer, boolean release, String note) {
            this(reviewer, release, note, null);
        }
    }

    /**
     * The ERP's purchase order the invoice names ({@code po} null: the ERP has none of that number), and
     * what the tenant's earlier invoices of that order billed ({@code billed}, read when this is decided).
     */
    record PurchaseOrderRead(io.finrelay.workflows.invoice.InvoiceReference.PurchaseOrder po,
                             List<InvoiceReference.Billed> billed) implements InvoiceEvent {
        public PurchaseOrderRead {
            billed = billed == null ? List.of() : List.copyOf(billed);
        }

        public PurchaseOrderRead(InvoiceReference.PurchaseOrder po) {
            this(po, List.of());
        }
    }

    /**
     * An approver approved the invoice for payment, under the tenant's duty policy, for {@code onBehalfOf}
     * when they say so (null: in their own right, or through a delegation to them). {@code delegations}
     * (those to the approver) and {@code today} are read when this is decided.
     */
    record Approved(Actor approver, DutyPolicy policy, String onBehalfOf, List<ApprovalRouting.Delegation> delegations,
                    LocalDate today) implements InvoiceEvent {
        public Approved {
            delegations = delegations == null ? List.of() : List.copyOf(delegations);
        }

        public Approved(Actor approver, DutyPolicy policy) {
            this(approver, policy, null, List.of(), null);
        }
    }

    /** An approver refused the invoice. */
    record ApprovalRefused(Actor approver, String reason) implements InvoiceEvent {}

    /**
     * The ERP posted the invoice ({@code payableLine}: the ERP's line of the amount owed, which the
     * payment clears, when it names one); {@code cash} and {@code today} are read when this is decided.
     */
    record PostingDone(String erpRef, String erpNumber, String payableLine, Cash cash, LocalDate today)
            implements InvoiceEvent {
        public PostingDone(String erpRef, String erpNumber, String payableLine) {
            this(erpRef, erpNumber, payableLine, null, null);
        }
    }

    /**
     * A payment run on {@code executionDate} takes the invoice (the server's run, under the treasurer's
     * release), less the supplier's credit notes the run nets against it.
     */
    record PaymentRunAssigned(String runId, LocalDate executionDate, List<Credit> credits) implements InvoiceEvent {
        public PaymentRunAssigned {
            credits = credits == null ? List.of() : List.copyOf(credits);
        }

        public PaymentRunAssigned(String runId, LocalDate executionDate) {
            this(runId, executionDate, List.of());
        }
    }

    /** A credit note of the supplier netted against a payment: its id, number and amount. */
    record Credit(String creditNoteId, String number, io.finrelay.model.Money amount) {}

    /** A payment run nets this credit note against the supplier's invoice {@code againstInvoiceId}. */
    record CreditApplied(String runId, String againstInvoiceId, String againstNumber) implements InvoiceEvent {}

    /** The bank's status of the invoice's payment (a pain.002 transaction status). */
    record PaymentStatusReported(String endToEndId, PaymentStatus status, String reasonCode, String bankRef,
                                 Instant at) implements InvoiceEvent {}

    /**
     * The bank booked the payment back (a return on a statement, {@code reasonCode} ISO 20022), also
     * after the invoice was paid: the money is back on the house account and the supplier unpaid.
     */
    record PaymentReturned(String endToEndId, String reasonCode, String bankRef, Instant at) implements InvoiceEvent {}

    /** An operator retried a rejected payment: the invoice waits for the next run. */
    record PaymentRetried() implements InvoiceEvent {}

    /** An operator cancelled the posting step. */
    record PostingCancelled(String actor) implements InvoiceEvent {}
}
