package io.finrelay.workflows.invoice;

import io.finrelay.model.Money;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * What the invoice-to-pay workflow needs of a supplier invoice taken in (the canonical record stays
 * with the intake, in {@code supplier_invoice}). Amounts are {@link Money} in the invoice currency.
 *
 * @param invoiceId       the intake's id of the invoice, the workflow's business key
 * @param kind            INVOICE or CREDIT_NOTE
 * @param number          the supplier's invoice number (BT-1)
 * @param seller          the supplier as the invoice names it (BG-4, BG-17)
 * @param buyerName       the buyer the invoice bills (BT-44)
 * @param payable         the amount due for payment (BT-115)
 * @param taxTotal        the VAT total (BT-110)
 * @param issueDate       BT-2
 * @param dueDate         BT-9, or null when the invoice gives none
 * @param discount        the early-payment discount the terms grant, or null
 * @param purchaseOrder   the buyer's purchase order (BT-13), or null
 * @param lines           the net lines, for posting
 * @param receivedBy      who took it in (the uploader): the duty rules keep them from approving it
 */
public record InvoiceFacts(String invoiceId, String kind, String number, Seller seller, String buyerName, Money payable,
                           Money taxTotal, LocalDate issueDate, LocalDate dueDate, Discount discount,
                           String purchaseOrder, List<Line> lines, String receivedBy) {

    /** The supplier as the invoice names it; any of the three may be missing. */
    public record Seller(String name, String vatId, String iban) {
        public Seller {
            Objects.requireNonNull(name, "name");
        }
    }

    /** {@code percent} off when paid within {@code days} of the issue date (XRechnung Skonto, "2/10 net 30"). */
    public record Discount(BigDecimal percent, int days) {
        public Discount {
            Objects.requireNonNull(percent, "percent");
        }
    }

    /** A line's description, quantity and net amount (BT-131). */
    public record Line(String description, BigDecimal quantity, Money net) {
        public Line {
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(quantity, "quantity");
            Objects.requireNonNull(net, "net");
        }
    }

    public InvoiceFacts {
        Objects.requireNonNull(invoiceId, "invoiceId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(number, "number");
        Objects.requireNonNull(seller, "seller");
        Objects.requireNonNull(payable, "payable");
        Objects.requireNonNull(taxTotal, "taxTotal");
        Objects.requireNonNull(issueDate, "issueDate");
        lines = List.copyOf(lines);
        Objects.requireNonNull(receivedBy, "receivedBy");
    }

    /** The same invoice as another seller names it. */
    public InvoiceFacts withSeller(Seller other) {
        return new InvoiceFacts(invoiceId, kind, number, other, buyerName, payable, taxTotal, issueDate, dueDate, discount,
                purchaseOrder, lines, receivedBy);
    }

    public boolean creditNote() {
        return "CREDIT_NOTE".equals(kind);
    }

    /** The currency code of the invoice. */
    public String currency() {
        return payable.currencyCode();
    }
}
