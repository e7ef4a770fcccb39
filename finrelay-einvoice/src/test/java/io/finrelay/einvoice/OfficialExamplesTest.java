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
}
