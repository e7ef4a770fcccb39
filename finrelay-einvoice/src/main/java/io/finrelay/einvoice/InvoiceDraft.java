package io.finrelay.einvoice;

import io.finrelay.model.Money;
import io.finrelay.model.invoice.Buyer;
import io.finrelay.model.invoice.EarlyPaymentDiscount;
import io.finrelay.model.invoice.InvoiceKind;
import io.finrelay.model.invoice.InvoiceLine;
import io.finrelay.model.invoice.InvoiceTotals;
import io.finrelay.model.invoice.PaymentTerms;
import io.finrelay.model.invoice.Seller;
import io.finrelay.model.invoice.SupplierInvoice;
import io.finrelay.model.invoice.TaxSubtotal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** What a syntax mapper read, before the rules decide whether it becomes a {@link SupplierInvoice}. */
final class InvoiceDraft {
    String specification;
    String number;
    String typeCode;
    LocalDate issueDate;
    LocalDate dueDate;
    String sellerName;
    String sellerVatId;
    String sellerCountry;
    boolean sellerAddress;
    String iban;
    String bic;
    String buyerName;
    String buyerVatId;
    String buyerCountry;
    boolean buyerAddress;
    String purchaseOrder;
    String paymentTerms;
    /** The early-payment discount stated apart from the terms text (JSON); else the text's XRechnung Skonto. */
    EarlyPaymentDiscount earlyPaymentDiscount;
    final List<InvoiceLine> lines = new ArrayList<>();
    final List<TaxSubtotal> tax = new ArrayList<>();
    Money lineTotal;
    Money allowanceTotal;
    Money chargeTotal;
    Money taxExclusive;
    Money taxTotal;
    Money taxInclusive;
    Money prepaid;
    Money rounding;
    Money payable;

    /**
     * An e-invoice document's rules on what only the document carries (BR-01 specification, BR-08 to
     * BR-11 postal addresses), then {@link #finishCanonical}. Throws naming every rule broken.
     */
    SupplierInvoice finish(Extraction x) {
        String s = null;
        x.required(specification, "BR-01", "BT-24 Specification identifier", s);
        if (!sellerAddress) {
            x.required(null, "BR-08", "BG-5 Seller postal address", s);
        } else {
            x.required(sellerCountry, "BR-09", "BT-40 Seller country code", s);
        }
        if (!buyerAddress) {
            x.required(null, "BR-10", "BG-8 Buyer postal address", s);
        } else {
            x.required(buyerCountry, "BR-11", "BT-55 Buyer country code", s);
        }
        return finishCanonical(x);
    }

    /**
     * The EN 16931 rules on the data the canonical invoice holds, whatever it came in (also JSON and
     * CSV, which carry no specification id or addresses): mandatory fields (BR-02 to BR-07, BR-16,
     * BR-CO-25), line prices and quantities (BR-27, a negative quantity only on a line that takes
     * money off), then, when the record can be built, the arithmetic rules on its totals. Throws
     * naming every rule broken, with those found while reading.
     */
    SupplierInvoice finishCanonical(Extraction x) {
        String s = null;
        x.required(number, "BR-02", "BT-1 Invoice number", s);
        if (issueDate == null) {
            x.required(null, "BR-03", "BT-2 Invoice issue date", s);
        }
        x.required(typeCode, "BR-04", "BT-3 Invoice type code", s);
        if (x.currency == null) {
            x.required(null, "BR-05", "BT-5 Invoice currency code", s);
        }
        x.required(sellerName, "BR-06", "BT-27 Seller name", s);
        x.required(buyerName, "BR-07", "BT-44 Buyer name", s);
        if (lines.isEmpty()) {
            x.violate("BR-16", "BG-25 Invoice line", "the invoice has no line; at least one is required");
        }
        for (InvoiceLine line : lines) {
            if (line.unitPrice() != null && line.unitPrice().signum() < 0) {
                x.violate("BR-27", "BT-146 Item net price", "line " + line.id() + ": BT-146 is "
                        + line.unitPrice().toPlainString() + " but an item net price shall not be negative");
            }
            // With the price never negative (BR-27), a negative quantity is a return: it takes money off.
            if (line.quantity() != null && line.quantity().signum() < 0 && line.netAmount().isPositive()) {
                x.violate("LINE-SIGN", "BT-129 Invoiced quantity", "line " + line.id() + ": BT-129 is "
                        + line.quantity().toPlainString() + " but the line net amount (BT-131) is "
                        + line.netAmount().amount().toPlainString() + "; a negative quantity is a return and "
                        + "needs a negative net amount");
            }
        }
        // Applied to invoices only: on a credit note the amount "due" is owed to the buyer, and the
        // official example ubl-tc434-creditnote1 carries neither a due date nor terms.
        if (InvoiceKind.ofTypeCode(typeCode) == InvoiceKind.INVOICE && payable != null
                && payable.amount().signum() > 0 && dueDate == null && paymentTerms == null) {
            x.violate("BR-CO-25", "BT-9 Payment due date", "amount due (BT-115) is " + payable.amount().toPlainString()
                    + " but neither a due date (BT-9) nor payment terms (BT-20) are given");
        }
        if (!x.violations.isEmpty()) {
            throw new EInvoiceException(x.violations);
        }
        SupplierInvoice invoice = new SupplierInvoice(number, InvoiceKind.ofTypeCode(typeCode), typeCode, x.currency,
                issueDate, dueDate, new Seller(sellerName, sellerVatId, iban, bic), new Buyer(buyerName, buyerVatId),
                purchaseOrder, earlyPaymentDiscount != null ? new PaymentTerms(paymentTerms, earlyPaymentDiscount)
                        : PaymentTerms.of(paymentTerms), lines, tax,
                new InvoiceTotals(lineTotal, allowanceTotal, chargeTotal, taxExclusive, taxTotal, taxInclusive,
                        prepaid, rounding, payable));
        List<io.finrelay.model.invoice.RuleViolation> arithmetic = invoice.arithmeticViolations();
        if (!arithmetic.isEmpty()) {
            throw new EInvoiceException(arithmetic);
        }
        return invoice;
    }
}
