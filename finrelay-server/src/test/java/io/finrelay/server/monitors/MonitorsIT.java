package io.finrelay.server.monitors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.finrelay.model.id.TenantId;
import io.finrelay.sandbox.FileBank;
import io.finrelay.sandbox.Sandbox;
import io.finrelay.sandbox.world.Api;
import io.finrelay.sandbox.world.DemoData;
import io.finrelay.server.ServerIT;
import io.finrelay.server.bank.BankOutbound;
import io.finrelay.server.fixtures.TestClock;
import io.finrelay.server.web.WebhookSignature;
import io.finrelay.testkit.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * The stuck-workflow monitors on a stepping clock, with the real workflows and real bank files: the
 * EN 16931 example invoice of De Koksmaat (EUR 250.33) is approved, planned, paid by a payment run whose
 * pain.001 the sandbox bank answers, and booked by its statement; a house bank account waits for its
 * statements. Each monitor breaches once its tenant's threshold has passed (an exception with its context,
 * and a signed Standard Webhooks request to the partner's operations tool, the sandbox's receiving peer,
 * which checks the signature and records every request) and clears when the condition ends (the
 * exception resolved, a "cleared" webhook). Rounds repeated change nothing.
 *
 * <p>A database and a server of its own: the clock is stepped by days here, and the sandbox peers run
 * in this JVM on the same clock, so that the receiver's five-minute timestamp check holds.
 */
@TestPropertySource(properties = {"finrelay.monitors.every=PT1H"})
class MonitorsIT extends ServerIT {
    private static final Path SAMPLES = Path.of("../finrelay-einvoice/src/test/resources");
    private static final String KOKSMAAT_IBAN = "NL57RABO0107307510";
    private static final String HOUSE_IBAN = "DE89370400440532013000";
    private static Sandbox sandbox;

    @BeforeAll
    static void ownDatabase() {
        ownDatabaseUrl = TestDatabase.jdbcUrl(((PGSimpleDataSource) TestDatabase.newDatabase("monitors")).getDatabaseName());
    }

    @AfterAll
    static void sharedDatabaseForTheOthers() {
        ownDatabaseUrl = null;
        if (sandbox != null) {
            sandbox.close();
            sandbox = null;
        }
    }

    @Autowired
    Monitors monitors;
    @Autowired
    TestClock clock;
    @Autowired
    BankOutbound outbound;
    @Autowired
    io.finrelay.engine.db.Database db;
    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    private Map<String, String> peers() {
        synchronized (MonitorsIT.class) {
            if (sandbox == null) {
                sandbox = Sandbox.start(clock, 0);
            }
            return sandbox.urls();
        }
    }

    /** A tenant whose breaches go to its own channel of the operations tool, with the secret Finrelay generated. */
    private record Desk(TestTenant t, String secret, Api opsTool) {}

    private Desk tenantWithAnOperationsDesk(String name) {
        TestTenant t = newTenant(name);
        Api opsTool = new Api(peers().get("ops-tool"), null);
        Answer set = call("PUT", t.path("/monitors/webhook"), t.adminKey(),
                json("url", peers().get("ops-tool") + "/webhooks/" + t.id()), Map.of());
        assertThat(set.status()).as(set.raw().body()).isEqualTo(200);
        String secret = set.body().get("secret").asText();
        assertThat(secret).startsWith("whsec_");
        opsTool.post("/_sandbox/secret", Map.of("channel", t.id(), "secret", secret)).require(200);
        return new Desk(t, secret, opsTool);
    }

