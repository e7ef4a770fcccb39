package io.finrelay.workflows.invoice;

import io.finrelay.workflows.invoice.InvoiceReference.Billed;
import io.finrelay.workflows.invoice.InvoiceReference.PoLine;
import io.finrelay.workflows.invoice.InvoiceReference.Policy;
import io.finrelay.workflows.invoice.InvoiceReference.PurchaseOrder;
import io.finrelay.workflows.invoice.InvoiceReference.Supplier;
import io.finrelay.workflows.invoice.InvoiceState.Hold;
import io.finrelay.workflows.invoice.InvoiceState.Variance;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The 2- and 3-way match of a supplier invoice against its purchase order, pure. The order must exist,
 * be of the supplier and in the invoice's currency. Then, line by line when every invoice line names one
 * line of the order (by its description, case and spacing ignored), else for the whole order at its
 * average prices:
 * <ul>
 *   <li>3-way: the quantity invoiced, with what the tenant's earlier invoices of the order billed already,
 *       may exceed the quantity the goods receipts took in by the tenant's quantity tolerance at most (none:
 *       not one unit more than received);</li>
 *   <li>2-way: the invoice's unit price (its net over its quantity) may exceed the order's unit price by the
 *       tenant's price tolerance at most. An invoice below the order's price or quantity is no variance.</li>
 * </ul>
 * The first difference found holds the invoice for a review, with both figures in the sentence and
 * side by side in {@link Variance}.
 */
final class PurchaseOrderMatch {
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private PurchaseOrderMatch() {}

    /**
     * An invoice line, or all of them, held against the order's line, or all of its lines; {@code billed}: what
     * earlier invoices billed of it, by {@code billedBy}.
     */
    private record Pair(String line, BigDecimal invoicedQuantity, BigDecimal invoicedNet, BigDecimal ordered,
                        BigDecimal orderedAmount, BigDecimal received, BigDecimal billed, List<String> billedBy) {}

    static Optional<Hold> variance(InvoiceFacts f, Supplier supplier, Policy policy, PurchaseOrder po, List<Billed> billed) {
        if (po == null) {
            return Optional.of(new Hold(Hold.PO_NOT_FOUND, "invoice " + f.number() + " names purchase order "
                    + f.purchaseOrder() + ", which the ERP does not have"));
        }
        if (po.vendorRef() != null && !po.vendorRef().equals(supplier.vendorRef())) {
            return Optional.of(new Hold(Hold.PO_MISMATCH, "purchase order " + po.number() + " was placed with vendor "
                    + po.vendorRef() + ", not with " + supplier.name() + " (" + supplier.vendorRef() + ")"));
        }
        if (po.currency() != null && !po.currency().equalsIgnoreCase(f.currency())) {
            return Optional.of(new Hold(Hold.PO_MISMATCH, "purchase order " + po.number() + " is in " + po.currency()
                    + ", invoice " + f.number() + " in " + f.currency()));
        }
        for (Pair pair : pairs(f, po, billed == null ? List.of() : billed)) {
            Optional<Hold> hold = quantity(f, po, policy, pair).or(() -> price(f, po, policy, pair));
            if (hold.isPresent()) {
                return hold;
            }
        }
        return Optional.empty();
    }

    /** Line by line when each invoice line names its own line of the order; else the whole invoice against the whole order. */
    private static List<Pair> pairs(InvoiceFacts f, PurchaseOrder po, List<Billed> billed) {
        List<Pair> pairs = new ArrayList<>();
        List<PoLine> used = new ArrayList<>();
        for (InvoiceFacts.Line line : f.lines()) {
            List<PoLine> named = po.lines().stream().filter(l -> l.description() != null
                    && key(l.description()).equals(key(line.description()))).toList();
            if (named.size() != 1 || used.contains(named.getFirst())) {
                return List.of(whole(f, po, billed));
            }
            PoLine ordered = named.getFirst();
            used.add(ordered);
            List<Billed> before = billed.stream().filter(b -> key(b.description()).equals(key(ordered.description()))).toList();
            pairs.add(new Pair(ordered.description(), line.quantity(), line.net().amount(), ordered.ordered(),
                    ordered.ordered().multiply(ordered.unitPrice()), ordered.received(), quantity(before), numbers(before)));
        }
        return pairs.isEmpty() ? List.of(whole(f, po, billed)) : pairs;
    }

