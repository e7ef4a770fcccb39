package io.finrelay.workflows.invoice;

import static org.assertj.core.api.Assertions.assertThat;

import io.finrelay.model.Money;
import io.finrelay.workflows.invoice.InvoiceReference.PoLine;
import io.finrelay.workflows.invoice.InvoiceReference.Policy;
import io.finrelay.workflows.invoice.InvoiceReference.PurchaseOrder;
import io.finrelay.workflows.invoice.InvoiceState.Hold;
import io.finrelay.workflows.invoice.InvoiceState.Variance;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The 2- and 3-way match on its own: line by line where the invoice's lines name the order's, the
 * tenant's price and quantity tolerances at their edges, and the figures a reviewer sees side by side.
 */
class PurchaseOrderMatchTest {
    private static final String TONER = "Toner cartridge TN-2420";
    private static final String PAPER = "Copy paper A4, 80 g";

    /** A 2 % price and a 5 % quantity tolerance. */
    private static Policy tolerant() {
        return new Policy(Samples.ENTITY, "6815", "1576", new BigDecimal("8"), new BigDecimal("50000.00"), 30, true,
                new BigDecimal("2"), new BigDecimal("5"));
    }

    private static Policy strict() {
        return new Policy(Samples.ENTITY, "6815", "1576", new BigDecimal("8"), new BigDecimal("50000.00"), 30, true,
                BigDecimal.ZERO);
    }

    /** 20 toner at 45.00 and 10 boxes of paper at 36.00, of which {@code tonerIn} and 10 have been received. */
    private static PurchaseOrder order(String tonerIn) {
        return new PurchaseOrder("PO-2026-0815", "42", "EUR", List.of(
                new PoLine(TONER, new BigDecimal("20"), new BigDecimal("45.00"), new BigDecimal(tonerIn)),
                new PoLine(PAPER, new BigDecimal("10"), new BigDecimal("36.00"), new BigDecimal("10"))));
    }

    private static InvoiceFacts invoice(InvoiceFacts.Line... lines) {
        BigDecimal net = List.of(lines).stream().map(l -> l.net().amount()).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal vat = net.multiply(new BigDecimal("0.19")).setScale(2, java.math.RoundingMode.HALF_EVEN);
        return new InvoiceFacts("0193a5c4-2222-7000-8000-000000000815", "INVOICE", "RE-2026-0815",
                new InvoiceFacts.Seller("Nordlicht Bürobedarf GmbH", "DE811907980", Samples.IBAN), "Hanseatic Trading AG",
                Money.of(net.add(vat).toPlainString(), "EUR"), Money.of(vat.toPlainString(), "EUR"),
                LocalDate.of(2026, 3, 2), LocalDate.of(2026, 4, 1), null, "PO-2026-0815", List.of(lines), "a.meier");
    }

    private static InvoiceFacts.Line line(String description, String quantity, String net) {
        return new InvoiceFacts.Line(description, new BigDecimal(quantity), Money.of(net, "EUR"));
    }

    private static Optional<Hold> match(InvoiceFacts f, Policy policy, PurchaseOrder po) {
        return InvoiceRules.purchaseOrderVariance(f, Samples.supplier(), policy, po);
    }

    @Test
    void anInvoiceOfWhatWasOrderedAndReceivedAtTheOrdersPricesMatches() {
        assertThat(match(invoice(line(TONER, "20", "900.00"), line(PAPER, "10", "360.00")), strict(), order("20"))).isEmpty();
    }

    @Test
    void aPartInvoiceOfWhatHasArrivedSoFarMatches() {
        assertThat(match(invoice(line(TONER, "8", "360.00")), strict(), order("8"))).isEmpty();
    }

