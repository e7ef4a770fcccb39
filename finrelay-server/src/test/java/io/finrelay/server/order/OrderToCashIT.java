package io.finrelay.server.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.finrelay.engine.db.Database;
import io.finrelay.sandbox.world.Api;
import io.finrelay.server.ServerIT;
import io.finrelay.server.bank.BankFileImported;
import io.finrelay.server.expense.SandboxProcess;
import io.finrelay.server.web.WebhookSignature;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Order to cash through the API on the real PostgreSQL, with the sandbox CRM (Salesforce REST v60.0 and
 * its signed change events) and the sandbox REST ERP in their own process: an order activated in the CRM
 * is checked against the customer's credit, released or held for a credit controller, booked in the ERP
 * once (its ledger says so), and its invoice paid by a bank credit the reconciliation matches, in part,
 * in full or beyond; the CRM account hears of the payment once, also when the CRM was down meanwhile.
 */
class OrderToCashIT extends ServerIT {
    private static final String HOUSE_IBAN = "DE02120300000000202051";
    private static final LocalDate BOOKED = LocalDate.of(2026, 3, 30);

    @Autowired
    Database db;
    @Autowired
    ApplicationEventPublisher events;

    private static Map<String, String> peers;
    private Api crm;
    private Api erp;
    private TestTenant t;
    private String secret;
    private String customerRef;
    private String customerName;
    private String accountId;
    private final List<String> orders = new java.util.ArrayList<>();

    @BeforeEach
    void tenantWithTheSandboxCrmAndErp() {
        if (peers == null) {
            peers = SandboxProcess.urls();
        }
        crm = new Api(peers.get("crm"), null);
        erp = new Api(peers.get("erp"), null);
        crm.post("/_sandbox/reset", Map.of()).require(200);
        t = newTenant("O2C");
        put(t.path("/expense/settings"), json("expensePlatformUrl", peers.get("expense-platform"),
                "erpUrl", peers.get("erp"), "treasuryUrl", peers.get("treasury"), "timeoutMillis", 2000));
        Answer settings = call("PUT", t.path("/order-to-cash/settings"), t.adminKey(), json("crmUrl", peers.get("crm"),
                "counterpartyThreshold", Map.of("amount", "80000.00", "currency", "EUR"), "legalEntityId", "ACME-DE"), Map.of());
        assertThat(settings.status()).as(settings.body().toString()).isEqualTo(200);
        secret = settings.body().get("webhookSecret").asText();
        assertThat(settings.body().get("webhookUrl").asText()).isEqualTo("/v1/webhooks/" + t.id() + "/crm");
        crm.post("/_sandbox/subscriptions", Map.of("url", "http://127.0.0.1:" + port + "/v1/webhooks/" + t.id() + "/crm",
                "secret", secret)).require(200);
        asOwner(db, c -> {
            try (PreparedStatement insert = c.prepareStatement("insert into house_bank_account (tenant_id, iban, "
                    + "legal_entity, currency, bic, name, created_at, updated_at) "
                    + "values (?::uuid, ?, 'ACME-DE', 'EUR', 'BYLADEM1001', 'Operating', now(), now())")) {
                insert.setString(1, t.id());
                insert.setString(2, HOUSE_IBAN);
                insert.executeUpdate();
            }
            return null;
        });
        // digits only: the older invoice's number ("AR-OLD-CUST-<suffix>") is found by its digits (the matcher's key of
        // a number drops its letter prefix); a hex suffix like "ccff1d08" left "1D08", too short a key, and the
        // statement's credit for it was only suggested, one run in fifty
        String suffix = String.format("%08d", java.util.concurrent.ThreadLocalRandom.current().nextInt(100_000_000));
        customerRef = "CUST-" + suffix;
        customerName = "Hanseatic Maschinenbau AG " + suffix;
        accountId = crm.post("/_sandbox/accounts", Map.of("Name", customerName, "AccountNumber", customerRef))
                .require(201).body().get("Id").asText();
    }

