package io.finrelay.connectors.erp.tryton;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.finrelay.model.Money;
import io.finrelay.model.id.AccountCode;
import io.finrelay.workflows.port.OpenItem;
import io.finrelay.workflows.port.Payment;
import io.finrelay.workflows.port.PaymentFile;
import io.finrelay.workflows.port.PaymentRequest;
import io.finrelay.workflows.port.PostedInvoice;
import io.finrelay.workflows.port.SupplierInvoice;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/** A supplier invoice posted, paid by SEPA, and Tryton's pain.001 read back and checked. */
class TrytonInvoiceToPayIT {
    private static final String PAIN = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03";

    @Test
    void postASupplierInvoicePayItAndReadThePain001Back() throws Exception {
        TrytonPeer peer = TrytonITSupport.peer();
        TrytonErp erp = new TrytonErp(peer.config());
        String vendor = Long.toString(peer.facts().supplier());
        String number = "ACME-" + UUID.randomUUID().toString().substring(0, 8);
        SupplierInvoice invoice = new SupplierInvoice(UUID.randomUUID(), TrytonITSupport.legalEntity(peer), vendor,
                number, peer.facts().today(), "Office supplies", List.of(new SupplierInvoice.Line("Paper, toner",
                new BigDecimal("3"), Money.of("40.50", "EUR"), AccountCode.of("6000"))));

        PostedInvoice posted = erp.postSupplierInvoice(invoice);
        assertThat(posted.state()).isEqualTo("posted");
        assertThat(posted.total()).isEqualTo(Money.of("121.50", "EUR"));
        assertThat(posted.amountToPay()).isEqualTo(Money.of("121.50", "EUR"));
        // Posting the same command again answers the same invoice (found by its command id).
        assertThat(erp.postSupplierInvoice(invoice).erpRef()).isEqualTo(posted.erpRef());
        JsonNode held = erp.client().read("account.invoice", List.of(Long.parseLong(posted.erpRef())),
                List.of("state", "reference", "type", "party")).get(0);
        assertThat(held.path("state").asText()).isEqualTo("posted");
        assertThat(held.path("reference").asText()).isEqualTo(number);
        assertThat(held.path("type").asText()).isEqualTo("in");

        String line = posted.payableLineRefs().getFirst();
        assertThat(erp.payableLines(Optional.of(vendor))).extracting(OpenItem::erpRef).contains(line);
        List<Payment> payments = erp.createApprovedPayments(List.of(new PaymentRequest(UUID.randomUUID(), line,
                posted.amountToPay(), peer.facts().today(), "Invoice " + number)));
        assertThat(payments).singleElement().satisfies(p -> assertThat(p.state()).isEqualTo("approved"));
        List<String> refs = payments.stream().map(Payment::erpRef).toList();

        PaymentFile file = erp.processPayments(refs);
        assertThat(file.format()).isEqualTo("pain.001.001.03");
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document xml = factory.newDocumentBuilder().parse(new ByteArrayInputStream(file.content()));
        assertThat(texts(xml, "IBAN")).containsExactly("NL91ABNA0417164300", "DE89370400440532013000");
        NodeList amounts = xml.getElementsByTagNameNS(PAIN, "InstdAmt");
        assertThat(amounts.getLength()).isEqualTo(1);
        assertThat(new BigDecimal(amounts.item(0).getTextContent())).isEqualByComparingTo("121.50");
        assertThat(amounts.item(0).getAttributes().getNamedItem("Ccy").getNodeValue()).isEqualTo("EUR");
        assertThat(texts(xml, "Nm")).contains("ACME Supplies Ltd");
        assertThat(erp.payments(refs)).singleElement().satisfies(p -> assertThat(p.state()).isEqualTo("processing"));
        assertThat(erp.payableLines(Optional.of(vendor))).extracting(OpenItem::erpRef).doesNotContain(line);

        assertThat(erp.markPayments(refs, true)).singleElement()
                .satisfies(p -> assertThat(p.state()).isEqualTo("succeeded"));
        assertThat(erp.client().read("account.payment", List.of(Long.parseLong(refs.getFirst())), List.of("state"))
                .get(0).path("state").asText()).isEqualTo("succeeded");
    }

    @Test
    void aFailedPaymentReopensThePayableLine() {
        TrytonPeer peer = TrytonITSupport.peer();
        TrytonErp erp = new TrytonErp(peer.config());
        String vendor = Long.toString(peer.facts().supplier());
        PostedInvoice posted = erp.postSupplierInvoice(new SupplierInvoice(UUID.randomUUID(),
                TrytonITSupport.legalEntity(peer), vendor, "ACME-F-" + UUID.randomUUID().toString().substring(0, 8),
                peer.facts().today(), "Toner", List.of(new SupplierInvoice.Line("Toner", BigDecimal.ONE,
                Money.of("10.00", "EUR"), AccountCode.of("6000")))));
        String line = posted.payableLineRefs().getFirst();
        List<String> refs = erp.createApprovedPayments(List.of(new PaymentRequest(UUID.randomUUID(), line,
                posted.amountToPay(), peer.facts().today(), "Toner"))).stream().map(Payment::erpRef).toList();
        erp.processPayments(refs);
        assertThat(erp.markPayments(refs, false)).singleElement().satisfies(p -> assertThat(p.state()).isEqualTo("failed"));
        assertThat(erp.payableLines(Optional.of(vendor))).anySatisfy(i -> {
            assertThat(i.erpRef()).isEqualTo(line);
            assertThat(i.amount()).isEqualTo(Money.of("10.00", "EUR"));
        });
    }

    private static List<String> texts(Document xml, String local) {
        NodeList nodes = xml.getElementsByTagNameNS(PAIN, local);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add(nodes.item(i).getTextContent());
        }
        return out;
    }
}
