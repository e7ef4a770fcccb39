package io.finrelay.server.expense;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.finrelay.sandbox.Sandbox;
import io.finrelay.sandbox.world.Api;
import io.finrelay.sandbox.world.DemoData;
import io.finrelay.server.ServerIT;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The polling fallback (issue 14): a tenant whose expense platform sends no webhooks has its approved
 * reports found by reading the platform's report list from a cursor, and each enters the workflow once;
 * a report announced by webhook and found by a poll as well is one journal at the ERP. The sandbox here is
 * this class's own (its report list holds this tenant's reports only, as a company's platform would).
 */
class ExpensePollingIT extends ServerIT {
    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
    private static Sandbox sandbox;
    private static World world;

    record World(TestTenant tenant, DemoData.World data, JsonNode settings, Api finrelay, Api expense, Api erp) {}

    @BeforeEach
    void world() {
        if (world != null) {
            return;
        }
        sandbox = Sandbox.start(Clock.systemUTC(), 0);
        Map<String, String> urls = sandbox.urls();
        TestTenant tenant = newTenant("Polling");
        String key = post(tenant.path("/api-keys"), tenant.adminKey(), "{\"name\": \"polling\", "
                + "\"roles\": [\"tenant-admin\", \"treasurer\"]}").body().get("secret").asText();
        Api finrelay = new Api("http://localhost:" + port, key);
        DemoData.World data = DemoData.setUp(finrelay, tenant.id(), TODAY);
        JsonNode settings = finrelay.put(tenant.path("/expense/settings"), Map.of("expensePlatformUrl",
                urls.get("expense-platform"), "erpUrl", urls.get("erp"), "treasuryUrl", urls.get("treasury"))).require(200).body();
        world = new World(tenant, data, settings, finrelay, new Api(urls.get("expense-platform"), null), new Api(urls.get("erp"), null));
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void reportsOfAPlatformWithoutWebhooksAreFoundByAPollAndEachPostedOnceThoughPolledAgain() {
        setPolling(false, 300); // off: only the polls this test asks for run
        List<String> ids = List.of(submit("POLL-A-"), submit("POLL-A-"), submit("POLL-A-"));

        JsonNode first = runPoll();

        assertThat(first.get("listed").asInt()).isGreaterThanOrEqualTo(3);
        assertThat(first.get("takenIn").asInt()).isEqualTo(3);
        assertThat(first.hasNonNull("failure")).as("no failure").isFalse();
        ids.forEach(id -> awaitState(id, "AwaitingRelease"));
        JsonNode again = runPoll();
        assertThat(again.get("takenIn").asInt()).as("read again from before the cursor: nothing new").isZero();
        assertThat(again.get("alreadyKnown").asInt()).isGreaterThanOrEqualTo(3);
        for (String id : ids) {
            assertThat(journalsOf(id)).as("one journal for " + id).hasSize(1);
        }
        JsonNode polling = world.finrelay().get(world.tenant().path("/expense/polling")).require(200).body();
        assertThat(polling.get("cursor").isNull()).isFalse();
        assertThat(polling.get("lastResult").asText()).contains("0 taken in");
    }

    @Test
    void aReportAnnouncedByWebhookAndFoundByAPollIsOneJournal() {
        setPolling(false, 300);
        world.expense().post("/_sandbox/subscriptions", Map.of("url", "http://localhost:" + port
                + world.settings().get("expenseWebhookUrl").asText(), "secret", world.settings().get("expenseWebhookSecret").asText()))
                .require(200);
        String id;
        try {
            id = submit("POLL-B-");
            awaitState(id, "AwaitingRelease");
        } finally {
            world.expense().post("/_sandbox/unsubscribe", Map.of("url", "http://localhost:" + port
                    + world.settings().get("expenseWebhookUrl").asText())).require(200);
        }

        JsonNode poll = runPoll();

        assertThat(poll.get("alreadyKnown").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(journalsOf(id)).hasSize(1);
        awaitState(id, "AwaitingRelease");
    }

    @Test
    void theCursorMovesToTheNewestChangeAndTheNextPollTakesInOnlyWhatCameAfter() {
        setPolling(false, 300);
        submit("POLL-C-");
        runPoll();
        Instant cursor = Instant.parse(world.finrelay().get(world.tenant().path("/expense/polling")).require(200).body()
                .get("cursor").asText());
        String later = submit("POLL-C-");

        JsonNode next = runPoll();

        assertThat(next.get("takenIn").asInt()).isEqualTo(1);
        awaitState(later, "AwaitingRelease");
        Instant moved = Instant.parse(next.get("cursor").asText());
        assertThat(moved).isAfterOrEqualTo(cursor);
    }

    @Test
    void aPlatformThatIsDownIsTheLastResultAndTheCursorStaysWhereItWas() {
        setPolling(false, 300);
        submit("POLL-D-");
        runPoll();
        JsonNode before = world.finrelay().get(world.tenant().path("/expense/polling")).require(200).body();
        world.expense().post("/_sandbox/faults", Map.of("downForMillis", 60_000)).require(200);
        try {
            JsonNode failed = runPoll();

            assertThat(failed.get("failure").asText()).contains("503");
            JsonNode after = world.finrelay().get(world.tenant().path("/expense/polling")).require(200).body();
            assertThat(after.get("lastResult").asText()).startsWith("failed:");
            assertThat(after.get("cursor")).isEqualTo(before.get("cursor"));
        } finally {
            world.expense().post("/_sandbox/faults", Map.of("downForMillis", 0)).require(200);
        }
    }

    @Test
    void whenPollingIsOnTheSchedulerFindsTheReportsWithoutBeingAsked() {
        String id = submit("POLL-E-");

        setPolling(true, 10);

        awaitState(id, "AwaitingRelease");
        assertThat(journalsOf(id)).hasSize(1);
        setPolling(false, 300);
    }

    @Test
    void badPollingSettingsAreRefusedNamingTheFieldAndChangeNothing() {
        setPolling(false, 300);
        Api.Answer tooOften = world.finrelay().put(world.tenant().path("/expense/polling"), Map.of("enabled", true, "everySeconds", 5));
        assertThat(tooOften.status()).isEqualTo(400);
        assertThat(tooOften.body().toString()).contains("everySeconds");
        Api.Answer noSwitch = world.finrelay().put(world.tenant().path("/expense/polling"), Map.of("everySeconds", 60));
        assertThat(noSwitch.status()).isEqualTo(400);
        assertThat(noSwitch.body().toString()).contains("enabled");
        JsonNode stored = world.finrelay().get(world.tenant().path("/expense/polling")).require(200).body();
        assertThat(stored.get("enabled").asBoolean()).isFalse();
        assertThat(stored.get("everySeconds").asInt()).isEqualTo(300);
    }

    @Test
    void aPollOfATenantThatHasNotSetPollingUpIsAConflictNamingWhatToDo() {
        TestTenant other = newTenant("PollingUnset");

        Answer answer = post(other.path("/expense/polling/run"), other.adminKey(), "");

        assertThat(answer.status()).isEqualTo(409);
        assertThat(answer.body().get("detail").asText()).contains("PUT /v1/tenants/" + other.id() + "/expense/polling");
    }

    private void setPolling(boolean enabled, int everySeconds) {
        world.finrelay().put(world.tenant().path("/expense/polling"), Map.of("enabled", enabled, "everySeconds", everySeconds))
                .require(200);
    }

    /** A poll now; while the scheduler's poll of the tenant runs, the API says 409 and the poll is asked again. */
    private JsonNode runPoll() {
        return Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> world.finrelay().post(world.tenant().path("/expense/polling/run"), Map.of()),
                        a -> a.status() != 409).require(200).body();
    }

    private String submit(String prefix) {
        String id = prefix + UUID.randomUUID().toString().substring(0, 8);
        DemoData.Person person = world.data().people().getFirst();
        ObjectNode report = DemoData.report(id, person, "Kundentermin Hamburg", "EUR",
                DemoData.expenses(new Random(id.hashCode()), world.data(), person, TODAY), Instant.now());
        world.expense().post("/_sandbox/reports", report).require(202);
        return id;
    }

    private void awaitState(String id, String wanted) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    Api.Answer answer = world.finrelay().get(world.tenant().path("/expense-reports/" + id));
                    return answer.status() == 200 ? answer.body().get("state").asText() : "none";
                }, wanted::equals);
    }

    private List<JsonNode> journalsOf(String reportId) {
        return StreamSupport.stream(world.erp().get("/_sandbox/state").body().path("journals").spliterator(), false)
                .filter(j -> j.toString().contains(reportId)).toList();
    }
}