    @Test
    void aDearerLineIsHeldNamingTheLineWithBothUnitPricesThoughTheInvoiceTotalIsBelowTheOrders() {
        // 1,140.00 net against an order of 1,260.00: only the paper is dearer, 38.00 a box against 36.00
        Hold hold = match(invoice(line(TONER, "20", "900.00"), line(PAPER, "6", "228.00")), tolerant(), order("20")).orElseThrow();
        assertThat(hold.code()).isEqualTo(Hold.PRICE_VARIANCE);
        assertThat(hold.reason()).contains("nets 228.00 EUR for 6 units of 'Copy paper A4, 80 g' (38.00 a unit)",
                "purchase order PO-2026-0815 of 216.00 at its price (36.00 a unit)", "12.00 (5.56 %) over",
                "the tolerance is 2 %");
        assertThat(hold.figures()).isEqualTo(new Variance("PO-2026-0815", PAPER, new BigDecimal("10"), new BigDecimal("10"),
                BigDecimal.ZERO, new BigDecimal("6"), new BigDecimal("36.00"), new BigDecimal("38.00"), new BigDecimal("2")));
    }

    @Test
    void aPriceWithinTheToleranceMatchesAndOneCentBeyondItIsHeld() {
        // 2 % over 45.00 is 45.90 a unit: 20 x 45.90 = 918.00
        assertThat(match(invoice(line(TONER, "20", "918.00")), tolerant(), order("20"))).isEmpty();
        assertThat(match(invoice(line(TONER, "20", "918.01")), tolerant(), order("20")))
                .hasValueSatisfying(h -> assertThat(h.code()).isEqualTo(Hold.PRICE_VARIANCE));
        assertThat(match(invoice(line(TONER, "20", "900.01")), strict(), order("20")))
                .hasValueSatisfying(h -> assertThat(h.reason()).contains("0.01 (0.00 %) over", "the tolerance is 0 %"));
    }

    @Test
    void moreUnitsThanTheGoodsReceiptsTookInAreHeldWithOrderedReceivedAndInvoicedSideBySide() {
        Hold hold = match(invoice(line(TONER, "20", "900.00")), strict(), order("15")).orElseThrow();
        assertThat(hold.code()).isEqualTo(Hold.QUANTITY_VARIANCE);
        assertThat(hold.reason()).isEqualTo("invoice RE-2026-0815 bills 20 units of 'Toner cartridge TN-2420'; purchase "
                + "order PO-2026-0815 ordered 20 and 15 have been received: 5 more than received (33.33 %), the tolerance is 0 %");
        assertThat(hold.figures()).isEqualTo(new Variance("PO-2026-0815", TONER, new BigDecimal("20"), new BigDecimal("15"),
                BigDecimal.ZERO, new BigDecimal("20"), new BigDecimal("45.00"), new BigDecimal("45.00"), BigDecimal.ZERO));
    }

    @Test
    void theQuantityToleranceAllowsThatShareOverWhatWasReceivedAndNoMore() {
        // 5 % of 20 received: 21 pass, 21.5 do not
        assertThat(match(invoice(line(TONER, "21", "945.00")), tolerant(), order("20"))).isEmpty();
        assertThat(match(invoice(line(TONER, "21.5", "967.50")), tolerant(), order("20")))
                .hasValueSatisfying(h -> assertThat(h.code()).isEqualTo(Hold.QUANTITY_VARIANCE));
    }

    @Test
    void nothingReceivedYetHoldsTheInvoiceEvenWithinThePrice() {
        assertThat(match(invoice(line(TONER, "20", "900.00")), tolerant(), order("0")))
                .hasValueSatisfying(h -> assertThat(h.reason()).contains("ordered 20 and 0 have been received"));
    }

    @Test
    void linesTheOrderDoesNotNameAreMatchedAgainstTheWholeOrderAtItsAveragePrice() {
        // 30 units for 1,260.00 ordered (42.00 a unit on average); the invoice asks 1,320.00 for them (44.00)
        Hold hold = match(invoice(line("Bürobedarf laut Bestellung", "30", "1320.00")), tolerant(), order("20"))
                .orElseThrow();
        assertThat(hold.code()).isEqualTo(Hold.PRICE_VARIANCE);
        assertThat(hold.reason()).contains("nets 1320.00 EUR for 30 units (44.00 a unit)", "of 1260.00 at its price (42.00 a unit)",
                "60.00 (4.76 %) over");
        assertThat(hold.figures().line()).isNull();
        assertThat(hold.figures().received()).isEqualByComparingTo("30");
    }

