package io.finrelay.einvoice;

import io.finrelay.model.invoice.SupplierInvoice;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every official EN 16931 example (UBL and CII) reads into the canonical invoice its golden JSON shows. */
class OfficialExamplesTest {

    static List<String> examples() {
        return Samples.official();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void everyOfficialExampleReadsIntoItsGoldenCanonicalInvoice(String sample) {
        SupplierInvoice invoice = EInvoiceReader.read(Samples.bytes(sample));
        Samples.assertGolden(sample, invoice);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void everyOfficialExampleBreaksNoFatalRuleOfTheOfficialSchematron(String sample) throws Exception {
        var factory = javax.xml.parsers.DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        org.w3c.dom.Document document = factory.newDocumentBuilder().parse(new java.io.ByteArrayInputStream(Samples.bytes(sample)));
        List<io.finrelay.model.invoice.RuleViolation> broken = sample.startsWith("samples/cii/")
                ? En16931Schematron.cii(document) : En16931Schematron.ubl(document);
        org.assertj.core.api.Assertions.assertThat(broken).isEmpty();
    }
}
