package io.finrelay.server.invoice;

import static org.assertj.core.api.Assertions.assertThat;

import io.finrelay.einvoice.FacturXPdfs;
import io.finrelay.server.ServerIT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Supplier invoice intake over HTTP on the real PostgreSQL, with the official EN 16931 examples:
 * 201 and Location, the same document again answers the earlier record, a changed document under a
 * taken number is refused, a broken one is 422 naming the rule and the element and leaves nothing,
 * and each tenant has its own invoices. A Factur-X PDF is taken in as the invoice its embedded CII
 * XML gives, and the canonical invoice as JSON or a CSV export as the invoice of their XML twin.
 */
class SupplierInvoiceIT extends ServerIT {
    private static final Path SAMPLES = Path.of("../finrelay-einvoice/src/test/resources");
    private static final String UBL_1 = "samples/ubl/ubl-tc434-example1.xml";
    private static final String CII_1 = "samples/cii/CII_example1.xml";
    private static final String CREDIT_NOTE = "samples/ubl/ubl-tc434-creditnote1.xml";
    private static final String UBL_TWIN = "samples/ubl/ubl-tc434-example4.xml";
    private static final String JSON_TWIN = "canonical/ubl-tc434-example4.json";
    private static final String CSV_TWIN = "canonical/ubl-tc434-example4.csv";

