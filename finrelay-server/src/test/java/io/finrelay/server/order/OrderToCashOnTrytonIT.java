package io.finrelay.server.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.finrelay.connectors.erp.tryton.TrytonClient;
import io.finrelay.connectors.erp.tryton.TrytonCodec;
import io.finrelay.connectors.erp.tryton.TrytonPeer;
import io.finrelay.connectors.erp.tryton.TrytonSetup;
import io.finrelay.engine.db.Database;
import io.finrelay.sandbox.world.Api;
import io.finrelay.server.ServerIT;
import io.finrelay.server.bank.BankFileImported;
import io.finrelay.server.expense.SandboxProcess;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Order to cash with a real Tryton as the tenant's ERP (and the sandbox CRM announcing the order): the
 * customer's credit is read from Tryton ({@code sale_credit_limit}), so an order over the party's limit
 * is held; the customer's payment of its older invoice, matched on the bank statement and cleared in
 * Tryton, lowers Tryton's credit amount and releases the order by itself; the order is booked in Tryton
 * as one sale whose invoice Tryton makes and posts; and the payment of that invoice clears its
 * receivable line in Tryton and pays the order. Every assertion about the ERP reads Tryton back.
 */
class OrderToCashOnTrytonIT extends ServerIT {
    private static final String HOUSE_IBAN = "DE75512108001245126199";

    @Autowired
    Database db;
    @Autowired
    ApplicationEventPublisher events;