    @Test
    void anInvoiceStuckAtEachStepBreachesOnceUnderItsTenantsThresholdAndClearsWhenItMovesOn() throws Exception {
        Desk desk = tenantWithAnOperationsDesk("StuckAP");
        TestTenant t = desk.t();
        String entity = legalEntity(t);
        String vendorRef = "KOKSMAAT-" + UUID.randomUUID().toString().substring(0, 8);
        put(t, "/expense/settings", json("expensePlatformUrl", peers().get("expense-platform"), "erpUrl", peers().get("erp"),
                "treasuryUrl", peers().get("treasury"), "timeoutMillis", 2000));
        put(t, "/ap-policy", json("legalEntityId", entity, "expenseAccount", "6815", "taxAccount", "1576",
                "costOfCapitalPercent", "8", "liquidityBuffer", "50000.00", "defaultTermDays", 30));
        assertThat(post(t.path("/vendors"), t.adminKey(), json("legalEntityId", entity, "name", "De Koksmaat", "country", "NL",
                "bankAccount", Map.of("iban", KOKSMAAT_IBAN, "holderName", "De Koksmaat"), "active", true,
                "vatId", "NL8200.98.395.B.01", "erpRef", vendorRef)).status()).isEqualTo(201);
        assertThat(call("PUT", t.path("/bank-accounts/" + HOUSE_IBAN), t.adminKey(), json("legalEntity", entity,
                "currency", "EUR", "bic", "COBADEFFXXX", "name", "ODIN 59 Operating"), Map.of()).status()).isIn(200, 201);
        String invoice = call("POST", t.path("/supplier-invoices"), t.adminKey(), xml("samples/ubl/ubl-tc434-example1.xml"),
                Map.of("Content-Type", "application/xml")).body().get("id").asText();
        String approver = keyFor(t, t.adminKey(), "approver");
        assertThat(post(t.path("/supplier-invoices/" + invoice + "/approval"), approver,
                json("approver", "c.vogel", "approve", true)).status()).isEqualTo(202);
        String instance = awaitInvoice(t, invoice, "SCHEDULED").get("workflow").get("instanceId").asText();

        // Two hours in a payment plan: within the default day, so nothing; then the tenant allows one hour.
        clock.advance(Duration.ofHours(2));
        monitors.evaluate();
        assertThat(breaches(t, "scheduled-not-sent")).isEmpty();
        Answer thresholds = call("PUT", t.path("/monitors/thresholds"), t.adminKey(), json("scheduledNotSent", "PT1H",
                "sentNotAcknowledged", "PT1H", "paidNotReconciled", "PT1H"), Map.of());
        assertThat(thresholds.status()).as(thresholds.raw().body()).isEqualTo(200);
        desk.opsTool().post("/_sandbox/faults", Map.of("failNext", 1)).require(200);
        monitors.evaluate();
        JsonNode due = single(breaches(t, "scheduled-not-sent"));
        assertThat(due.get("status").asText()).isEqualTo("OPEN");
        assertThat(due.get("kind").asText()).isEqualTo("INCIDENT");
        assertThat(due.get("context").get("instanceId").asText()).isEqualTo(instance);
        assertThat(due.get("context").get("businessKey").asText()).isEqualTo(invoice);
        assertThat(due.get("context").get("state").asText()).isEqualTo("Scheduled");
        assertThat(due.get("context").get("threshold").asText()).isEqualTo("PT1H");
        assertThat(Instant.parse(due.get("context").get("since").asText())).isBefore(clock.instant().minus(Duration.ofHours(1)));
        assertThat(due.get("reason").asText()).contains("due for payment and in no payment run", "PT1H");

        // The operations tool refused the first delivery (HTTP 500); the outbox tried again under the same id.
        JsonNode breached = awaitAccepted(desk, "monitor.breached", "scheduled-not-sent");
        assertThat(breached.get("body").get("data").get("context").get("instanceId").asText()).isEqualTo(instance);
        assertThat(breached.get("body").get("data").get("threshold").asText()).isEqualTo("PT1H");
        verifiedByFinrelaysOwnCheck(desk, breached);
        assertThat(desk.opsTool().get("/_sandbox/ledger").require(200).body()).extracting(e -> e.get("status").asInt())
                .as("one refused delivery, then the accepted one").containsSubsequence(500, 200);

        // Rounds repeated: no second exception, no second webhook.
        monitors.evaluate();
        monitors.evaluate();
        awaitOutboxEmpty(t);
        assertThat(breaches(t, "scheduled-not-sent")).hasSize(1);
        assertThat(sent(desk, "monitor.breached", "scheduled-not-sent")).hasSize(1);
        assertThat(openGauge(t, "scheduled-not-sent")).as("finrelay_monitor_breaches_open").isEqualTo(1.0);

        // The treasurer's run takes the invoice: the breach clears.
        String treasurer = keyFor(t, t.adminKey(), "treasurer");
        LocalDate runDate = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).plusDays(1);
        Answer run = post(t.path("/payment-runs"), treasurer, json("executionDate", runDate.toString(), "debtorAccount",
                HOUSE_IBAN, "connection", "hausbank", "initiatingParty", "ODIN 59"), "run-" + t.id());
        assertThat(run.status()).as(run.raw().body()).isEqualTo(201);
        String runId = run.body().get("runId").asText();
        JsonNode sentRun = await().atMost(Duration.ofSeconds(30)).until(() -> get(t.path("/payment-runs/" + runId),
                t.adminKey()).body(), r -> r.get("state").asText().equals("Sent"));
        monitors.evaluate();
        assertThat(single(breaches(t, "scheduled-not-sent")).get("status").asText()).isEqualTo("RESOLVED");
        assertThat(openGauge(t, "scheduled-not-sent")).isZero();
        JsonNode cleared = awaitAccepted(desk, "monitor.cleared", "scheduled-not-sent");
        assertThat(cleared.get("body").get("data").get("breachId").asText())
                .isEqualTo(breached.get("body").get("data").get("breachId").asText());
        verifiedByFinrelaysOwnCheck(desk, cleared);