    private static String xml(String resource) {
        try {
            return Files.readString(SAMPLES.resolve(resource), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Answer upload(TestTenant tenant, String key, String body) {
        return call("POST", tenant.path("/supplier-invoices"), key, body, Map.of("Content-Type", "application/xml"));
    }

    private Answer uploadCsv(TestTenant tenant, String csv) {
        return call("POST", tenant.path("/supplier-invoices"), tenant.adminKey(), csv,
                Map.of("Content-Type", "text/csv; charset=utf-8"));
    }

    private Answer uploadPdf(TestTenant tenant, byte[] pdf) {
        return callWithBytes("POST", tenant.path("/supplier-invoices"), tenant.adminKey(), pdf,
                Map.of("Content-Type", "application/pdf"));
    }

    @Test
    void anOfficialUblInvoiceIsTakenInWithItsCanonicalFormAndLocation() {
        TestTenant t = newTenant("koksmaat");
        Answer created = upload(t, t.adminKey(), xml(UBL_1));
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        String id = created.body().get("id").asText();
        assertThat(created.header("Location")).isEqualTo(t.path("/supplier-invoices/" + id));
        assertThat(created.body().get("state").asText()).as("the workflow started; the tenant has no AP policy yet")
                .isEqualTo("HELD");
        assertThat(created.body().get("workflow").get("hold").get("code").asText()).isEqualTo("no-ap-policy");
        assertThat(created.body().get("syntax").asText()).isEqualTo("UBL");
        var invoice = created.body().get("invoice");
        assertThat(invoice.get("number").asText()).isEqualTo("12115118");
        assertThat(invoice.get("seller").get("name").asText()).isEqualTo("De Koksmaat");
        assertThat(invoice.get("seller").get("vatId").asText()).isEqualTo("NL8200.98.395.B.01");
        assertThat(invoice.get("totals").get("payable").asText()).isEqualTo("250.33");
        assertThat(invoice.get("currency").asText()).isEqualTo("EUR");

        assertThat(get(t.path("/supplier-invoices/" + id), t.adminKey()).body()).isEqualTo(created.body());
        Answer byAuditor = get(t.path("/supplier-invoices/" + id), keyFor(t, t.adminKey(), "auditor"));
        assertThat(byAuditor.status()).isEqualTo(200);
        assertThat(byAuditor.body().get("invoice").get("totals")).isEqualTo(invoice.get("totals"));
        assertThat(byAuditor.body().get("invoice").get("seller").get("iban").asText())
                .as("an auditor holds no read-bank-details: the payee IBAN is masked").isEqualTo("NL57 **** **** **75 10");

        Answer audit = get(t.path("/audit?kind=supplier-invoice.received"), t.adminKey());
        assertThat(audit.body()).hasSize(1);
        assertThat(audit.body().get(0).get("detail").get("after").get("number").asText()).isEqualTo("12115118");
    }

    @Test
    void theSameInvoiceSentTwiceAnswersTheEarlierRecordWith200() {
        TestTenant t = newTenant("twice");
        Answer first = upload(t, t.adminKey(), xml(CII_1));
        Answer again = upload(t, t.adminKey(), xml(CII_1));
        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().get("id")).isEqualTo(first.body().get("id"));
        assertThat(again.header("Location")).isEqualTo(first.header("Location"));
        assertThat(get(t.path("/supplier-invoices"), t.adminKey()).body().get("items")).hasSize(1);
        assertThat(get(t.path("/audit?kind=supplier-invoice.received"), t.adminKey()).body()).hasSize(1);
    }

    @Test
    void aFacturXPdfIsTakenInAsTheInvoiceItsEmbeddedXmlGivesAndTheSamePdfAgainAnswers200() {
        TestTenant t = newTenant("facturx");
        byte[] pdf = FacturXPdfs.facturX(xml(CII_1).getBytes(StandardCharsets.UTF_8));
        Answer created = uploadPdf(t, pdf);
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        String id = created.body().get("id").asText();
        assertThat(created.header("Location")).isEqualTo(t.path("/supplier-invoices/" + id));
        assertThat(created.body().get("syntax").asText()).as("the syntax of the embedded XML").isEqualTo("CII");
        var invoice = created.body().get("invoice");
        assertThat(invoice.get("number").asText()).isEqualTo("12115118");
        assertThat(invoice.get("seller").get("name").asText()).isEqualTo("De Koksmaat");
        assertThat(invoice.get("totals").get("payable").asText()).isEqualTo("250.33");
        assertThat(invoice.get("lines")).hasSize(20);

        TestTenant byXml = newTenant("facturx-xml");
        Answer fromXml = upload(byXml, byXml.adminKey(), xml(CII_1));
        assertThat(invoice).as("the same canonical invoice as the XML uploaded on its own")
                .isEqualTo(fromXml.body().get("invoice"));

        Answer again = uploadPdf(t, pdf);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().get("id").asText()).isEqualTo(id);
        assertThat(again.header("Location")).isEqualTo(created.header("Location"));
        Answer sameAsXml = upload(t, t.adminKey(), xml(CII_1));
        assertThat(sameAsXml.status()).as("the XML the PDF carries, sent on its own: the same document")
                .isEqualTo(200);
        assertThat(sameAsXml.body().get("id").asText()).isEqualTo(id);
        assertThat(get(t.path("/supplier-invoices"), t.adminKey()).body().get("items")).hasSize(1);
    }

    @Test
    void aPdfWithoutAnEmbeddedInvoiceAndXmlSentAsPdfAre422AndLeaveNothing() {
        TestTenant t = newTenant("facturx-refused");
        Answer noXml = uploadPdf(t, FacturXPdfs.pdf());
        assertThat(noXml.status()).isEqualTo(422);
        assertThat(noXml.contentType()).startsWith("application/problem+json");
        var violation = noXml.body().get("violations").get(0);
        assertThat(violation.get("rule").asText()).isEqualTo("PDF");
        assertThat(violation.get("element").asText()).isEqualTo("embedded files");
        assertThat(violation.get("message").asText()).contains("factur-x.xml").endsWith("it embeds no file at all");

        Answer xmlAsPdf = uploadPdf(t, xml(CII_1).getBytes(StandardCharsets.UTF_8));
        assertThat(xmlAsPdf.status()).isEqualTo(422);
        assertThat(xmlAsPdf.body().get("detail").asText()).isEqualTo("PDF (document): not a PDF: it does not start with %PDF-");
        assertThat(get(t.path("/supplier-invoices"), t.adminKey()).body().get("items")).isEmpty();
    }

    @Test
    void aBrokenOfficialEn16931RuleIs422NamingTheRuleItsTextAndTheLocationAndLeavesNothing() {
        TestTenant t = newTenant("schematron-refused");
        Answer refused = upload(t, t.adminKey(), xml("broken/ubl-seller-vat-id-without-country-prefix.xml"));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.body().get("violations")).hasSize(1);
        var violation = refused.body().get("violations").get(0);
        assertThat(violation.get("rule").asText()).isEqualTo("BR-CO-09");
        assertThat(violation.get("element").asText())
                .isEqualTo("/Invoice[1]/cac:AccountingSupplierParty[1]/cac:Party[1]/cac:PartyTaxScheme[1]");
        assertThat(violation.get("message").asText()).startsWith("The Seller VAT identifier (BT-31)");
        assertThat(refused.body().get("detail").asText()).startsWith("BR-CO-09 (/Invoice[1]/cac:AccountingSupplierParty[1]");

        // A rule the reader checks itself and the Schematron too is named once, with both figures.
        Answer twice = upload(t, t.adminKey(), xml("broken/ubl-line-net-sum-off.xml"));
        assertThat(twice.status()).isEqualTo(422);
        assertThat(twice.body().get("violations")).extracting(v -> v.get("rule").asText()).containsExactly("BR-CO-10", "BR-CO-13");
        assertThat(get(t.path("/supplier-invoices"), t.adminKey()).body().get("items")).isEmpty();
    }

