package io.finrelay.connectors.erp.tryton;

import static org.assertj.core.api.Assertions.assertThat;

import io.finrelay.connectors.erp.tryton.TrytonPurchasing.Ordered;
import io.finrelay.connectors.erp.tryton.TrytonPurchasing.Placed;
import io.finrelay.workflows.port.PurchaseOrder;
import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Purchase orders and goods receipts read from the real Tryton ({@code purchase} and {@code stock}): an
 * order placed and confirmed through Tryton itself, goods received through supplier shipments, and the
 * connector's answer compared with what was set up.
 */
class TrytonPurchaseOrderIT {

    @Test
    void aConfirmedOrderIsReadWithWhatItsGoodsReceiptsTookInLineByLine() {
        TrytonPeer peer = TrytonITSupport.peer();
        TrytonErp erp = new TrytonErp(peer.config());
        TrytonClient t = erp.client();
        long supplier = peer.facts().supplier();
        String run = UUID.randomUUID().toString().substring(0, 8);
        Placed po = TrytonPurchasing.placeOrder(t, peer.facts(), supplier, List.of(
                new Ordered("Toner cartridge TN-2420 " + run, new BigDecimal("20"), new BigDecimal("45.00")),
                new Ordered("Copy paper A4 80 g " + run, new BigDecimal("10"), new BigDecimal("36.00"))));
        // all the toner arrived; 6 of the 10 boxes of paper in a first delivery, none yet of the rest
        TrytonPurchasing.receive(t, supplier, po.lines().get(0), new BigDecimal("20"));
        TrytonPurchasing.receive(t, supplier, po.lines().get(1), new BigDecimal("6"));

        PurchaseOrder read = erp.purchaseOrder(po.number()).orElseThrow();
        assertThat(read.erpRef()).isEqualTo(Long.toString(po.id()));
        assertThat(read.number()).isEqualTo(po.number());
        assertThat(read.vendorRef()).isEqualTo(Long.toString(supplier));
        assertThat(read.currency()).isEqualTo("EUR");
        assertThat(read.state()).isIn("processing", "confirmed");
        assertThat(read.lines()).hasSize(2);
        assertThat(read.lines().get(0)).satisfies(l -> {
            assertThat(l.erpRef()).isEqualTo(Long.toString(po.lines().get(0)));
            assertThat(l.description()).isEqualTo("Toner cartridge TN-2420 " + run);
            assertThat(l.ordered()).isEqualByComparingTo("20");
            assertThat(l.unitPrice()).isEqualByComparingTo("45.00");
            assertThat(l.received()).isEqualByComparingTo("20");
        });
        assertThat(read.lines().get(1)).satisfies(l -> {
            assertThat(l.ordered()).isEqualByComparingTo("10");
            assertThat(l.unitPrice()).isEqualByComparingTo("36.00");
            assertThat(l.received()).as("6 done; Tryton plans the other 4 as a draft move").isEqualByComparingTo("6");
        });
        assertThat(t.search("stock.move", List.of(List.of("origin", "=", "purchase.line," + po.lines().get(1)),
                List.of("state", "=", "draft")), null, null)).as("the rest still expected").hasSize(1);
    }

    @Test
    void anOrderNumberTrytonDoesNotHaveIsNoOrder() {
        TrytonPeer peer = TrytonITSupport.peer();
        TrytonErp erp = new TrytonErp(peer.config());
        assertThat(erp.purchaseOrder("PO-NONE-" + UUID.randomUUID().toString().substring(0, 8))).isEmpty();
    }

    @Test
    void anOrderStillAQuotationIsNoOrderToMatchAgainst() {
        TrytonPeer peer = TrytonITSupport.peer();
        TrytonErp erp = new TrytonErp(peer.config());
        TrytonClient t = erp.client();
        Placed quoted = TrytonPurchasing.quote(t, peer.facts(), peer.facts().supplier(), List.of(new Ordered(
                "Desk lamp " + UUID.randomUUID().toString().substring(0, 8), BigDecimal.ONE, new BigDecimal("89.90"))));
        String number = quoted.number();
        assertThat(number).as("Tryton numbers a quotation").isNotBlank();
        assertThat(erp.purchaseOrder(number)).as("a quotation is not placed with the supplier").isEmpty();
    }
}
