package io.finrelay.server.invoice;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A channel file's format is told by its content first, then by its name. */
class SupplierInvoiceFilesTest {

    private static SupplierInvoices.Format format(String name, String content) {
        return SupplierInvoiceFiles.format(name, content.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aFileIsToldByItsContentWhateverItsName() {
        assertThat(format("scan-0042.bin", "%PDF-1.7\n...")).isEqualTo(SupplierInvoices.Format.PDF);
        assertThat(format("invoice.txt", "\uFEFF\r\n  <?xml version=\"1.0\"?><Invoice/>")).isEqualTo(SupplierInvoices.Format.XML);
        assertThat(format("invoice.csv", "<Invoice/>")).as("XML, whatever the name says").isEqualTo(SupplierInvoices.Format.XML);
        assertThat(format("canonical", " {\"number\": \"RE-1\"}")).isEqualTo(SupplierInvoices.Format.JSON);
    }

    @Test
    void aCsvExportIsKnownByItsNameAndAnythingElseIsNoInvoice() {
        assertThat(format("EXPORT-2026-03.CSV", "invoice_number;issue_date\n")).isEqualTo(SupplierInvoices.Format.CSV);
        assertThat(format("readme.txt", "Dear customer, please find our invoice attached.")).isNull();
        assertThat(format("empty.xml", "")).isNull();
    }
}
