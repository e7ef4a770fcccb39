package io.finrelay.workflows.invoice;

import io.finrelay.engine.workflow.CommandType;
import io.finrelay.model.Money;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * Every command the invoice-to-pay workflow sends, once: the connector, the command type and the
 * payload record. The payload's JSON is what a REST ERP receives, so a component's name is part of
 * the wire format.
 */
public final class InvoiceCommands {
    /** The tenant's ERP, for accounts payable. */
    public static final String ERP = "ap-erp";

    /** Creates and posts the supplier invoice (or credit note) in the ERP, once. */
    public static final CommandType<PostInvoice> POST_INVOICE = new CommandType<>(ERP, "post-supplier-invoice",
            PostInvoice.class);

    /** Reads the purchase order an invoice names, with its goods receipts, for the 2- and 3-way match. */
    public static final CommandType<PoQuery> FETCH_PURCHASE_ORDER = new CommandType<>(ERP, "fetch-purchase-order",
            PoQuery.class);

    /** Where suppliers hear that they were paid (e-mail or a supplier portal). */
    public static final String SUPPLIER = "supplier-remittance";

    /** Tells the supplier an invoice was paid, once per payment the bank settled. */
    public static final CommandType<RemittanceAdvice> SEND_REMITTANCE = new CommandType<>(SUPPLIER,
            "send-remittance-advice", RemittanceAdvice.class);

    private InvoiceCommands() {}

    /**
     * A remittance advice: the supplier's invoice {@code invoiceNumber} of {@code invoiceAmount} was paid with
     * {@code paid} (less the early-payment {@code discount} taken, if any, and credit notes netted, as
     * {@code remittance} says) on {@code executionDate}, under the payment's {@code endToEndId}.
     */
    public record RemittanceAdvice(String invoiceId, String vendorRef, String supplierName, String invoiceNumber,
                                   LocalDate issueDate, Money invoiceAmount, Money paid, Money discount,
                                   LocalDate executionDate, String endToEndId, String bankRef, String remittance) {}

    /** Which purchase order: its number and the vendor it should be of. */
    public record PoQuery(String invoiceId, String number, String vendorRef) {}

    /**
     * A supplier invoice to post: {@code vendorRef} is what the ERP knows the supplier by; the lines
     * are net amounts on the policy's expense account, and the VAT on its input-tax account; a credit
     * note's lines are positive, its {@code kind} says which way they book.
     */
    public record PostInvoice(String invoiceId, String kind, String legalEntityId, String vendorRef, String vendorName,
                              String number, LocalDate issueDate, LocalDate dueDate, String description, List<Line> lines,
                              Money total) {
        public PostInvoice {
            lines = List.copyOf(lines);
        }
    }

    /** {@code quantity} x {@code unitPrice} booked on {@code account}. */
    public record Line(String description, BigDecimal quantity, Money unitPrice, String account) {}
}