    private static BigDecimal quantity(List<Billed> billed) {
        return billed.stream().map(Billed::quantity).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private static List<String> numbers(List<Billed> billed) {
        return billed.stream().map(Billed::number).distinct().toList();
    }

    private static Pair whole(InvoiceFacts f, PurchaseOrder po, List<Billed> billed) {
        BigDecimal ordered = BigDecimal.ZERO;
        BigDecimal orderedAmount = BigDecimal.ZERO;
        BigDecimal received = BigDecimal.ZERO;
        for (PoLine line : po.lines()) {
            ordered = ordered.add(line.ordered());
            orderedAmount = orderedAmount.add(line.ordered().multiply(line.unitPrice()));
            received = received.add(line.received());
        }
        BigDecimal invoiced = f.lines().stream().map(InvoiceFacts.Line::quantity).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal net = f.lines().stream().map(l -> l.net().amount()).reduce(BigDecimal.ZERO, BigDecimal::add);
        return new Pair(null, invoiced, net, ordered, orderedAmount, received, quantity(billed), numbers(billed));
    }

    private static Optional<Hold> quantity(InvoiceFacts f, PurchaseOrder po, Policy policy, Pair p) {
        BigDecimal tolerance = policy.quantityTolerancePercent();
        BigDecimal limit = p.received().multiply(BigDecimal.ONE.add(tolerance.movePointLeft(2)));
        BigDecimal billing = p.invoicedQuantity().add(p.billed());
        if (billing.compareTo(limit) <= 0) {
            return Optional.empty();
        }
        BigDecimal over = billing.subtract(p.received());
        String before = p.billed().signum() == 0 ? "" : ", " + plain(p.billed()) + " of them billed already (invoice "
                + String.join(", ", p.billedBy()) + ")";
        return Optional.of(new Hold(Hold.QUANTITY_VARIANCE, "invoice " + f.number() + " bills "
                + plain(p.invoicedQuantity()) + " units" + of(p) + "; purchase order " + po.number() + " ordered "
                + plain(p.ordered()) + " and " + plain(p.received()) + " have been received" + before + ": " + plain(over)
                + " more than received" + percentOf(over, p.received()) + ", the tolerance is " + plain(tolerance) + " %",
                figures(po, p, tolerance)));
    }

    private static Optional<Hold> price(InvoiceFacts f, PurchaseOrder po, Policy policy, Pair p) {
        if (p.invoicedQuantity().signum() <= 0 || p.ordered().signum() <= 0) {
            return Optional.empty();
        }
        BigDecimal tolerance = policy.priceTolerancePercent();
        BigDecimal orderUnit = p.orderedAmount().divide(p.ordered(), MathContext.DECIMAL64);
        // what the invoiced units cost at the order's price, against what the invoice nets for them
        BigDecimal atOrderPrice = orderUnit.multiply(p.invoicedQuantity());
        BigDecimal limit = atOrderPrice.multiply(BigDecimal.ONE.add(tolerance.movePointLeft(2)));
        if (p.invoicedNet().compareTo(limit) <= 0) {
            return Optional.empty();
        }
        BigDecimal invoiceUnit = p.invoicedNet().divide(p.invoicedQuantity(), MathContext.DECIMAL64);
        BigDecimal over = p.invoicedNet().subtract(atOrderPrice);
        return Optional.of(new Hold(Hold.PRICE_VARIANCE, "invoice " + f.number() + " nets " + money(p.invoicedNet())
                + " " + f.currency() + " for " + plain(p.invoicedQuantity()) + " units" + of(p) + " (" + unit(invoiceUnit)
                + " a unit) against purchase order " + po.number() + " of " + money(atOrderPrice) + " at its price ("
                + unit(orderUnit) + " a unit): " + money(over) + percentOf(over, atOrderPrice) + " over, the tolerance is "
                + plain(tolerance) + " %", figures(po, p, tolerance)));
    }

    private static Variance figures(PurchaseOrder po, Pair p, BigDecimal tolerance) {
        BigDecimal orderUnit = p.ordered().signum() == 0 ? null
                : scaled(p.orderedAmount().divide(p.ordered(), MathContext.DECIMAL64));
        BigDecimal invoiceUnit = p.invoicedQuantity().signum() == 0 ? null
                : scaled(p.invoicedNet().divide(p.invoicedQuantity(), MathContext.DECIMAL64));
        return new Variance(po.number(), p.line(), plain(p.ordered()), plain(p.received()), plain(p.billed()),
                plain(p.invoicedQuantity()), orderUnit, invoiceUnit, plain(tolerance));
    }

    private static String of(Pair p) {
        return p.line() == null ? "" : " of '" + p.line() + "'";
    }

    private static String percentOf(BigDecimal over, BigDecimal base) {
        return base.signum() == 0 ? "" : " (" + over.multiply(HUNDRED).divide(base, 2, RoundingMode.HALF_EVEN)
                .toPlainString() + " %)";
    }

    private static String money(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.HALF_EVEN).toPlainString();
    }

    /** A unit price to four decimals at most and two at least: 45.00, 45.4742. */
    private static BigDecimal scaled(BigDecimal unitPrice) {
        BigDecimal u = unitPrice.setScale(4, RoundingMode.HALF_EVEN).stripTrailingZeros();
        return u.scale() < 2 ? u.setScale(2) : u;
    }

    private static String unit(BigDecimal unitPrice) {
        return scaled(unitPrice).toPlainString();
    }

    private static BigDecimal plain(BigDecimal quantity) {
        BigDecimal q = quantity.stripTrailingZeros();
        return q.scale() < 0 ? q.setScale(0) : q;
    }

    private static String key(String description) {
        return description.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }
}
