package io.finrelay.model.invoice;

import static org.assertj.core.api.Assertions.assertThat;

import io.finrelay.model.Money;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Currency;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The EN 16931 arithmetic on a canonical invoice: each total that does not add up names both figures. */
class SupplierInvoiceTest {
    private static final Currency EUR = Currency.getInstance("EUR");

    private static Money eur(String amount) {
        return Money.of(amount, "EUR");
    }

    /** Office supplies: 2 x 40.00 at 19 % and 1 x 20.00 at 7 %, 5.00 freight charge at 19 %. */
    private static SupplierInvoice invoice(String lineTotal, String taxAt19, String payable) {
        List<InvoiceLine> lines = List.of(
                new InvoiceLine("1", "Toner cartridge", new BigDecimal("2"), "C62", new BigDecimal("40.00"), eur("80.00"),
                        "S", new BigDecimal("19")),
                new InvoiceLine("2", "Printer paper A4", new BigDecimal("1"), "C62", new BigDecimal("20.00"), eur("20.00"),
                        "S", new BigDecimal("7")));
        List<TaxSubtotal> tax = List.of(
                new TaxSubtotal("S", new BigDecimal("19"), eur("85.00"), eur(taxAt19)),
                new TaxSubtotal("S", new BigDecimal("7"), eur("20.00"), eur("1.40")));
        Money taxTotal = eur(taxAt19).plus(eur("1.40"));
        Money exclusive = eur(lineTotal).plus(eur("5.00"));
        InvoiceTotals totals = new InvoiceTotals(eur(lineTotal), Money.zero(EUR), eur("5.00"), exclusive, taxTotal,
                exclusive.plus(taxTotal), Money.zero(EUR), Money.zero(EUR), eur(payable));
        return new SupplierInvoice("RE-2026-0815", InvoiceKind.INVOICE, "380", EUR, LocalDate.of(2026, 3, 2),
                LocalDate.of(2026, 4, 1), new Seller("Bürobedarf Schmidt GmbH", "DE123456789", "DE89370400440532013000", null),
                new Buyer("Acme Logistik GmbH", "DE987654321"), "PO-4711",
                PaymentTerms.of("#SKONTO#TAGE=10#PROZENT=2.00#"), lines, tax, totals);
    }

    @Test
    void anInvoiceWhoseTotalsAddUpBreaksNoRule() {
        assertThat(invoice("100.00", "16.15", "122.55").arithmeticViolations()).isEmpty();
    }

    @Test
    void aLineTotalThatIsNotTheSumOfTheLinesBreaksBrCo10() {
        assertThat(invoice("110.00", "16.15", "132.55").arithmeticViolations()).containsExactly(new RuleViolation(
                "BR-CO-10", "BT-106 Sum of Invoice line net amount",
                "BT-106 is 110.00 EUR but the sum of the line net amounts (BT-131) is 100.00 EUR"));
    }

    @Test
    void aPayableAmountOffByOneCentBreaksBrCo16() {
        assertThat(invoice("100.00", "16.15", "122.56").arithmeticViolations()).extracting(RuleViolation::rule,
                RuleViolation::message).containsExactly(org.assertj.core.groups.Tuple.tuple("BR-CO-16",
                "BT-115 is 122.56 EUR but BT-112 - BT-113 + BT-114 is 122.55 EUR"));
    }

    @Test
    void vatPerCategoryMayDifferByLessThanOneUnitButNotMore() {
        // 85.00 x 19 % = 16.15; the official Schematron tolerates a difference below 1.00.
        assertThat(invoice("100.00", "16.50", "122.90").arithmeticViolations()).isEmpty();
        assertThat(invoice("100.00", "17.15", "123.55").arithmeticViolations()).extracting(RuleViolation::rule)
                .containsExactly("BR-CO-17");
    }
}
