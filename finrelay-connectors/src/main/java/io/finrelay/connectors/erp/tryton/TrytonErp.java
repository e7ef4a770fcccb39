package io.finrelay.connectors.erp.tryton;

import io.finrelay.model.Money;
import io.finrelay.workflows.port.ClearedPayable;
import io.finrelay.workflows.port.CreditExposure;
import io.finrelay.workflows.port.ErpPort;
import io.finrelay.workflows.port.JournalPosting;
import io.finrelay.workflows.port.MasterData;
import io.finrelay.workflows.port.OpenItem;
import io.finrelay.workflows.port.Opportunity;
import io.finrelay.workflows.port.PayableClearing;
import io.finrelay.workflows.port.Payment;
import io.finrelay.workflows.port.PaymentFile;
import io.finrelay.workflows.port.PaymentRequest;
import io.finrelay.workflows.port.PostResult;
import io.finrelay.workflows.port.PostedInvoice;
import io.finrelay.workflows.port.PostedJournal;
import io.finrelay.workflows.port.PurchaseOrder;
import io.finrelay.workflows.port.SupplierInvoice;
import io.finrelay.workflows.port.Watermark;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The {@link ErpPort} of one tenant's Tryton 6.0, over JSON-RPC. Posting batches are cut to the
 * configured batch size (Tryton's sweet spot is about 20 entries per create and post call).
 */
public final class TrytonErp implements ErpPort {
    private final TrytonClient client;
    private final TrytonCompany company;
    private final TrytonLedger ledger;
    private final TrytonPayables payables;
    private final TrytonSales sales;
    private final TrytonClearings clearings;
    private final TrytonPurchases purchases;
    private final TrytonSaleBooking saleBooking;

    /**
     * A customer order to book as a Tryton sale: one line, {@code description} at {@code amount}, for the
     * party {@code customerRef} (its {@code party.party} id), dated {@code effectiveDate}; {@code commandId}
     * tags the sale so that a resend finds it.
     */
    public record SaleOrder(UUID commandId, String orderNumber, String customerRef, String customerName, Money amount,
                            LocalDate effectiveDate, String description) {
        public SaleOrder {
            java.util.Objects.requireNonNull(commandId, "commandId");
            java.util.Objects.requireNonNull(amount, "amount");
            java.util.Objects.requireNonNull(effectiveDate, "effectiveDate");
            orderNumber = orderNumber == null ? "" : orderNumber;
            customerName = customerName == null ? "" : customerName;
            description = description == null || description.isBlank() ? "order " + orderNumber : description;
        }
    }

    /**
     * The booked sale: the {@code sale.sale} (id, number), its posted customer invoice (id, number,
     * date, total), and the invoice's receivable move line ({@code receivableRef}, empty when a payment
     * term split it over several lines) with its due date: the open item the customer's payment clears.
     */
    public record BookedSale(UUID commandId, String saleRef, String saleNumber, String invoiceRef, String invoiceNumber,
                             LocalDate invoiceDate, Optional<LocalDate> dueDate, Optional<String> receivableRef,
                             Money total) {}

    public TrytonErp(TrytonClient client) {
        this.client = client;
        this.company = new TrytonCompany(client);
        TrytonParties parties = new TrytonParties(client);
        this.ledger = new TrytonLedger(client, company, parties);
        this.payables = new TrytonPayables(client, company);
        this.sales = new TrytonSales(client, company);
        this.clearings = new TrytonClearings(client, company);
        this.purchases = new TrytonPurchases(client, company);
        this.saleBooking = new TrytonSaleBooking(client, company);
    }

    public TrytonErp(TrytonConfig config) {
        this(new TrytonClient(config));
    }

    public TrytonClient client() {
        return client;
    }

    @Override
    public MasterData pullMasterData(Watermark since) {
        return new TrytonMasterData(client, company).pull(since);
    }

    @Override
    public List<PostResult> postJournals(List<JournalPosting> postings) {
        int size = client.config().batchSize();
        List<PostResult> results = new ArrayList<>(postings.size());
        for (int from = 0; from < postings.size(); from += size) {
            results.addAll(ledger.post(postings.subList(from, Math.min(postings.size(), from + size))));
        }
        return results;
    }

    @Override
    public Optional<PostedJournal> findJournal(UUID commandId) {
        return ledger.find(commandId);
    }

    @Override
    public ClearedPayable clearPayable(PayableClearing clearing) {
        return clearings.clear(clearing);
    }

    /**
     * Clears an open payable or receivable LINE that reconciliation matched with a bank line
     * ({@code journalRef} is the line's reference as {@link #payableLines} and {@link #receivableLines}
     * give it): a clearing move against the clearing (bank) account reconciled with the line, tagged
     * with the command id and found again on a resend.
     */
    public ClearedPayable clearOpenLine(PayableClearing clearing) {
        return clearings.clearLine(clearing);
    }

    /**
     * Undoes clearings after the bank returned the payment ({@code clearingRefs}: the clearing moves
     * {@link #clearOpenLine} answered): a reversal move tagged with {@code commandId}, the items open
     * again. Answers the reversal move's id; a resend finds it and makes none twice.
     */
    public String reverseClearing(UUID commandId, List<String> clearingRefs, LocalDate date, String description) {
        return clearings.reverse(commandId, clearingRefs, date, description);
    }

    /**
     * Books a bank line a tenant rule names (a fee, interest) to the GL account {@code glCode} against
     * the clearing (bank) account; {@code moneyOut} when the line is a debit. Answers the move's id; a
     * resend finds the move tagged with {@code commandId} and makes none twice.
     */
    public String bookBankLine(UUID commandId, String glCode, Money amount, boolean moneyOut, LocalDate date,
                               String description) {
        return clearings.book(commandId, glCode, amount, moneyOut, date, description);
    }

    @Override
    public PostedInvoice postSupplierInvoice(SupplierInvoice invoice) {
        return payables.postSupplierInvoice(invoice);
    }

    @Override
    public List<OpenItem> payableLines(Optional<String> vendorRef) {
        return payables.payableLines(vendorRef);
    }

    @Override
    public List<Payment> createApprovedPayments(List<PaymentRequest> requests) {
        return payables.createApprovedPayments(requests);
    }

    @Override
    public PaymentFile processPayments(List<String> paymentRefs) {
        return payables.processPayments(paymentRefs);
    }

    @Override
    public List<Payment> markPayments(List<String> paymentRefs, boolean succeeded) {
        return payables.markPayments(paymentRefs, succeeded);
    }

    @Override
    public List<Payment> payments(List<String> paymentRefs) {
        return payables.payments(paymentRefs);
    }

    @Override
    public CreditExposure creditExposure(String customerRef) {
        return sales.creditExposure(customerRef);
    }

    @Override
    public List<OpenItem> receivableLines(Optional<String> customerRef) {
        return sales.receivableLines(customerRef);
    }

    @Override
    public List<Opportunity> opportunities(Watermark since) {
        return sales.opportunities(since);
    }

    @Override
    public Opportunity updateOpportunity(String opportunityRef, Opportunity.Update update) {
        return sales.update(opportunityRef, update);
    }

    /**
     * Books a customer order as a Tryton sale with its customer invoice, posted ({@code sale} module:
     * quote, confirm, process). A resend with the same command id finds the sale made before and
     * finishes it; nothing is made twice.
     */
    public BookedSale bookSale(SaleOrder order) {
        return saleBooking.book(order);
    }

    /** The sale booked under this command id, once its invoice is posted; reads only. */
    public Optional<BookedSale> findSale(UUID commandId) {
        return saleBooking.lookup(commandId);
    }

    // ---- invoice to pay: purchase orders and goods receipts --------------------------------------

    @Override
    public Optional<PurchaseOrder> purchaseOrder(String number) {
        return purchases.purchaseOrder(number);
    }
}