    @Test
    void anOrderWithinCreditIsReleasedBookedOnceAndItsPaymentClearsTheReceivableAndUpdatesTheCrmAccountOnce() {
        customer("50000.00", Map.of("CI-OLD-" + customerRef, "21300.00"));
        String order = activatedOrder("18450.00");

        JsonNode invoiced = awaitState(order, "AwaitingPayment");
        JsonNode credit = invoiced.get("order").get("credit");
        assertThat(credit.get("within").asBoolean()).isTrue();
        assertThat(credit.get("exposure").asText()).isEqualTo("39750.00");
        assertThat(credit.get("summary").asText()).isEqualTo("within credit: exposure 39750.00 EUR = ERP credit amount "
                + "21300.00 EUR (open receivables 21300.00 EUR) + orders in flight 0.00 EUR + this order 18450.00 EUR; "
                + "credit limit 50000.00 EUR, counterparty threshold 80000.00 EUR");
        assertThat(invoiced.get("order").get("releasedBy").asText()).isEqualTo("credit-check");
        assertThat(invoiced.get("timeline")).extracting(s -> s.path("detail").path("to").asText())
                .contains("CheckingCredit", "Booking", "AwaitingPayment");
        String invoice = invoiced.get("order").get("invoiceNumber").asText();
        assertThat(onlyBookingOf(order).get("body").get("amount").asText()).isEqualTo("18450.00");
        awaitCrmPatches("Order/" + order, 1);
        JsonNode crmOrder = record("Order", order);
        assertThat(crmOrder.get("Finrelay_Credit_Status__c").asText()).isEqualTo("Released");
        assertThat(crmOrder.get("Finrelay_Erp_Invoice__c").asText()).isEqualTo(invoice);

        JsonNode item = openItem("O2C-" + order);
        assertThat(item.get("direction").asText()).isEqualTo("RECEIVABLE");
        assertThat(item.get("invoiceNumber").asText()).isEqualTo(invoice);

        importStatement(credit(1, "18450.00", invoice));
        JsonNode paid = awaitState(order, "Paid");
        assertThat(paid.get("order").get("paid").asText()).isEqualTo("18450.00");
        assertThat(paid.get("order").get("paidOn").asText()).isEqualTo(BOOKED.toString());
        assertThat(openItem("O2C-" + order).get("status").asText()).isEqualTo("MATCHED");
        awaitCrmPatches("Account/" + accountId, 1);
        JsonNode account = record("Account", accountId);
        assertThat(account.get("Finrelay_Open_Receivables__c").decimalValue()).isEqualByComparingTo("0");
        assertThat(account.get("Finrelay_Exposure__c").decimalValue()).isEqualByComparingTo("0");
        assertThat(account.get("Finrelay_Days_Sales_Outstanding__c").asInt()).isZero();
        assertThat(account.get("Finrelay_Last_Payment_Date__c").asText()).isEqualTo(BOOKED.toString());
        assertThat(erpCustomer().get("receivables").has(invoiced.get("order").get("invoiceRef").asText()))
                .as("the ERP's receivable is cleared").isFalse();
        assertThat(violations()).isEmpty();
    }

    @Test
    void theSameOrderAnnouncedTwiceAndOnceMoreUnderAnotherWebhookIdIsBookedOnce() {
        customer("50000.00", Map.of());
        crm.post("/_sandbox/faults", Map.of("duplicateWebhooks", true)).require(200);
        String order = activatedOrder("9800.00");
        try {
            awaitState(order, "AwaitingPayment");
        } finally {
            crm.post("/_sandbox/faults", Map.of("duplicateWebhooks", false)).require(200);
        }
        String event = "{\"payload\":{\"ChangeEventHeader\":{\"entityName\":\"Order\",\"recordIds\":[\"" + order
                + "\"],\"changeType\":\"UPDATE\",\"changedFields\":[\"Status\"],\"commitUser\":\"005Sandbox0000001\"},"
                + "\"Status\":\"Activated\"}}";
        Answer again = webhook(t.id(), secret, "msg_replayed_" + order, event);
        assertThat(again.status()).as(again.body().toString()).isEqualTo(200);
        assertThat(again.body().get("outcome").asText()).isEqualTo("ignored");
        Answer repeated = webhook(t.id(), secret, "msg_replayed_" + order, event);
        assertThat(repeated.body().get("outcome").asText()).isEqualTo("repeated");

        assertThat(onlyBookingOf(order).get("body").get("orderId").asText()).isEqualTo(order);
        assertThat(violations()).isEmpty();
        assertThat(get(t.path("/orders"), t.adminKey()).body().get("items")).hasSize(1);
    }

