package io.finrelay.einvoice;

import static org.assertj.core.api.Assertions.assertThat;

import io.finrelay.model.invoice.RuleViolation;
import io.finrelay.model.invoice.SupplierInvoice;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A legacy CSV export, one row per invoice line: read into the same record as its XML twin, or refused naming line and column. */
class CsvInvoiceReaderTest {
    private static final String TWIN = "canonical/ubl-tc434-example4.csv";

    private static List<String> twinLines() {
        return new ArrayList<>(List.of(new String(Samples.bytes(TWIN), StandardCharsets.UTF_8).split("\r\n")));
    }

    private static byte[] csv(List<String> lines) {
        return (String.join("\r\n", lines) + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private static List<RuleViolation> refusal(List<String> lines) {
        try {
            EInvoiceReader.read(csv(lines), EInvoiceReader.Syntax.CSV);
        } catch (EInvoiceException e) {
            return e.violations();
        }
        throw new AssertionError("the CSV invoice was accepted");
    }

    @Test
    void aCsvExportReadsIntoTheSameCanonicalInvoiceAsItsUblTwin() {
        SupplierInvoice fromUbl = EInvoiceReader.read(Samples.bytes("samples/ubl/ubl-tc434-example4.xml"));
        SupplierInvoice fromCsv = EInvoiceReader.read(Samples.bytes(TWIN), EInvoiceReader.Syntax.CSV);
        assertThat(fromCsv).isEqualTo(fromUbl);
    }

    @Test
    void columnsMayComeInAnyOrderAndOptionalOnesMayBeLeftOut() {
        List<String> lines = List.of(
                "amount_due,gross_total,vat_total,net_total,vat_rate,vat_category,line_net_amount,unit_price,quantity,"
                        + "item_name,line_id,buyer_name,seller_name,issue_date,currency,type_code,invoice_number,payment_terms",
                "1190.00,1190.00,190.00,1000.00,19,S,1000.00,250.00,4,Pallet racking bay,1,Finrelay Demo GmbH,"
                        + "Lagertechnik Nord GmbH,2026-03-02,EUR,380,LN-2026-0042,Net 30 days");
        SupplierInvoice invoice = EInvoiceReader.read(csv(lines), EInvoiceReader.Syntax.CSV);
        assertThat(invoice.totals().payable().amount()).isEqualByComparingTo("1190.00");
        assertThat(invoice.taxBreakdown()).singleElement().satisfies(t -> assertThat(t.taxAmount().amount())
                .isEqualByComparingTo("190.00"));
    }

    @Test
    void aFileWithoutAHeaderRowIsRefusedNamingLine1() {
        List<String> lines = twinLines();
        lines.removeFirst();
        assertThat(refusal(lines)).singleElement().satisfies(r -> {
            assertThat(r.rule()).isEqualTo("CSV");
            assertThat(r.element()).isEqualTo("line 1");
            assertThat(r.message()).contains("no header row");
        });
    }

    @Test
    void anUnknownColumnIsRefusedNamingItsPosition() {
        List<String> lines = twinLines();
        lines.set(0, lines.getFirst().replace("unit_code", "uom"));
        assertThat(refusal(lines)).singleElement().satisfies(r -> {
            assertThat(r.element()).isEqualTo("line 1, column 17");
            assertThat(r.message()).contains("unknown column \"uom\"");
        });
    }

    @Test
    void aRowWhoseInvoiceLevelColumnDisagreesIsRefusedNamingRowAndColumn() {
        List<String> lines = twinLines();
        lines.set(2, lines.get(2).replace("2013-05-10", "2013-05-31"));
        assertThat(refusal(lines)).singleElement().satisfies(r -> {
            assertThat(r.element()).isEqualTo("line 3, column due_date");
            assertThat(r.message()).contains("\"2013-05-31\"", "disagrees with line 2", "\"2013-05-10\"");
        });
    }

    @Test
    void aNonNumericAmountOnLine3IsRefusedNamingLine3AndTheColumn() {
        List<String> lines = twinLines();
        lines.set(2, lines.get(2).replace(",500.00,", ",\"500,00\","));
        assertThat(refusal(lines)).singleElement().satisfies(r -> {
            assertThat(r.rule()).isEqualTo("CSV");
            assertThat(r.element()).isEqualTo("line 3, column line_net_amount");
            assertThat(r.message()).isEqualTo("line 3, column line_net_amount: 500,00 is not a decimal number");
        });
    }

    @Test
    void linesThatDoNotAddUpToTheNetTotalAreRefusedUnderBrCo10() {
        List<String> lines = twinLines();
        lines.removeLast();
        assertThat(refusal(lines)).extracting(RuleViolation::rule).contains("BR-CO-10");
    }

    @Test
    void aQuotedCellSpanningLinesStillNamesTheLineTheBadCellIsOn() {
        List<String> lines = twinLines();
        lines.set(1, lines.get(1).replace("Printing paper", "\"Printing paper,\nA4 80 g\""));
        lines.set(2, lines.get(2).replace(",100,", ",one hundred,"));
        assertThat(refusal(lines)).singleElement()
                .satisfies(r -> assertThat(r.element()).isEqualTo("line 4, column quantity"));
    }
}
