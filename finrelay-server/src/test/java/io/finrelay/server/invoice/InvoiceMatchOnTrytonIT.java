package io.finrelay.server.invoice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.finrelay.connectors.erp.tryton.TrytonClient;
import io.finrelay.connectors.erp.tryton.TrytonCodec;
import io.finrelay.connectors.erp.tryton.TrytonPeer;
import io.finrelay.connectors.erp.tryton.TrytonPurchasing;
import io.finrelay.connectors.erp.tryton.TrytonPurchasing.Ordered;
import io.finrelay.connectors.erp.tryton.TrytonPurchasing.Placed;
import io.finrelay.sandbox.world.Api;
import io.finrelay.sandbox.world.EInvoices;
import io.finrelay.server.ServerIT;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The 2- and 3-way match against the real Tryton as the tenant's ERP: a purchase order placed and
 * confirmed in Tryton's {@code purchase} module (20 toner cartridges at 45.00, 10 boxes of paper at
 * 36.00), its goods received through supplier shipments of {@code stock} (all the toner, 6 boxes of
 * paper), and supplier e-invoices naming it, or naming an order Tryton does not have. The tenant
 * allows 2 % over the order's price and nothing over what was received, less what earlier invoices billed.
 */
class InvoiceMatchOnTrytonIT extends ServerIT {
    private static final EInvoices.Supplier NORDLICHT = new EInvoices.Supplier("Nordlicht Bürobedarf GmbH", "DE811907980",
            EInvoices.iban("20050550", "1234567890"), "Speicherstadt 12", "Hamburg", "20457");