    @Test
    void anOrderHeldOnTrytonsCreditIsReleasedByThePaymentOfTheOlderInvoiceBookedAsOneSaleAndPaid() {
        TrytonPeer peer = TrytonPeer.get();
        TrytonClient tryton = new TrytonClient(peer.config());
        LocalDate today = peer.facts().today();
        Map<String, String> peers = SandboxProcess.urls();
        Api crm = new Api(peers.get("crm"), null);
        TestTenant t = newTenant("O2CTryton");
        Api finrelay = new Api("http://localhost:" + port, t.adminKey());
        finrelay.put(t.path("/connectors/erp"), trytonConnector(peer)).require(200);
        Answer settings = call("PUT", t.path("/order-to-cash/settings"), t.adminKey(), json("crmUrl", peers.get("crm"),
                "legalEntityId", "NORD-DE"), Map.of());
        assertThat(settings.status()).as(settings.body().toString()).isEqualTo(200);
        crm.post("/_sandbox/subscriptions", Map.of("url", "http://127.0.0.1:" + port + "/v1/webhooks/" + t.id() + "/crm",
                "secret", settings.body().get("webhookSecret").asText())).require(200);
        houseAccount(t);

        // The customer in Tryton: a credit limit of 20,000.00 and an invoice of 15,000.00 still open
        String run = UUID.randomUUID().toString().substring(0, 8);
        String customerName = "Ostsee Anlagenbau " + run + " GmbH";
        long party = tryton.createOne("party.party", Map.of("name", customerName, "credit_limit_amount",
                new BigDecimal("20000"), "addresses", List.of(List.of("create", List.of(Map.of("street", "Kaistr. 12",
                        "postal_code", "24103", "city", "Kiel"))))));
        String olderInvoice = TrytonSetup.postCustomerInvoice(tryton, peer.facts(), party, new BigDecimal("15000.00"),
                "Wartungsvertrag 2026");
        finrelay.post(t.path("/open-items/pull-from-erp"), Map.of()).require(200, 201);
        // ... and in the CRM, whose account names the Tryton party as its ERP reference
        // (the CRM knows the customer by a shorter name: the held order is found by its party, not its name)
        String accountId = crm.post("/_sandbox/accounts", Map.of("Name", "Ostsee Anlagenbau " + run, "AccountNumber",
                Long.toString(party))).require(201).body().get("Id").asText();

        // An order of 8,330.00: 15,000.00 owed + 8,330.00 = 23,330.00 > 20,000.00, held on Tryton's figures
        String order = crm.post("/_sandbox/orders", Map.of("AccountId", accountId, "EffectiveDate", today.toString(),
                "TotalAmount", new BigDecimal("8330.00"), "CurrencyIsoCode", "EUR", "OwnerId", "j.meyer")).require(201)
                .body().get("Id").asText();
        crm.post("/_sandbox/activate", Map.of("id", order)).require(200);
        JsonNode held = awaitState(t, order, "CreditHeld");
        assertThat(held.get("order").get("credit").get("summary").asText()).isEqualTo("credit hold: exposure 23330.00 EUR "
                + "= ERP credit amount 15000.00 EUR (open receivables 15000.00 EUR) + orders in flight 0.00 EUR + this order "
                + "8330.00 EUR; credit limit 20000.00 EUR, counterparty threshold none; exceeds the ERP credit limit of "
                + "20000.00 EUR by 3330.00 EUR");
        assertThat(sales(tryton, party)).as("nothing booked in Tryton while the order is held").isEmpty();

        // The customer pays the older invoice: matched, cleared in Tryton, and the held order checks again
        UUID first = importStatement(t, today, "BREF-" + run + "-1", "15000.00", "Rechnung " + olderInvoice, customerName);
        confirmMatchOf(t, first);
        JsonNode invoiced = awaitState(t, order, "AwaitingPayment");
        assertThat(invoiced.get("order").get("releasedBy").asText()).isEqualTo("credit-check");
        assertThat(invoiced.get("order").get("credit").get("exposure").asText()).as("checked again on Tryton's figures")
                .isEqualTo("8330.00");

        // One sale in Tryton, confirmed and invoiced; its posted invoice is the order's receivable
        List<JsonNode> sales = sales(tryton, party);
        assertThat(sales).singleElement().satisfies(s -> {
            assertThat(s.get("state").asText()).isEqualTo("processing");
            assertThat(TrytonCodec.toDecimal(s.get("total_amount"))).isEqualByComparingTo("8330.00");
            assertThat(s.get("id").asText()).isEqualTo(invoiced.get("order").get("saleRef").asText());
        });
        long invoice = invoiced.get("order").get("invoiceRef").asLong();
        JsonNode posted = tryton.read("account.invoice", List.of(invoice), List.of("state", "number", "party",
                "total_amount", "lines_to_pay")).get(0);
        assertThat(posted.get("state").asText()).isEqualTo("posted");
        assertThat(posted.get("party").asLong()).isEqualTo(party);
        assertThat(posted.get("number").asText()).isEqualTo(invoiced.get("order").get("invoiceNumber").asText());
        long receivable = posted.get("lines_to_pay").get(0).asLong();
        JsonNode receivableItem = openItems(t).get("O2C-" + order);
        assertThat(receivableItem).as("the order's receivable is an open item").isNotNull();
        assertThat(receivableItem.get("invoiceNumber").asText()).isEqualTo(posted.get("number").asText());
        assertThat(openItemColumn(db, t, "O2C-" + order, "erp_ref")).as("the receivable line Tryton clears").isEqualTo(Long.toString(receivable));
        assertThat(credit(tryton, party)).isEqualByComparingTo("8330.00");
        // A pull from Tryton does not make the order's receivable a second open item
        finrelay.post(t.path("/open-items/pull-from-erp"), Map.of()).require(200, 201);
        assertThat(get(t.path("/open-items?limit=500"), t.adminKey()).body().get("items").toString())
                .doesNotContain("ERP-" + receivable);

        // The customer pays the order's invoice: its receivable is cleared in Tryton and the order is paid
        UUID second = importStatement(t, today, "BREF-" + run + "-2", "8330.00", "Rechnung "
                + posted.get("number").asText() + " Auftrag " + order, customerName);
        confirmMatchOf(t, second);
        JsonNode paid = awaitState(t, order, "Paid");
        assertThat(paid.get("order").get("paid").asText()).isEqualTo("8330.00");
        await().atMost(Duration.ofSeconds(60)).until(() -> tryton.read("account.invoice", List.of(invoice),
                List.of("state")).get(0).get("state").asText().equals("paid"));
        assertThat(tryton.read("account.move.line", List.of(receivable), List.of("reconciliation")).get(0)
                .get("reconciliation").isNull()).as("the receivable line is reconciled").isFalse();
        assertThat(credit(tryton, party)).as("Tryton's credit amount after both payments").isEqualByComparingTo("0");
        assertThat(sales(tryton, party)).as("still one sale").hasSize(1);
        assertThat(finrelay.get(t.path("/exceptions?status=OPEN")).require(200).body()).as("nothing for a person").isEmpty();
    }

    private static List<JsonNode> sales(TrytonClient tryton, long party) {
        return StreamSupport.stream(tryton.searchRead("sale.sale", List.of(List.of("party", "=", party)),
                List.of("state", "total_amount", "number")).spliterator(), false).toList();
    }