    @Test
    void aJsonInvoiceWithoutItsNumberIs422NamingTheBusinessTerm() throws Exception {
        TestTenant t = newTenant("json-no-number");
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var invoice = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(xml(JSON_TWIN));
        invoice.remove("number");
        Answer refused = call("POST", t.path("/supplier-invoices"), t.adminKey(), json.writeValueAsString(invoice),
                Map.of("Content-Type", "application/json"));
        assertThat(refused.status()).isEqualTo(422);
        var violation = refused.body().get("violations").get(0);
        assertThat(violation.get("rule").asText()).isEqualTo("BR-02");
        assertThat(violation.get("element").asText()).isEqualTo("BT-1 Invoice number");
        assertThat(violation.get("message").asText()).isEqualTo("BT-1 Invoice number is missing");
        assertThat(get(t.path("/supplier-invoices"), t.adminKey()).body().get("items")).isEmpty();
    }

    @Test
    void aChangedDocumentUnderANumberTheSellerAlreadyUsedIsRefusedWith409() {
        TestTenant t = newTenant("changed");
        Answer first = upload(t, t.adminKey(), xml(UBL_1));
        String changed = xml(UBL_1).replace("PATAT FRITES 10MM 10KG", "PATAT FRITES 12MM 10KG");
        Answer second = upload(t, t.adminKey(), changed);
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.contentType()).startsWith("application/problem+json");
        assertThat(second.body().get("existingId")).isEqualTo(first.body().get("id"));
        assertThat(get(t.path("/supplier-invoices"), t.adminKey()).body().get("items")).hasSize(1);
    }

    @Test
    void theCanonicalInvoiceAsJsonAndACsvExportAreTakenInAsTheXmlTwinIsAndABadCsvNamesItsLine() {
        TestTenant t = newTenant("intake-formats");
        Answer created = call("POST", t.path("/supplier-invoices"), t.adminKey(), xml(JSON_TWIN),
                Map.of("Content-Type", "application/json"));
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        String id = created.body().get("id").asText();
        assertThat(created.header("Location")).isEqualTo(t.path("/supplier-invoices/" + id));
        assertThat(created.body().get("syntax").asText()).isEqualTo("JSON");
        Answer shown = get(t.path("/supplier-invoices/" + id), t.adminKey());
        assertThat(shown.body().get("invoice").get("number").asText()).isEqualTo("TOSL110");
        assertThat(shown.body().get("invoice").get("totals").get("payable").asText()).isEqualTo("4675.00");

        TestTenant byXml = newTenant("intake-formats-xml");
        Answer fromXml = upload(byXml, byXml.adminKey(), xml(UBL_TWIN));
        assertThat(shown.body().get("invoice")).as("the same stored invoice as its UBL twin")
                .isEqualTo(fromXml.body().get("invoice"));

        Answer again = call("POST", t.path("/supplier-invoices"), t.adminKey(), xml(JSON_TWIN),
                Map.of("Content-Type", "application/json"));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().get("id").asText()).isEqualTo(id);

        TestTenant byCsv = newTenant("intake-formats-csv");
        Answer fromCsv = uploadCsv(byCsv, xml(CSV_TWIN));
        assertThat(fromCsv.status()).as(fromCsv.body().toString()).isEqualTo(201);
        assertThat(fromCsv.body().get("syntax").asText()).isEqualTo("CSV");
        assertThat(fromCsv.body().get("invoice")).isEqualTo(fromXml.body().get("invoice"));

        TestTenant badCsv = newTenant("intake-formats-bad-csv");
        Answer refused = uploadCsv(badCsv, xml(CSV_TWIN).replace(",500.00,", ",\"500,00\","));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        var violation = refused.body().get("violations").get(0);
        assertThat(violation.get("rule").asText()).isEqualTo("CSV");
        assertThat(violation.get("element").asText()).isEqualTo("line 3, column line_net_amount");
        assertThat(refused.body().get("detail").asText()).contains("line 3, column line_net_amount");
        assertThat(get(badCsv.path("/supplier-invoices"), badCsv.adminKey()).body().get("items")).isEmpty();
    }

    @Test
    void totalsThatDoNotAddUpAre422NamingTheRuleTheElementAndBothFiguresAndLeaveNothing() {
        TestTenant t = newTenant("totals");
        Answer refused = upload(t, t.adminKey(), xml("broken/ubl-payable-amount-off.xml"));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        var violation = refused.body().get("violations").get(0);
        assertThat(violation.get("rule").asText()).isEqualTo("BR-CO-16");
        assertThat(violation.get("element").asText()).isEqualTo("BT-115 Amount due for payment");
        assertThat(violation.get("message").asText()).contains("260.33 EUR").contains("250.33 EUR");
        assertThat(refused.body().get("detail").asText()).startsWith("BR-CO-16");
        assertThat(get(t.path("/supplier-invoices"), t.adminKey()).body().get("items")).isEmpty();
    }

    @Test
    void aMissingSellerNameAndANonInvoiceAndAWrongContentTypeAreRefused() {
        TestTenant t = newTenant("refusals");
        Answer noSeller = upload(t, t.adminKey(), xml("broken/cii-seller-name-missing.xml"));
        assertThat(noSeller.status()).isEqualTo(422);
        assertThat(noSeller.body().get("violations").get(0).get("rule").asText()).isEqualTo("BR-06");
        Answer pain = upload(t, t.adminKey(), "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.001.001.09\"/>");
        assertThat(pain.status()).isEqualTo(422);
        assertThat(pain.body().get("violations").get(0).get("rule").asText()).isEqualTo("SYNTAX");
        Answer text = call("POST", t.path("/supplier-invoices"), t.adminKey(), "TOSL110;4675.00",
                Map.of("Content-Type", "text/plain"));
        assertThat(text.status()).isEqualTo(415);
    }

    @Test
    void theListFiltersBySupplierAndPagesNewestFirstWithACursor() {
        TestTenant t = newTenant("listing");
        String ubl = upload(t, t.adminKey(), xml(UBL_1)).body().get("id").asText();
        String credit = upload(t, t.adminKey(), xml(CREDIT_NOTE)).body().get("id").asText();
        String cii = upload(t, t.adminKey(), xml("samples/cii/CII_example2.xml")).body().get("id").asText();

        Answer page1 = get(t.path("/supplier-invoices?limit=2"), t.adminKey());
        assertThat(page1.body().get("items")).extracting(n -> n.get("id").asText()).containsExactly(cii, credit);
        Answer page2 = get(t.path("/supplier-invoices?limit=2&cursor=" + page1.body().get("next").asText()), t.adminKey());
        assertThat(page2.body().get("items")).extracting(n -> n.get("id").asText()).containsExactly(ubl);
        assertThat(page2.body().has("next")).as("the last page names no next cursor").isFalse();
        assertThat(page1.body().get("items").get(1).get("kind").asText()).isEqualTo("CREDIT_NOTE");

        Answer koksmaat = get(t.path("/supplier-invoices?supplier=NL8200.98.395.B.01&state=HELD"), t.adminKey());
        assertThat(koksmaat.body().get("items")).extracting(n -> n.get("number").asText()).contains("12115118");
        assertThat(koksmaat.body().get("items")).allSatisfy(n ->
                assertThat(n.get("seller").asText()).isEqualTo("NL8200.98.395.B.01"));
        assertThat(get(t.path("/supplier-invoices?state=SETTLED"), t.adminKey()).status()).isEqualTo(400);
        assertThat(get(t.path("/supplier-invoices?cursor=yesterday"), t.adminKey()).status()).isEqualTo(400);
    }

    @Test
    void eachTenantHasItsOwnInvoicesBehindTheTenantWall() {
        TestTenant a = newTenant("walla");
        TestTenant b = newTenant("wallb");
        Answer ofA = upload(a, a.adminKey(), xml(UBL_1));
        Answer ofB = upload(b, b.adminKey(), xml(UBL_1));
        assertThat(ofA.status()).isEqualTo(201);
        assertThat(ofB.status()).as("the same invoice sent to another tenant is that tenant's own").isEqualTo(201);
        assertThat(get(b.path("/supplier-invoices/" + ofA.body().get("id").asText()), b.adminKey()).status()).isEqualTo(404);
        assertThat(get(a.path("/supplier-invoices/" + ofA.body().get("id").asText()), b.adminKey()).status()).isEqualTo(404);
    }
}
