package io.finrelay.workflows.invoice;

import io.finrelay.model.Money;
import io.finrelay.workflows.invoice.InvoiceReference.Cash;
import io.finrelay.workflows.invoice.InvoiceReference.Earlier;
import io.finrelay.workflows.invoice.InvoiceReference.Policy;
import io.finrelay.workflows.invoice.InvoiceReference.Supplier;
import io.finrelay.workflows.invoice.InvoiceState.PaymentPlan;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The invoice-to-pay rules, pure: which vendor an invoice is from, whether its bank details are the
 * vendor's, which earlier invoice it may copy, what is posted, and when it is paid.
 */
public final class InvoiceRules {
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private InvoiceRules() {}

    /** The vendor an invoice is from, or why none can be said to be. */
    public sealed interface SupplierMatch {
        record Found(Supplier supplier) implements SupplierMatch {}

        record NotFound(String reason) implements SupplierMatch {}
    }

    /**
     * The supplier: the one active vendor with the invoice's VAT id; else, when the invoice or the
     * vendors give no VAT id to compare, the one active vendor of that name (case and spacing
     * ignored). Two candidates, an inactive one, or a VAT id that contradicts the name are no match:
     * a person decides.
     */
    public static SupplierMatch supplier(InvoiceFacts f, List<Supplier> candidates) {
        String vat = vatKey(f.seller().vatId());
        List<Supplier> byVat = vat.isEmpty() ? List.of()
                : candidates.stream().filter(s -> vat.equals(vatKey(s.vatId()))).toList();
        List<Supplier> found = byVat;
        if (found.isEmpty()) {
            String name = normal(f.seller().name());
            found = candidates.stream().filter(s -> name.equals(normal(s.name())))
                    .filter(s -> vat.isEmpty() || vatKey(s.vatId()).isEmpty()).toList();
        }
        String seller = "seller '" + f.seller().name() + "'" + (vat.isEmpty() ? "" : " (VAT id " + f.seller().vatId() + ")");
        if (found.isEmpty()) {
            return new SupplierMatch.NotFound(seller + " is not a vendor of the tenant: add the vendor to the master "
                    + "data (with its VAT id) and retry");
        }
        List<Supplier> active = found.stream().filter(Supplier::active).toList();
        if (active.isEmpty()) {
            return new SupplierMatch.NotFound(seller + " is vendor " + found.getFirst().vendorId() + ", which is inactive");
        }
        if (active.size() > 1) {
            return new SupplierMatch.NotFound(seller + " matches " + active.size() + " vendors ("
                    + String.join(", ", active.stream().map(Supplier::vendorId).toList()) + "): keep one and retry");
        }
        return new SupplierMatch.Found(active.getFirst());
    }

    /**
     * Why the invoice's bank details are not the vendor master's, or empty when they are (or the
     * invoice names none: then the master's are paid). IBANs in the sentence are masked.
     */
    public static Optional<String> bankDetailsDiffer(InvoiceFacts f, Supplier supplier) {
        String onInvoice = compact(f.seller().iban());
        if (onInvoice.isEmpty()) {
            return Optional.empty();
        }
        String onFile = compact(supplier.iban());
        if (onFile.equals(onInvoice)) {
            return Optional.empty();
        }
        return Optional.of("the invoice asks for payment to " + mask(onInvoice) + " but vendor " + supplier.vendorId()
                + (onFile.isEmpty() ? " has no bank account on file" : " is paid to " + mask(onFile))
                + ": someone other than " + f.receivedBy() + " must confirm the new bank details with the supplier");
    }

    /**
     * The account an invoice is paid to: the invoice's own when a reviewer confirmed it (it differed
     * from the vendor master), else the vendor master's; empty when neither has one.
     */
    public static Optional<String> payeeIban(InvoiceFacts f, InvoiceState.Checked c) {
        String onInvoice = compact(f.seller().iban());
        String onFile = compact(c.supplier().iban());
        if (c.review().bankDetailsConfirmedBy() != null && !onInvoice.isEmpty()) {
            return Optional.of(onInvoice);
        }
        return onFile.isEmpty() ? Optional.empty() : Optional.of(onFile);
    }

    /**
     * The end-to-end id of an invoice's n-th payment: the invoice id's 32 hex digits and the attempt
     * (SEPA allows 35 characters), so that the bank's answers find the invoice and a payment made again
     * after a rejection is another payment.
     */
    public static String endToEndId(String invoiceId, int attempt) {
        return invoiceId.replace("-", "") + "-" + attempt;
    }

    /** The invoice id an end-to-end id of {@link #endToEndId} names, if it is one. */
    public static Optional<String> invoiceOf(String endToEndId) {
        if (endToEndId == null || !endToEndId.matches("[0-9a-f]{32}-[0-9]{1,2}")) {
            return Optional.empty();
        }
        String hex = endToEndId.substring(0, 32);
        return Optional.of(hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                + hex.substring(16, 20) + "-" + hex.substring(20));
    }

