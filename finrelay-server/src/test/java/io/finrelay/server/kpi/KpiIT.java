package io.finrelay.server.kpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.finrelay.engine.fixtures.PaymentFlow;
import io.finrelay.engine.outbox.ConnectorRegistry;
import io.finrelay.model.id.TenantId;
import io.finrelay.server.ServerIT;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A tenant's KPIs over a period and the partner's health of its tenants, read from what the workflows,
 * the bank file import and the reconciliation leave in their read models: a week of a mid-sized tenant's
 * work (expense reports reimbursed, one after an exception someone resolved; reconciliation matches, most
 * automatic; a pain.002 rejecting two payments; a payment returned; supplier invoices taken in through the
 * API, two offering an early-payment discount, one of them paid with it), older work outside the period,
 * and another tenant whose work must never show.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KpiIT extends ServerIT {
    @Autowired
    io.finrelay.engine.db.Database db;
    @Autowired
    Clock clock;
    @Autowired
    ConnectorRegistry connectors;

    private TestTenant nordwind;
    private TestTenant globex;
    private String partner;
    private Instant now;
    private String failingInstance;

    @BeforeAll
    void aWeekOfWork() {
        partner = get("/v1/me", BOOTSTRAP_KEY).body().get("partnerId").asText();
        nordwind = newTenant("Nordwind");
        globex = newTenant("Globex");
        // whole microseconds, as PostgreSQL keeps them: a nanosecond instant would be rounded there, not truncated
        now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        asOwner(db, c -> {
            reimbursed(c, nordwind, "EXP-2026-0411", hoursAgo(30), false);
            reimbursed(c, nordwind, "EXP-2026-0412", hoursAgo(50), true);
            reimbursed(c, nordwind, "EXP-2026-0413", hoursAgo(70), false);
            reimbursed(c, nordwind, "EXP-2026-0388", hoursAgo(24 * 12), false); // before the period
            reimbursed(c, globex, "EXP-G-0001", hoursAgo(20), true);
            for (String status : List.of("AUTO", "AUTO", "AUTO", "CONFIRMED", "SUGGESTED")) {
                match(c, nordwind, status, hoursAgo(6));
            }
            match(c, nordwind, "AUTO", hoursAgo(24 * 15)); // before the period
            match(c, globex, "SUGGESTED", hoursAgo(6));
            UUID pain002 = bankFile(c, nordwind, "pain002-run-0412.xml", 0, hoursAgo(4));
            paymentStatus(c, nordwind, pain002, 1, "REJECTED", "AC04");
            paymentStatus(c, nordwind, pain002, 2, "REJECTED", "AM04");
            paymentStatus(c, nordwind, pain002, 3, "SETTLED", null);
            UUID older = bankFile(c, nordwind, "pain002-run-0301.xml", 0, hoursAgo(24 * 20));
            paymentStatus(c, nordwind, older, 1, "REJECTED", "AC01");
            UUID camt = bankFile(c, nordwind, "camt053-2026-12-01.xml", 1, hoursAgo(3));
            returned(c, nordwind, camt, hoursAgo(2));
            UUID globexFile = bankFile(c, globex, "pain002-globex.xml", 0, hoursAgo(4));
            paymentStatus(c, globex, globexFile, 1, "REJECTED", "AC04");
            openException(c, nordwind, "OPEN", Duration.ofMinutes(20));
            openException(c, nordwind, "OPEN", Duration.ofHours(5));
            openException(c, nordwind, "OPEN", Duration.ofHours(30));
            openException(c, nordwind, "OPEN", Duration.ofDays(10));
            openException(c, nordwind, "RESOLVED", Duration.ofDays(2));
            openException(c, globex, "OPEN", Duration.ofDays(2));
            return null;
        });
        // the refused payment first: the invoices' workflows, held for want of an AP policy, wait less long
        failingInstance = paymentThatTheErpRefuses();
        invoices();
    }

    private Instant hoursAgo(long hours) {
        return now.minus(Duration.ofHours(hours));
    }

    /** The KPIs of the last 7 days (today included): everything above but the older work. */
    private String lastWeek() {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        return "/kpis?from=" + today.minusDays(7) + "&to=" + today;
    }

    @Test
    void theKpisOfThePeriodCountOnlyThePeriodsWorkOfTheTenant() {
        Answer answer = get(nordwind.path(lastWeek()), keyFor(nordwind, nordwind.adminKey(), "viewer"));
        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
        JsonNode kpis = answer.body();
        assertThat(kpis.get("tenantId").asText()).isEqualTo(nordwind.id());

        JsonNode straight = kpis.get("straightThrough");
        assertThat(straight.get("reimbursed").asLong()).as("three reimbursed in the period").isEqualTo(3);
        assertThat(straight.get("neededNobody").asLong()).as("one had an exception").isEqualTo(2);
        assertThat(straight.get("rate").asText()).isEqualTo("0.6667");

        JsonNode recon = kpis.get("reconciliation");
        assertThat(recon.get("matches").asLong()).isEqualTo(5);
        assertThat(recon.get("auto").asLong()).isEqualTo(3);
        assertThat(recon.get("autoMatchRate").asText()).isEqualTo("0.6000");
        assertThat(recon.get("byStatus").get("CONFIRMED").asLong()).isEqualTo(1);
        assertThat(recon.get("byStatus").get("SUGGESTED").asLong()).isEqualTo(1);

        JsonNode payments = kpis.get("payments");
        assertThat(payments.get("rejected").asLong()).as("the old file's rejection is outside the period").isEqualTo(2);
        assertThat(payments.get("rejectedByReason").get("AC04").asLong()).isEqualTo(1);
        assertThat(payments.get("rejectedByReason").get("AM04").asLong()).isEqualTo(1);
        assertThat(payments.get("rejectedByReason").has("AC01")).isFalse();
        assertThat(payments.get("returned").asLong()).isEqualTo(1);

        JsonNode exceptions = kpis.get("exceptions");
        // the four seeded ones, the refused posting of the payment workflow and the three supplier invoices held
        // for want of an AP policy (minutes old)
        assertThat(exceptions.get("open").asLong()).isEqualTo(8);
        assertThat(exceptions.get("byAge").findValuesAsText("age"))
                .containsExactly("under 1 h", "1 h to 1 d", "1 to 3 d", "3 to 7 d", "over 7 d");
        assertThat(exceptions.get("byAge").findValues("count").stream().map(JsonNode::asLong).toList())
                .containsExactly(5L, 1L, 1L, 0L, 1L);

        JsonNode discounts = kpis.get("discounts");
        assertThat(discounts).hasSize(1);
        JsonNode eur = discounts.get(0);
        assertThat(eur.get("currency").asText()).isEqualTo("EUR");
        // 2 % of 1,190.00 and 3 % of 4,998.00, as the invoice workflow's payment plan computes them
        assertThat(eur.get("offered").asLong()).isEqualTo(2);
        assertThat(eur.get("offeredAmount").asText()).isEqualTo("173.74");
        assertThat(eur.get("taken").asLong()).isEqualTo(1);
        assertThat(eur.get("takenAmount").asText()).isEqualTo("23.80");
        assertThat(eur.get("captured").asLong()).isEqualTo(1);
        assertThat(eur.get("capturedAmount").asText()).isEqualTo("23.80");
    }

    @Test
    void aPeriodWithoutWorkHasCountsOfZeroAndNoRates() {
        JsonNode kpis = get(nordwind.path("/kpis?from=2025-01-01&to=2025-01-31"), nordwind.adminKey()).body();
        assertThat(kpis.get("from").asText()).isEqualTo("2025-01-01");
        assertThat(kpis.get("to").asText()).isEqualTo("2025-01-31");
        assertThat(kpis.get("straightThrough").get("reimbursed").asLong()).isZero();
        assertThat(kpis.get("straightThrough").has("rate")).as("no rate rather than a made-up one").isFalse();
        assertThat(kpis.get("reconciliation").has("autoMatchRate")).isFalse();
        assertThat(kpis.get("payments").get("rejected").asLong()).isZero();
        assertThat(kpis.get("discounts")).isEmpty();
        assertThat(kpis.get("exceptions").get("open").asLong()).as("the queue is now, whatever the period").isEqualTo(8);
    }

    @Test
    void withoutAPeriodTheKpisAreTheLastThirtyDays() {
        JsonNode kpis = get(nordwind.path("/kpis"), nordwind.adminKey()).body();
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        assertThat(kpis.get("to").asText()).isEqualTo(today.toString());
        assertThat(kpis.get("from").asText()).isEqualTo(today.minusDays(29).toString());
        assertThat(kpis.get("straightThrough").get("reimbursed").asLong()).as("the report of 12 days ago is in").isEqualTo(4);
        assertThat(kpis.get("payments").get("rejected").asLong()).as("and the rejection of 20 days ago").isEqualTo(3);
    }

    @Test
    void aPeriodThatIsNoDateEndsBeforeItBeginsOrSpansMoreThanAYearIsA400NamingTheParameter() {
        Answer notADate = get(nordwind.path("/kpis?from=2026-13-01"), nordwind.adminKey());
        assertThat(notADate.status()).isEqualTo(400);
        assertThat(notADate.contentType()).startsWith("application/problem+json");
        assertThat(notADate.body().get("errors").get(0).get("field").asText()).isEqualTo("from");
        Answer backwards = get(nordwind.path("/kpis?from=2026-11-30&to=2026-11-01"), nordwind.adminKey());
        assertThat(backwards.status()).isEqualTo(400);
        assertThat(backwards.body().get("detail").asText()).contains("from").contains("must not be after to");
        Answer tooLong = get(nordwind.path("/kpis?from=2024-01-01&to=2025-12-31"), nordwind.adminKey());
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.body().get("detail").asText()).contains("at most 366 days");
        Answer badTo = get(nordwind.path("/kpis?to=yesterday"), nordwind.adminKey());
        assertThat(badTo.status()).isEqualTo(400);
        assertThat(badTo.body().get("errors").get(0).get("field").asText()).isEqualTo("to");
    }

    @Test
    void anotherTenantsCallerGets404AndTheOtherTenantSeesOnlyItsOwnFigures() {
        assertThat(get(nordwind.path("/kpis"), globex.adminKey()).status()).isEqualTo(404);
        assertThat(get(nordwind.path("/kpis"), keyFor(globex, globex.adminKey(), "viewer")).status()).isEqualTo(404);
        JsonNode own = get(globex.path(lastWeek()), globex.adminKey()).body();
        assertThat(own.get("straightThrough").get("reimbursed").asLong()).isEqualTo(1);
        assertThat(own.get("straightThrough").get("rate").asText()).isEqualTo("0.0000");
        assertThat(own.get("reconciliation").get("matches").asLong()).isEqualTo(1);
        assertThat(own.get("payments").get("rejected").asLong()).isEqualTo(1);
        assertThat(own.get("exceptions").get("open").asLong()).isEqualTo(1);
    }

    @Test
    void thePartnersHealthShowsEachTenantsBacklogOldestWaitingItemExceptionsBreakersAndLastStatement() {
        connectors.breaker(new TenantId(UUID.fromString(nordwind.id())), "erp").transitionToOpenState();
        Answer answer = get("/v1/partners/" + partner + "/health", BOOTSTRAP_KEY);
        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
        JsonNode n = tenant(answer.body(), nordwind.id());
        assertThat(n.get("name").asText()).isEqualTo("Nordwind");
        assertThat(n.get("backlog").get("waiting").asLong()).as("the refused posting waits for an operator").isGreaterThanOrEqualTo(1);
        assertThat(n.get("backlog").get("byStatus").get("EXCEPTION").asLong()).isEqualTo(1);
        assertThat(n.get("backlog").get("oldestAgeSeconds").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(n.get("oldestWaiting").get("instanceId").asText()).isEqualTo(failingInstance);
        assertThat(n.get("oldestWaiting").get("businessKey").asText()).isEqualTo("INV-FAIL-7001");
        assertThat(n.get("oldestWaiting").get("workflowType").asText()).isEqualTo(PaymentFlow.TYPE);
        assertThat(n.get("exceptions").get("open").asLong()).isEqualTo(8);
        assertThat(n.get("exceptions").get("byAge").get(4).get("count").asLong()).isEqualTo(1);
        assertThat(n.get("breakers").findValuesAsText("connector")).contains("erp");
        assertThat(breaker(n, "erp")).isEqualTo("OPEN");
        assertThat(Instant.parse(n.get("lastStatementAt").asText())).isEqualTo(hoursAgo(3));

        JsonNode g = tenant(answer.body(), globex.id());
        assertThat(g.get("backlog").get("waiting").asLong()).isZero();
        assertThat(g.get("backlog").has("oldestAgeSeconds")).isFalse();
        assertThat(g.has("oldestWaiting")).as("nothing waits").isFalse();
        assertThat(g.get("exceptions").get("byAge").get(2).get("count").asLong()).as("two days old").isEqualTo(1);
        assertThat(g.get("breakers")).isEmpty();
        assertThat(g.has("lastStatementAt")).as("a pain.002 is no statement").isFalse();
        connectors.breaker(new TenantId(UUID.fromString(nordwind.id())), "erp").transitionToClosedState();
    }

    @Test
    void anotherPartnersHealthIsNotFoundAndItsTenantsAreNotListed() {
        UUID otherPartner = UUID.randomUUID();
        UUID itsTenant = UUID.randomUUID();
        asOwner(db, c -> {
            try (PreparedStatement s = c.prepareStatement("insert into partner (id, name, created_at) values (?, ?, ?)")) {
                s.setObject(1, otherPartner);
                s.setString(2, "Kanzlei Süd Treuhand");
                s.setTimestamp(3, Timestamp.from(now));
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("insert into tenant (id, partner_id, name, slug, status, created_at) "
                    + "values (?, ?, 'Bäckerei Huber', ?, 'ACTIVE', ?)")) {
                s.setObject(1, itsTenant);
                s.setObject(2, otherPartner);
                s.setString(3, "baeckerei-huber-" + itsTenant.toString().substring(0, 8));
                s.setTimestamp(4, Timestamp.from(now));
                s.executeUpdate();
            }
            return null;
        });
        assertThat(get("/v1/partners/" + otherPartner + "/health", BOOTSTRAP_KEY).status()).isEqualTo(404);
        JsonNode own = get("/v1/partners/" + partner + "/health", BOOTSTRAP_KEY).body();
        assertThat(own.get("tenants").findValuesAsText("tenantId")).doesNotContain(itsTenant.toString())
                .contains(nordwind.id(), globex.id());
    }

    @Test
    void aTenantsPeopleCannotReadThePartnersHealthWhateverTheirRole() {
        for (String role : List.of("viewer", "operator")) {
            Answer answer = get("/v1/partners/" + partner + "/health", keyFor(nordwind, nordwind.adminKey(), role));
            assertThat(answer.status()).as(role).isEqualTo(404);
        }
        assertThat(get("/v1/partners/" + partner + "/health", nordwind.adminKey()).status()).isEqualTo(404);
    }

    private static JsonNode tenant(JsonNode health, String id) {
        for (JsonNode t : health.get("tenants")) {
            if (t.get("tenantId").asText().equals(id)) {
                return t;
            }
        }
        throw new AssertionError("tenant " + id + " not in " + health);
    }

    private static String breaker(JsonNode tenant, String connector) {
        for (JsonNode b : tenant.get("breakers")) {
            if (b.get("connector").asText().equals(connector)) {
                return b.get("state").asText();
            }
        }
        return null;
    }

    // --- the tenant's work, as the workflows and the imports leave it in their read models ---

    /** A report the bank settled {@code at} (approved 8 h before, posted an hour after arrival), after an exception or not. */
    private static void reimbursed(java.sql.Connection c, TestTenant t, String reportId, Instant at, boolean hadException)
            throws java.sql.SQLException {
        UUID instance = UUID.randomUUID();
        try (PreparedStatement s = c.prepareStatement("insert into expense_report (tenant_id, report_id, instance_id, "
                + "employee_id, state_name, approved_at, received_at, posted_at, settled_at, updated_at, total, currency) "
                + "values (?::uuid, ?, ?, 'EMP-0042', 'Reimbursed', ?, ?, ?, ?, ?, 412.80, 'EUR')")) {
            s.setString(1, t.id());
            s.setString(2, reportId);
            s.setObject(3, instance);
            s.setTimestamp(4, Timestamp.from(at.minus(Duration.ofHours(8))));
            s.setTimestamp(5, Timestamp.from(at.minus(Duration.ofHours(8))));
            s.setTimestamp(6, Timestamp.from(at.minus(Duration.ofHours(7))));
            s.setTimestamp(7, Timestamp.from(at));
            s.setTimestamp(8, Timestamp.from(at));
            s.executeUpdate();
        }
        if (hadException) {
            exception(c, t, instance, "RESOLVED", at.minus(Duration.ofHours(6)), "closed-cost-center");
        }
    }

    private void openException(java.sql.Connection c, TestTenant t, String status, Duration age)
            throws java.sql.SQLException {
        exception(c, t, UUID.randomUUID(), status, now.minus(age), "permanent-failure");
    }

    private static void exception(java.sql.Connection c, TestTenant t, UUID instance, String status, Instant at, String code)
            throws java.sql.SQLException {
        try (PreparedStatement s = c.prepareStatement("insert into exception (tenant_id, id, instance_id, kind, code, "
                + "reason, context, status, correlation_id, created_at, updated_at) values (?::uuid, ?, ?, 'INCIDENT', ?, "
                + "'the ERP refused the journal', '{}', ?, 'corr-kpi', ?, ?)")) {
            s.setString(1, t.id());
            s.setObject(2, UUID.randomUUID());
            s.setObject(3, instance);
            s.setString(4, code);
            s.setString(5, status);
            s.setTimestamp(6, Timestamp.from(at));
            s.setTimestamp(7, Timestamp.from(at));
            s.executeUpdate();
        }
    }

    private static void match(java.sql.Connection c, TestTenant t, String status, Instant at) throws java.sql.SQLException {
        UUID id = UUID.randomUUID();
        try (PreparedStatement s = c.prepareStatement("insert into recon_match (tenant_id, id, match_key, run_id, status, "
                + "lines, open_items, items, bank_file_ids, score, reasons, difference_amount, difference_currency, "
                + "difference_kind, created_at, updated_at) values (?::uuid, ?, ?, ?, ?, '[]', '[]', '[]', '{}', 0.95, "
                + "'[\"end-to-end id\"]', 0, 'EUR', 'NONE', ?, ?)")) {
            s.setString(1, t.id());
            s.setObject(2, id);
            s.setString(3, "line:" + id);
            s.setObject(4, UUID.randomUUID());
            s.setString(5, status);
            s.setTimestamp(6, Timestamp.from(at));
            s.setTimestamp(7, Timestamp.from(at));
            s.executeUpdate();
        }
    }

    private static UUID bankFile(java.sql.Connection c, TestTenant t, String name, int statements, Instant at)
            throws java.sql.SQLException {
        UUID id = UUID.randomUUID();
        try (PreparedStatement s = c.prepareStatement("insert into bank_file (tenant_id, id, connection, name, sha256, "
                + "size_bytes, format, status, message_id, statements, lines, credits, debits, problems, received_at) "
                + "values (?::uuid, ?, 'hausbank', ?, ?, 4096, ?, 'IMPORTED', ?, ?, ?, '{}', '{}', '[]', ?)")) {
            s.setString(1, t.id());
            s.setObject(2, id);
            s.setString(3, name);
            s.setString(4, String.format("%064x", new java.math.BigInteger(1, id.toString().getBytes())).substring(0, 64));
            s.setString(5, statements > 0 ? "camt.053.001.08" : "pain.002.001.10");
            s.setString(6, "MSG-" + name);
            s.setInt(7, statements);
            s.setInt(8, statements > 0 ? 3 : 0);
            s.setTimestamp(9, Timestamp.from(at));
            s.executeUpdate();
        }
        return id;
    }

    private static void paymentStatus(java.sql.Connection c, TestTenant t, UUID file, int tx, String status, String reason)
            throws java.sql.SQLException {
        try (PreparedStatement s = c.prepareStatement("insert into bank_payment_status (tenant_id, file_id, tx, "
                + "original_message_id, original_end_to_end_id, status_code, status, reason_code, delivered_at, outcome) "
                + "values (?::uuid, ?, ?, 'PAIN001-RUN-0412', ?, ?, ?, ?, now(), 'delivered')")) {
            s.setString(1, t.id());
            s.setObject(2, file);
            s.setInt(3, tx);
            s.setString(4, "E2E-0412-" + tx);
            s.setString(5, status.equals("REJECTED") ? "RJCT" : "ACSC");
            s.setString(6, status);
            s.setString(7, reason);
            s.executeUpdate();
        }
    }

    /** A statement line of {@code camt} a reconciliation run at {@code at} found to be a payment returned. */
    private static void returned(java.sql.Connection c, TestTenant t, UUID camt, Instant at) throws java.sql.SQLException {
        UUID run = UUID.randomUUID();
        try (PreparedStatement s = c.prepareStatement("insert into recon_run (tenant_id, id, trigger, state, started_at, "
                + "finished_at, returns) values (?::uuid, ?, 'bank-file', 'DONE', ?, ?, 1)")) {
            s.setString(1, t.id());
            s.setObject(2, run);
            s.setTimestamp(3, Timestamp.from(at));
            s.setTimestamp(4, Timestamp.from(at));
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement("insert into recon_line (tenant_id, file_id, line_no, outcome, run_id) "
                + "values (?::uuid, ?, 2, 'RETURN', ?)")) {
            s.setString(1, t.id());
            s.setObject(2, camt);
            s.setObject(3, run);
            s.executeUpdate();
        }
    }

    /**
     * Three supplier invoices taken in through the API (the canonical JSON): 2 % Skonto on 1,190.00, 3 % on
     * 4,998.00 and one without a discount. The first is then paid with its discount and the second scheduled
     * without (its window closed), as the invoice workflow leaves its read model once the plan is made and the
     * bank has answered.
     */
    private void invoices() {
        String first = invoice("RE-2026-1201", "1000.00", "190.00", "1190.00", "2.00");
        String second = invoice("RE-2026-1202", "4200.00", "798.00", "4998.00", "3.00");
        invoice("RE-2026-1203", "500.00", "95.00", "595.00", null);
        for (String id : List.of(first, second)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> !get(nordwind.path("/supplier-invoices/" + id),
                    nordwind.adminKey()).body().get("state").asText().equals("RECEIVED"));
        }
        asOwner(db, c -> {
            try (PreparedStatement s = c.prepareStatement("update supplier_invoice set state = ?, pay_on = current_date, "
                    + "pay_amount = ?, discount_taken = ? where tenant_id = ?::uuid and id = ?::uuid")) {
                Object[][] rows = {{"PAID", new java.math.BigDecimal("1166.20"), true, first},
                        {"SCHEDULED", new java.math.BigDecimal("4998.00"), false, second}};
                for (Object[] row : rows) {
                    s.setString(1, (String) row[0]);
                    s.setBigDecimal(2, (java.math.BigDecimal) row[1]);
                    s.setBoolean(3, (Boolean) row[2]);
                    s.setString(4, nordwind.id());
                    s.setString(5, (String) row[3]);
                    s.executeUpdate();
                }
            }
            return null;
        });
    }

    private String invoice(String number, String net, String tax, String payable, String discountPercent) {
        ObjectNode invoice = JSON.createObjectNode().put("number", number).put("kind", "INVOICE").put("typeCode", "380")
                .put("currency", "EUR").put("issueDate", LocalDate.ofInstant(now, ZoneOffset.UTC).toString())
                .put("dueDate", LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(30).toString());
        invoice.putObject("seller").put("name", "Spedition Albers GmbH").put("vatId", "DE811907980")
                .put("iban", "DE89370400440532013000").putNull("bic");
        invoice.putObject("buyer").put("name", "Nordwind Logistik GmbH").putNull("vatId");
        if (discountPercent != null) {
            ObjectNode terms = invoice.putObject("paymentTerms").put("text", discountPercent + " % Skonto innerhalb 10 Tagen, 30 Tage netto");
            terms.putObject("earlyPaymentDiscount").put("percent", discountPercent).put("days", 10);
        } else {
            invoice.putNull("paymentTerms");
        }
        invoice.putArray("lines").addObject().put("id", "1").put("itemName", "Linehaul Hamburg-Munich").put("quantity", 1)
                .put("unitCode", "EA").put("unitPrice", net).put("netAmount", net).put("taxCategory", "S").put("taxRate", 19);
        invoice.putArray("taxBreakdown").addObject().put("category", "S").put("rate", 19).put("taxableAmount", net)
                .put("taxAmount", tax);
        invoice.putObject("totals").put("lineTotal", net).put("allowanceTotal", "0.00").put("chargeTotal", "0.00")
                .put("taxExclusive", net).put("taxTotal", tax).put("taxInclusive", payable).put("prepaid", "0.00")
                .put("rounding", "0.00").put("payable", payable);
        Answer created = call("POST", nordwind.path("/supplier-invoices"), nordwind.adminKey(), invoice.toString(),
                Map.of("Content-Type", "application/json"));
        if (created.status() != 201) {
            throw new IllegalStateException("invoice not taken in: " + created.body());
        }
        return created.body().get("id").asText();
    }

    /** A payment workflow whose ERP posting is refused: its command waits in the outbox as an exception. */
    private String paymentThatTheErpRefuses() {
        String integration = keyFor(nordwind, nordwind.adminKey(), "integration");
        String body = json("businessKey", "INV-FAIL-7001", "event", Map.of("type", "InvoiceApproved",
                "data", Map.of("invoice", "INV-FAIL-7001", "vendor", "Hotel Adlon", "amount", "1234.50")));
        Answer accepted = call("POST", nordwind.path("/workflows/" + PaymentFlow.TYPE + "/events"), integration, body,
                Map.of("Idempotency-Key", "evt-INV-FAIL-7001"));
        if (accepted.status() != 202) {
            throw new IllegalStateException("event not accepted: " + accepted.body());
        }
        String path = nordwind.path("/exceptions?status=OPEN&code=permanent-failure&instanceId="
                + accepted.body().get("instanceId").asText());
        await().atMost(Duration.ofSeconds(30)).until(() -> get(path, nordwind.adminKey()).body().size() == 1);
        return accepted.body().get("instanceId").asText();
    }
}
