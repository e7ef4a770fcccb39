package io.finrelay.workflows.invoice;

import io.finrelay.model.Money;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * What the node's own tables say about an invoice, read in the deciding transaction by
 * {@link InvoiceReferencePort} and carried in the event (so the audit trail shows what the decision
 * saw). Which entry counts is {@link InvoiceRules}' to say.
 */
public final class InvoiceReference {
    private InvoiceReference() {}

    /**
     * A vendor from the tenant's master data. {@code erpRef}: the ERP's reference of the supplier (a
     * Tryton party id), or null when the vendor was entered by API; {@code iban}: the bank account on
     * file (opened from its seal), or null; {@code costCenter}: the cost center its invoices are charged
     * to (the vendor master's), which approval rules route by, or null.
     */
    public record Supplier(String vendorId, String erpRef, String name, String vatId, String iban, String legalEntityId,
                           boolean active, String costCenter) {
        public Supplier {
            Objects.requireNonNull(vendorId, "vendorId");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(legalEntityId, "legalEntityId");
        }

        /** A vendor whose invoices are charged to no cost center of its own. */
        public Supplier(String vendorId, String erpRef, String name, String vatId, String iban, String legalEntityId,
                        boolean active) {
            this(vendorId, erpRef, name, vatId, iban, legalEntityId, active, null);
        }

        /** What the ERP knows the supplier by: its own reference, else Finrelay's vendor id. */
        public String vendorRef() {
            return erpRef != null ? erpRef : vendorId;
        }
    }

    /**
     * The tenant's accounts-payable policy for a legal entity: the expense and input-tax accounts an
     * invoice is posted to, the yearly cost of capital an early-payment discount must beat, the cash
     * the entity keeps on its accounts whatever it pays early, and the payment term when the invoice
     * states no due date; whether invoices naming a purchase order are matched against it, and how far
     * an invoice may exceed it: its unit price over the order's ({@code priceTolerancePercent}), its
     * quantity over what was received ({@code quantityTolerancePercent}).
     */
    public record Policy(String legalEntityId, String expenseAccount, String taxAccount, BigDecimal costOfCapitalPercent,
                         BigDecimal liquidityBuffer, int defaultTermDays, boolean matchPurchaseOrders,
                         BigDecimal priceTolerancePercent, BigDecimal quantityTolerancePercent) {
        public Policy {
            Objects.requireNonNull(legalEntityId, "legalEntityId");
            Objects.requireNonNull(expenseAccount, "expenseAccount");
            Objects.requireNonNull(taxAccount, "taxAccount");
            Objects.requireNonNull(costOfCapitalPercent, "costOfCapitalPercent");
            Objects.requireNonNull(liquidityBuffer, "liquidityBuffer");
            priceTolerancePercent = priceTolerancePercent == null ? BigDecimal.ZERO : priceTolerancePercent;
            // null in a state stored before the quantity tolerance existed: none was allowed then
            quantityTolerancePercent = quantityTolerancePercent == null ? BigDecimal.ZERO : quantityTolerancePercent;
        }

        /** The policy with a price tolerance and no quantity tolerance (invoiced may not exceed received). */
        public Policy(String legalEntityId, String expenseAccount, String taxAccount, BigDecimal costOfCapitalPercent,
                      BigDecimal liquidityBuffer, int defaultTermDays, boolean matchPurchaseOrders,
                      BigDecimal priceTolerancePercent) {
            this(legalEntityId, expenseAccount, taxAccount, costOfCapitalPercent, liquidityBuffer, defaultTermDays,
                    matchPurchaseOrders, priceTolerancePercent, BigDecimal.ZERO);
        }

        /** The policy without purchase-order matching (as before the tenant turned it on). */
        public Policy(String legalEntityId, String expenseAccount, String taxAccount, BigDecimal costOfCapitalPercent,
                      BigDecimal liquidityBuffer, int defaultTermDays) {
            this(legalEntityId, expenseAccount, taxAccount, costOfCapitalPercent, liquidityBuffer, defaultTermDays, false,
                    BigDecimal.ZERO, BigDecimal.ZERO);
        }
    }

    /**
     * A purchase order as the ERP holds it: its number, the vendor's reference, and per line what was
     * ordered at which price and what has been received so far (the goods receipts).
     */
    public record PurchaseOrder(String number, String vendorRef, String currency, List<PoLine> lines) {
        public PurchaseOrder {
            Objects.requireNonNull(number, "number");
            lines = lines == null ? List.of() : List.copyOf(lines);
        }
    }

    public record PoLine(String description, BigDecimal ordered, BigDecimal unitPrice, BigDecimal received) {
        public PoLine {
            Objects.requireNonNull(ordered, "ordered");
            Objects.requireNonNull(unitPrice, "unitPrice");
            received = received == null ? BigDecimal.ZERO : received;
        }
    }

    /**
     * A line of an earlier invoice naming the same purchase order that passed its match (or whose variance a
     * reviewer accepted): {@code quantity} units of {@code description} billed already, which the goods
     * receipts no longer cover for a later invoice.
     */
    public record Billed(String invoiceId, String number, String description, BigDecimal quantity) {
        public Billed {
            Objects.requireNonNull(invoiceId, "invoiceId");
            Objects.requireNonNull(number, "number");
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(quantity, "quantity");
        }
    }

    /** An earlier invoice of the same seller with the same amount and issue date (a duplicate candidate). */
    public record Earlier(String invoiceId, String number, LocalDate issueDate, Money payable) {}

    /**
     * What was read for a check of the invoice: the vendors that may be its supplier (by VAT id or
     * name), the AP policy of the tenant (null: none set), the earlier invoices that may be the same one,
     * the tenant's approval rules in their order (the route is decided when the invoice enters approval).
     */
    public record Lookup(List<Supplier> suppliers, Policy policy, List<Earlier> similar,
                         List<ApprovalRouting.Rule> approvalRules) {
        public Lookup {
            suppliers = List.copyOf(suppliers);
            similar = List.copyOf(similar);
            approvalRules = approvalRules == null ? List.of() : List.copyOf(approvalRules);
        }

        /** A lookup of a tenant without approval rules. */
        public Lookup(List<Supplier> suppliers, Policy policy, List<Earlier> similar) {
            this(suppliers, policy, similar, List.of());
        }
    }

    /** The cash a legal entity holds in a currency by its latest statements, when the bank reported any. */
    public record Cash(Money balance, LocalDate asOf) {
        public Cash {
            Objects.requireNonNull(balance, "balance");
            Objects.requireNonNull(asOf, "asOf");
        }
    }
}
