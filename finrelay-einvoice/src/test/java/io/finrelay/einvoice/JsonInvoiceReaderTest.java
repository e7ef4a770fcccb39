package io.finrelay.einvoice;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.finrelay.model.invoice.RuleViolation;
import io.finrelay.model.invoice.SupplierInvoice;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The canonical supplier invoice sent as JSON: read into the same record as its XML twin, under the same rules. */
class JsonInvoiceReaderTest {
    private static final String TWIN = "canonical/ubl-tc434-example4.json";

    private static byte[] twinWith(Consumer<ObjectNode> change) {
        try {
            ObjectNode invoice = (ObjectNode) Samples.JSON.readTree(Samples.bytes(TWIN));
            change.accept(invoice);
            return Samples.JSON.writeValueAsBytes(invoice);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<RuleViolation> refusal(byte[] json) {
        try {
            EInvoiceReader.read(json, EInvoiceReader.Syntax.JSON);
        } catch (EInvoiceException e) {
            return e.violations();
        }
        throw new AssertionError("the JSON invoice was accepted");
    }

    @Test
    void aJsonInvoiceReadsIntoTheSameCanonicalInvoiceAsItsUblTwin() {
        SupplierInvoice fromUbl = EInvoiceReader.read(Samples.bytes("samples/ubl/ubl-tc434-example4.xml"));
        SupplierInvoice fromJson = EInvoiceReader.read(Samples.bytes(TWIN), EInvoiceReader.Syntax.JSON);
        assertThat(fromJson).isEqualTo(fromUbl);
    }

    @Test
    void theStoredCanonicalShapeOfAnXmlInvoiceReadsBackAsTheSameInvoice() throws Exception {
        SupplierInvoice fromUbl = EInvoiceReader.read(Samples.bytes("samples/ubl/ubl-tc434-example2.xml"));
        // Amounts as plain decimal strings, as the API stores and shows them.
        String canonical = Samples.JSON.writeValueAsString(fromUbl).replaceAll("\"(-?[0-9.]+) NOK\"", "\"$1\"");
        assertThat(EInvoiceReader.read(canonical.getBytes(StandardCharsets.UTF_8), EInvoiceReader.Syntax.JSON))
                .isEqualTo(fromUbl);
    }

    @Test
    void anExplicitEarlyPaymentDiscountIsKeptWithTheTermsText() {
        SupplierInvoice invoice = EInvoiceReader.read(twinWith(i -> i.putObject("paymentTerms")
                .put("text", "2/10 net 30").putObject("earlyPaymentDiscount").put("percent", "2.00").put("days", 10)),
                EInvoiceReader.Syntax.JSON);
        assertThat(invoice.paymentTerms().text()).isEqualTo("2/10 net 30");
        assertThat(invoice.paymentTerms().earlyPaymentDiscount().percent()).isEqualByComparingTo("2");
        assertThat(invoice.paymentTerms().earlyPaymentDiscount().days()).isEqualTo(10);
    }

    @Test
    void aMissingSellerIsRefusedUnderBr06() {
        assertThat(refusal(twinWith(i -> i.remove("seller"))))
                .containsExactly(new RuleViolation("BR-06", "BT-27 Seller name", "BT-27 Seller name is missing"));
    }

    @Test
    void aMissingInvoiceNumberIsNamedByItsBusinessTermNotOnlyByItsJsonPath() {
        assertThat(refusal(twinWith(i -> i.remove("number"))))
                .containsExactly(new RuleViolation("BR-02", "BT-1 Invoice number", "BT-1 Invoice number is missing"));
    }

    @Test
    void aLineWithoutItsIdIsNamedByTheBusinessTermThenTheJsonPath() {
        assertThat(refusal(twinWith(i -> ((ObjectNode) i.get("lines").get(0)).remove("id")))).containsExactly(
                new RuleViolation("BR-21", "lines[0].id (BT-126)", "BT-126 Invoice line identifier is missing (JSON lines[0].id)"));
    }

    @Test
    void totalsThatDoNotAddUpAreRefusedNamingBothFigures() {
        assertThat(refusal(twinWith(i -> ((ObjectNode) i.get("totals")).put("payable", "4765.00")))).containsExactly(new RuleViolation(
                "BR-CO-16", "BT-115 Amount due for payment", "BT-115 is 4765.00 DKK but BT-112 - BT-113 + BT-114 is 4675.00 DKK"));
    }

    @Test
    void aNegativeQuantityOnALineThatAddsMoneyIsRefused() {
        List<RuleViolation> v = refusal(twinWith(i -> ((ObjectNode) i.withArray("lines").get(1)).put("quantity", -100)));
        assertThat(v).extracting(RuleViolation::rule, RuleViolation::element)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("LINE-SIGN", "BT-129 Invoiced quantity"));
        assertThat(v.getFirst().message()).contains("line 2", "-100", "500.00");
    }

    @Test
    void aCurrencyThatIsNotIso4217IsRefusedNamingTheField() {
        assertThat(refusal(twinWith(i -> i.put("currency", "DKR")))).contains(new RuleViolation("BR-CL-04",
                "currency (BT-5)", "currency code DKR is not an ISO 4217 currency"));
    }

    @Test
    void anAmountWithMoreDecimalsThanTheCurrencyHasIsRefusedNamingItsPath() {
        assertThat(refusal(twinWith(i -> ((ObjectNode) i.withArray("lines").get(0)).put("netAmount", "1000.005"))))
                .containsExactly(new RuleViolation("BR-DEC", "lines[0].netAmount (BT-131)",
                        "lines[0].netAmount (BT-131): 1000.005 has more than 2 decimals, more than DKK allows"));
    }

    @Test
    void anAmountThatIsNoNumberIsRefusedNamingItsPath() {
        List<RuleViolation> v = refusal(twinWith(i -> ((ObjectNode) i.get("totals")).put("payable", "4.675,00")));
        assertThat(v).singleElement().satisfies(r -> {
            assertThat(r.rule()).isEqualTo("JSON");
            assertThat(r.element()).isEqualTo("totals.payable");
        });
    }

    @Test
    void anUnknownFieldIsRefusedRatherThanDropped() {
        assertThat(refusal(twinWith(i -> i.put("discountPercent", "2")))).singleElement()
                .satisfies(r -> assertThat(r.element()).isEqualTo("discountPercent"));
    }

    @Test
    void jsonThatIsNotWellFormedIsRefusedWithLineAndColumn() {
        assertThat(refusal("{\n  \"number\": \"TOSL110\",\n  \"currency\": }".getBytes(StandardCharsets.UTF_8)))
                .singleElement().satisfies(r -> {
                    assertThat(r.rule()).isEqualTo("JSON");
                    assertThat(r.element()).startsWith("line 3, column");
                });
    }
}