    /**
     * The earlier invoices (same seller, amount and issue date: the candidates the port read) whose
     * number is the same once case, spaces and punctuation are dropped, or differs by one character
     * (INV-1001 and INV-10O1; 1001 and 1010 are one swap apart and count too).
     */
    public static List<Earlier> possibleDuplicates(InvoiceFacts f, List<Earlier> similar) {
        String number = numberKey(f.number());
        List<Earlier> out = new ArrayList<>();
        for (Earlier e : similar) {
            if (!e.invoiceId().equals(f.invoiceId()) && nearlyEqual(number, numberKey(e.number()))) {
                out.add(e);
            }
        }
        return out;
    }

    /**
     * The 2- and 3-way match of an invoice against its purchase order and its goods receipts, within the
     * policy's price and quantity tolerances ({@link PurchaseOrderMatch}); empty when it matches, else the
     * hold with both figures.
     */
    public static Optional<InvoiceState.Hold> purchaseOrderVariance(InvoiceFacts f, Supplier supplier, Policy policy,
                                                                     InvoiceReference.PurchaseOrder po) {
        return purchaseOrderVariance(f, supplier, policy, po, List.of());
    }

    /** The same, the goods receipts net of what earlier invoices of the order billed ({@code billed}). */
    public static Optional<InvoiceState.Hold> purchaseOrderVariance(InvoiceFacts f, Supplier supplier, Policy policy,
                                                                     InvoiceReference.PurchaseOrder po,
                                                                     List<InvoiceReference.Billed> billed) {
        return PurchaseOrderMatch.variance(f, supplier, policy, po, billed);
    }

    /**
     * The lines to post: each invoice line at its net amount on the policy's expense account (its
     * quantity kept when the net divides into a unit price in the currency's minor unit, else one unit),
     * and the VAT on the input-tax account.
     */
    public static List<InvoiceCommands.Line> postingLines(InvoiceFacts f, Policy policy) {
        List<InvoiceCommands.Line> lines = new ArrayList<>();
        for (InvoiceFacts.Line line : f.lines()) {
            // the quantity counts, the net amount carries the sign (a returned item is a negative line)
            BigDecimal quantity = line.quantity().abs();
            BigDecimal net = line.net().amount();
            BigDecimal unit = null;
            if (quantity.signum() > 0) {
                try {
                    unit = net.divide(quantity, MathContext.DECIMAL64);
                } catch (ArithmeticException e) {
                    unit = null;
                }
            }
            int digits = line.net().currency().getDefaultFractionDigits();
            if (unit == null || unit.stripTrailingZeros().scale() > digits || unit.multiply(quantity).compareTo(net) != 0
                    || quantity.signum() == 0) {
                quantity = BigDecimal.ONE;
                unit = net;
            }
            lines.add(new InvoiceCommands.Line(line.description(), plain(quantity),
                    Money.of(unit.stripTrailingZeros().setScale(digits, RoundingMode.UNNECESSARY), line.net().currency()),
                    policy.expenseAccount()));
        }
        if (f.taxTotal().amount().signum() != 0) {
            lines.add(new InvoiceCommands.Line("VAT", BigDecimal.ONE, f.taxTotal(), policy.taxAccount()));
        }
        return lines;
    }

