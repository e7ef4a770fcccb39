package io.finrelay.connectors.erp.tryton;

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
import io.finrelay.workflows.port.SupplierInvoice;
import io.finrelay.workflows.port.Watermark;
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

    public TrytonErp(TrytonClient client) {
        this.client = client;
        this.company = new TrytonCompany(client);
        TrytonParties parties = new TrytonParties(client);
        this.ledger = new TrytonLedger(client, company, parties);
        this.payables = new TrytonPayables(client, company);
        this.sales = new TrytonSales(client, company);
        this.clearings = new TrytonClearings(client, company);
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
     * Clears an open payable LINE that reconciliation matched with a bank debit ({@code journalRef} is
     * the line's reference as {@link #payableLines} gives it): its move is cleared as
     * {@link #clearPayable} clears a journal, a clearing move against the clearing (bank) account
     * reconciled with the payable line, tagged with the command id and found again on a resend.
     */
    public ClearedPayable clearOpenLine(PayableClearing clearing) {
        long line;
        try {
            line = Long.parseLong(clearing.journalRef());
        } catch (NumberFormatException e) {
            throw new io.finrelay.workflows.port.ErpException(new io.finrelay.workflows.port.ErpError.Permanent(
                    "open item reference '" + clearing.journalRef() + "' is not a Tryton move line id"));
        }
        long move = Rows.ref(client.read("account.move.line", List.of(line), List.of("move")).get(0), "move");
        return clearings.clear(new PayableClearing(clearing.commandId(), Long.toString(move), clearing.amount(),
                clearing.date(), clearing.paymentRef(), clearing.description()));
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
    public List<Opportunity> opportunities(Watermark since) {
        return sales.opportunities(since);
    }

    @Override
    public Opportunity updateOpportunity(String opportunityRef, Opportunity.Update update) {
        return sales.update(opportunityRef, update);
    }
}
