package io.finrelay.server.expense;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finrelay.server.web.WebhookSignature;
import io.finrelay.server.FinrelayServer;
import io.finrelay.server.ServerIT;
import io.finrelay.sandbox.world.Api;
import io.finrelay.sandbox.world.DemoData;
import io.finrelay.testkit.TestDatabase;
import io.finrelay.testkit.TestKafka;
import io.finrelay.server.kafka.KafkaTopic;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * "Exactly one journal and one payment per report, whatever the restarts": the Finrelay server runs
 * as a JVM of its own on a fresh database, with the sandbox peers in another process of their own (so
 * that their ledgers hold this test's traffic only). Thirty approved reports come in by the expense
 * platform's signed webhooks; the server is killed with SIGKILL while the journals are being posted,
 * restarted on the same database, and every webhook is sent to it again (a sender that never saw an
 * acknowledgement); the reports are released by two treasurers, the server is killed again while the
 * payments are being released and settled, restarted, and every webhook is sent once more. Each kill
 * is shown to have landed with work in flight: the peer had some of the phase's effects and the
 * server's outbox still held commands of that phase. Every report must end reimbursed, with exactly
 * one journal, clearing, obligation, payment and status-back per report in the peers' ledgers, and no
 * peer may have seen a second effect under another key (their violations); and the tenant's Kafka topic holds
 * exactly one reimbursement event per report (the relay's lookup after a kill, never a second send).
 */
class ExpenseCrashIT {
    /** The server node runs as its own process on the system clock: webhook timestamps are signed by it. */
    private static final java.time.Clock NODE_CLOCK = java.time.Clock.systemUTC();
    private static final int REPORTS = 30;
    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void killNineWhilePostingAndWhilePayingThenRestartsLeaveExactlyOneOfEachEffectPerReport() throws Exception {
        SandboxPeers peers = SandboxPeers.start();
        Path log = Files.createTempFile("expense-crash-server", ".log");
        DataSource db = TestDatabase.newDatabase("expense_crash");
        // The tenant's reimbursements are announced on its Kafka topic (a real broker in this JVM): once each too.
        String slug = "crash-" + UUID.randomUUID().toString().substring(0, 8);
        String topic = "finance-events-" + slug;
        TestKafka.shared().createTopic(topic, 3);
        ServerNode node = new ServerNode(databaseUrl(db), freePort(), log, "crash-node", List.of(
                "--finrelay.kafka.tenants[0].tenant=" + slug,
                "--finrelay.kafka.tenants[0].bootstrap-servers=" + TestKafka.shared().bootstrapServers(),
                "--finrelay.kafka.tenants[0].topic=" + topic), Duration.ofSeconds(60));
        try {
            node.start();
            Api expense = new Api(peers.url("expense-platform"), null);
            Api erp = new Api(peers.url("erp"), null);
            Api treasury = new Api(peers.url("treasury"), null);
            Api bank = new Api(peers.url("bank"), null);

            // ---- a tenant, its master data, its peers ----
            Api partnerAdmin = new Api(node.base(), ServerIT.BOOTSTRAP_KEY);
            String partner = partnerAdmin.get("/v1/me").require(200).body().get("partnerId").asText();
            String tenantId = partnerAdmin.post("/v1/partners/" + partner + "/tenants", Map.of("name", "Crash",
                    "slug", slug)).require(201).body().get("id").asText();
            String t = "/v1/tenants/" + tenantId;
            String key = partnerAdmin.post(t + "/api-keys", Map.of("name", "crash admin",
                            "roles", List.of("tenant-admin", "treasurer")))
                    .require(201).body().get("secret").asText();
            Api finrelay = new Api(node.base(), key);
            DemoData.World data = DemoData.setUp(finrelay, tenantId, TODAY);
            JsonNode settings = finrelay.put(t + "/expense/settings", Map.of("expensePlatformUrl", peers.url("expense-platform"),
                    "erpUrl", peers.url("erp"), "treasuryUrl", peers.url("treasury"), "timeoutMillis", 2_000)).require(200).body();
            String expenseSecret = settings.get("expenseWebhookSecret").asText();
            String bankSecret = settings.get("bankWebhookSecret").asText();
            String expenseHook = node.base() + settings.get("expenseWebhookUrl").asText();
            String bankHook = node.base() + settings.get("bankWebhookUrl").asText();
            expense.post("/_sandbox/subscriptions", Map.of("url", expenseHook, "secret", expenseSecret)).require(200);
            bank.post("/_sandbox/subscriptions", Map.of("url", bankHook, "secret", bankSecret)).require(200);

            // ---- thirty approved reports; killed while the journals are being posted ----
            // A little latency at the peers spreads the work out, so that the kill lands in the middle of it. The
            // ERP's is longer than the wait's poll and the kill take on a loaded machine: with 60 ms the dispatcher's
            // last round (all the remaining postings at once) once finished between seeing work left and the kill.
            expense.post("/_sandbox/faults", Map.of("latencyMillis", 30)).require(200);
            erp.post("/_sandbox/faults", Map.of("latencyMillis", 400)).require(200);
            treasury.post("/_sandbox/faults", Map.of("latencyMillis", 30)).require(200);
            List<String> ids = new ArrayList<>();
            ArrayNode reports = JSON.createArrayNode();
            for (int i = 0; i < REPORTS; i++) {
                DemoData.Person p = data.people().get(i % data.people().size());
                String id = "CRASH-" + i + "-" + UUID.randomUUID().toString().substring(0, 6);
                ids.add(id);
                reports.add(DemoData.report(id, p, "Kundentermin Hamburg", "EUR",
                        DemoData.expenses(new Random(id.hashCode()), data, p, TODAY), Instant.now()));
            }
            expense.post("/_sandbox/reports", reports).require(202);
            // The kill lands once a third of the journals are posted and postings still wait in the outbox: on a
            // loaded machine the last reports can still be coming in when the first third is posted.
            int journalsAtKill = awaitAtLeastWithWorkLeft(erp, "journals", REPORTS / 3, db, "post-journal", node, log);
            node.kill();
            int journalsAfterKill = count(erp, "journals", j -> true);
            assertThat(journalsAfterKill).as("some but not all journals posted when killed (%d at the kill)", journalsAtKill)
                    .isBetween(1, REPORTS - 1);
            assertThat(unfinished(db, "post-journal")).as("journal postings still in the outbox at the kill").isPositive();

            // ---- restarted on the same database; every webhook sent again ----
            node.start();
            resendAll(expense, expenseHook, expenseSecret);
            Map<String, String> states = awaitAll(finrelay, t, ids, Predicate.isEqual("AwaitingRelease"), node, log);
            assertThat(states.values()).containsOnly("AwaitingRelease");

            // ---- released by two treasurers; killed while the payments are being released and settled ----
            // The treasury makes each payment but holds its answer for three seconds (a lost answer: Finrelay's
            // call times out after two), so when the kill lands, the payments at the bank are effects whose
            // outcome the server has not recorded: the releases are still in its outbox.
            treasury.post("/_sandbox/faults", Map.of("loseNextAnswers", REPORTS / 2, "loseAnswerMillis", 3_000)).require(200);
            for (String id : ids.subList(0, REPORTS / 2)) {
                releaseFully(finrelay, t, id);
            }
            int paymentsAtKill = awaitAtLeast(bank, "payments", REPORTS / 6, node, log);
            node.kill();
            // Releases still in the outbox after the kill were under way, their payments already made: the
            // restarted server must settle them by asking the treasury, and pay none twice.
            assertThat(unfinished(db, "release-payment")).as("releases still in the outbox at the kill, %d payments made",
                    paymentsAtKill).isPositive();
            treasury.post("/_sandbox/faults", Map.of("loseNextAnswers", 0, "loseAnswerMillis", 3_000)).require(200);

            // ---- restarted; every webhook sent again; the rest released; everything finishes ----
            node.start();
            resendAll(expense, expenseHook, expenseSecret);
            resendAll(bank, bankHook, bankSecret);
            for (String id : ids) {
                if (state(finrelay, t, id).equals("AwaitingRelease")) {
                    releaseFully(finrelay, t, id);
                }
            }
            states = awaitAll(finrelay, t, ids, Predicate.isEqual("Reimbursed"), node, log);
            assertThat(states.values()).as("every instance in its final state").containsOnly("Reimbursed");

            // ---- exactly once, per report, at every peer ----
            JsonNode erpState = erp.get("/_sandbox/state").require(200).body();
            JsonNode treasuryState = treasury.get("/_sandbox/state").require(200).body();
            JsonNode bankState = bank.get("/_sandbox/state").require(200).body();
            JsonNode expenseState = expense.get("/_sandbox/state").require(200).body();
            assertThat(erpState.get("journals")).hasSize(REPORTS);
            assertThat(erpState.get("clearings")).hasSize(REPORTS);
            assertThat(treasuryState.get("obligations")).hasSize(REPORTS);
            assertThat(bankState.get("payments")).hasSize(REPORTS);
            // No peer saw a second effect under another key (the ledgers record every request).
            assertThat(erpState.get("violations")).as("ERP violations").isEmpty();
            assertThat(treasuryState.get("violations")).as("treasury violations").isEmpty();
            assertThat(bankState.get("violations")).as("bank violations").isEmpty();
            for (String id : ids) {
                assertThat(matching(erpState.get("journals"), j -> j.path("description").asText().contains(id + ":")))
                        .as("journals of %s", id).hasSize(1);
                assertThat(matching(erpState.get("journals"), j -> j.path("description").asText().contains(id + ":"))
                        .getFirst().path("payableStatus").asText()).as("payable of %s", id).isEqualTo("PAID");
                assertThat(matching(erpState.get("clearings"), c -> c.path("reportId").asText().equals(id)))
                        .as("clearings of %s", id).hasSize(1);
                assertThat(matching(treasuryState.get("obligations"), o -> o.path("reportId").asText().equals(id)))
                        .as("obligations of %s", id).hasSize(1);
                assertThat(matching(bankState.get("payments"), p -> p.path("endToEndId").asText().equals(id)))
                        .as("payments of %s", id).hasSize(1);
                JsonNode statuses = expenseState.path("paymentStatuses").path(id);
                assertThat(statuses).as("status-backs of %s", id).hasSize(1);
                assertThat(statuses.get(0).path("status").asText()).isEqualTo("PAID");
            }
            // The ledgers agree: one journal post per report took effect (the rest were replays or lookups).
            JsonNode erpLedger = erp.get("/_sandbox/ledger").require(200).body();
            assertThat(StreamSupport.stream(erpLedger.spliterator(), false)
                    .filter(e -> e.path("method").asText().equals("POST") && e.path("path").asText().equals("/api/v1/journal-entries")
                            && e.path("status").asInt() == 201 && !e.path("replayed").asBoolean())
                    .map(e -> e.path("idempotencyKey").asText()).distinct().count()).isEqualTo(REPORTS);

            // ---- and on the tenant's Kafka topic, one io.finrelay.expense.reimbursed per report ----
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> unfinished(db, "publish-event") == 0);
            List<JsonNode> events = KafkaTopic.readAll(TestKafka.shared(), topic);
            assertThat(events).hasSize(REPORTS);
            assertThat(events.stream().map(e -> e.path("subject").asText()).distinct().sorted().toList())
                    .isEqualTo(ids.stream().sorted().toList());
            assertThat(events.stream().map(e -> e.path("type").asText()).distinct().toList())
                    .containsExactly("io.finrelay.expense.reimbursed");
        } finally {
            node.kill();
            peers.stop();
        }
    }

    // ---- the server as a process of its own -----------------------------------------------------

    /** One Finrelay server JVM at a time, on a fixed database and port, started and killed at will. */
    static final class ServerNode {
        private final String dbUrl;
        private final int port;
        private final Path log;
        private final String nodeId;
        private final List<String> settings;
        private final Duration startLimit;
        private Process process;

        ServerNode(String dbUrl, int port, Path log) {
            this(dbUrl, port, log, "crash-node", List.of(), Duration.ofSeconds(60));
        }

        /**
         * A node of its own name, with more {@code --name=value} settings (several nodes share one database), that
         * must answer its health check within {@code startLimit} of being started (several JVMs starting at once on
         * a small machine take longer than one).
         */
        ServerNode(String dbUrl, int port, Path log, String nodeId, List<String> settings, Duration startLimit) {
            this.startLimit = startLimit;
            this.dbUrl = dbUrl;
            this.port = port;
            this.log = log;
            this.nodeId = nodeId;
            this.settings = List.copyOf(settings);
        }

        String nodeId() {
            return nodeId;
        }

        Path log() {
            return log;
        }

        String base() {
            return "http://localhost:" + port;
        }

        void start() throws IOException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> command = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                    FinrelayServer.class.getName(), "--server.port=" + port, "--finrelay.db.url=" + dbUrl, "--finrelay.secrets.keys=" + ServerIT.TEST_KEYRING,
                    "--finrelay.security.tokens.key-file=" + ServerIT.TOKEN_KEY_FILE,
                    "--finrelay.bootstrap-key=" + ServerIT.BOOTSTRAP_KEY, "--finrelay.node-id=" + nodeId,
                    "--finrelay.demo.enabled=false", "--finrelay.peers.allowed-hosts=localhost,127.0.0.1",
                    "--finrelay.retry.base-delay=200ms", "--finrelay.retry.max-delay=2s"));
            command.addAll(settings);
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            Instant deadline = Instant.now().plus(startLimit);
            while (Instant.now().isBefore(deadline)) {
                if (!process.isAlive()) {
                    throw new AssertionError("the server ended with " + process.exitValue() + " before it was up; log: " + log);
                }
                if (healthy()) {
                    return;
                }
                pause(50);
            }
            throw new AssertionError("the server was not up within " + startLimit.toSeconds() + " s; log: " + log);
        }

        private boolean healthy() {
            try {
                HttpRequest request = HttpRequest.newBuilder(URI.create(base() + "/health")).timeout(Duration.ofSeconds(2)).build();
                return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        /** SIGKILL: no shutdown hook, no graceful stop, whatever was in flight is lost. */
        void kill() throws InterruptedException {
            if (process != null && process.isAlive()) {
                process.destroyForcibly();
                assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
        }

        /** SIGTERM: the graceful stop, which hands back what this node claimed but had not yet sent. */
        void stop() throws InterruptedException {
            if (process != null && process.isAlive()) {
                process.destroy();
                assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("stopped within 60 s; log: " + log).isTrue();
            }
        }

        boolean alive() {
            return process != null && process.isAlive();
        }

        /** SIGSTOP (true) or SIGCONT (false): the process stands still, holding whatever it held, until continued. */
        void freeze(boolean stopped) throws IOException, InterruptedException {
            Process signal = new ProcessBuilder("kill", stopped ? "-STOP" : "-CONT", Long.toString(process.pid()))
                    .redirectErrorStream(true).start();
            assertThat(signal.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(signal.exitValue()).as("kill %s %d", stopped ? "-STOP" : "-CONT", process.pid()).isZero();
        }
    }

    /** The sandbox peers in a process of their own, for this test only (their ledgers hold nothing else). */
    record SandboxPeers(Process process, Map<String, String> urls) {
        static SandboxPeers start() throws IOException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    io.finrelay.sandbox.SandboxMain.class.getName()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            var out = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith(io.finrelay.sandbox.SandboxMain.READY)) {
                    JsonNode json = JSON.readTree(line.substring(io.finrelay.sandbox.SandboxMain.READY.length()));
                    Map<String, String> urls = new LinkedHashMap<>();
                    json.properties().forEach(e -> urls.put(e.getKey(), e.getValue().asText()));
                    return new SandboxPeers(process, urls);
                }
            }
            throw new IllegalStateException("the sandbox process ended before it was ready");
        }

        String url(String peer) {
            return urls.get(peer);
        }

        void stop() throws InterruptedException {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------

    static String databaseUrl(DataSource db) throws SQLException {
        try (Connection c = db.getConnection()) {
            return TestDatabase.jdbcUrl(c.getCatalog());
        }
    }

    /** Commands of this type the server had not finished (still in its outbox), read after a kill. */
    static int unfinished(DataSource db, String commandType) throws SQLException {
        try (Connection c = db.getConnection();
             java.sql.PreparedStatement select = c.prepareStatement("select count(*) from outbox where command_type = ?")) {
            select.setString(1, commandType);
            try (java.sql.ResultSet r = select.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }

    static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /**
     * Sends every webhook the peer has sent so far to Finrelay once more, each under its own webhook-id,
     * freshly timestamped and signed: what a sender does that never saw the acknowledgements.
     */
    static void resendAll(Api peer, String url, String secret) throws Exception {
        Map<String, JsonNode> sent = new LinkedHashMap<>();
        for (JsonNode delivery : peer.get("/_sandbox/state").require(200).body().get("webhooksSent")) {
            sent.putIfAbsent(delivery.get("webhookId").asText(), delivery.get("event"));
        }
        assertThat(sent).isNotEmpty();
        for (Map.Entry<String, JsonNode> e : sent.entrySet()) {
            byte[] body = e.getValue().toString().getBytes(StandardCharsets.UTF_8);
            // The platform may be redelivering the same webhook right now: Finrelay answers 409 "in flight" to the
            // second copy, and a sender retries it, as Standard Webhooks senders do; anything else but 2xx fails.
            org.awaitility.Awaitility.await("re-sent webhook " + e.getKey()).atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(50)).until(() -> {
                        long now = NODE_CLOCK.instant().getEpochSecond();
                        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                                .header("Content-Type", "application/json")
                                .header("webhook-id", e.getKey())
                                .header("webhook-timestamp", String.valueOf(now))
                                .header("webhook-signature", WebhookSignature.sign(secret, e.getKey(), now, body))
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
                        HttpResponse<String> answer = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
                        boolean inFlight = answer.statusCode() == 409 && answer.body().contains("idempotency-key-in-flight");
                        assertThat(answer.statusCode() / 100 == 2 || inFlight).as("re-sent webhook %s: %s %s", e.getKey(),
                                answer.statusCode(), answer.body()).isTrue();
                        return !inFlight;
                    });
        }
    }

    /** As {@link #awaitAtLeast}, and until commands of {@code commandType} still wait in the outbox too. */
    private static int awaitAtLeastWithWorkLeft(Api peer, String collection, int n, DataSource db, String commandType,
                                                ServerNode node, Path log) {
        return org.awaitility.Awaitility.await(collection + " >= " + n + " with " + commandType + " left in the outbox; log: "
                        + log).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5))
                .until(() -> {
                    assertThat(node.alive()).as("server alive; log: " + log).isTrue();
                    int seen = count(peer, collection, x -> true);
                    return seen >= n && unfinished(db, commandType) > 0 ? seen : -1;
                }, seen -> seen >= 0);
    }

    /** Waits (polling the peer's effects, with a deadline) until it holds at least {@code n} of a kind. */
    private static int awaitAtLeast(Api peer, String collection, int n, ServerNode node, Path log) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        int seen = 0;
        while (Instant.now().isBefore(deadline)) {
            seen = count(peer, collection, x -> true);
            if (seen >= n) {
                return seen;
            }
            assertThat(node.alive()).as("server alive; log: " + log).isTrue();
            pause(5);
        }
        throw new AssertionError("only " + seen + " " + collection + " (wanted " + n + ") within 30 s; log: " + log);
    }

    /** Waits until every report's state satisfies {@code done}; answers the states. */
    private static Map<String, String> awaitAll(Api finrelay, String t, List<String> ids, Predicate<String> done,
                                                ServerNode node, Path log) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        Map<String, String> states = new LinkedHashMap<>();
        while (Instant.now().isBefore(deadline)) {
            states.clear();
            for (String id : ids) {
                states.put(id, state(finrelay, t, id));
            }
            if (states.values().stream().allMatch(done)) {
                return states;
            }
            assertThat(node.alive()).as("server alive; log: " + log).isTrue();
            pause(100);
        }
        Map<String, Integer> byState = new TreeMap<>();
        states.values().forEach(s -> byState.merge(s, 1, Integer::sum));
        throw new AssertionError("not every report finished within 60 s: " + byState + "; log: " + log);
    }

    static String state(Api finrelay, String t, String id) {
        Api.Answer answer = finrelay.get(t + "/expense-reports/" + id);
        return answer.status() == 200 ? answer.body().get("state").asText() : "HTTP " + answer.status();
    }

    /** Releases as t.berger, and as j.roth too when the amount needs four eyes. */
    static void releaseFully(Api finrelay, String t, String id) {
        finrelay.post(t + "/expense-reports/" + id + "/releases", Map.of("releaser", "t.berger")).require(202);
        if (state(finrelay, t, id).equals("AwaitingRelease")) {
            finrelay.post(t + "/expense-reports/" + id + "/releases", Map.of("releaser", "j.roth")).require(202);
        }
    }

    static int count(Api peer, String collection, Predicate<JsonNode> filter) {
        JsonNode all = peer.get("/_sandbox/state").require(200).body().path(collection);
        return all.isObject() ? all.size() : matching(all, filter).size();
    }

    static List<JsonNode> matching(JsonNode all, Predicate<JsonNode> filter) {
        return StreamSupport.stream(all.spliterator(), false).filter(filter).toList();
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static {
        if (!System.getProperty("java.class.path").contains(java.io.File.pathSeparator)) {
            throw new IllegalStateException("test classpath not visible: " + System.getProperty("java.class.path"));
        }
    }
}