    /**
     * When to pay and how much. The due date (or the issue date plus the policy's term when the
     * invoice gives none), unless an early-payment discount is worth taking: its window is still open
     * on {@code today}, its annualised yield ({@code p / (100 - p) x 365 / days gained}) beats the
     * tenant's cost of capital, and paying it leaves the legal entity's cash (latest statements) at or
     * above the liquidity buffer. A date already past is today. Each figure is named in the reason.
     */
    public static PaymentPlan schedule(InvoiceFacts f, Policy policy, Cash cash, LocalDate today) {
        LocalDate due = f.dueDate() != null ? f.dueDate() : f.issueDate().plusDays(policy.defaultTermDays());
        LocalDate payOnDue = due.isBefore(today) ? today : due;
        String dueText = "due " + due + (f.dueDate() == null ? " (issue date + " + policy.defaultTermDays()
                + " days, the invoice states no due date)" : "");
        InvoiceFacts.Discount d = f.discount();
        if (f.creditNote()) {
            return new PaymentPlan(payOnDue, f.payable(), false, null, "a credit note: " + f.payable().amount().toPlainString()
                    + " " + f.currency() + " owed by the supplier, to net against its next payment");
        }
        if (d == null) {
            return new PaymentPlan(payOnDue, f.payable(), false, null, "no early-payment discount; pay on the due date, " + dueText);
        }
        LocalDate discountDate = f.issueDate().plusDays(d.days());
        Money discount = Money.rounded(f.payable().amount().multiply(d.percent()).divide(HUNDRED), f.payable().currency());
        Money discounted = f.payable().minus(discount);
        String offer = d.percent().stripTrailingZeros().toPlainString() + " % discount (" + discount.amount().toPlainString()
                + " " + f.currency() + ") if paid by " + discountDate;
        if (discountDate.isBefore(today)) {
            return new PaymentPlan(payOnDue, f.payable(), false, null, offer + ": the window closed before " + today
                    + "; pay in full, " + dueText);
        }
        long gained = Math.max(1, ChronoUnit.DAYS.between(discountDate, due));
        BigDecimal yield = d.percent().divide(HUNDRED.subtract(d.percent()), MathContext.DECIMAL64)
                .multiply(BigDecimal.valueOf(365)).divide(BigDecimal.valueOf(gained), MathContext.DECIMAL64)
                .multiply(HUNDRED).setScale(2, RoundingMode.HALF_EVEN);
        String yieldText = "annualised yield " + yield.toPlainString() + " % over " + gained + " days against a cost of "
                + "capital of " + policy.costOfCapitalPercent().stripTrailingZeros().toPlainString() + " %";
        if (yield.compareTo(policy.costOfCapitalPercent()) <= 0) {
            return new PaymentPlan(payOnDue, f.payable(), false, null, offer + ": " + yieldText
                    + " does not beat it; pay in full, " + dueText);
        }
        if (cash == null) {
            return new PaymentPlan(payOnDue, f.payable(), false, null, offer + ": " + yieldText + " beats it, but no "
                    + "cash position of legal entity " + policy.legalEntityId() + " in " + f.currency() + " is on file to "
                    + "keep the liquidity buffer of " + policy.liquidityBuffer().toPlainString() + "; pay in full, " + dueText);
        }
        BigDecimal after = cash.balance().amount().subtract(discounted.amount());
        String cashText = "cash " + cash.balance().amount().toPlainString() + " " + f.currency() + " (statements of "
                + cash.asOf() + ") less " + discounted.amount().toPlainString() + " leaves " + after.toPlainString()
                + " against a liquidity buffer of " + policy.liquidityBuffer().toPlainString();
        if (after.compareTo(policy.liquidityBuffer()) < 0) {
            return new PaymentPlan(payOnDue, f.payable(), false, null, offer + ": " + yieldText + " beats it, but "
                    + cashText + "; pay in full, " + dueText);
        }
        LocalDate payOn = discountDate.isBefore(today) ? today : discountDate;
        return new PaymentPlan(payOn, discounted, true, discount, offer + ": " + yieldText + " beats it and "
                + cashText + "; take the discount");
    }

    private static BigDecimal plain(BigDecimal quantity) {
        BigDecimal q = quantity.stripTrailingZeros();
        return q.scale() < 0 ? q.setScale(0) : q;
    }

    static String mask(String iban) {
        return iban.length() <= 8 ? "****" : iban.substring(0, 4) + "****" + iban.substring(iban.length() - 4);
    }

    private static String compact(String iban) {
        return iban == null ? "" : iban.replaceAll("\\s", "").toUpperCase(Locale.ROOT);
    }

    private static String normal(String text) {
        return text == null ? "" : text.trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    /** A VAT id without spaces, dots or dashes, upper case: {@code DE 811.907.980} is {@code DE811907980}. */
    private static String vatKey(String vatId) {
        return vatId == null ? "" : vatId.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "");
    }

    private static String numberKey(String number) {
        return number.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "");
    }

    /** Equal, one character replaced, inserted or dropped, or two neighbours swapped. */
    static boolean nearlyEqual(String a, String b) {
        if (a.equals(b)) {
            return true;
        }
        if (Math.abs(a.length() - b.length()) > 1) {
            return false;
        }
        if (a.length() == b.length()) {
            List<Integer> diff = new ArrayList<>();
            for (int i = 0; i < a.length() && diff.size() <= 2; i++) {
                if (a.charAt(i) != b.charAt(i)) {
                    diff.add(i);
                }
            }
            return diff.size() == 1 || diff.size() == 2 && diff.get(1) == diff.get(0) + 1
                    && a.charAt(diff.get(0)) == b.charAt(diff.get(1)) && a.charAt(diff.get(1)) == b.charAt(diff.get(0));
        }
        String longer = a.length() > b.length() ? a : b;
        String shorter = a.length() > b.length() ? b : a;
        for (int i = 0; i < longer.length(); i++) {
            if ((longer.substring(0, i) + longer.substring(i + 1)).equals(shorter)) {
                return true;
            }
        }
        return false;
    }
}