    @Test
    void anOrderOverTheLimitIsHeldUntilACreditControllerWhoDidNotSubmitItReleasesIt() {
        customer("50000.00", Map.of("CI-OLD-" + customerRef, "45000.00"));
        String order = activatedOrder("18450.00");
        JsonNode held = awaitState(order, "CreditHeld");
        assertThat(held.get("order").get("credit").get("reasons")).extracting(JsonNode::asText)
                .containsExactly("exceeds the ERP credit limit of 50000.00 EUR by 13450.00 EUR");
        assertThat(get(t.path("/orders?state=CreditHeld"), t.adminKey()).body().get("items")).hasSize(1);
        assertThat(bookingsOf(order)).isEmpty();

        String controller = keyFor(t, t.adminKey(), "credit-controller");
        String approver = keyFor(t, t.adminKey(), "approver");
        String path = t.path("/orders/" + order + "/credit-review");
        assertThat(post(path, approver, json("reviewer", "a.brandt", "release", true)).status())
                .as("an approver holds no credit-review").isEqualTo(403);
        assertThat(post(path, t.adminKey(), json("reviewer", "a.brandt", "release", true)).status())
                .as("nor does an admin").isEqualTo(403);
        Answer self = post(path, controller, json("reviewer", "j.meyer", "release", true));
        assertThat(self.status()).as(self.body().toString()).isEqualTo(403);
        assertThat(self.body().get("rule").asText()).isEqualTo("sod.self-credit-release");
        Answer missing = post(path, controller, json("reviewer", "a.brandt"));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(post(t.path("/orders/8015g0000000000/credit-review"), controller,
                json("reviewer", "a.brandt", "release", true)).status()).isEqualTo(404);

        Answer released = post(path, controller, json("reviewer", "a.brandt", "release", true,
                "note", "customer confirmed payment of its open invoice"), "release-" + order);
        assertThat(released.status()).as(released.body().toString()).isEqualTo(202);
        JsonNode booked = awaitState(order, "AwaitingPayment");
        assertThat(booked.get("order").get("releasedBy").asText()).isEqualTo("a.brandt");
        assertThat(onlyBookingOf(order).get("body").get("amount").asText()).isEqualTo("18450.00");
        Answer late = post(path, controller, json("reviewer", "k.lorenz", "release", false));
        assertThat(late.status()).as("a review of an order no longer held").isEqualTo(409);
    }

    @Test
    void aHeldOrderIsReleasedByItselfWhenThePaymentOfTheCustomersOlderInvoiceLowersTheExposure() {
        String older = "AR-OLD-" + customerRef;
        customer("50000.00", Map.of(older, "45000.00"));
        Answer item = post(t.path("/open-items"), t.adminKey(), "[" + json("id", older, "direction", "RECEIVABLE",
                "legalEntity", "ACME-DE", "counterpartyName", customerName, "invoiceNumber", older, "amount", "45000.00",
                "currency", "EUR", "dueDate", "2026-03-15") + "]");
        assertThat(item.status()).as(item.body().toString()).isIn(200, 201);
        String order = activatedOrder("18450.00");
        awaitState(order, "CreditHeld");

        importStatement(credit(1, "45000.00", older));
        JsonNode released = awaitState(order, "AwaitingPayment");
        assertThat(released.get("order").get("releasedBy").asText()).isEqualTo("credit-check");
        assertThat(released.get("order").get("credit").get("exposure").asText()).as("checked again after the payment")
                .isEqualTo("18450.00");
        assertThat(onlyBookingOf(order)).isNotNull();
        assertThat(violations()).isEmpty();
    }

