package io.finrelay.workflows.invoice;

import io.finrelay.engine.workflow.Reading;
import java.util.Optional;

/**
 * The invoice workflow's window on the node's own tables (master data, the AP policy, earlier
 * invoices, cash positions), read in the transaction that decides. The server implements it.
 */
public interface InvoiceReferencePort {

    /** The port bound to one deciding transaction. */
    interface Source {
        InvoiceReferencePort in(Reading reading);
    }

    /** Everything a check of the invoice reads. */
    InvoiceReference.Lookup lookup(InvoiceFacts invoice);

    /** The cash the legal entity holds in the currency, by its latest statements. */
    Optional<InvoiceReference.Cash> cash(String legalEntityId, String currency);
}
