package io.finrelay.einvoice;

import static org.assertj.core.api.Assertions.assertThat;

import io.finrelay.einvoice.FacturXPdfs.Attachment;
import io.finrelay.model.invoice.RuleViolation;
import io.finrelay.model.invoice.SupplierInvoice;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Factur-X / ZUGFeRD hybrid PDFs, made in the test around the official CII examples: the embedded
 * XML reads into the very invoice the XML gives on its own, and PDFs without a readable CII invoice in
 * them are refused naming why.
 */
class HybridPdfTest {
    private static final String CII_1 = "samples/cii/CII_example1.xml";

    static List<String> ciiExamples() {
        return Samples.official().stream().filter(s -> s.startsWith("samples/cii/")).toList();
    }

    private static List<RuleViolation> refusal(byte[] document) {
        try {
            EInvoiceReader.read(document);
        } catch (EInvoiceException e) {
            return e.violations();
        }
        throw new AssertionError("the document was accepted");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ciiExamples")
    void everyOfficialCiiExampleInAFacturXPdfReadsIntoTheInvoiceItsXmlGives(String sample) {
        byte[] xml = Samples.bytes(sample);
        SupplierInvoice fromPdf = EInvoiceReader.read(FacturXPdfs.facturX(xml));
        assertThat(fromPdf).isEqualTo(EInvoiceReader.read(xml));
        Samples.assertGolden(sample, fromPdf);
    }

    @Test
    void theKoksmaatInvoiceInAFacturXPdfHasItsNumberSellerTotalsAndLines() {
        byte[] pdf = FacturXPdfs.facturX(Samples.bytes(CII_1));
        assertThat(pdf).startsWith("%PDF-".getBytes(StandardCharsets.US_ASCII));
        SupplierInvoice invoice = EInvoiceReader.read(pdf);
        SupplierInvoice direct = EInvoiceReader.read(Samples.bytes(CII_1));
        assertThat(invoice.number()).isEqualTo("12115118").isEqualTo(direct.number());
        assertThat(invoice.seller().name()).isEqualTo("De Koksmaat");
        assertThat(invoice.seller().vatId()).isEqualTo("NL8200.98.395.B.01");
        assertThat(invoice.seller()).isEqualTo(direct.seller());
        assertThat(invoice.totals().payable().amount()).isEqualByComparingTo("250.33");
        assertThat(invoice.totals().taxTotal().amount()).isEqualByComparingTo("20.73");
        assertThat(invoice.totals()).isEqualTo(direct.totals());
        assertThat(invoice.lines()).hasSize(20).isEqualTo(direct.lines());
        assertThat(invoice.lines().get(0).itemName()).isEqualTo("PATAT FRITES 10MM 10KG");
        assertThat(EInvoiceReader.syntax(pdf)).isEqualTo(EInvoiceReader.Syntax.CII);
    }

    @Test
    void aZugferdPdfWithItsXmlUnfilteredUnderTheZugferd20NameIsRead() {
        byte[] xml = Samples.bytes("samples/cii/XRechnung-O.xml");
        byte[] pdf = FacturXPdfs.pdf(new Attachment("ZUGFeRD-invoice.xml", xml, "Alternative", false));
        assertThat(EInvoiceReader.read(pdf)).isEqualTo(EInvoiceReader.read(xml));
        byte[] xrechnung = FacturXPdfs.pdf(new Attachment("xrechnung.xml", xml, null, true));
        assertThat(EInvoiceReader.read(xrechnung).number()).isEqualTo("150377292");
    }

    @Test
    void ofSeveralEmbeddedInvoiceXmlsTheOneAssociatedAsTheInvoiceDataIsRead() {
        byte[] supplement = Samples.bytes("samples/cii/CII_example2.xml");
        byte[] data = Samples.bytes(CII_1);
        byte[] pdf = FacturXPdfs.pdf(new Attachment("factur-x.xml", supplement, "Supplement", true),
                new Attachment("zugferd-invoice.xml", data, "Data", true));
        assertThat(EInvoiceReader.read(pdf).number()).isEqualTo("12115118");
    }

    @Test
    void aPdfWithoutAnyAttachmentIsRefusedSayingItEmbedsNoFile() {
        assertThat(refusal(FacturXPdfs.pdf())).containsExactly(new RuleViolation("PDF", "embedded files",
                "no embedded invoice XML (factur-x.xml, zugferd-invoice.xml, xrechnung.xml): it embeds no file at all"));
    }

    @Test
    void aPdfWhoseAttachmentsAreOtherFilesIsRefusedNamingThem() {
        byte[] order = "<Order xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Order-2\"/>".getBytes(StandardCharsets.UTF_8);
        byte[] pdf = FacturXPdfs.pdf(new Attachment("purchase-order.xml", order, "Supplement", true),
                new Attachment("delivery-note.xml", order, "Supplement", false));
        assertThat(refusal(pdf)).singleElement().satisfies(v -> {
            assertThat(v.rule()).isEqualTo("PDF");
            assertThat(v.element()).isEqualTo("embedded files");
            assertThat(v.message()).endsWith("it embeds delivery-note.xml, purchase-order.xml");
        });
    }

    @Test
    void aFacturXAttachmentThatIsNotCiiIsRefusedNamingItsRootElement() {
        byte[] ubl = Samples.bytes("samples/ubl/ubl-tc434-example1.xml");
        assertThat(refusal(FacturXPdfs.facturX(ubl))).singleElement().satisfies(v -> {
            assertThat(v.rule()).isEqualTo("SYNTAX");
            assertThat(v.element()).isEqualTo("embedded factur-x.xml");
            assertThat(v.message()).startsWith("{urn:oasis:names:specification:ubl:schema:xsd:Invoice-2}Invoice is not "
                    + "a UN/CEFACT CII D16B CrossIndustryInvoice");
        });
        byte[] pain = "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.001.001.09\"/>".getBytes(StandardCharsets.UTF_8);
        assertThat(refusal(FacturXPdfs.facturX(pain))).extracting(RuleViolation::rule).containsExactly("SYNTAX");
    }

    @Test
    void aBrokenCiiInvoiceInsideAPdfIsRefusedUnderTheSameRuleAsOnItsOwn() {
        byte[] broken = Samples.bytes("broken/cii-grand-total-off.xml");
        assertThat(refusal(FacturXPdfs.facturX(broken))).isEqualTo(refusal(broken))
                .extracting(RuleViolation::rule).containsExactly("BR-CO-15", "BR-CO-16");
    }

    @Test
    void aTruncatedPdfIsRefusedAsUnreadable() {
        byte[] pdf = FacturXPdfs.facturX(Samples.bytes(CII_1));
        byte[] truncated = Arrays.copyOf(pdf, pdf.length / 2);
        assertThat(refusal(truncated)).singleElement().satisfies(v -> {
            assertThat(v.rule()).isEqualTo("PDF");
            assertThat(v.element()).isEqualTo("document");
            assertThat(v.message()).startsWith("not a readable PDF: ");
        });
    }

    @Test
    void garbageAfterAPdfHeaderIsRefusedAsUnreadable() {
        byte[] garbage = "%PDF-1.7\n\u00e2\u00e3\u00cf\u00d3\nthis is no PDF body, only text claiming to be one\n%%EOF\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        assertThat(refusal(garbage)).singleElement().satisfies(v -> {
            assertThat(v.rule()).isEqualTo("PDF");
            assertThat(v.message()).startsWith("not a readable PDF: ");
        });
    }

    @Test
    void anEncryptedPdfIsRefusedWithOrWithoutAUserPassword() {
        Attachment invoice = Attachment.facturX(Samples.bytes(CII_1));
        RuleViolation encrypted = new RuleViolation("PDF", "document",
                "the PDF is encrypted; a Factur-X / ZUGFeRD invoice is a PDF/A-3, which is never encrypted");
        assertThat(refusal(FacturXPdfs.encrypted("s3cret", invoice))).containsExactly(encrypted);
        assertThat(refusal(FacturXPdfs.encrypted("", invoice))).as("opens without a password, still encrypted")
                .containsExactly(encrypted);
    }

    @Test
    void anEmbeddedXmlThatUnpacksPastTheLimitIsRefusedBeforeItIsRead() {
        byte[] huge = new byte[HybridPdf.MAX_XML_BYTES + 1];
        Arrays.fill(huge, (byte) ' ');
        byte[] pdf = FacturXPdfs.facturX(huge);
        assertThat(pdf.length).as("a few kilobytes that deflate to more than the limit").isLessThan(64 * 1024);
        assertThat(refusal(pdf)).containsExactly(new RuleViolation("PDF", "embedded file factur-x.xml",
                "larger than " + HybridPdf.MAX_XML_BYTES + " bytes once unpacked"));
    }

    @Test
    void bytesThatAreNoPdfAreRefusedWhereAPdfIsExpected() {
        byte[] xml = Samples.bytes(CII_1);
        try {
            EInvoiceReader.readPdf(xml);
            throw new AssertionError("the XML was taken for a PDF");
        } catch (EInvoiceException e) {
            assertThat(e.violations()).containsExactly(
                    new RuleViolation("PDF", "document", "not a PDF: it does not start with %PDF-"));
        }
        assertThat(EInvoiceReader.read(xml).number()).as("the same bytes read as XML").isEqualTo("12115118");
    }
}
