package io.finrelay.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finrelay.server.ServerIT;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * PostgreSQL stopped and started again under a running server (a restart, a fail-over): the server is a
 * process of its own on a PostgreSQL of this test's own (so stopping it disturbs no other test), with the
 * sandbox peers in a third process.
 *
 * <p>While the database is down every request that needs it is answered 503 problem+json (a clear title,
 * Retry-After, no stack trace, never a 500 or a 401), readiness says not ready and liveness stays up, and
 * the engine's workers say once that they wait. Journal postings that were on their way to the ERP when
 * it stopped (the ERP answers slowly today) reach it, but their outcome cannot be recorded. Once it is back, without restarting the
 * server: requests work, those postings are settled by asking the ERP (not posted twice), a report the
 * expense platform sent during the outage (answered 503, redelivered) and one sent after go through the
 * whole workflow, and the audit sealer seals everything.
 */
class DatabaseRestartIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** The engine's workers whose outage and recovery the log must tell, once each. */
    private static final List<String> WORKERS = List.of("finrelay-dispatcher-0", "finrelay-dispatcher-1", "timer poller",
            "audit sealer");

    @TempDir
    Path dir;

    @Test
    void requestsAnswer503WhilePostgresIsDownAndEverythingResumesWithoutARestartWhenItIsBack() throws Exception {
        int pgPort = ServerProcess.freePort();
        Path data = dir.resolve("postgres");
        EmbeddedDatabase[] postgres = {EmbeddedDatabase.start(data, pgPort)};
        try (PeersProcess peers = PeersProcess.start();
             ServerProcess node = ServerProcess.fromClassPath(ServerProcess.freePort(),
                     Files.createTempFile("database-restart-server", ".log"), Map.of(),
                     "--finrelay.db.url=" + postgres[0].jdbcUrl(), "--finrelay.db.user=" + postgres[0].user(),
                     // A request waits a second for a connection, not five: the outage is answered sooner.
                     "--finrelay.db.connection-timeout=1s",
                     "--finrelay.data-dir=" + dir.resolve("node"), "--finrelay.secrets.keys=" + ServerIT.TEST_KEYRING,
                     "--finrelay.security.tokens.key-file=" + dir.resolve("token-key.json"),
                     "--finrelay.bootstrap-key=" + ServerIT.BOOTSTRAP_KEY, "--finrelay.node-id=restart-node",
                     "--finrelay.peers.allowed-hosts=localhost,127.0.0.1",
                     "--finrelay.retry.base-delay=200ms", "--finrelay.retry.max-delay=2s").start()) {
            long pid = node.pid();
            ExpenseTenant tenant = ExpenseTenant.setUp(node.base(), peers, "Restart");
            PGSimpleDataSource db = new PGSimpleDataSource();
            db.setUrl(postgres[0].jdbcUrl());
            db.setUser(postgres[0].user());

            // ---- three reports whose journal postings are at the ERP (slow today) when PostgreSQL stops ----
            tenant.erp().post("/_sandbox/faults", Map.of("latencyMillis", 3_000)).require(200);
            List<String> before = tenant.sendReports("BEFORE", 3);
            // Every report taken in (the platform's webhooks acknowledged), and a posting waiting for the slow ERP.
            Awaitility.await("the reports taken in and a journal posting on its way to the ERP; log: " + node.log())
                    .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                    .until(() -> before.stream().allMatch(id -> webhookAttempts(tenant, id).stream().anyMatch(s -> s / 100 == 2))
                            && sending(db, "post-journal") > 0);
            long stoppedAt = node.logSize();
            postgres[0].close();
            postgres[0] = null;
            tenant.erp().post("/_sandbox/faults", Map.of("latencyMillis", 0)).require(200);

            // ---- while it is down ----
            Answer health = call("GET", node.base() + "/health", null, null);
            assertThat(health.status()).as("readiness while the database is down").isEqualTo(503);
            assertThat(health.body().get("database").asText()).isEqualTo("DOWN");
            assertThat(call("GET", node.base() + "/health/live", null, null).status()).as("liveness").isEqualTo(200);
            assertDatabaseUnavailable(call("GET", node.base() + tenant.path("/expense-reports/" + before.get(0)),
                    tenant.key(), null));
            assertDatabaseUnavailable(call("GET", node.base() + tenant.path("/exceptions"), tenant.key(), null));
            assertDatabaseUnavailable(call("POST", node.base() + "/v1/tokens", null,
                    Map.of("tenant", tenant.slug(), "username", "t.berger", "password", "not-the-password-1")));
            // A report approved now: the platform's webhook is answered 503, and the platform will send it again.
            List<String> during = tenant.sendReports("DURING", 1);
            Awaitility.await("the platform's webhook answered 503").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(100)).until(() -> webhookAttempts(tenant, during.get(0)).contains(503));
            // The postings under way reached the ERP; their outcome could not be recorded.
            Awaitility.await("the postings at the ERP").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> !ExpenseTenant.matching(tenant.erp().get("/_sandbox/state").require(200).body().get("journals"),
                            j -> before.stream().anyMatch(id -> j.path("description").asText().contains(id + ":"))).isEmpty());
            // Every worker has met the outage and says so.
            Awaitility.await("each worker tells the outage; log: " + node.log()).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> WORKERS.stream().allMatch(w -> count(node.logBetween(stoppedAt, -1),
                            w + ": the database is unavailable") == 1));

            // ---- PostgreSQL back, on the same data and port; the server was not restarted ----
            long restartedAt = node.logSize();
            postgres[0] = EmbeddedDatabase.start(data, pgPort);
            Awaitility.await("ready again").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> node.health() == 200);
            List<String> after = tenant.sendReports("AFTER", 1);
            List<String> all = new ArrayList<>(before);
            all.addAll(during);
            all.addAll(after);
            tenant.awaitAll(all, "AwaitingRelease", Duration.ofSeconds(60));
            all.forEach(tenant::releaseFully);
            tenant.awaitAll(all, "Reimbursed", Duration.ofSeconds(60));
            assertThat(node.alive()).isTrue();
            assertThat(node.pid()).as("the same server process throughout").isEqualTo(pid);

            // ---- exactly once at every peer; the three postings were settled by asking the ERP ----
            tenant.assertEachEffectOnce(all);
            JsonNode erpLedger = tenant.erp().get("/_sandbox/ledger").require(200).body();
            assertThat(StreamSupport.stream(erpLedger.spliterator(), false)
                    .filter(e -> e.path("method").asText().equals("POST") && e.path("path").asText().equals("/api/v1/journal-entries"))
                    .count()).as("journal posts sent: one per report, none again after the outage").isEqualTo(all.size());
            assertThat(webhookAttempts(tenant, during.get(0))).as("the platform's deliveries of the report sent during it")
                    .contains(503).last().matches(status -> status / 100 == 2);

            // ---- the audit sealer carried on: every record sealed, the chain intact ----
            Awaitility.await("every audit record sealed").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> tenant.finrelay().post(tenant.path("/audit/verify"), Map.of()).require(200).body()
                            .path("pending").asLong(-1) == 0);
            assertThat(tenant.finrelay().post(tenant.path("/audit/verify"), Map.of()).require(200).body().get("intact")
                    .asBoolean()).isTrue();

            // ---- the log: each worker said once that it waits and once that it resumed; no stack trace ----
            // A worker says it resumed at its first round that works; one paused longer (the timer poller's wait
            // grows while the outage lasts) may come to it after the reports have ended.
            Awaitility.await("each worker tells the outage's end; log: " + node.log()).atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100)).until(() -> WORKERS.stream().allMatch(w ->
                            count(node.logBetween(stoppedAt, -1), w + ": the database is back") >= 1));
            List<String> outage = node.logBetween(stoppedAt, restartedAt);
            List<String> since = node.logBetween(stoppedAt, -1);
            for (String worker : WORKERS) {
                assertThat(count(since, worker + ": the database is unavailable")).as("%s told the outage", worker).isEqualTo(1);
                assertThat(count(since, worker + ": the database is back")).as("%s told its end", worker).isEqualTo(1);
            }
            assertThat(count(since, "commands attempted while the database was unreachable are now UNKNOWN"))
                    .as("the unrecorded postings were settled by lookup").isPositive();
            assertThat(outage).as("nothing logged as an error while the database was down").noneMatch(l -> l.contains(" ERROR "));
            // The only stack traces: HikariCP's, once for each connection that was in use when PostgreSQL stopped.
            assertThat(stackTraceHeads(outage)).as("stack traces while the database was down")
                    .allMatch(head -> head.contains("c.z.h.pool.ProxyConnection") && head.contains("marked as broken"));
        } finally {
            if (postgres[0] != null) {
                postgres[0].close();
            }
        }
    }

    private static void assertDatabaseUnavailable(Answer answer) {
        assertThat(answer.status()).as("%s", answer.raw()).isEqualTo(503);
        assertThat(answer.raw().headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(answer.raw().headers().firstValue("Retry-After")).hasValue("5");
        assertThat(answer.body().get("title").asText()).isEqualTo("Database unavailable");
        assertThat(answer.body().get("type").asText()).isEqualTo("https://finrelay.io/problems/database-unavailable");
        assertThat(answer.body().get("detail").asText()).contains("this request was not completed; send it again");
        assertThat(answer.raw().body()).doesNotContain("Exception", "org.postgresql", "Hikari", "\tat ", "SQL");
    }

    private record Answer(int status, HttpResponse<String> raw, JsonNode body) {}

    private static Answer call(String method, String url, String key, Object body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response, response.body().isEmpty() ? null : JSON.readTree(response.body()));
    }

    /** The statuses Finrelay answered to the platform's deliveries of the webhook about {@code reportId}, in order. */
    private static List<Integer> webhookAttempts(ExpenseTenant tenant, String reportId) {
        List<Integer> statuses = new ArrayList<>();
        for (JsonNode delivery : tenant.expense().get("/_sandbox/state").require(200).body().get("webhooksSent")) {
            if (delivery.get("event").toString().contains(reportId)) {
                statuses.add(delivery.path("status").asInt());
            }
        }
        return statuses;
    }

    /** Commands of this type claimed and under way (SENDING), read from the database directly. */
    private static int sending(PGSimpleDataSource db, String commandType) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "select count(*) from outbox where command_type = ? and status = 'SENDING'")) {
            s.setString(1, commandType);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The line each stack trace in {@code lines} belongs to (the line before its first "Caused by" or "at"). */
    private static List<String> stackTraceHeads(List<String> lines) {
        List<String> heads = new ArrayList<>();
        String head = null;
        boolean inTrace = false;
        for (String line : lines) {
            boolean traceLine = line.startsWith("\t") || line.startsWith("Caused by:") || line.startsWith("\t... ")
                    || (!line.isEmpty() && !Character.isDigit(line.charAt(0)) && inTrace);
            if (traceLine && !inTrace && head != null) {
                heads.add(head);
            }
            inTrace = traceLine;
            if (!traceLine && !line.isEmpty() && Character.isDigit(line.charAt(0))) {
                head = line;
            }
        }
        return heads;
    }

    private static long count(List<String> lines, String text) {
        return lines.stream().filter(l -> l.contains(text)).count();
    }

}
