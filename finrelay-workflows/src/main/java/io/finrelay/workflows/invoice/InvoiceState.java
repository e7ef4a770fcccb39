package io.finrelay.workflows.invoice;

import io.finrelay.engine.workflow.WorkflowState;
import io.finrelay.model.Money;
import io.finrelay.model.invoice.RuleViolation;
import io.finrelay.workflows.invoice.InvoiceReference.Lookup;
import io.finrelay.workflows.invoice.InvoiceReference.Policy;
import io.finrelay.workflows.invoice.InvoiceReference.Supplier;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Where a supplier invoice stands on its way to payment. Records; the terminal ones say so. */
public sealed interface InvoiceState extends WorkflowState {

    /**
     * Who cleared which hold so far: {@code bankDetailsConfirmedBy} confirmed that bank details on the
     * invoice that differ from the vendor master are the supplier's; {@code notDuplicateBy} found the
     * invoice is not a copy of an earlier one. Null: not cleared.
     */
    record Review(String bankDetailsConfirmedBy, String notDuplicateBy, String varianceAcceptedBy) {
        public static Review none() {
            return new Review(null, null, null);
        }
    }

    /**
     * Why an invoice waits for a person: a code (e.g. {@code bank-details-differ}) and a sentence with the
     * figures; a variance of the purchase-order match also gives them one by one ({@code figures}, else null).
     */
    record Hold(String code, String reason, Variance figures) {
        public static final String NO_POLICY = "no-ap-policy";
        public static final String UNKNOWN_SUPPLIER = "unknown-supplier";
        public static final String BANK_DETAILS_DIFFER = "bank-details-differ";
        public static final String POSSIBLE_DUPLICATE = "possible-duplicate";
        public static final String PO_NOT_FOUND = "po-not-found";
        public static final String PO_MISMATCH = "po-mismatch";
        public static final String PRICE_VARIANCE = "price-variance";
        public static final String QUANTITY_VARIANCE = "quantity-variance";

        public Hold {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(reason, "reason");
        }

        public Hold(String code, String reason) {
            this(code, reason, null);
        }

        /** A hold a person decides on (a review), not one fixed by correcting data and retrying. */
        public boolean review() {
            return code.equals(BANK_DETAILS_DIFFER) || code.equals(POSSIBLE_DUPLICATE) || variance();
        }

        /** A hold of the purchase-order match: the figures differ, a person accepts them or refuses the invoice. */
        public boolean variance() {
            return code.equals(PO_NOT_FOUND) || code.equals(PO_MISMATCH) || code.equals(PRICE_VARIANCE)
                    || code.equals(QUANTITY_VARIANCE);
        }
    }

    /**
     * A price or quantity variance of the purchase-order match, its figures side by side: the order's line
     * ({@code line}: its description, or null when the invoice was matched against the whole order), the
     * units ordered, received (the goods receipts), billed already by earlier invoices of the order, and
     * invoiced now, the order's unit price and the invoice's (net, in the invoice currency; for the whole
     * order, the averages), and the tenant's tolerance in percent for the figure that differs.
     */
    record Variance(String purchaseOrder, String line, java.math.BigDecimal ordered, java.math.BigDecimal received,
                    java.math.BigDecimal billedBefore, java.math.BigDecimal invoiced, java.math.BigDecimal orderUnitPrice,
                    java.math.BigDecimal invoiceUnitPrice, java.math.BigDecimal tolerancePercent) {}

    /** What the checks established: the supplier it is, the policy that applies, the holds cleared. */
    record Checked(Supplier supplier, Policy policy, Review review) {
        public Checked {
            Objects.requireNonNull(supplier, "supplier");
            Objects.requireNonNull(policy, "policy");
            Objects.requireNonNull(review, "review");
        }
    }

