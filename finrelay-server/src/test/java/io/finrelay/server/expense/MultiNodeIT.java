package io.finrelay.server.expense;

import static io.finrelay.server.expense.ExpenseCrashIT.count;
import static io.finrelay.server.expense.ExpenseCrashIT.databaseUrl;
import static io.finrelay.server.expense.ExpenseCrashIT.freePort;
import static io.finrelay.server.expense.ExpenseCrashIT.resendAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.finrelay.sandbox.world.Api;
import io.finrelay.sandbox.world.DemoData;
import io.finrelay.server.ServerIT;
import io.finrelay.server.expense.ExpenseCrashIT.SandboxPeers;
import io.finrelay.server.expense.ExpenseCrashIT.ServerNode;
import io.finrelay.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Three Finrelay server JVMs on one PostgreSQL, the sandbox peers in a process of their own, and
 * {@value #REPORTS} approved expense reports announced by the expense platform's signed webhooks to
 * every node (so each webhook also arrives three times, once per node: the shared inbox takes it in
 * once). While the journals are being posted, node B is killed with SIGKILL holding claims in the
 * outbox (shown: its SENDING rows, read while it was frozen just before the kill), and node C is
 * stopped gracefully and started again.
 * Node B's claims are taken over by another node once their lease (10 s here) has run out by the
 * database's clock, as unknown outcomes: the peer is asked before anything is sent again. The time
 * from the kill until every one of them is settled (moved out of the outbox) is measured and printed.
 * Then two treasurers release every report through the two live nodes, the bank's status webhooks
 * come back to every node, and every report must end reimbursed with exactly one journal, clearing,
 * obligation, payment and status-back per report, and no violation at the ERP, treasury or bank.
 */
class MultiNodeIT {
    private static final int REPORTS = 200;
    private static final Duration LEASE = Duration.ofSeconds(10);
    /** Two JVMs starting side by side on two busy cores: each alone took 35 s on the shared build machine. */
    private static final Duration START_LIMIT = Duration.ofSeconds(180);
    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void threeNodesShareTheWorkAndAKilledNodesClaimsAreTakenOverWithEveryEffectOnce() throws Exception {
        SandboxPeers peers = SandboxPeers.start();
        DataSource db = TestDatabase.newDatabase("multi_node");
        String url = databaseUrl(db);
        List<String> settings = List.of("--finrelay.engine.lease=" + LEASE.toSeconds() + "s");
        ServerNode a = new ServerNode(url, freePort(), Files.createTempFile("multi-node-a", ".log"), "node-a", settings, START_LIMIT);
        ServerNode b = new ServerNode(url, freePort(), Files.createTempFile("multi-node-b", ".log"), "node-b", settings, START_LIMIT);
        ServerNode c = new ServerNode(url, freePort(), Files.createTempFile("multi-node-c", ".log"), "node-c", settings, START_LIMIT);
        List<ServerNode> nodes = List.of(a, b, c);
        try {
            // The first node migrates the empty database; the other two start side by side after it.
            a.start();
            CompletableFuture<Void> startB = CompletableFuture.runAsync(() -> start(b));
            start(c);
            startB.join();

            Api expense = new Api(peers.url("expense-platform"), null);
            Api erp = new Api(peers.url("erp"), null);
            Api treasury = new Api(peers.url("treasury"), null);
            Api bank = new Api(peers.url("bank"), null);

            // ---- a tenant, set up through node A; the peers announce to every node ----
            Api partnerAdmin = new Api(a.base(), ServerIT.BOOTSTRAP_KEY);
            String partner = partnerAdmin.get("/v1/me").require(200).body().get("partnerId").asText();
            String tenantId = partnerAdmin.post("/v1/partners/" + partner + "/tenants", Map.of("name", "Multi",
                    "slug", "multi-" + UUID.randomUUID().toString().substring(0, 8))).require(201).body().get("id").asText();
            String t = "/v1/tenants/" + tenantId;
            String key = partnerAdmin.post(t + "/api-keys", Map.of("name", "multi-node admin",
                    "roles", List.of("tenant-admin", "treasurer"))).require(201).body().get("secret").asText();
            Api viaA = new Api(a.base(), key);
            Api viaC = new Api(c.base(), key);
            DemoData.World data = DemoData.setUp(viaA, tenantId, TODAY);
            JsonNode config = viaA.put(t + "/expense/settings", Map.of("expensePlatformUrl", peers.url("expense-platform"),
                    "erpUrl", peers.url("erp"), "treasuryUrl", peers.url("treasury"), "timeoutMillis", 2_000)).require(200).body();
            String expenseSecret = config.get("expenseWebhookSecret").asText();
            String bankSecret = config.get("bankWebhookSecret").asText();
            for (ServerNode node : nodes) {
                expense.post("/_sandbox/subscriptions", Map.of("url", node.base() + config.get("expenseWebhookUrl").asText(),
                        "secret", expenseSecret)).require(200);
                bank.post("/_sandbox/subscriptions", Map.of("url", node.base() + config.get("bankWebhookUrl").asText(),
                        "secret", bankSecret)).require(200);
            }

            // ---- the reports come in; the ERP answers slowly, so claims are held while it works ----
            erp.post("/_sandbox/faults", Map.of("latencyMillis", 150)).require(200);
            treasury.post("/_sandbox/faults", Map.of("latencyMillis", 30)).require(200);
            List<String> ids = new ArrayList<>();
            for (int batch = 0; batch < REPORTS / 25; batch++) {
                ArrayNode reports = JSON.createArrayNode();
                for (int i = 0; i < 25; i++) {
                    DemoData.Person p = data.people().get((batch * 25 + i) % data.people().size());
                    String id = "MULTI-" + (batch * 25 + i) + "-" + UUID.randomUUID().toString().substring(0, 6);
                    ids.add(id);
                    reports.add(DemoData.report(id, p, "Kundentermin Köln", "EUR",
                            DemoData.expenses(new Random(id.hashCode()), data, p, TODAY), Instant.now()));
                }
                expense.post("/_sandbox/reports", reports).require(202);
            }

            // ---- node B is killed with SIGKILL while it holds claims ----
            // It is frozen (SIGSTOP) first, so that what it holds can be read before the kill: if it holds no claim
            // at that moment it is let go on (SIGCONT) and caught again a little later.
            await("node B holding claims while journals are posted; log: " + b.log()).atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(20)).until(() -> {
                        if (count(erp, "journals", j -> true) < REPORTS / 5) {
                            return false;
                        }
                        b.freeze(true);
                        if (claimsOf(db, "node-b").isEmpty()) {
                            b.freeze(false);
                            return false;
                        }
                        return true;
                    });
            Set<UUID> orphaned = claimsOf(db, "node-b");
            b.kill();
            Instant killedAt = Instant.now();
            assertThat(orphaned).as("commands node B was delivering when it died (its claims in the outbox)").isNotEmpty();
            assertThat(claimsOf(db, "node-b")).as("the dead node's claims stay until their lease runs out").isEqualTo(orphaned);
            int journalsAtKill = count(erp, "journals", j -> true);
            assertThat(journalsAtKill).as("journals posted at the kill").isBetween(1, REPORTS - 1);

            // The takeover is timed on a thread of its own while node C is restarted.
            AtomicReference<Duration> recovered = new AtomicReference<>();
            CompletableFuture<Duration> takeover = CompletableFuture.supplyAsync(() -> {
                await("node B's claims settled by another node").atMost(Duration.ofSeconds(120))
                        .pollInterval(Duration.ofMillis(20)).until(() -> {
                            if (recovered.get() == null && claimsOf(db, "node-b").isEmpty()) {
                                recovered.set(Duration.between(killedAt, Instant.now()));
                            }
                            return stillInOutbox(db, orphaned) == 0;
                        });
                return Duration.between(killedAt, Instant.now());
            });

            // ---- node C is stopped gracefully (it hands its claims back) and started again ----
            c.stop();
            start(c);
            Duration takeoverTime = takeover.join();
            System.out.printf("multi-node: node B killed holding %d claims with %d of %d journals posted; its claims were "
                            + "recovered as unknown outcomes after %d ms and settled by another node after %d ms (lease %d s)%n",
                    orphaned.size(), journalsAtKill, REPORTS, recovered.get().toMillis(), takeoverTime.toMillis(),
                    LEASE.toSeconds());
            assertThat(recovered.get()).as("recovered once the lease ran out, not before (claimed before the kill)")
                    .isLessThanOrEqualTo(takeoverTime);
            assertThat(takeoverTime).as("taken over within the lease and a few looks").isLessThan(LEASE.plusSeconds(30));
            assertThat(outcomesFoundByLookup(db, orphaned)).as("node B's commands were settled by asking the peer first")
                    .isEqualTo(orphaned.size());

            // ---- webhooks node B never answered are sent again to the live nodes; everything is posted ----
            resendAll(expense, a.base() + config.get("expenseWebhookUrl").asText(), expenseSecret);
            awaitAllIn(db, ids, "AwaitingRelease", List.of(a, c));

            // ---- released through the two live nodes; the bank's statuses settle them ----
            // Eight treasurer sessions at once, alternating between the nodes as a load balancer would.
            try (var desk = java.util.concurrent.Executors.newFixedThreadPool(8, Thread.ofVirtual().factory())) {
                List<java.util.concurrent.Future<?>> releases = new ArrayList<>();
                for (int i = 0; i < ids.size(); i++) {
                    Api via = i % 2 == 0 ? viaA : viaC;
                    String id = ids.get(i);
                    releases.add(desk.submit(() -> releaseFully(via, t, id)));
                }
                for (java.util.concurrent.Future<?> release : releases) {
                    release.get();
                }
            }
            awaitAllIn(db, ids, "Reimbursed", List.of(a, c));

            // ---- exactly once, per report, at every peer ----
            JsonNode erpState = erp.get("/_sandbox/state").require(200).body();
            JsonNode treasuryState = treasury.get("/_sandbox/state").require(200).body();
            JsonNode bankState = bank.get("/_sandbox/state").require(200).body();
            JsonNode expenseState = expense.get("/_sandbox/state").require(200).body();
            assertThat(erpState.get("violations")).as("ERP violations").isEmpty();
            assertThat(treasuryState.get("violations")).as("treasury violations").isEmpty();
            assertThat(bankState.get("violations")).as("bank violations").isEmpty();
            assertThat(erpState.get("journals")).hasSize(REPORTS);
            assertThat(erpState.get("clearings")).hasSize(REPORTS);
            assertThat(treasuryState.get("obligations")).hasSize(REPORTS);
            assertThat(bankState.get("payments")).hasSize(REPORTS);
            Map<String, Integer> journals = new HashMap<>();
            for (JsonNode j : erpState.get("journals")) {
                String description = j.path("description").asText();
                ids.stream().filter(id -> description.contains(id + ":")).forEach(id -> journals.merge(id, 1, Integer::sum));
            }
            Map<String, Integer> clearings = tally(erpState.get("clearings"), "reportId");
            Map<String, Integer> obligations = tally(treasuryState.get("obligations"), "reportId");
            Map<String, Integer> payments = tally(bankState.get("payments"), "endToEndId");
            for (String id : ids) {
                assertThat(journals.get(id)).as("journals of %s", id).isEqualTo(1);
                assertThat(clearings.get(id)).as("clearings of %s", id).isEqualTo(1);
                assertThat(obligations.get(id)).as("obligations of %s", id).isEqualTo(1);
                assertThat(payments.get(id)).as("payments of %s", id).isEqualTo(1);
                JsonNode statuses = expenseState.path("paymentStatuses").path(id);
                assertThat(statuses).as("status-backs of %s", id).hasSize(1);
                assertThat(statuses.get(0).path("status").asText()).isEqualTo("PAID");
            }
            assertThat(ExpenseCrashIT.state(viaC, t, ids.getFirst())).as("as the API tells it").isEqualTo("Reimbursed");
        } finally {
            for (ServerNode node : nodes) {
                node.kill();
            }
            peers.stop();
        }
    }

    private static void start(ServerNode node) {
        try {
            node.start();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Releases as t.berger, and as j.roth too when the amount needs four eyes. */
    private static void releaseFully(Api finrelay, String t, String id) {
        finrelay.post(t + "/expense-reports/" + id + "/releases", Map.of("releaser", "t.berger")).require(202);
        if (ExpenseCrashIT.state(finrelay, t, id).equals("AwaitingRelease")) {
            finrelay.post(t + "/expense-reports/" + id + "/releases", Map.of("releaser", "j.roth")).require(202);
        }
    }

    /** The commands a node holds claimed right now (SENDING under its name). */
    private static Set<UUID> claimsOf(DataSource db, String node) throws SQLException {
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("select command_id from outbox where status = 'SENDING' and claimed_by = ?")) {
            s.setString(1, node);
            Set<UUID> ids = new HashSet<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    ids.add(r.getObject(1, UUID.class));
                }
            }
            return ids;
        }
    }

    private static int stillInOutbox(DataSource db, Set<UUID> commands) throws SQLException {
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("select count(*) from outbox where command_id = any(?)")) {
            s.setArray(1, c.createArrayOf("uuid", commands.toArray()));
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }

    /** How many of these commands ended DONE after the peer was asked first (the audit of their outcome says so). */
    private static int outcomesFoundByLookup(DataSource db, Set<UUID> commands) throws SQLException {
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("select count(*) from outbox_done d where d.command_id = any(?) "
                     + "and d.outcome = 'DONE' and exists (select 1 from audit_event e where e.tenant_id = d.tenant_id "
                     + "and e.instance_id = d.instance_id and e.detail ->> 'command' = d.command_id::text "
                     + "and (e.detail ->> 'foundByLookup')::boolean)")) {
            s.setArray(1, c.createArrayOf("uuid", commands.toArray()));
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }

    private static void awaitAllIn(DataSource db, List<String> ids, String state, List<ServerNode> live) {
        await("every report " + state).atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(250)).until(() -> {
            for (ServerNode node : live) {
                assertThat(node.alive()).as("node %s alive; log: %s", node.nodeId(), node.log()).isTrue();
            }
            Map<String, Integer> byState = states(db, ids);
            if (byState.getOrDefault(state, 0) == ids.size()) {
                return true;
            }
            System.out.println("multi-node: waiting for " + state + ": " + byState);
            return false;
        });
    }

    private static Map<String, Integer> states(DataSource db, List<String> ids) throws SQLException {
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("select state_name, count(*) from expense_report where report_id = any(?) "
                     + "group by state_name")) {
            s.setArray(1, c.createArrayOf("text", ids.toArray()));
            Map<String, Integer> byState = new TreeMap<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    byState.put(r.getString(1), r.getInt(2));
                }
            }
            return byState;
        }
    }

    private static Map<String, Integer> tally(JsonNode all, String field) {
        Map<String, Integer> counts = new HashMap<>();
        all.forEach(node -> counts.merge(node.path(field).asText(), 1, Integer::sum));
        return counts;
    }
}