    @Test
    void aPartPaymentLeavesTheRestOpenAndTheSecondPaymentPaysTheOrder() {
        customer("50000.00", Map.of());
        String order = activatedOrder("18450.00");
        String invoice = awaitState(order, "AwaitingPayment").get("order").get("invoiceNumber").asText();

        importStatement(credit(1, "10000.00", invoice));
        // a part payment is a suggestion: a person confirms it, and the confirmed match is applied to the order
        JsonNode suggested = awaitSuggestedMatch();
        assertThat(suggested.get("difference").get("kind").asText()).isEqualTo("PARTIAL");
        String operator = keyFor(t, t.adminKey(), "operator");
        Answer confirmed = post(t.path("/reconciliation/matches/" + suggested.get("id").asText() + "/confirm"), operator, "{}");
        assertThat(confirmed.status()).as(confirmed.body().toString()).isIn(200, 202);
        await().atMost(Duration.ofSeconds(60)).until(() -> orderOf(order).get("order").get("paid").asText().equals("10000.00"));
        assertThat(orderOf(order).get("order").get("state").asText()).isEqualTo("AwaitingPayment");
        JsonNode part = openItem("O2C-" + order);
        assertThat(part.get("status").asText()).isEqualTo("PARTIAL");
        assertThat(new BigDecimal(part.get("openAmount").asText())).isEqualByComparingTo("8450.00");
        assertThat(crmPatches("Account/" + accountId)).as("the CRM hears of the order once it is paid").isEmpty();

        importStatement(credit(2, "8450.00", invoice));
        JsonNode paid = awaitState(order, "Paid");
        assertThat(paid.get("order").get("paid").asText()).isEqualTo("18450.00");
        assertThat(paid.get("order").get("overpaid").asText()).isEqualTo("0.00");
        awaitCrmPatches("Account/" + accountId, 1);
        assertThat(violations()).isEmpty();
    }

    @Test
    void anOverpaymentConfirmedByAPersonPaysTheOrderAndKeepsWhatWasPaidBeyondIt() {
        customer("50000.00", Map.of());
        String order = activatedOrder("18450.00");
        String invoice = awaitState(order, "AwaitingPayment").get("order").get("invoiceNumber").asText();

        importStatement(credit(1, "18500.00", invoice));
        JsonNode suggested = awaitSuggestedMatch();
        assertThat(suggested.get("difference").get("kind").asText()).isEqualTo("OVERPAYMENT");
        assertThat(suggested.get("difference").get("amount").asText()).isEqualTo("50.00");
        String operator = keyFor(t, t.adminKey(), "operator");
        Answer confirmed = post(t.path("/reconciliation/matches/" + suggested.get("id").asText() + "/confirm"), operator, "{}");
        assertThat(confirmed.status()).as(confirmed.body().toString()).isIn(200, 202);

        JsonNode paid = awaitState(order, "Paid");
        assertThat(paid.get("order").get("paid").asText()).isEqualTo("18500.00");
        assertThat(paid.get("order").get("overpaid").asText()).isEqualTo("50.00");
        assertThat(openItem("O2C-" + order).get("status").asText()).isEqualTo("MATCHED");
        awaitCrmPatches("Account/" + accountId, 1);
        assertThat(violations()).isEmpty();
    }

