package io.finrelay.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finrelay.server.ServerIT;
import io.finrelay.server.expense.SandboxProcess;
import io.finrelay.testkit.TestDatabase;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.postgresql.ds.PGSimpleDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.test.context.TestPropertySource;
import org.yaml.snakeyaml.Yaml;

/**
 * The meters Prometheus scrapes, moved by what they count: two tenants each upload a camt.053 whose
 * credit pays an open item by its end-to-end id and whose bank charge a tenant rule books; one
 * tenant's ERP clears and books, the other's ERP is misconfigured and refuses both, so they land in the
 * exception queue. The scrape (on the
 * management port, not the API's) must then show the bank file, the statement line, the AUTO match,
 * the events and transitions, one delivery done and one permanent, the breaker per tenant and
 * connector, the open exception and the command waiting in the outbox, each under its tenant, and
 * Spring's own HTTP metrics. The Grafana dashboard and the alert rules shipped in {@code deploy/} may
 * use only meters this scrape has.
 */
@AutoConfigureObservability(tracing = false) // Spring Boot's tests leave metrics export off otherwise
@TestPropertySource(properties = {"management.server.port=0", "finrelay.metrics.refresh=PT1H"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MetricsIT extends ServerIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern METRIC_IN_EXPRESSION = Pattern.compile("\\b(finrelay_[a-z_]+|resilience4j_[a-z_]+"
            + "|http_server_requests_[a-z_]+)\\b");

    /**
     * A database of this class's own. The other ITs share one, and their servers (Spring keeps them
     * running between test classes) would deliver this server's commands from the shared outbox and
     * count them in their own registries; their tenants would also take the first tenant tags.
     */
    @BeforeAll
    static void ownDatabase() {
        ownDatabaseUrl = TestDatabase.jdbcUrl(((PGSimpleDataSource) TestDatabase.newDatabase("metrics")).getDatabaseName());
    }

    @AfterAll
    static void sharedDatabaseForTheOthers() {
        ownDatabaseUrl = null;
    }

    @LocalManagementPort
    int managementPort;
    @Autowired
    BacklogGauges backlog;
    @Autowired
    BusinessGauges business;
    @Autowired
    io.finrelay.server.monitors.Monitors monitors;
    @Autowired
    io.finrelay.engine.db.Database db;
    @Autowired
    java.time.Clock clock;

    /** The two tenants' work, done once for the class: the tenant whose ERP clears, the one whose ERP refuses. */
    private static String cleared;
    private static String refused;

    @BeforeEach
    void twoTenantsAtWork() {
        if (cleared != null) {
            return;
        }
        Map<String, String> peers = SandboxProcess.urls();
        cleared = tenantWithOneCamtPayment("MetricsOk", peers.get("erp"), "E2E-MET-0001");
        refused = tenantWithOneCamtPayment("MetricsRefused", peers.get("treasury"), "E2E-MET-0002");
        await().atMost(Duration.ofSeconds(60)).until(() -> value(scrape(), "finrelay_deliveries_seconds_count",
                "tenant", cleared, "outcome", "done") >= 2
                && value(scrape(), "finrelay_deliveries_seconds_count", "tenant", refused, "outcome", "permanent") >= 2);
        backlog.refresh();
        reimbursedReports(cleared);
        business.refresh();
    }

    /**
     * Three reports of the tenant in the expense read model, as their workflows leave them: two reimbursed
     * within the last day (approval to settlement 8 h and 4 h; arrival to posting 1 h and 30 min), the second
     * after an exception someone resolved, and one reimbursed three days ago (outside the window).
     */
    private void reimbursedReports(String tenant) {
        java.time.Instant now = clock.instant();
        asOwner(db, c -> {
            String insert = "insert into expense_report (tenant_id, report_id, instance_id, employee_id, state_name, "
                    + "approved_at, received_at, posted_at, settled_at, updated_at, total, currency) "
                    + "values (?::uuid, ?, ?, 'emp-1', 'Reimbursed', ?, ?, ?, ?, ?, 412.80, 'EUR')";
            java.util.UUID second = java.util.UUID.randomUUID();
            Object[][] rows = {
                    {"EXP-M-1", java.util.UUID.randomUUID(), now.minusSeconds(10 * 3600), now.minusSeconds(9 * 3600), now.minusSeconds(2 * 3600)},
                    {"EXP-M-2", second, now.minusSeconds(5 * 3600), now.minusSeconds(5 * 3600 - 1800), now.minusSeconds(3600)},
                    {"EXP-M-3", java.util.UUID.randomUUID(), now.minusSeconds(80 * 3600), now.minusSeconds(79 * 3600), now.minusSeconds(72 * 3600)}};
            for (Object[] row : rows) {
                try (java.sql.PreparedStatement s = c.prepareStatement(insert)) {
                    s.setString(1, tenant);
                    s.setString(2, (String) row[0]);
                    s.setObject(3, row[1]);
                    s.setTimestamp(4, java.sql.Timestamp.from((java.time.Instant) row[2]));
                    s.setTimestamp(5, java.sql.Timestamp.from((java.time.Instant) row[2]));
                    s.setTimestamp(6, java.sql.Timestamp.from((java.time.Instant) row[3]));
                    s.setTimestamp(7, java.sql.Timestamp.from((java.time.Instant) row[4]));
                    s.setTimestamp(8, java.sql.Timestamp.from((java.time.Instant) row[4]));
                    s.executeUpdate();
                }
            }
            try (java.sql.PreparedStatement s = c.prepareStatement("insert into exception (tenant_id, id, instance_id, kind, "
                    + "code, reason, context, status, correlation_id, created_at, updated_at) values (?::uuid, ?, ?, "
                    + "'INCIDENT', 'closed-cost-center', 'cost center CC-490 is closed', '{}', 'RESOLVED', 'corr-m2', ?, ?)")) {
                s.setString(1, tenant);
                s.setObject(2, java.util.UUID.randomUUID());
                s.setObject(3, second);
                s.setTimestamp(4, java.sql.Timestamp.from(now.minusSeconds(4 * 3600)));
                s.setTimestamp(5, java.sql.Timestamp.from(now.minusSeconds(4 * 3600)));
                s.executeUpdate();
            }
            return null;
        });
    }

    @Test
    void theBusinessFiguresAreTheLastDaysReimbursementsMediansAndStraightThroughShare() throws Exception {
        String scrape = scrape();
        // cycle times 28,800 s and 14,400 s (the report of three days ago is outside the window)
        assertThat(value(scrape, "finrelay_expense_cycle_time_seconds", "tenant", cleared, "quantile", "0.5"))
                .isEqualTo(14_400);
        assertThat(value(scrape, "finrelay_expense_cycle_time_seconds", "tenant", cleared, "quantile", "0.95"))
                .isEqualTo(28_800);
        assertThat(value(scrape, "finrelay_expense_posting_latency_seconds", "tenant", cleared, "quantile", "0.5"))
                .isEqualTo(1_800);
        assertThat(value(scrape, "finrelay_expense_reimbursed", "tenant", cleared)).isEqualTo(2);
        assertThat(value(scrape, "finrelay_expense_straight_through_ratio", "tenant", cleared)).as("one of two needed someone")
                .isEqualTo(0.5);
        assertThat(scrape).as("no reimbursements, no figure").doesNotContain(
                "finrelay_expense_reimbursed{application=\"finrelay\",tenant=\"" + refused + "\"}");
    }

    @Test
    void eachMeterMovesWhenItsEventHappensUnderItsTenant() throws Exception {
        String scrape = scrape();

        for (String tenant : new String[] {cleared, refused}) {
            assertThat(value(scrape, "finrelay_bank_files_total", "tenant", tenant, "status", "IMPORTED")).isEqualTo(1);
            assertThat(value(scrape, "finrelay_statement_lines_total", "tenant", tenant)).isEqualTo(2);
            assertThat(value(scrape, "finrelay_reconciliation_matches_total", "tenant", tenant, "status", "AUTO")).isEqualTo(1);
            assertThat(value(scrape, "finrelay_reconciliation_runs_seconds_count", "tenant", tenant, "state", "DONE"))
                    .isGreaterThanOrEqualTo(1);
            assertThat(value(scrape, "finrelay_events_total", "tenant", tenant, "workflow", "reconciliation-match",
                    "result", "accepted")).isGreaterThanOrEqualTo(1);
            assertThat(value(scrape, "finrelay_transitions_total", "tenant", tenant, "workflow", "reconciliation-match",
                    "state", "Clearing")).isEqualTo(1);
            assertThat(value(scrape, "resilience4j_circuitbreaker_state", "name", tenant + ":reconciliation-erp",
                    "state", "closed")).isEqualTo(1);
        }
        assertThat(value(scrape, "finrelay_transitions_total", "tenant", cleared, "state", "Cleared")).isEqualTo(1);
        assertThat(value(scrape, "finrelay_reconciliation_rule_hits_total", "tenant", cleared)).isEqualTo(1);
        assertThat(value(scrape, "finrelay_workflows_ended_total", "tenant", cleared, "workflow", "reconciliation-booking",
                "state", "Posted")).as("the charge booked, its workflow ended").isEqualTo(1);
        assertThat(value(scrape, "finrelay_deliveries_seconds_count", "tenant", cleared, "outcome", "done"))
                .as("the clearing and the booking").isEqualTo(2);
        assertThat(value(scrape, "finrelay_deliveries_seconds_count", "tenant", refused, "outcome", "permanent")).isEqualTo(2);
        assertThat(value(scrape, "finrelay_exceptions_open", "tenant", refused, "reason", "permanent-failure")).isEqualTo(2);
        assertThat(value(scrape, "finrelay_outbox_commands", "tenant", refused, "status", "EXCEPTION")).isEqualTo(2);
        assertThat(value(scrape, "finrelay_outbox_oldest_age_seconds", "tenant", refused)).isGreaterThanOrEqualTo(0);
        assertThat(scrape).contains("finrelay_exceptions_open{application=\"finrelay\",reason=\"none\",tenant=\"" + cleared
                + "\"} 0.0");
        assertThat(value(scrape, "finrelay_exceptions_open", "tenant", cleared)).as("nothing open for the other tenant")
                .isZero();
        assertThat(value(scrape, "finrelay_timers_due", "tenant", cleared)).isZero();
        // The statement of 16 March 2026 is the house account's newest: its position is that old.
        assertThat(value(scrape, "finrelay_cash_position_oldest_age_seconds", "tenant", cleared))
                .isEqualTo((double) java.time.Duration.between(java.time.Instant.parse("2026-03-16T19:15:00Z"),
                        clock.instant()).toSeconds(), org.assertj.core.data.Offset.offset(3600.0));
        assertThat(value(scrape, "http_server_requests_seconds_count", "uri", "/v1/tenants/{tenantId}/bank-files"))
                .isGreaterThanOrEqualTo(2);
    }

    @Test
    void anotherTenantsKeyProbingThisTenantsPathsIsCountedForTheOperatorUnderTheCallersTenant() throws Exception {
        TestTenant probing = newTenant("MetricsProbe");
        double before = value(scrape(), "finrelay_access_outside_total", "caller_tenant", probing.id(), "kind", "tenant");
        for (String path : new String[] {"/open-items", "/bank-files", "/reconciliation/matches"}) {
            assertThat(get("/v1/tenants/" + cleared + path, probing.adminKey()).status()).isEqualTo(404);
        }
        assertThat(value(scrape(), "finrelay_access_outside_total", "caller_tenant", probing.id(), "kind", "tenant"))
                .isEqualTo(before + 3);
    }

    /**
     * Last, because a monitors' round opens breaches (and announces them: deliveries the other tests count):
     * the tenants' statement of March is long past its cash position's age limit, nothing else is stuck.
     */
    @Test
    @Order(Integer.MAX_VALUE)
    void theMetricsAreNotOnTheApisPortAndTheDashboardAndAlertsUseOnlyMetricsThatExist() throws Exception {
        assertThat(get("http://localhost:" + port + "/actuator/prometheus").statusCode()).isIn(401, 404);
        monitors.evaluate();
        String breaches = scrape();
        assertThat(value(breaches, "finrelay_monitor_breaches_open", "tenant", cleared, "monitor", "cash-position-stale"))
                .isEqualTo(1);
        assertThat(breaches).as("a watched tenant with nothing stuck shows 0, not nothing").contains(
                "finrelay_monitor_breaches_open{application=\"finrelay\",monitor=\"paid-not-reconciled\",tenant=\""
                        + cleared + "\"} 0.0");

        Set<String> names = new TreeSet<>();
        for (String line : scrape().split("\n")) {
            if (!line.startsWith("#") && !line.isBlank()) {
                names.add(line.split("[{ ]")[0]);
            }
        }
        Path root = Path.of(System.getProperty("user.dir")).getParent();
        Set<String> used = new TreeSet<>();
        JsonNode dashboard = new ObjectMapper().readTree(root.resolve("deploy/grafana/finrelay-dashboard.json").toFile());
        dashboard.findValues("expr").forEach(e -> used.addAll(metrics(e.asText())));
        Map<String, Object> rules = new Yaml().load(Files.readString(root.resolve("deploy/prometheus/finrelay-alerts.yml")));
        used.addAll(metrics(String.valueOf(rules)));
        assertThat(used).as("metrics the dashboard and the alert rules use").isNotEmpty();
        assertThat(names).as("what the scrape has").containsAll(used);
    }

    private String tenantWithOneCamtPayment(String name, String erpUrl, String endToEnd) {
        Map<String, String> peers = SandboxProcess.urls();
        TestTenant tenant = newTenant(name);
        call("PUT", tenant.path("/expense/settings"), tenant.adminKey(), json("expensePlatformUrl", peers.get("expense-platform"),
                "erpUrl", erpUrl, "treasuryUrl", peers.get("treasury"), "timeoutMillis", 2000), Map.of());
        String entity = legalEntity(tenant);
        String iban = "DE02120300000000202051";
        assertThat(call("PUT", tenant.path("/bank-accounts/" + iban), tenant.adminKey(), json("legalEntity", entity,
                "currency", "EUR", "bic", "BYLADEM1001", "name", "Operating account"), Map.of()).status()).isIn(200, 201);
        assertThat(post(tenant.path("/open-items"), tenant.adminKey(), "[" + json("id", "AR-" + endToEnd, "direction",
                "RECEIVABLE", "legalEntity", entity, "counterpartyName", "Spedition Nord GmbH", "invoiceNumber", "2026-1001",
                "endToEndId", endToEnd, "amount", "1250.00", "currency", "EUR", "dueDate", "2026-03-14") + "]").status())
                .isIn(200, 201);
        assertThat(call("PUT", tenant.path("/reconciliation/rules"), tenant.adminKey(), "[{\"name\":\"Bank charges\","
                + "\"bankTransactionCode\":\"ACMT-MDOP-CHRG\",\"direction\":\"DEBIT\",\"glAccount\":\"6855\"}]", Map.of())
                .status()).isEqualTo(200);
        Answer uploaded = call("POST", tenant.path("/bank-files?connection=hausbank&name=STA_" + endToEnd + ".xml"),
                tenant.adminKey(), camt(iban, endToEnd), Map.of("Content-Type", "application/xml"));
        assertThat(uploaded.status()).as(String.valueOf(uploaded.body())).isEqualTo(201);
        return tenant.id();
    }

    private static String camt(String iban, String endToEnd) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
                  <BkToCstmrStmt>
                    <GrpHdr><MsgId>STMT-%2$s</MsgId><CreDtTm>2026-03-16T20:15:00+01:00</CreDtTm></GrpHdr>
                    <Stmt>
                      <Id>STMT-%2$s-1</Id>
                      <CreDtTm>2026-03-16T20:15:00+01:00</CreDtTm>
                      <Acct><Id><IBAN>%1$s</IBAN></Id><Ccy>EUR</Ccy></Acct>
                      <Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">1000.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-03-16</Dt></Dt></Bal>
                      <Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">2237.50</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-03-16</Dt></Dt></Bal>
                      <Ntry>
                        <Amt Ccy="EUR">1250.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>
                        <BookgDt><Dt>2026-03-16</Dt></BookgDt><ValDt><Dt>2026-03-16</Dt></ValDt>
                        <AcctSvcrRef>%2$s-REF</AcctSvcrRef>
                        <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>
                        <NtryDtls><TxDtls>
                          <Refs><EndToEndId>%2$s</EndToEndId></Refs>
                          <RltdPties><Dbtr><Nm>Spedition Nord GmbH</Nm></Dbtr></RltdPties>
                          <RmtInf><Ustrd>Rechnung 2026-1001 Frachtkosten Februar</Ustrd></RmtInf>
                        </TxDtls></NtryDtls>
                      </Ntry>
                      <Ntry>
                        <Amt Ccy="EUR">12.50</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts>
                        <BookgDt><Dt>2026-03-16</Dt></BookgDt><ValDt><Dt>2026-03-16</Dt></ValDt>
                        <AcctSvcrRef>%2$s-FEE</AcctSvcrRef>
                        <BkTxCd><Domn><Cd>ACMT</Cd><Fmly><Cd>MDOP</Cd><SubFmlyCd>CHRG</SubFmlyCd></Fmly></Domn></BkTxCd>
                        <NtryDtls><TxDtls><RmtInf><Ustrd>Kontofuehrungsentgelt 02/2026</Ustrd></RmtInf></TxDtls></NtryDtls>
                      </Ntry>
                    </Stmt>
                  </BkToCstmrStmt>
                </Document>
                """.formatted(iban, endToEnd);
    }

    private static Set<String> metrics(String expression) {
        Set<String> out = new TreeSet<>();
        Matcher m = METRIC_IN_EXPRESSION.matcher(expression);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private String scrape() throws IOException, InterruptedException {
        HttpResponse<String> response = get("http://localhost:" + managementPort + "/actuator/prometheus");
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        // a plain GET of a URL (the scrape, the API's port without a key)
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * The sum of the samples of {@code metric} whose labels include all {@code labels} (name, value, ...),
     * 0 when there are none.
     */
    static double value(String scrape, String metric, String... labels) {
        double sum = 0;
        for (String line : scrape.split("\n")) {
            if (!line.startsWith(metric + "{") && !line.startsWith(metric + " ")) {
                continue;
            }
            boolean all = true;
            for (int i = 0; i + 1 < labels.length; i += 2) {
                all &= line.contains(labels[i] + "=\"" + labels[i + 1] + "\"");
            }
            if (all) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }
}
