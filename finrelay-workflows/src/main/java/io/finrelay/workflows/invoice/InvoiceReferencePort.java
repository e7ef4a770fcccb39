package io.finrelay.workflows.invoice;

import io.finrelay.engine.workflow.Reading;
import java.util.Optional;

/**
 * The invoice workflow's window on the node's own tables, in the transaction that decides: it reads
 * master data, the AP policy, earlier invoices and cash positions, and writes the workflow's read
 * model (the invoice's row). The server implements it.
 */
public interface InvoiceReferencePort {

    /** The port bound to one deciding transaction. */
    interface Source {
        InvoiceReferencePort in(Reading reading);
    }

    /** Everything a check of the invoice reads. */
    InvoiceReference.Lookup lookup(InvoiceFacts invoice);

    /** The delegations to {@code delegate} in force on {@code day}, each with the delegating approver's duty roles. */
    java.util.List<ApprovalRouting.Delegation> delegationsTo(String delegate, java.time.LocalDate day);

    /**
     * The lines of the tenant's earlier invoices naming the same purchase order as {@code invoice} that are
     * past its match (awaiting approval, posted, scheduled, paid...), for the 3-way match: what they billed
     * the goods receipts no longer cover.
     */
    default java.util.List<InvoiceReference.Billed> billedAgainst(InvoiceFacts invoice) {
        return java.util.List.of();
    }

    /** The cash the legal entity holds in the currency, by its latest statements. */
    Optional<InvoiceReference.Cash> cash(String legalEntityId, String currency);

    /** Writes where the invoice stands into the read model the API lists and filters. */
    void show(String invoiceId, InvoiceState state);
}
