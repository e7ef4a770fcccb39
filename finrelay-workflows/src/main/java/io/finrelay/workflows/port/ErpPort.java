package io.finrelay.workflows.port;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What Finrelay's workflows need from a tenant's ERP, in canonical model terms. One instance talks to
 * one tenant's ERP. Every method may throw {@link ErpException}, whose {@link ErpError} says whether to
 * retry, look up, or hand the case to an operator; per-item outcomes of batch calls are reported in
 * their results instead.
 *
 * <p>ERPs without idempotency keys (Tryton) are made safe by tagging every record Finrelay creates
 * with the command id that created it, and by looking it up ({@link #findJournal}) after any unknown
 * outcome before creating it again.
 */
public interface ErpPort {

    // ---- master data ---------------------------------------------------------------------------

    /** Companies, parties, accounts, taxes, periods and journals changed at or after {@code since}. */
    MasterData pullMasterData(Watermark since);

    // ---- ledger --------------------------------------------------------------------------------

    /**
     * Creates and posts the entries, as few calls as the ERP allows. The results come in the order of
     * {@code postings}, one per posting; a posting the ERP refuses fails alone, the others still post.
     * It does not look for earlier postings of the same command id (that would cost a search per
     * batch): after an {@link ErpError.OutcomeUnknown} the caller asks {@link #findJournal} first.
     */
    List<PostResult> postJournals(List<JournalPosting> postings);

    /**
     * The posted entry that carries this command id, if the ERP has one. An entry created but left
     * unposted (the answer to the post call was lost) is removed, so that posting again is safe, and
     * reported as not found.
     */
    Optional<PostedJournal> findJournal(UUID commandId);

    /**
     * Clears the payable a posted journal booked, now that it is paid: the ERP's own way of marking it
     * settled (Tryton: a clearing move against the clearing account, reconciled with the payable line).
     * Idempotent: the clearing already made for this command id is returned instead of a second one.
     * An ERP that cannot clear payables says so as a permanent error (an operator clears by hand).
     */
    default ClearedPayable clearPayable(PayableClearing clearing) {
        throw new ErpException(new ErpError.Permanent("this ERP connector cannot clear payables; clear journal "
                + clearing.journalRef() + " by hand and resolve the step"));
    }

    // ---- invoice to pay ------------------------------------------------------------------------

    /** Creates and posts a supplier invoice (or returns the one already posted for its command id). */
    PostedInvoice postSupplierInvoice(SupplierInvoice invoice);

    /** Open payable lines, optionally of one supplier, with what is still to pay on each. */
    List<OpenItem> payableLines(Optional<String> vendorRef);

    /** Creates payments in the tenant's payment journal and approves them; returns their references. */
    List<Payment> createApprovedPayments(List<PaymentRequest> requests);

    /** Processes approved payments into one bank file (SEPA pain.001) and returns it as generated. */
    PaymentFile processPayments(List<String> paymentRefs);

    /** Records the bank's verdict on processed payments. */
    List<Payment> markPayments(List<String> paymentRefs, boolean succeeded);

    /** The payments as the ERP holds them now. */
    List<Payment> payments(List<String> paymentRefs);

    // ---- order to cash -------------------------------------------------------------------------

    /** A customer's credit limit, the credit amount counted against it, and the open receivables. */
    CreditExposure creditExposure(String customerRef);

    /** Open receivable lines, optionally of one customer, with what is still due on each. */
    List<OpenItem> receivableLines(Optional<String> customerRef);

    /** Sale opportunities changed at or after {@code since}. */
    List<Opportunity> opportunities(Watermark since);

    /** Changes an opportunity and returns it as the ERP holds it afterwards. */
    Opportunity updateOpportunity(String opportunityRef, Opportunity.Update update);

    // ---- invoice to pay: purchase orders and goods receipts (2- and 3-way match) ---------------

    /**
     * The confirmed purchase order of this number with what its goods receipts took in so far, or
     * empty when the ERP has no such order (none of that number, or one not confirmed: a draft,
     * a quotation or a cancelled order is no order to match against).
     */
    default Optional<PurchaseOrder> purchaseOrder(String number) {
        throw new ErpException(new ErpError.Permanent("this ERP connector cannot read purchase orders; resolve the "
                + "step with the order as {\"found\": true, \"purchaseOrder\": {...}} or turn matching off"));
    }
}