    @Test
    void anOrderInAnotherCurrencyOrOfAnotherVendorIsNoMatch() {
        PurchaseOrder dollars = new PurchaseOrder("PO-2026-0815", "42", "USD", order("20").lines());
        assertThat(match(invoice(line(TONER, "20", "900.00")), strict(), dollars)).hasValueSatisfying(h -> {
            assertThat(h.code()).isEqualTo(Hold.PO_MISMATCH);
            assertThat(h.reason()).isEqualTo("purchase order PO-2026-0815 is in USD, invoice RE-2026-0815 in EUR");
        });
        PurchaseOrder others = new PurchaseOrder("PO-2026-0815", "77", "EUR", order("20").lines());
        assertThat(match(invoice(line(TONER, "20", "900.00")), strict(), others))
                .hasValueSatisfying(h -> assertThat(h.reason()).contains("placed with vendor 77, not with Nordlicht"));
        assertThat(match(invoice(line(TONER, "20", "900.00")), strict(), null))
                .hasValueSatisfying(h -> assertThat(h.code()).isEqualTo(Hold.PO_NOT_FOUND));
    }

    @Test
    void goodsAnEarlierInvoiceOfTheOrderBilledAreNotBilledTwice() {
        List<InvoiceReference.Billed> first = List.of(new InvoiceReference.Billed("0193a5c4-2222-7000-8000-000000000801",
                "RE-2026-0801", TONER, new BigDecimal("12")), new InvoiceReference.Billed(
                "0193a5c4-2222-7000-8000-000000000801", "RE-2026-0801", PAPER, new BigDecimal("10")));
        // 12 of the 20 received cartridges billed before: the other 8 match, 9 do not
        assertThat(InvoiceRules.purchaseOrderVariance(invoice(line(TONER, "8", "360.00")), Samples.supplier(), strict(),
                order("20"), first)).isEmpty();
        Hold hold = InvoiceRules.purchaseOrderVariance(invoice(line(TONER, "9", "405.00")), Samples.supplier(), strict(),
                order("20"), first).orElseThrow();
        assertThat(hold.code()).isEqualTo(Hold.QUANTITY_VARIANCE);
        assertThat(hold.reason()).contains("bills 9 units of 'Toner cartridge TN-2420'; purchase order PO-2026-0815 ordered "
                + "20 and 20 have been received, 12 of them billed already (invoice RE-2026-0801): 1 more than received");
        assertThat(hold.figures().billedBefore()).isEqualByComparingTo("12");
        assertThat(hold.figures().invoiced()).isEqualByComparingTo("9");
        // matched against the whole order, every billed line counts: 22 of 30 received billed before
        assertThat(InvoiceRules.purchaseOrderVariance(invoice(line("Bürobedarf laut Bestellung", "9", "378.00")),
                Samples.supplier(), strict(), order("20"), first)).hasValueSatisfying(h ->
                assertThat(h.reason()).contains("ordered 30 and 30 have been received, 22 of them billed already"));
    }

    @Test
    void theWorkflowMatchesWithWhatEarlierInvoicesBilled() {
        InvoiceToPay flow = new InvoiceToPay();
        Policy policy = strict();
        InvoiceState.Matching matching = new InvoiceState.Matching(invoice(line(TONER, "20", "900.00")),
                new InvoiceReference.Lookup(List.of(Samples.supplier()), policy, List.of()),
                new InvoiceState.Checked(Samples.supplier(), policy, InvoiceState.Review.none()));
        var once = flow.decide(matching, new InvoiceEvent.PurchaseOrderRead(order("20")));
        assertThat(((io.finrelay.engine.workflow.Decision.Accepted<InvoiceState>) once).newState())
                .isInstanceOf(InvoiceState.AwaitingApproval.class);
        var twice = flow.decide(matching, new InvoiceEvent.PurchaseOrderRead(order("20"), List.of(
                new InvoiceReference.Billed("0193a5c4-2222-7000-8000-000000000801", "RE-2026-0801", TONER,
                        new BigDecimal("20")))));
        assertThat(((io.finrelay.engine.workflow.Decision.Accepted<InvoiceState>) twice).newState())
                .isInstanceOfSatisfying(InvoiceState.Held.class, h -> assertThat(h.hold().code())
                        .isEqualTo(Hold.QUANTITY_VARIANCE));
    }
}
