package io.finrelay.workflows.order;

import io.finrelay.engine.workflow.CommandType;
import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * Every command order to cash sends, once: to the tenant's ERP (read the customer's credit, book the
 * sales order with its invoice) and to the CRM (write back the order's status and the account's
 * figures). The payloads' JSON is what a REST ERP receives, so a component's name is part of the wire
 * format; amounts are decimal strings with their currency beside them.
 */
public final class OrderCommands {
    /** The tenant's ERP, for accounts receivable. */
    public static final String ERP = "o2c-erp";
    /** The tenant's CRM. */
    public static final String CRM = "o2c-crm";

    /** Reads the customer's credit limit and the credit amount the ERP counts against it. */
    public static final CommandType<CreditQuery> READ_CREDIT = new CommandType<>(ERP, "read-credit-exposure",
            CreditQuery.class);

    /** Creates the sales order and its customer invoice in the ERP, once per order. */
    public static final CommandType<BookSale> BOOK_SALE = new CommandType<>(ERP, "book-sale", BookSale.class);

    /** Writes the order's credit status and ERP references back to the CRM's order (or opportunity). */
    public static final CommandType<OrderStatus> UPDATE_ORDER = new CommandType<>(CRM, "update-order", OrderStatus.class);

    /** Writes the account's receivable figures back to the CRM after a payment. */
    public static final CommandType<AccountFigures> UPDATE_ACCOUNT = new CommandType<>(CRM, "update-account",
            AccountFigures.class);

    private OrderCommands() {}

    /** Whose credit, in which currency; {@code orderId} for the ERP's log. */
    public record CreditQuery(String orderId, String customerRef, String currency) {}

    /** A sales order of one line, invoiced at once: the amount, the customer, the day it takes effect. */
    public record BookSale(String orderId, String orderNumber, String customerRef, String customerName,
                           BigDecimal amount, String currency, LocalDate effectiveDate, String description) {}

    /**
     * {@code sobject}: Order or Opportunity, as the CRM announced it; {@code creditStatus} Released; the ERP's
     * sales order and invoice number.
     */
    public record OrderStatus(String sobject, String id, String creditStatus, String erpSale, String erpInvoice) {}

    /**
     * The account's figures after a payment: what is still open, the exposure (open plus orders in flight),
     * days sales outstanding, and the day of the last payment.
     */
    public record AccountFigures(String accountId, BigDecimal openReceivables, BigDecimal exposure, String currency,
                                 int daysSalesOutstanding, LocalDate lastPaymentDate) {}
}