    @Test
    void aCrmThatIsDownDelaysItsUpdateButNotTheOrderAndItIsUpdatedOnceWhenBack() {
        customer("50000.00", Map.of());
        // the ERP answers slowly, so that the CRM is down before the order is booked (but after it announced it)
        erp.post("/_sandbox/faults", Map.of("latencyMillis", 1_500)).require(200);
        String order = activatedOrder("7200.00");
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> orderOf(order) != null);
            crm.post("/_sandbox/faults", Map.of("downForMillis", 120_000)).require(200);
        } finally {
            erp.post("/_sandbox/faults", Map.of("latencyMillis", 0)).require(200);
        }
        try {
            awaitState(order, "AwaitingPayment");
            await().atMost(Duration.ofSeconds(30)).until(() -> crmCalls("PATCH", "Order/" + order, 503) >= 1);
            assertThat(crmCalls("PATCH", "Order/" + order, 204)).isZero();
        } finally {
            crm.post("/_sandbox/faults", Map.of("downForMillis", 0)).require(200);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> crmCalls("PATCH", "Order/" + order, 204) >= 1);
        assertThat(crmCalls("PATCH", "Order/" + order, 204)).isEqualTo(1);
        assertThat(record("Order", order).get("Finrelay_Credit_Status__c").asText()).isEqualTo("Released");
    }

    @Test
    void aCrmEventSignedForAnotherTenantIsRefusedAndAnOrderIsNotVisibleToAnotherTenant() {
        customer("50000.00", Map.of());
        String order = activatedOrder("5000.00");
        awaitState(order, "AwaitingPayment");
        TestTenant other = newTenant("Other");
        String event = "{\"payload\":{\"ChangeEventHeader\":{\"entityName\":\"Order\",\"recordIds\":[\"" + order
                + "\"],\"changeType\":\"UPDATE\"},\"Status\":\"Activated\"}}";
        Answer noSettings = webhook(other.id(), secret, "msg_other_1", event);
        assertThat(noSettings.status()).as("a tenant without a CRM takes no event").isEqualTo(401);
        Answer otherSecret = call("PUT", other.path("/order-to-cash/settings"), other.adminKey(),
                json("crmUrl", peers.get("crm")), Map.of());
        assertThat(otherSecret.status()).isEqualTo(200);
        Answer wrongSecret = webhook(other.id(), secret, "msg_other_2", event);
        assertThat(wrongSecret.status()).as("signed with the first tenant's secret").isEqualTo(401);
        assertThat(wrongSecret.contentType()).startsWith("application/problem+json");
        Answer unsigned = call("POST", "/v1/webhooks/" + t.id() + "/crm", null, event, Map.of());
        assertThat(unsigned.status()).isEqualTo(401);

        assertThat(get(other.path("/orders/" + order), other.adminKey()).status()).isEqualTo(404);
        assertThat(get(other.path("/orders"), other.adminKey()).body().get("items")).isEmpty();
        assertThat(get(t.path("/orders/" + order), other.adminKey()).status()).isIn(403, 404);
        assertThat(onlyBookingOf(order)).isNotNull();
    }

    @Test
    void anOpportunityClosedWonBecomesAnOrderBookedOnceAndTheCrmOpportunityHearsOfItsRelease() {
        customer("50000.00", Map.of());
        String opp = crm.post("/_sandbox/opportunities", Map.of("AccountId", accountId, "Name", "Service contract 2026",
                "StageName", "Proposal/Price Quote", "Probability", 75, "Amount", 12600, "CloseDate", "2026-03-27",
                "CurrencyIsoCode", "EUR", "OwnerId", "j.meyer")).require(201).body().get("Id").asText();
        orders.add(opp);
        crm.post("/_sandbox/stage", Map.of("id", opp, "StageName", "Closed Won", "Probability", 100)).require(200);

        JsonNode order = awaitState(opp, "AwaitingPayment").get("order");
        assertThat(order.get("origin").asText()).isEqualTo("opportunity");
        assertThat(order.get("amount").asText()).isEqualTo("12600.00");
        assertThat(order.get("customerRef").asText()).isEqualTo(customerRef);
        assertThat(onlyBookingOf(opp).get("body").get("effectiveDate").asText()).isEqualTo("2026-03-27");
        awaitCrmPatches("Opportunity/" + opp, 1);
        assertThat(record("Opportunity", opp).get("Finrelay_Credit_Status__c").asText()).isEqualTo("Released");
        assertThat(violations()).isEmpty();
    }

    @Test
    void anOpenOpportunityIsForecastWeightedByItsStageProbabilityAndTracedToIt() {
        LocalDate from = LocalDate.parse(get(t.path("/cash/forecast?days=1"), t.adminKey()).body().get("from").asText());
        LocalDate close = from.plusDays(20);
        String opp = crm.post("/_sandbox/opportunities", Map.of("AccountId", accountId, "Name", "Spindle retrofit 2026",
                "StageName", "Negotiation/Review", "Probability", 60, "Amount", 40000, "CloseDate", close.toString(),
                "CurrencyIsoCode", "EUR")).require(201).body().get("Id").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> flowsOn(close).size() == 1);
        JsonNode flow = flowsOn(close).getFirst();
        assertThat(flow.get("source").asText()).isEqualTo("OPPORTUNITY");
        assertThat(new BigDecimal(flow.get("amount").asText())).isEqualByComparingTo("24000.00");
        assertThat(flow.get("reference").asText()).contains(opp, "Spindle retrofit 2026", "Negotiation/Review", "60%");

        crm.post("/_sandbox/stage", Map.of("id", opp, "StageName", "Closed Lost", "Probability", 0)).require(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> flowsOn(close).isEmpty());
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private void put(String path, String body) {
        Answer answer = call("PUT", path, t.adminKey(), body, Map.of());
        assertThat(answer.status()).as(String.valueOf(answer.body())).isEqualTo(200);
    }

    private void customer(String creditLimit, Map<String, String> receivables) {
        erp.post("/_sandbox/customers", List.of(Map.of("customerRef", customerRef, "name", customerName, "currency", "EUR",
                "creditLimit", creditLimit, "receivables", receivables.entrySet().stream()
                        .map(e -> Map.of("ref", e.getKey(), "amount", e.getValue())).toList()))).require(200);
    }

    private JsonNode erpCustomer() {
        return erp.get("/_sandbox/state").require(200).body().get("customers").get(customerRef);
    }

    /** An order created in the CRM by j.meyer and activated: the CRM announces it with a signed change event. */
    private String activatedOrder(String amount) {
        String id = crm.post("/_sandbox/orders", Map.of("AccountId", accountId, "EffectiveDate", "2026-03-02",
                "TotalAmount", new BigDecimal(amount), "CurrencyIsoCode", "EUR", "OwnerId", "j.meyer")).require(201)
                .body().get("Id").asText();
        crm.post("/_sandbox/activate", Map.of("id", id)).require(200);
        orders.add(id);
        return id;
    }

    private JsonNode orderOf(String order) {
        Answer answer = get(t.path("/orders/" + order), t.adminKey());
        return answer.status() == 200 ? answer.body() : null;
    }

    private JsonNode awaitState(String order, String state) {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            JsonNode o = orderOf(order);
            return o != null && o.get("order").get("state").asText().equals(state);
        });
        return orderOf(order);
    }

    private List<JsonNode> bookingsOf(String order) {
        JsonNode state = erp.get("/_sandbox/state").require(200).body();
        return StreamSupport.stream(state.get("salesOrderRequests").spliterator(), false)
                .filter(r -> r.path("body").path("orderId").asText().equals(order)).toList();
    }

    private JsonNode onlyBookingOf(String order) {
        List<JsonNode> bookings = bookingsOf(order);
        assertThat(bookings).as("the ERP's sales order requests of " + order).hasSize(1);
        return bookings.getFirst();
    }

    /** The ERP's violations (a second effect on one business object) of this test's customer and orders. */
    private List<JsonNode> violations() {
        return StreamSupport.stream(erp.get("/_sandbox/state").require(200).body().get("violations").spliterator(), false)
                .filter(v -> orders.stream().anyMatch(o -> v.toString().contains(o)) || v.toString().contains(customerRef))
                .toList();
    }

    private JsonNode record(String type, String id) {
        return crm.get("/services/data/v60.0/sobjects/" + type + "/" + id).require(200).body();
    }

    /** The CRM's recorded PATCH requests of one record (only those it served). */
    private List<JsonNode> crmPatches(String record) {
        JsonNode state = crm.get("/_sandbox/state").require(200).body();
        return StreamSupport.stream(state.get("requests").spliterator(), false)
                .filter(r -> r.path("path").asText().endsWith("/sobjects/" + record)).toList();
    }

    private void awaitCrmPatches(String record, int count) {
        await().atMost(Duration.ofSeconds(60)).until(() -> crmPatches(record).size() >= count);
        assertThat(crmPatches(record)).hasSize(count);
    }

    /** Calls in the CRM's ledger (every request, also those it refused while down) of a method, record and status. */
    private long crmCalls(String method, String record, int status) {
        JsonNode ledger = crm.get("/_sandbox/ledger").require(200).body();
        return StreamSupport.stream(ledger.spliterator(), false).filter(e -> e.path("method").asText().equals(method)
                && e.path("path").asText().endsWith("/sobjects/" + record) && e.path("status").asInt() == status).count();
    }

    private JsonNode openItem(String id) {
        JsonNode page = get(t.path("/open-items?limit=500"), t.adminKey()).body();
        return StreamSupport.stream(page.get("items").spliterator(), false).filter(i -> i.get("id").asText().equals(id))
                .findFirst().orElseThrow(() -> new AssertionError("no open item " + id + " in " + page));
    }

    private JsonNode awaitSuggestedMatch() {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            JsonNode items = get(t.path("/reconciliation/matches?status=SUGGESTED"), t.adminKey()).body().get("items");
            return items.size() == 1 && items.get(0).get("handedOver").asBoolean();
        });
        return get(t.path("/reconciliation/matches?status=SUGGESTED"), t.adminKey()).body().get("items").get(0);
    }

    private List<JsonNode> flowsOn(LocalDate date) {
        JsonNode page = get(t.path("/cash/forecast/flows?entity=ACME-DE&currency=EUR&date=" + date), t.adminKey()).body();
        return StreamSupport.stream(page.get("items").spliterator(), false)
                .filter(f -> f.get("source").asText().equals("OPPORTUNITY")).toList();
    }

    private Answer webhook(String tenant, String key, String id, String body) {
        long at = Instant.now().getEpochSecond();
        return call("POST", "/v1/webhooks/" + tenant + "/crm", null, body, Map.of("webhook-id", id,
                "webhook-timestamp", String.valueOf(at), "webhook-signature",
                WebhookSignature.sign(key, id, at, body.getBytes(StandardCharsets.UTF_8))));
    }

    /** A credit from the customer on the house account, naming the invoice in its remittance. */
    private record Credit(int no, String amount, String invoice) {}

    private Credit credit(int no, String amount, String invoice) {
        return new Credit(no, amount, invoice);
    }

    /** A statement of the lines as the bank-file import stores it, then the event the import publishes. */
    private void importStatement(Credit... lines) {
        UUID file = UUID.randomUUID();
        asOwner(db, c -> {
            try (PreparedStatement insert = c.prepareStatement("insert into bank_file (tenant_id, id, connection, name, "
                    + "sha256, size_bytes, format, status, statements, lines, credits, debits, problems, received_at) "
                    + "values (?::uuid, ?, 'hausbank', ?, ?, 1024, 'camt.053', 'IMPORTED', 1, ?, '{}', '{}', '[]', now())")) {
                insert.setString(1, t.id());
                insert.setObject(2, file);
                insert.setString(3, "camt053_" + file + ".xml");
                insert.setString(4, String.format("%064x", new java.math.BigInteger(1, file.toString().getBytes())).substring(0, 64));
                insert.setInt(5, lines.length);
                insert.executeUpdate();
            }
            for (Credit l : lines) {
                try (PreparedStatement insert = c.prepareStatement("insert into bank_statement_line (tenant_id, file_id, "
                        + "line_no, statement_id, account, entry_number, transaction_number, entry_status, booking_date, "
                        + "value_date, amount, currency, direction, reversal, bank_reference, end_to_end_id, remittance, "
                        + "counterparty_name, line) values (?::uuid, ?, ?, 'STMT-2026-03-30', ?, ?, 1, 'BOOKED', ?, ?, ?, "
                        + "'EUR', 'CREDIT', false, ?, null, ?, ?, ?::jsonb)")) {
                    insert.setString(1, t.id());
                    insert.setObject(2, file);
                    insert.setInt(3, l.no());
                    insert.setString(4, HOUSE_IBAN);
                    insert.setInt(5, l.no());
                    insert.setDate(6, Date.valueOf(BOOKED));
                    insert.setDate(7, Date.valueOf(BOOKED));
                    insert.setBigDecimal(8, new BigDecimal(l.amount()));
                    insert.setString(9, "BREF-" + l.no() + "-" + file.toString().substring(0, 8));
                    insert.setString(10, "Rechnung " + l.invoice() + " " + customerName);
                    insert.setString(11, customerName);
                    insert.setString(12, "{\"transactionsInEntry\":1}");
                    insert.executeUpdate();
                }
            }
            return null;
        });
        events.publishEvent(new BankFileImported(UUID.fromString(t.id()), file));
    }
}
