package io.finrelay.server.expense;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.finrelay.server.ServerIT;
import io.finrelay.sandbox.world.Api;
import io.finrelay.testkit.TestDatabase;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * kill -9 during a reconciliation run: the server runs as a JVM of its own (ExpenseCrashIT's
 * {@code ServerNode}) with the sandbox peers in another process of their own. A thousand open
 * receivables and a bank file paying each of them by end-to-end id are reconciled by a run that is
 * killed with SIGKILL while it hands its matches over; restarted on the same database, the next run
 * resumes it. Every item must be cleared at the ERP exactly once: one idempotency key per item, and
 * no second clearing under another key (the peer records those as violations).
 * (In this package to reuse ExpenseCrashIT's server node and peers.)
 */
class ReconciliationCrashIT {
    private static final int ITEMS = 1000;
    private static final String HOUSE_IBAN = "DE02120300000000202051";

    @Test
    void killNineDuringARunThenARestartResumesItAndEveryItemIsClearedExactlyOnce() throws Exception {
        ExpenseCrashIT.SandboxPeers peers = ExpenseCrashIT.SandboxPeers.start();
        DataSource owner = TestDatabase.newDatabase("recon_crash");
        String url;
        try (Connection c = owner.getConnection()) {
            url = TestDatabase.jdbcUrl(c.getCatalog());
        }
        Path log = Files.createTempFile("recon-crash-server", ".log");
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ExpenseCrashIT.ServerNode node = new ExpenseCrashIT.ServerNode(url, port, log);
        try {
            node.start();
            Api erp = new Api(peers.url("erp"), null);
            Api partnerAdmin = new Api(node.base(), ServerIT.BOOTSTRAP_KEY);
            String partner = partnerAdmin.get("/v1/me").require(200).body().get("partnerId").asText();
            String tenantId = partnerAdmin.post("/v1/partners/" + partner + "/tenants", Map.of("name", "Recon crash",
                    "slug", "recon-crash-" + UUID.randomUUID().toString().substring(0, 8))).require(201).body().get("id").asText();
            String t = "/v1/tenants/" + tenantId;
            String key = partnerAdmin.post(t + "/api-keys", Map.of("name", "recon admin", "roles", List.of("tenant-admin")))
                    .require(201).body().get("secret").asText();
            Api finrelay = new Api(node.base(), key);
            finrelay.put(t + "/expense/settings", Map.of("expensePlatformUrl", peers.url("expense-platform"),
                    "erpUrl", peers.url("erp"), "treasuryUrl", peers.url("treasury"), "timeoutMillis", 2_000)).require(200);
            List<Map<String, Object>> items = new ArrayList<>();
            for (int i = 1; i <= ITEMS; i++) {
                items.add(Map.of("id", String.format("AR-%05d", i), "direction", "RECEIVABLE", "legalEntity", "ACME-DE",
                        "counterpartyName", "Kunde " + i, "endToEndId", String.format("E2E-AR-%05d", i),
                        "amount", amount(i).toPlainString(), "currency", "EUR", "dueDate", "2026-03-31"));
            }
            finrelay.post(t + "/open-items", items).require(201);
            bankFileOnARegisteredAccount(owner, tenantId);
            erp.post("/_sandbox/faults", Map.of("latencyMillis", 10)).require(200);

            // The run, killed while it hands its matches over.
            CompletableFuture.runAsync(() -> finrelay.post(t + "/reconciliation/runs", Map.of()));
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(5))
                    .until(() -> handedOver(owner) >= ITEMS / 10);
            node.kill();
            int handedAtKill = handedOver(owner);
            assertThat(handedAtKill).as("killed in the middle of the hand-over").isBetween(1, ITEMS - 1);
            assertThat(runState(owner)).isEqualTo("RUNNING");

            // Restarted on the same database: the next run resumes the dead one.
            node.start();
            JsonNode resumed = finrelay.post(t + "/reconciliation/runs", Map.of()).require(200).body();
            assertThat(resumed.get("resumed").asInt()).isEqualTo(1);
            assertThat(resumed.get("state").asText()).isEqualTo("DONE");
            await().atMost(Duration.ofSeconds(300)).until(() -> erp.get("/_sandbox/state").require(200).body()
                    .get("clearedItems").size() == ITEMS);

            JsonNode state = erp.get("/_sandbox/state").require(200).body();
            assertThat(state.get("violations")).as("a second clearing of an item under another key").isEmpty();
            Map<String, Set<String>> keysPerItem = new HashMap<>();
            for (JsonNode request : state.get("clearingRequests")) {
                for (JsonNode item : request.path("body").path("items")) {
                    keysPerItem.computeIfAbsent(item.get("id").asText(), k -> new HashSet<>())
                            .add(request.get("idempotencyKey").asText());
                }
            }
            assertThat(keysPerItem).hasSize(ITEMS);
            assertThat(keysPerItem.values()).allSatisfy(keys -> assertThat(keys).hasSize(1));
            JsonNode matched = finrelay.get(t + "/open-items?status=MATCHED&limit=500").require(200).body();
            assertThat(matched.get("items")).hasSize(500);
            assertThat(finrelay.get(t + "/open-items?status=OPEN").require(200).body().get("items")).isEmpty();
        } finally {
            node.kill();
            peers.stop();
        }
    }

    private static BigDecimal amount(int i) {
        return new BigDecimal(100 + i).add(new BigDecimal(i % 100).movePointLeft(2));
    }

    /** The bank file as the import stores it, on a house account registered as the bank-files work does. */
    private static void bankFileOnARegisteredAccount(DataSource owner, String tenantId) throws SQLException {
        UUID file = UUID.randomUUID();
        try (Connection c = owner.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("insert into house_bank_account (tenant_id, iban, legal_entity, currency, created_at, updated_at) "
                    + "values ('" + tenantId + "', '" + HOUSE_IBAN + "', 'ACME-DE', 'EUR', now(), now())");
            s.execute("insert into bank_file (tenant_id, id, connection, name, sha256, size_bytes, format, status, statements, "
                    + "lines, credits, debits, problems, received_at) values ('" + tenantId + "', '" + file + "', 'hausbank', "
                    + "'camt053_crash.xml', '" + "ab".repeat(32) + "', 1, 'camt.053', 'IMPORTED', 1, " + ITEMS
                    + ", '{}', '{}', '[]', now())");
            try (PreparedStatement insert = c.prepareStatement("insert into bank_statement_line (tenant_id, file_id, line_no, "
                    + "statement_id, account, entry_number, transaction_number, entry_status, booking_date, value_date, amount, "
                    + "currency, direction, reversal, end_to_end_id, counterparty_name, line) values (?::uuid, ?, ?, 'STMT-1', ?, ?, 1, "
                    + "'BOOKED', date '2026-03-16', date '2026-03-16', ?, 'EUR', 'CREDIT', false, ?, ?, '{\"transactionsInEntry\":1}')")) {
                for (int i = 1; i <= ITEMS; i++) {
                    insert.setString(1, tenantId);
                    insert.setObject(2, file);
                    insert.setInt(3, i);
                    insert.setString(4, HOUSE_IBAN);
                    insert.setInt(5, i);
                    insert.setBigDecimal(6, amount(i));
                    insert.setString(7, String.format("E2E-AR-%05d", i));
                    insert.setString(8, "Kunde " + i);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            c.commit();
        }
    }

    private static int handedOver(DataSource owner) throws SQLException {
        try (Connection c = owner.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("select count(*) from recon_match where instance_submitted")) {
            r.next();
            return r.getInt(1);
        }
    }

    private static String runState(DataSource owner) throws SQLException {
        try (Connection c = owner.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("select string_agg(state, ',') from recon_run")) {
            r.next();
            return r.getString(1);
        }
    }
}