        // The pain.001 is out, the bank says nothing for two hours: sent but not acknowledged.
        clock.advance(Duration.ofHours(2));
        monitors.evaluate();
        JsonNode unanswered = single(breaches(t, "sent-not-acknowledged"));
        assertThat(unanswered.get("context").get("workflowType").asText()).isEqualTo("payment-run");
        assertThat(unanswered.get("context").get("state").asText()).isEqualTo("Sent");
        byte[] pain001 = Files.readAllBytes(outbound.defaultOutbox(new TenantId(UUID.fromString(t.id())), "hausbank")
                .resolve(sentRun.get("fileName").asText()));
        FileBank.Answer bank = FileBank.answer(pain001, Set.of());
        assertThat(call("POST", t.path("/bank-files?connection=hausbank&name=pain002-" + runId + ".xml"), t.adminKey(),
                new String(bank.pain002(), StandardCharsets.UTF_8), Map.of("Content-Type", "application/xml")).status())
                .isEqualTo(201);
        awaitInvoice(t, invoice, "PAID");
        monitors.evaluate();
        assertThat(single(breaches(t, "sent-not-acknowledged")).get("status").asText()).isEqualTo("RESOLVED");
        awaitAccepted(desk, "monitor.cleared", "sent-not-acknowledged");

        // Settled, and no statement line has booked it for two hours: paid but not reconciled.
        clock.advance(Duration.ofHours(2));
        monitors.evaluate();
        JsonNode unbooked = single(breaches(t, "paid-not-reconciled"));
        assertThat(unbooked.get("context").get("instanceId").asText()).isEqualTo(instance);
        assertThat(unbooked.get("context").get("openItem").asText()).startsWith("SINV-");
        assertThat(unbooked.get("context").get("openItemStatus").asText()).isEqualTo("OPEN");
        assertThat(call("POST", t.path("/bank-files?connection=hausbank&name=camt053-" + runId + ".xml"), t.adminKey(),
                new String(bank.camt053(), StandardCharsets.UTF_8), Map.of("Content-Type", "application/xml")).status())
                .isEqualTo(201);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            monitors.evaluate();
            assertThat(single(breaches(t, "paid-not-reconciled")).get("status").asText()).isEqualTo("RESOLVED");
        });
        awaitAccepted(desk, "monitor.cleared", "paid-not-reconciled");
        assertThat(desk.opsTool().get("/_sandbox/state").require(200).body().get("requests"))
                .filteredOn(r -> r.get("channel").asText().equals(t.id()))
                .as("every request the operations tool received for this tenant carried a valid signature")
                .isNotEmpty().allSatisfy(r -> assertThat(r.get("verdict").asText()).isEqualTo("valid"));
    }

    @Test
    void aHouseBankAccountMissingTheStatementOfEachBusinessDayBreachesPerDayAndAStaleCashPositionToo() {
        Desk desk = tenantWithAnOperationsDesk("StuckTreasury");
        TestTenant t = desk.t();
        String entity = legalEntity(t);
        assertThat(call("PUT", t.path("/bank-accounts/" + HOUSE_IBAN), t.adminKey(), json("legalEntity", entity,
                "currency", "EUR", "bic", "COBADEFFXXX", "name", "ODIN 59 Operating"), Map.of()).status()).isIn(200, 201);
        assertThat(call("PUT", t.path("/monitors/thresholds"), t.adminKey(), json("statementDueAfter", "PT2H",
                "cashPositionMaxAge", "PT6H"), Map.of()).status()).isEqualTo(200);
        LocalDate registered = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        // To 03:00 four days on: the statements of the registration day and the three after are due (by 02:00 next day).
        clock.advance(Duration.between(clock.instant(), registered.plusDays(4).atStartOfDay(ZoneOffset.UTC).toInstant()
                .plus(Duration.ofHours(3))));
        List<LocalDate> businessDays = registered.datesUntil(registered.plusDays(4))
                .filter(d -> d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY).toList();
        assertThat(businessDays).as("any four days hold two business days").hasSizeGreaterThanOrEqualTo(2);

        monitors.evaluate();
        monitors.evaluate();
        List<JsonNode> missing = breaches(t, "statement-missing");
        assertThat(missing).extracting(b -> LocalDate.parse(b.get("context").get("businessDay").asText()))
                .as("one breach per business day, weekends not expected").containsExactlyInAnyOrderElementsOf(businessDays);
        assertThat(missing).allSatisfy(b -> {
            assertThat(b.get("context").get("account").asText()).isEqualTo("DE89 **** **** **** **30 00");
            assertThat(b.get("reason").asText()).doesNotContain(HOUSE_IBAN);
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> sent(desk, "monitor.breached", "statement-missing").size()
                == businessDays.size());
        assertThat(sent(desk, "monitor.breached", "statement-missing"))
                .allSatisfy(r -> assertThat(r.get("rawBody").asText()).doesNotContain(HOUSE_IBAN));

        // The bank delivers the statements of those days: each breach clears.
        Instant created = clock.instant();
        assertThat(call("POST", t.path("/bank-files?connection=hausbank&name=camt053-backlog.xml"), t.adminKey(),
                statements(businessDays, created), Map.of("Content-Type", "application/xml")).status()).isEqualTo(201);
        monitors.evaluate();
        assertThat(breaches(t, "statement-missing")).allSatisfy(b -> assertThat(b.get("status").asText()).isEqualTo("RESOLVED"));
        await().atMost(Duration.ofSeconds(30)).until(() -> sent(desk, "monitor.cleared", "statement-missing").size()
                == businessDays.size());
        assertThat(breaches(t, "cash-position-stale")).as("the position is as of now").isEmpty();

        // Seven hours without news: the position is older than the tenant's six; a newer statement clears it.
        clock.advance(Duration.ofHours(7));
        monitors.evaluate();
        JsonNode stale = single(breaches(t, "cash-position-stale"));
        assertThat(stale.get("context").get("currency").asText()).isEqualTo("EUR");
        assertThat(Instant.parse(stale.get("context").get("asOf").asText())).isEqualTo(created.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        assertThat(call("POST", t.path("/bank-files?connection=hausbank&name=camt053-latest.xml"), t.adminKey(),
                statements(List.of(businessDays.getLast()), clock.instant()), Map.of("Content-Type", "application/xml"))
                .status()).isEqualTo(201);
        monitors.evaluate();
        assertThat(single(breaches(t, "cash-position-stale")).get("status").asText()).isEqualTo("RESOLVED");
        awaitAccepted(desk, "monitor.cleared", "cash-position-stale");
    }

    @Test
    void anExpenseReportWaitingForItsReleaseBreachesAndTheTreasurersReleaseClearsIt() {
        Desk desk = tenantWithAnOperationsDesk("StuckExpense");
        TestTenant t = desk.t();
        // The test sets the tenant up and releases its payments, so its key is tenant-admin and treasurer.
        String key = post(t.path("/api-keys"), t.adminKey(), "{\"name\": \"expense desk\", "
                + "\"roles\": [\"tenant-admin\", \"treasurer\"]}").body().get("secret").asText();
        Api finrelay = new Api("http://localhost:" + port, key);
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        DemoData.World data = DemoData.setUp(finrelay, t.id(), today);
        JsonNode settings = finrelay.put(t.path("/expense/settings"), Map.of("expensePlatformUrl",
                peers().get("expense-platform"), "erpUrl", peers().get("erp"), "treasuryUrl", peers().get("treasury"),
                "timeoutMillis", 2_000)).require(200).body();
        Api expense = new Api(peers().get("expense-platform"), null);
        expense.post("/_sandbox/subscriptions", Map.of("url", "http://localhost:" + port
                + settings.get("expenseWebhookUrl").asText(), "secret", settings.get("expenseWebhookSecret").asText())).require(200);
        new Api(peers().get("bank"), null).post("/_sandbox/subscriptions", Map.of("url", "http://localhost:" + port
                + settings.get("bankWebhookUrl").asText(), "secret", settings.get("bankWebhookSecret").asText())).require(200);
        assertThat(call("PUT", t.path("/monitors/thresholds"), t.adminKey(), json("scheduledNotSent", "PT1H"), Map.of())
                .status()).isEqualTo(200);

        DemoData.Person person = data.people().getFirst();
        String id = "IT-STUCK-" + UUID.randomUUID().toString().substring(0, 8);
        expense.post("/_sandbox/reports", DemoData.report(id, person, "Kundentermin Hamburg", "EUR",
                DemoData.expenses(new java.util.Random(id.hashCode()), data, person, today), clock.instant())).require(202);
        awaitReport(finrelay, t, id, "AwaitingRelease");
        monitors.evaluate();
        assertThat(breaches(t, "scheduled-not-sent")).as("within the hour").isEmpty();

        clock.advance(Duration.ofHours(2));
        monitors.evaluate();
        JsonNode waiting = single(breaches(t, "scheduled-not-sent"));
        assertThat(waiting.get("context").get("workflowType").asText()).isEqualTo("expense-reimbursement");
        assertThat(waiting.get("context").get("businessKey").asText()).isEqualTo(id);
        assertThat(waiting.get("context").get("state").asText()).isEqualTo("AwaitingRelease");
        assertThat(waiting.get("reason").asText()).contains("waiting for the treasurer's release");
        awaitAccepted(desk, "monitor.breached", "scheduled-not-sent");

        for (String releaser : List.of("t.berger", "j.roth")) {
            if (awaitReport(finrelay, t, id, null).get("state").asText().equals("AwaitingRelease")) {
                assertThat(finrelay.post(t.path("/expense-reports/" + id + "/releases"), Map.of("releaser", releaser))
                        .status()).isEqualTo(202);
            }
        }
        awaitReport(finrelay, t, id, "Reimbursed");
        monitors.evaluate();
        assertThat(single(breaches(t, "scheduled-not-sent")).get("status").asText()).isEqualTo("RESOLVED");
        awaitAccepted(desk, "monitor.cleared", "scheduled-not-sent");
        assertThat(breaches(t, "sent-not-acknowledged")).as("the bank answered at once").isEmpty();
    }

    /** The report once it is in {@code state} (any state when null). */
    private JsonNode awaitReport(Api finrelay, TestTenant t, String id, String state) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> finrelay.get(t.path("/expense-reports/" + id)),
                a -> a.status() == 200 && (state == null || a.body().get("state").asText().equals(state))).body();
    }

    @Test
    void thresholdsHaveDefaultsAndABadOneIsAProblemNamingEachFieldThatChangesNothing() {
        TestTenant t = newTenant("Thresholds");
        String viewer = keyFor(t, t.adminKey(), "viewer");
        JsonNode defaults = get(t.path("/monitors/thresholds"), viewer).body();
        assertThat(defaults.get("scheduledNotSent").get("threshold").asText()).isEqualTo("PT24H");
        assertThat(defaults.get("scheduledNotSent").get("default").asBoolean()).isTrue();
        assertThat(defaults.get("statementDueAfter").get("monitor").asText()).isEqualTo("statement-missing");

        Answer bad = call("PUT", t.path("/monitors/thresholds"), t.adminKey(), json("approvedNotScheduled", "two days",
                "cashPositionMaxAge", "PT1M", "paidNotReconciled", 3, "scheduledNotSent", "PT12H"), Map.of());
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.contentType()).startsWith("application/problem+json");
        assertThat(bad.body().get("errors")).extracting(e -> e.get("field").asText())
                .containsExactlyInAnyOrder("approvedNotScheduled", "cashPositionMaxAge", "paidNotReconciled");
        Answer unknown = call("PUT", t.path("/monitors/thresholds"), t.adminKey(), json("overdue", "P1D"), Map.of());
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
        assertThat(unknown.raw().body()).contains("overdue");
        assertThat(get(t.path("/monitors/thresholds"), viewer).body()).as("nothing half-applied").isEqualTo(defaults);

        String operator = keyFor(t, t.adminKey(), "operator");
        assertThat(call("PUT", t.path("/monitors/thresholds"), operator, json("scheduledNotSent", "PT12H"), Map.of())
                .status()).isEqualTo(403);
        Answer set = call("PUT", t.path("/monitors/thresholds"), t.adminKey(), json("scheduledNotSent", "PT12H"), Map.of());
        assertThat(set.status()).isEqualTo(200);
        JsonNode after = get(t.path("/monitors/thresholds"), viewer).body();
        assertThat(after.get("scheduledNotSent").get("threshold").asText()).isEqualTo("PT12H");
        assertThat(after.get("scheduledNotSent").get("default").asBoolean()).isFalse();
        assertThat(after.get("approvedNotScheduled").get("default").asBoolean()).isTrue();
        assertThat(configurationChanges(t)).singleElement().asString().contains("monitors/thresholds", "PT12H");
    }

    @Test
    void theWebhookUrlMustPassTheOutboundPolicyAndItsSecretIsShownOnlyWhenGenerated() {
        TestTenant t = newTenant("Webhook");
        String operator = keyFor(t, t.adminKey(), "operator");
        assertThat(call("PUT", t.path("/monitors/webhook"), operator, json("url", "https://ops.example.com/hooks"), Map.of())
                .status()).isEqualTo(403);
        for (String url : List.of("http://169.254.169.254/latest/meta-data", "http://10.20.30.40/hooks",
                "https://user:pw@ops.example.com/hooks", "ftp://ops.example.com/hooks")) {
            Answer refused = call("PUT", t.path("/monitors/webhook"), t.adminKey(), json("url", url), Map.of());
            assertThat(refused.status()).as(url).isEqualTo(400);
            assertThat(refused.body().get("errors").get(0).get("field").asText()).isEqualTo("url");
        }
        assertThat(get(t.path("/monitors/webhook"), t.adminKey()).body().get("secret").asText()).isEqualTo("not set");

        String url = peers().get("ops-tool") + "/webhooks/" + t.id();
        Answer first = call("PUT", t.path("/monitors/webhook"), t.adminKey(), json("url", url), Map.of());
        assertThat(first.body().get("secret").asText()).startsWith("whsec_");
        Answer again = call("PUT", t.path("/monitors/webhook"), t.adminKey(), json("url", url), Map.of());
        assertThat(again.body().has("secret")).as("the secret in use is not shown again").isFalse();
        Answer rotated = call("PUT", t.path("/monitors/webhook"), t.adminKey(), json("url", url, "rotateSecret", true), Map.of());
        assertThat(rotated.body().get("secret").asText()).startsWith("whsec_").isNotEqualTo(first.body().get("secret").asText());
        JsonNode shown = get(t.path("/monitors/webhook"), keyFor(t, t.adminKey(), "viewer")).body();
        assertThat(shown.get("url").asText()).isEqualTo(url);
        assertThat(shown.get("secret").asText()).isEqualTo("set");
        assertThat(configurationChanges(t)).hasSize(3).allSatisfy(c -> assertThat(c).doesNotContain("whsec_"));
    }

    @Test
    void aRoundRunsOnOneNodeAtATimeAndTheScheduleSkipsWhileAnotherHoldsTheLock() throws Exception {
        MonitorLock elsewhere = MonitorLock.acquire(db.dataSource(), true).orElseThrow();
        try {
            assertThat(monitors.tryRound()).as("another node's round is running").isEmpty();
            assertThat(MonitorLock.acquire(db.dataSource(), false)).isEmpty();
        } finally {
            elsewhere.close();
        }
        assertThat(monitors.tryRound()).isPresent();
    }

    /** The open breaches gauge of the tenant and monitor: present, 0 when nothing is open, once a round has watched the tenant. */
    private double openGauge(TestTenant t, String monitor) {
        var gauge = meters.find("finrelay.monitor.breaches.open").tags("tenant", t.id(), "monitor", monitor).gauge();
        assertThat(gauge).as("the gauge of %s for tenant %s", monitor, t.id()).isNotNull();
        return gauge.value();
    }

    /** The recorded request's signature checked again by the code that checks the webhooks Finrelay receives. */
    private void verifiedByFinrelaysOwnCheck(Desk desk, JsonNode request) {
        assertThat(request.get("verdict").asText()).isEqualTo("valid");
        assertThat(WebhookSignature.problem(desk.secret(), request.get("webhookId").asText(),
                request.get("timestamp").asText(), request.get("signature").asText(),
                request.get("rawBody").asText().getBytes(StandardCharsets.UTF_8), clock.instant())).isEmpty();
        assertThat(WebhookSignature.problem("whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]),
                request.get("webhookId").asText(), request.get("timestamp").asText(), request.get("signature").asText(),
                request.get("rawBody").asText().getBytes(StandardCharsets.UTF_8), clock.instant()))
                .as("another secret does not verify").isPresent();
    }

    private List<JsonNode> breaches(TestTenant t, String monitor) {
        Answer list = get(t.path("/exceptions?code=stuck-" + monitor + "&limit=500"), t.adminKey());
        assertThat(list.status()).isEqualTo(200);
        return StreamSupport.stream(list.body().spliterator(), false).toList();
    }

    private static JsonNode single(List<JsonNode> nodes) {
        assertThat(nodes).hasSize(1);
        return nodes.getFirst();
    }

    /** What the operations tool took (once per webhook-id) of this tenant, type and monitor. */
    private List<JsonNode> sent(Desk desk, String type, String monitor) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode r : desk.opsTool().get("/_sandbox/state").require(200).body().get("accepted")) {
            JsonNode body = r.get("body");
            if (r.get("channel").asText().equals(desk.t().id()) && body.get("type").asText().equals(type)
                    && body.get("data").get("monitor").asText().equals(monitor)) {
                out.add(r);
            }
        }
        return out;
    }

    private JsonNode awaitAccepted(Desk desk, String type, String monitor) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> sent(desk, type, monitor), l -> !l.isEmpty()).getFirst();
    }

    private void awaitOutboxEmpty(TestTenant t) {
        await().atMost(Duration.ofSeconds(30)).until(() -> asOwner(db, c -> {
            try (PreparedStatement s = c.prepareStatement("select count(*) from outbox where tenant_id = ?::uuid")) {
                s.setString(1, t.id());
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        }) == 0L);
    }

    private List<String> configurationChanges(TestTenant t) {
        return asOwner(db, c -> {
            try (PreparedStatement s = c.prepareStatement("select detail::text from audit_event where tenant_id = ?::uuid "
                    + "and kind = 'configuration.changed' and detail->>'setting' like 'monitors/%' order by id")) {
                s.setString(1, t.id());
                List<String> out = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
                return out;
            }
        });
    }

    private JsonNode awaitInvoice(TestTenant t, String id, String state) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> get(t.path("/supplier-invoices/" + id), t.adminKey()).body(),
                body -> body.get("state").asText().equals(state));
    }

    private void put(TestTenant t, String path, String body) {
        Answer answer = call("PUT", t.path(path), t.adminKey(), body, Map.of());
        assertThat(answer.status()).as(path + ": " + answer.raw().body()).isEqualTo(200);
    }

    /** A camt.053 of the house account with one statement per day: opening and closing balance of that day. */
    private static String statements(List<LocalDate> days, Instant created) {
        StringBuilder xml = new StringBuilder("""
                <?xml version="1.0" encoding="UTF-8"?>
                <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
                  <BkToCstmrStmt>
                    <GrpHdr><MsgId>EOD-%s</MsgId><CreDtTm>%s</CreDtTm></GrpHdr>
                """.formatted(created.getEpochSecond(), created.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
        for (LocalDate day : days) {
            xml.append("""
                    <Stmt>
                      <Id>EOD-%1$s</Id>
                      <CreDtTm>%2$s</CreDtTm>
                      <Acct><Id><IBAN>%3$s</IBAN></Id><Ccy>EUR</Ccy></Acct>
                      <Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">182450.17</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>%1$s</Dt></Dt></Bal>
                      <Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">182450.17</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>%1$s</Dt></Dt></Bal>
                    </Stmt>
                    """.formatted(day, created.truncatedTo(java.time.temporal.ChronoUnit.SECONDS), HOUSE_IBAN));
        }
        return xml.append("  </BkToCstmrStmt>\n</Document>\n").toString();
    }

    private static String xml(String resource) {
        try {
            return Files.readString(SAMPLES.resolve(resource), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