    /**
     * When and how much to pay, and why: the figures that decided for or against the early-payment
     * discount are in {@code reason} (and so in the timeline).
     */
    record PaymentPlan(LocalDate payOn, Money amount, boolean discountTaken, Money discount, String reason) {
        public PaymentPlan {
            Objects.requireNonNull(payOn, "payOn");
            Objects.requireNonNull(amount, "amount");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Before the invoice arrived. */
    record Received() implements InvoiceState {}

    /** The invoice breaks rules and is not paid; the findings name them. */
    record Invalid(InvoiceFacts f, List<RuleViolation> findings) implements InvoiceState {
        public Invalid {
            findings = List.copyOf(findings);
        }

        @Override
        public boolean isTerminal() {
            return true;
        }
    }

    /** Waits for a person: a review ({@link Hold#review()}) or master data to be corrected and the check retried. */
    record Held(InvoiceFacts f, Lookup lookup, Review review, Hold hold) implements InvoiceState {}

    /** Checked; the purchase order it names is being read from the ERP, to match the invoice against it. */
    record Matching(InvoiceFacts f, Lookup lookup, Checked c) implements InvoiceState {}

    /**
     * Checked; waits for {@code required} distinct approvers, of whom {@code approvedBy} have approved
     * (as shown: {@code "m.wolf for k.brandt"} when delegated). {@code route}: the approval rule that routed
     * the invoice when it entered approval (null in rows stored before rules existed: any one approver);
     * {@code approvals}: each approval that counts, with the roles it counts with.
     */
    record AwaitingApproval(InvoiceFacts f, Checked c, int required, List<String> approvedBy,
                            ApprovalRouting.Route route, List<ApprovalRouting.Approval> approvals) implements InvoiceState {
        public AwaitingApproval {
            approvedBy = List.copyOf(approvedBy);
            approvals = approvals == null ? approvedBy.stream().map(a -> new ApprovalRouting.Approval(a, null, List.of()))
                    .toList() : List.copyOf(approvals);
        }

        /** Waiting for any one approver (an invoice no approval rule routes). */
        public AwaitingApproval(InvoiceFacts f, Checked c, int required, List<String> approvedBy) {
            this(f, c, required, approvedBy, null, null);
        }

        /** The route, any one approver for rows stored before rules existed. */
        public ApprovalRouting.Route routed() {
            return route != null ? route : ApprovalRouting.Route.anyone("stored before approval rules");
        }

        AwaitingApproval with(ApprovalRouting.Approval approval, int required) {
            List<String> shown = new ArrayList<>(approvedBy);
            shown.add(approval.shown());
            List<ApprovalRouting.Approval> more = new ArrayList<>(approvals);
            more.add(approval);
            return new AwaitingApproval(f, c, required, shown, route, more);
        }
    }

    /** Approved; the invoice is being posted in the ERP (one outbox command). */
    record Posting(InvoiceFacts f, Checked c, List<String> approvedBy) implements InvoiceState {
        public Posting {
            approvedBy = List.copyOf(approvedBy);
        }
    }

    /**
     * A payment of the invoice in a payment run: the end-to-end id the bank's answers carry, the payee
     * and the account it is paid to ({@code iban}: sealed at rest like every IBAN), the amount, the
     * requested execution date, and the remittance text.
     */
    record Payment(String runId, String endToEndId, String payeeName, String iban, Money amount,
                   LocalDate executionDate, String remittance, List<String> creditNotes) {
        public Payment {
            Objects.requireNonNull(runId, "runId");
            Objects.requireNonNull(endToEndId, "endToEndId");
            Objects.requireNonNull(iban, "iban");
            Objects.requireNonNull(amount, "amount");
            creditNotes = creditNotes == null ? List.of() : List.copyOf(creditNotes);
        }
    }

    /**
     * Posted in the ERP ({@code erpRef}, the ERP's {@code erpNumber}, its {@code payableLine} when it
     * names one) and planned for payment: waits for
     * a payment run on or after {@code plan.payOn()}. {@code attempts}: payments tried so far (a
     * rejected one comes back here).
     */
    record Scheduled(InvoiceFacts f, Checked c, List<String> approvedBy, String erpRef, String erpNumber,
                     String payableLine, PaymentPlan plan, int attempts) implements InvoiceState {
        public Scheduled {
            approvedBy = List.copyOf(approvedBy);
        }
    }

    /** In a payment run: the pain.001 carries {@code payment}; waits for the bank's status. */
    record Paying(Scheduled s, Payment payment) implements InvoiceState {}

    /**
     * The bank rejected the payment ({@code reasonCode}, ISO 20022); an operator corrects what the
     * reason says (the payee's account, say) and retries: the invoice is scheduled again.
     */
    record PaymentRejected(Scheduled s, Payment payment, String reasonCode) implements InvoiceState {}

    /** A credit note settled by netting: a payment run took it off the supplier's invoice {@code againstInvoiceId}. */
    record Netted(Scheduled s, String runId, String againstInvoiceId, String againstNumber) implements InvoiceState {
        @Override
        public boolean isTerminal() {
            return true;
        }
    }

    /** The bank settled the payment ({@code bankRef}). The ERP's payable is cleared by the reconciliation (not wired yet). */
    record Paid(Scheduled s, Payment payment, String bankRef) implements InvoiceState {
        @Override
        public boolean isTerminal() {
            return true;
        }
    }

    /** Not paid: an approver or a reviewer refused it ({@code by}), for {@code reason}. */
    record Refused(InvoiceFacts f, String by, String reason) implements InvoiceState {
        @Override
        public boolean isTerminal() {
            return true;
        }
    }

    /** An operator cancelled the posting (booked by hand outside Finrelay, say). */
    record Cancelled(InvoiceFacts f, String by) implements InvoiceState {
        @Override
        public boolean isTerminal() {
            return true;
        }
    }
}
