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
 * e-invoice's amount due: its lines, the document's allowances and charges and the VAT add up. Then
 * it is paid in a payment run, and the bank's statement clears its payable line in Tryton.
 */
class InvoiceToPayOnTrytonIT extends ServerIT {
    private static final String HOUSE_IBAN = "DE89370400440532013000";

    @org.springframework.beans.factory.annotation.Autowired
    io.finrelay.server.bank.BankOutbound outbound;

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

        // Paid in a run: the pain.001 to the bank, its pain.002 and camt.053 back; the statement's
        // booking clears the invoice's payable line in Tryton, and Tryton calls the invoice paid.
        finrelay.put(t.path("/bank-accounts/" + HOUSE_IBAN), Map.of("legalEntity", entity, "currency", "EUR",
                "bic", "COBADEFFXXX", "name", "Operating account")).require(200, 201);
        String treasurer = keyFor(t, t.adminKey(), "treasurer");
        Answer run = post(t.path("/payment-runs"), treasurer, json("executionDate", peer.facts().today().toString(),
                "debtorAccount", HOUSE_IBAN, "connection", "hausbank", "initiatingParty", "ODIN 59"), "run-" + number);
        assertThat(run.status()).as(String.valueOf(run.body())).isEqualTo(201);
        String runId = run.body().get("runId").asText();
        JsonNode sent = await().atMost(Duration.ofSeconds(60)).until(() -> get(t.path("/payment-runs/" + runId),
                t.adminKey()).body(), r -> r.get("state").asText().equals("Sent"));
        byte[] pain001 = Files.readAllBytes(outbound.defaultOutbox(new io.finrelay.model.id.TenantId(UUID.fromString(t.id())),
                "hausbank").resolve(sent.get("fileName").asText()));
        io.finrelay.sandbox.FileBank.Answer bank = io.finrelay.sandbox.FileBank.answer(pain001, java.util.Set.of());
        upload(t, "pain002-" + number + ".xml", new String(bank.pain002(), StandardCharsets.UTF_8));
        await().atMost(Duration.ofSeconds(60)).until(() -> get(t.path("/supplier-invoices/" + id), t.adminKey()).body()
                .get("state").asText().equals("PAID"));
        // the sandbox bank books on a fixed day; Tryton takes bookings in its open fiscal year only
        upload(t, "camt053-" + number + ".xml", new String(bank.camt053(), StandardCharsets.UTF_8)
                .replace("2024-03-15", peer.facts().today().toString()));
        await().atMost(Duration.ofSeconds(60)).until(() -> tryton.read("account.invoice", List.of(erpRef), List.of("state"))
                .get(0).get("state").asText().equals("paid"));
        assertThat(finrelay.get(t.path("/exceptions?status=OPEN")).require(200).body()).isEmpty();
    }

    private void upload(TestTenant t, String name, String xml) {
        Answer answer = call("POST", t.path("/bank-files?connection=hausbank&name=" + name), t.adminKey(), xml,
                Map.of("Content-Type", "application/xml"));
        assertThat(answer.status()).as(String.valueOf(answer.body())).isEqualTo(201);
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