    @Test
    void invoicesNamingATrytonPurchaseOrderAreMatchedAgainstItAndItsGoodsReceiptsAndTheMatchedOneIsPostedOnce() {
        TrytonPeer peer = TrytonPeer.get();
        TrytonClient tryton = new TrytonClient(peer.config());
        long supplier = peer.facts().supplier();
        String run = UUID.randomUUID().toString().substring(0, 8);
        String toner = "Tonerkartusche TN-2420 " + run;
        String paper = "Kopierpapier A4 80 g " + run;
        Placed po = TrytonPurchasing.placeOrder(tryton, peer.facts(), supplier, List.of(
                new Ordered(toner, new BigDecimal("20"), new BigDecimal("45.00")),
                new Ordered(paper, new BigDecimal("10"), new BigDecimal("36.00"))));
        TrytonPurchasing.receive(tryton, supplier, po.lines().get(0), new BigDecimal("20"));
        TrytonPurchasing.receive(tryton, supplier, po.lines().get(1), new BigDecimal("6"));

        TestTenant t = newTenant("TrytonMatch");
        Api finrelay = new Api("http://localhost:" + port, t.adminKey());
        finrelay.put(t.path("/connectors/erp"), trytonConnector(peer)).require(200);
        finrelay.post(t.path("/connectors/erp/pull-master-data"), Map.of()).require(200);
        String entity = finrelay.get(t.path("/legal-entities")).require(200).body().path("items").get(0).get("id").asText();
        finrelay.put(t.path("/ap-policy"), Map.of("legalEntityId", entity, "expenseAccount", "6000", "taxAccount", "6000",
                "costOfCapitalPercent", "8", "liquidityBuffer", "0", "defaultTermDays", 30, "matchPurchaseOrders", true,
                "priceTolerancePercent", "2", "quantityTolerancePercent", "0")).require(200);
        finrelay.post(t.path("/vendors"), Map.of("legalEntityId", entity, "name", NORDLICHT.name(), "country", "DE",
                "bankAccount", Map.of("iban", NORDLICHT.iban(), "holderName", NORDLICHT.name()), "active", true,
                "vatId", NORDLICHT.vatId(), "erpRef", Long.toString(supplier))).require(201);

        // 3-way OK: the 20 cartridges ordered and received, at the order's price
        String matched = upload(t, "RE-" + run + "-1", List.of(new EInvoices.Line(toner, 20, new BigDecimal("45.00"))),
                po.number());
        // 2-way variance: the 6 boxes received, at 39.00 a box instead of 36.00 (8.33 % over a 2 % tolerance)
        String dearer = upload(t, "RE-" + run + "-2", List.of(new EInvoices.Line(paper, 6, new BigDecimal("39.00"))),
                po.number());
        // 3-way variance: all 10 boxes billed, only 6 received so far
        String early = upload(t, "RE-" + run + "-3", List.of(new EInvoices.Line(paper, 10, new BigDecimal("36.00"))),
                po.number());
        // an order number Tryton does not have
        String unknown = upload(t, "RE-" + run + "-4", List.of(new EInvoices.Line(toner, 2, new BigDecimal("45.00"))),
                "PO-NONE-" + run);

        awaitState(t, matched, "AWAITING_APPROVAL");
        JsonNode price = awaitState(t, dearer, "HELD").get("workflow").get("hold");
        assertThat(price.get("code").asText()).isEqualTo("price-variance");
        assertThat(price.get("reason").asText()).contains("nets 234.00 EUR for 6 units of '" + paper + "' (39.00 a unit)",
                "purchase order " + po.number() + " of 216.00 at its price (36.00 a unit)", "18.00 (8.33 %) over",
                "the tolerance is 2 %");
        JsonNode prices = price.get("figures");
        assertThat(prices.get("purchaseOrder").asText()).isEqualTo(po.number());
        assertThat(prices.get("line").asText()).isEqualTo(paper);
        assertThat(prices.get("orderUnitPrice").asText()).isEqualTo("36.00");
        assertThat(prices.get("invoiceUnitPrice").asText()).isEqualTo("39.00");
        assertThat(prices.get("tolerancePercent").asText()).isEqualTo("2");
        JsonNode quantity = awaitState(t, early, "HELD").get("workflow").get("hold");
        assertThat(quantity.get("code").asText()).isEqualTo("quantity-variance");
        assertThat(quantity.get("reason").asText()).contains("bills 10 units of '" + paper + "'",
                "ordered 10 and 6 have been received: 4 more than received");
        JsonNode quantities = quantity.get("figures");
        assertThat(quantities.get("ordered").asText()).isEqualTo("10");
        assertThat(quantities.get("received").asText()).isEqualTo("6");
        assertThat(quantities.get("invoiced").asText()).isEqualTo("10");
        assertThat(quantities.get("tolerancePercent").asText()).isEqualTo("0");
        JsonNode none = awaitState(t, unknown, "HELD").get("workflow").get("hold");
        assertThat(none.get("code").asText()).isEqualTo("po-not-found");
        assertThat(none.get("reason").asText()).contains("PO-NONE-" + run, "which the ERP does not have");
        assertThat(none.has("figures") && !none.get("figures").isNull()).isFalse();

        // One more cartridge of the same order: the 20 received are billed by the first invoice already
        String again = upload(t, "RE-" + run + "-5", List.of(new EInvoices.Line(toner, 1, new BigDecimal("45.00"))),
                po.number());
        JsonNode twice = awaitState(t, again, "HELD").get("workflow").get("hold");
        assertThat(twice.get("code").asText()).isEqualTo("quantity-variance");
        assertThat(twice.get("reason").asText()).contains("ordered 20 and 20 have been received, 20 of them billed already "
                + "(invoice RE-" + run + "-1): 1 more than received");
        assertThat(twice.get("figures").get("billedBefore").asText()).isEqualTo("20");

        // The matched invoice, approved, is posted in Tryton once, with the total the supplier asks for.
        String approver = keyFor(t, t.adminKey(), "approver");
        assertThat(post(t.path("/supplier-invoices/" + matched + "/approval"), approver,
                json("approver", "c.vogel", "approve", true)).status()).isEqualTo(202);
        JsonNode scheduled = await().atMost(Duration.ofSeconds(60)).until(
                () -> get(t.path("/supplier-invoices/" + matched), t.adminKey()).body(),
                b -> !b.get("state").asText().equals("POSTING")
                        || !finrelay.get(t.path("/exceptions?status=OPEN")).body().isEmpty());
        assertThat(scheduled.get("state").asText()).as(finrelay.get(t.path("/exceptions?status=OPEN")).body().toString())
                .isEqualTo("SCHEDULED");
        long erpRef = Long.parseLong(scheduled.get("workflow").get("erpRef").asText());
        assertThat(tryton.search("account.invoice", List.of(List.of("reference", "=", "RE-" + run + "-1"),
                List.of("type", "=", "in")), null, null)).as("one supplier invoice in Tryton").containsExactly(erpRef);
        JsonNode invoice = tryton.read("account.invoice", List.of(erpRef), List.of("state", "party", "total_amount")).get(0);
        assertThat(invoice.get("state").asText()).isEqualTo("posted");
        assertThat(invoice.get("party").asLong()).isEqualTo(supplier);
        assertThat(TrytonCodec.toDecimal(invoice.get("total_amount"))).isEqualByComparingTo("1071.00");
        assertThat(tryton.search("account.invoice", List.of(List.of("reference", "in", List.of("RE-" + run + "-2",
                "RE-" + run + "-3", "RE-" + run + "-4", "RE-" + run + "-5"))), null, null)).as("nothing held is posted")
                .isEmpty();
    }

    private String upload(TestTenant t, String number, List<EInvoices.Line> lines, String purchaseOrder) {
        LocalDate issued = TrytonPeer.get().facts().today();
        Answer answer = call("POST", t.path("/supplier-invoices"), t.adminKey(), EInvoices.ubl("380", number, NORDLICHT,
                NORDLICHT.iban(), issued, issued.plusDays(30), lines, null, purchaseOrder), Map.of("Content-Type",
                "application/xml"));
        assertThat(answer.status()).as(String.valueOf(answer.body())).isEqualTo(201);
        return answer.body().get("id").asText();
    }

    private JsonNode awaitState(TestTenant t, String id, String state) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> get(t.path("/supplier-invoices/" + id), t.adminKey()).body(),
                body -> body.get("state").asText().equals(state));
    }

    private static Map<String, Object> trytonConnector(TrytonPeer peer) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("url", peer.env().get("TRYTON_URL"));
        settings.put("database", peer.env().get("TRYTON_DB"));
        settings.put("user", peer.env().get("TRYTON_USER"));
        settings.put("journalCode", "MISC");
        settings.put("clearingAccount", "1000");
        return Map.of("type", "tryton", "settings", settings, "secret", peer.env().get("TRYTON_PASSWORD"));
    }
}
