package io.finrelay.server.invoice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.finrelay.connectors.erp.tryton.TrytonClient;
import io.finrelay.connectors.erp.tryton.TrytonCodec;
import io.finrelay.connectors.erp.tryton.TrytonPeer;
import io.finrelay.sandbox.world.Api;
import io.finrelay.server.ServerIT;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Invoice to pay on a real Tryton as the tenant's ERP: the official EN 16931 example invoice (De
 * Koksmaat, EUR 250.33, its number made unique for this run, since Tryton's database outlives a run,
 * and dated today, in Tryton's open fiscal year)
 * is taken in, its supplier found by VAT id among the vendors (the Tryton supplier party as its ERP
 * reference), approved, and posted in Tryton once as a supplier invoice whose total is the
 * e-invoice's amount due: its lines, the document's allowances and charges and the VAT add up.
 */
class InvoiceToPayOnTrytonIT extends ServerIT {

    @Test
    void anApprovedEInvoiceIsPostedInTrytonOnceWithTheTotalTheSupplierAsksFor() throws Exception {
        TrytonPeer peer = TrytonPeer.get();
        TrytonClient tryton = new TrytonClient(peer.config());
        // the company, its chart, a supplier and an open fiscal year: set up once per Tryton database
        String supplier = Long.toString(peer.facts().supplier());
        TestTenant t = newTenant("TrytonAP");
        Api finrelay = new Api("http://localhost:" + port, t.adminKey());
        finrelay.put(t.path("/connectors/erp"), trytonConnector(peer)).require(200);
        finrelay.post(t.path("/connectors/erp/pull-master-data"), Map.of()).require(200);
        String entity = finrelay.get(t.path("/legal-entities")).require(200).body().path("items").get(0).get("id").asText();
        // The minimal chart of the Tryton peer has one expense account; the VAT goes there too.
        finrelay.put(t.path("/ap-policy"), Map.of("legalEntityId", entity, "expenseAccount", "6000", "taxAccount", "6000",
                "costOfCapitalPercent", "8", "liquidityBuffer", "0", "defaultTermDays", 30)).require(200);
        finrelay.post(t.path("/vendors"), Map.of("legalEntityId", entity, "name", "De Koksmaat", "country", "NL",
                "bankAccount", Map.of("iban", "NL57RABO0107307510", "holderName", "De Koksmaat"), "active", true,
                "vatId", "NL8200.98.395.B.01", "erpRef", supplier)).require(201);

        String number = "KM-" + UUID.randomUUID().toString().substring(0, 8);
        String xml = Files.readString(Path.of("../finrelay-einvoice/src/test/resources/samples/ubl/ubl-tc434-example1.xml"),
                StandardCharsets.UTF_8).replace("<cbc:ID>12115118</cbc:ID>", "<cbc:ID>" + number + "</cbc:ID>")
                // dated in Tryton's open fiscal year (it has no period for the sample's 2015)
                .replace("2015-01-09", peer.facts().today().toString());
        Answer uploaded = call("POST", t.path("/supplier-invoices"), t.adminKey(), xml, Map.of("Content-Type", "application/xml"));
        assertThat(uploaded.status()).as(String.valueOf(uploaded.body())).isEqualTo(201);
        assertThat(uploaded.body().get("state").asText()).isEqualTo("AWAITING_APPROVAL");
        String id = uploaded.body().get("id").asText();

        String approver = keyFor(t, t.adminKey(), "approver");
        assertThat(post(t.path("/supplier-invoices/" + id + "/approval"), approver,
                json("approver", "c.vogel", "approve", true)).status()).isEqualTo(202);
        JsonNode scheduled = await().atMost(Duration.ofSeconds(60)).until(
                () -> get(t.path("/supplier-invoices/" + id), t.adminKey()).body(),
                b -> !b.get("state").asText().equals("POSTING")
                        || !finrelay.get(t.path("/exceptions?status=OPEN")).body().isEmpty());
        assertThat(scheduled.get("state").asText()).as(finrelay.get(t.path("/exceptions?status=OPEN")).body().toString())
                .isEqualTo("SCHEDULED");
        long erpRef = Long.parseLong(scheduled.get("workflow").get("erpRef").asText());

        List<Long> posted = tryton.search("account.invoice", List.of(List.of("reference", "=", number),
                List.of("type", "=", "in")), null, null);
        assertThat(posted).as("one supplier invoice in Tryton").containsExactly(erpRef);
        JsonNode invoice = tryton.read("account.invoice", List.of(erpRef), List.of("state", "party", "total_amount")).get(0);
        assertThat(invoice.get("state").asText()).isEqualTo("posted");
        assertThat(invoice.get("party").asText()).isEqualTo(supplier);
        assertThat(TrytonCodec.toDecimal(invoice.get("total_amount"))).isEqualByComparingTo("250.33");
        assertThat(finrelay.get(t.path("/exceptions?status=OPEN")).require(200).body()).isEmpty();
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
