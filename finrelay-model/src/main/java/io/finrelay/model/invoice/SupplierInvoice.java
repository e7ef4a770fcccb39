package io.finrelay.model.invoice;

import io.finrelay.model.Money;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Objects;

/**
 * A supplier's invoice or credit note in Finrelay's canonical form, whatever syntax it came in
 * (UBL 2.1, UN/CEFACT CII D16B). Field names follow EN 16931's business terms.
 *
 * <p>The record holds what the document says, even when its totals do not add up: {@link
 * #arithmeticViolations()} says which totals disagree, naming both figures, so that a reader can
 * refuse the document with the rule rather than lose what it said.
 *
 * @param number invoice number (BT-1)
 * @param kind invoice or credit note (BT-3)
 * @param typeCode the UNTDID 1001 code as written (BT-3)
 * @param currency invoice currency (BT-5)
 * @param issueDate issue date (BT-2)
 * @param dueDate payment due date (BT-9), or null
 * @param seller the supplier (BG-4) and its payee account (BG-17)
 * @param buyer the tenant's legal entity billed (BG-7)
 * @param purchaseOrderReference the buyer's purchase order (BT-13), or null
 * @param paymentTerms payment terms (BT-20) with any early-payment discount
 * @param lines invoice lines (BG-25), at least one
 * @param taxBreakdown VAT breakdown (BG-23)
 * @param totals document totals (BG-22)
 */
public record SupplierInvoice(String number, InvoiceKind kind, String typeCode, Currency currency,
        LocalDate issueDate, LocalDate dueDate, Seller seller, Buyer buyer, String purchaseOrderReference,
        PaymentTerms paymentTerms, List<InvoiceLine> lines, List<TaxSubtotal> taxBreakdown, InvoiceTotals totals) {

    public SupplierInvoice {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(totals, "totals");
        lines = List.copyOf(lines);
        taxBreakdown = List.copyOf(taxBreakdown);
    }

    /**
     * The EN 16931 arithmetic rules on totals (BR-CO-10, 13, 14, 15, 16) and the VAT per category
     * (BR-CO-17, within one currency unit as the official Schematron allows), each violation naming the stated figure and the one it should be.
     */
    public List<RuleViolation> arithmeticViolations() {
        List<RuleViolation> out = new ArrayList<>();
        Money zero = Money.zero(currency);
        Money lineSum = lines.stream().map(InvoiceLine::netAmount).reduce(zero, Money::plus);
        same(out, "BR-CO-10", "BT-106 Sum of Invoice line net amount", totals.lineTotal(), lineSum,
                "the sum of the line net amounts (BT-131)");
        Money exclusive = totals.lineTotal().minus(totals.allowanceTotal()).plus(totals.chargeTotal());
        same(out, "BR-CO-13", "BT-109 Invoice total amount without VAT", totals.taxExclusive(), exclusive,
                "BT-106 - BT-107 + BT-108");
        Money taxSum = taxBreakdown.stream().map(TaxSubtotal::taxAmount).reduce(zero, Money::plus);
        same(out, "BR-CO-14", "BT-110 Invoice total VAT amount", totals.taxTotal(), taxSum,
                "the sum of the VAT category tax amounts (BT-117)");
        same(out, "BR-CO-15", "BT-112 Invoice total amount with VAT", totals.taxInclusive(),
                totals.taxExclusive().plus(totals.taxTotal()), "BT-109 + BT-110");
        same(out, "BR-CO-16", "BT-115 Amount due for payment", totals.payable(),
                totals.taxInclusive().minus(totals.prepaid()).plus(totals.rounding()), "BT-112 - BT-113 + BT-114");
        for (TaxSubtotal t : taxBreakdown) {
            if (t.rate() != null) {
                Money expected = Money.rounded(
                        t.taxableAmount().amount().multiply(t.rate()).movePointLeft(2), currency);
                // The official EN 16931 Schematron allows one currency unit either way here.
                if (t.taxAmount().minus(expected).amount().abs().compareTo(BigDecimal.ONE) >= 0) {
                    same(out, "BR-CO-17", "BT-117 VAT category tax amount (" + t.category() + " "
                            + t.rate().stripTrailingZeros().toPlainString() + "%)", t.taxAmount(), expected,
                            "BT-116 x BT-119 / 100");
                }
            }
        }
        return List.copyOf(out);
    }

    private static void same(List<RuleViolation> out, String rule, String element, Money stated, Money expected,
            String how) {
        if (stated.compareTo(expected) != 0) {
            out.add(new RuleViolation(rule, element, element.substring(0, element.indexOf(' ')) + " is "
                    + plain(stated) + " but " + how + " is " + plain(expected)));
        }
    }

    private static String plain(Money m) {
        BigDecimal a = m.amount();
        return a.toPlainString() + " " + m.currency().getCurrencyCode();
    }
}