    private static BigDecimal credit(TrytonClient tryton, long party) {
        return TrytonCodec.toDecimal(tryton.read("party.party", List.of(party), List.of("credit_amount")).get(0)
                .get("credit_amount"));
    }

    private JsonNode orderOf(TestTenant t, String order) {
        Answer answer = get(t.path("/orders/" + order), t.adminKey());
        return answer.status() == 200 ? answer.body() : null;
    }

    private JsonNode awaitState(TestTenant t, String order, String state) {
        await().atMost(Duration.ofSeconds(120)).until(() -> {
            JsonNode o = orderOf(t, order);
            return o != null && o.get("order").get("state").asText().equals(state);
        });
        return orderOf(t, order);
    }


    /** The statement's match, confirmed by a person when the reconciliation only suggested it. */
    private void confirmMatchOf(TestTenant t, UUID file) {
        await().atMost(Duration.ofSeconds(60)).until(() -> get(t.path("/reconciliation/matches?bankFile=" + file),
                t.adminKey()).body().get("items").size() == 1);
        JsonNode match = get(t.path("/reconciliation/matches?bankFile=" + file), t.adminKey()).body().get("items").get(0);
        if (match.get("status").asText().equals("SUGGESTED")) {
            await().atMost(Duration.ofSeconds(60)).until(() -> get(t.path("/reconciliation/matches?bankFile=" + file),
                    t.adminKey()).body().get("items").get(0).get("handedOver").asBoolean());
            Answer confirmed = post(t.path("/reconciliation/matches/" + match.get("id").asText() + "/confirm"),
                    keyFor(t, t.adminKey(), "operator"), "{}");
            assertThat(confirmed.status()).as(confirmed.body().toString()).isIn(200, 202);
        }
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

    private void houseAccount(TestTenant t) {
        asOwner(db, c -> {
            try (PreparedStatement insert = c.prepareStatement("insert into house_bank_account (tenant_id, iban, "
                    + "legal_entity, currency, bic, name, created_at, updated_at) "
                    + "values (?::uuid, ?, 'NORD-DE', 'EUR', 'GENODEF1S11', 'Operating', now(), now())")) {
                insert.setString(1, t.id());
                insert.setString(2, HOUSE_IBAN);
                insert.executeUpdate();
            }
            return null;
        });
    }

    /** A statement of one credit as the bank-file import stores it, then the event the import publishes. */
    private UUID importStatement(TestTenant t, LocalDate booked, String bankRef, String amount, String remittance,
                                 String counterparty) {
        UUID file = UUID.randomUUID();
        asOwner(db, c -> {
            try (PreparedStatement insert = c.prepareStatement("insert into bank_file (tenant_id, id, connection, name, "
                    + "sha256, size_bytes, format, status, statements, lines, credits, debits, problems, received_at) "
                    + "values (?::uuid, ?, 'hausbank', ?, ?, 1024, 'camt.053', 'IMPORTED', 1, 1, '{}', '{}', '[]', now())")) {
                insert.setString(1, t.id());
                insert.setObject(2, file);
                insert.setString(3, "camt053_" + file + ".xml");
                insert.setString(4, String.format("%064x", new java.math.BigInteger(1, file.toString().getBytes())).substring(0, 64));
                insert.executeUpdate();
            }
            try (PreparedStatement insert = c.prepareStatement("insert into bank_statement_line (tenant_id, file_id, "
                    + "line_no, statement_id, account, entry_number, transaction_number, entry_status, booking_date, "
                    + "value_date, amount, currency, direction, reversal, bank_reference, end_to_end_id, remittance, "
                    + "counterparty_name, line) values (?::uuid, ?, 1, ?, ?, 1, 1, 'BOOKED', ?, ?, ?, "
                    + "'EUR', 'CREDIT', false, ?, null, ?, ?, ?::jsonb)")) {
                insert.setString(1, t.id());
                insert.setObject(2, file);
                insert.setString(3, "STMT-" + bankRef);
                insert.setString(4, HOUSE_IBAN);
                insert.setDate(5, Date.valueOf(booked));
                insert.setDate(6, Date.valueOf(booked));
                insert.setBigDecimal(7, new BigDecimal(amount));
                insert.setString(8, bankRef);
                insert.setString(9, remittance);
                insert.setString(10, counterparty);
                insert.setString(11, "{\"transactionsInEntry\":1}");
                insert.executeUpdate();
            }
            return null;
        });
        events.publishEvent(new BankFileImported(UUID.fromString(t.id()), file));
        return file;
    }
}
