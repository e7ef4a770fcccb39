package io.finrelay.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.finrelay.einvoice.EInvoiceException;
import io.finrelay.einvoice.EInvoiceReader;
import io.finrelay.model.bank.Iban;
import io.finrelay.model.invoice.SupplierInvoice;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The demo's e-invoices are what Finrelay's intake takes: schema-valid, EN 16931 rules kept, the figures they state. */
class DemoInvoicesTest {

    @Test
    void everyDemoInvoiceIsAValidEInvoiceWithTheAmountItStates() {
        List<DemoInvoices.Invoice> invoices = DemoInvoices.generate(new Random(2026), LocalDate.of(2026, 12, 5), 100);
        assertThat(invoices).hasSize(100);
        for (DemoInvoices.Invoice invoice : invoices) {
            SupplierInvoice read;
            try {
                read = EInvoiceReader.read(invoice.xml().getBytes(StandardCharsets.UTF_8));
            } catch (EInvoiceException e) {
                throw new AssertionError(invoice.number() + ": " + e.violations(), e);
            }
            assertThat(read.number()).isEqualTo(invoice.number());
            assertThat(read.totals().payable().amount()).isEqualByComparingTo(invoice.payable());
            assertThat(read.seller().vatId()).isEqualTo(invoice.supplier().vatId());
            assertThat(read.purchaseOrderReference()).isEqualTo(invoice.purchaseOrder());
        }
        assertThat(invoices).extracting(DemoInvoices.Invoice::kind).contains(DemoInvoices.Kind.DISCOUNT,
                DemoInvoices.Kind.COPY, DemoInvoices.Kind.NEW_BANK_ACCOUNT, DemoInvoices.Kind.UNKNOWN_SUPPLIER,
                DemoInvoices.Kind.ORDERED, DemoInvoices.Kind.PRICE_VARIANCE);
    }

    @Test
    void theSuppliersIbansAreValid() {
        for (io.finrelay.sandbox.world.EInvoices.Supplier s : DemoInvoices.SUPPLIERS) {
            assertThat(Iban.isValid(s.iban())).as(s.name() + " " + s.iban()).isTrue();
        }
        assertThat(Iban.isValid(DemoInvoices.UNKNOWN.iban())).isTrue();
        assertThat(DemoInvoices.iban("37040044", "0532013000")).isEqualTo("DE89370400440532013000");
    }
}
