package io.finrelay.einvoice;

import java.math.BigDecimal;
import java.util.List;

/**
 * The canonical supplier invoice as it is sent in JSON: the shape the API shows a stored invoice in,
 * field for field (see {@link io.finrelay.model.invoice.SupplierInvoice}), dates as ISO strings,
 * amounts, quantities and rates as {@link BigDecimal} from decimal strings or JSON numbers. Read and
 * checked by {@link JsonInvoiceReader}; public so that the API contract can show it.
 */
public record SupplierInvoiceJson(String number, String kind, String typeCode, String currency, String issueDate,
                                  String dueDate, InvoiceParty seller, InvoiceParty buyer,
                                  String purchaseOrderReference, InvoicePaymentTerms paymentTerms,
                                  List<InvoiceLineJson> lines, List<InvoiceTaxJson> taxBreakdown,
                                  InvoiceTotalsJson totals) {

    /** Seller (name, vatId, iban, bic) or buyer (name, vatId). */
    public record InvoiceParty(String name, String vatId, String iban, String bic) {}

    /** The terms as written, and an early-payment discount stated apart from them. */
    public record InvoicePaymentTerms(String text, EarlyPaymentDiscountJson earlyPaymentDiscount) {}

    public record EarlyPaymentDiscountJson(BigDecimal percent, Integer days) {}

    public record InvoiceLineJson(String id, String itemName, BigDecimal quantity, String unitCode,
                                  BigDecimal unitPrice, BigDecimal netAmount, String taxCategory, BigDecimal taxRate) {}

    public record InvoiceTaxJson(String category, BigDecimal rate, BigDecimal taxableAmount, BigDecimal taxAmount) {}

    public record InvoiceTotalsJson(BigDecimal lineTotal, BigDecimal allowanceTotal, BigDecimal chargeTotal,
                                    BigDecimal taxExclusive, BigDecimal taxTotal, BigDecimal taxInclusive,
                                    BigDecimal prepaid, BigDecimal rounding, BigDecimal payable) {}
}
