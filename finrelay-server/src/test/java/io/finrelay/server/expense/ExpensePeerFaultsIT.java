package io.finrelay.server.expense;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.finrelay.server.ServerIT;
import io.finrelay.sandbox.world.Api;
import io.finrelay.sandbox.world.DemoData;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Peers that misbehave the way real ones do: an ERP that throttles (429 with Retry-After), a treasury
 * that is down for maintenance for a while, and one that stays down past the retry budget. The
 * server's engine runs on the system clock in these ITs, so Retry-After and down periods are kept to a
 * second or two and every wait is a condition with a deadline. Reports come in by the API (no webhook
 * subscription, so the shared expense platform's announcements of other classes' reports do not reach
 * this tenant), and every assertion is on the peers' receipt ledgers.
 */
class ExpensePeerFaultsIT extends ServerIT {
    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
    private static final String JOURNALS = "/api/v1/journal-entries";
    private static final String OBLIGATIONS = "/api/v1/obligations";
    private static World world;

    record World(TestTenant tenant, DemoData.World data, Api finrelay, Api erp, Api treasury) {}

    @BeforeEach
    void world() {
        if (world == null) {
            world = newWorld("PeerFaults");
        }
    }

    private World newWorld(String name) {
        Map<String, String> urls = SandboxProcess.urls();
        TestTenant tenant = newTenant(name);
        Api finrelay = new Api("http://localhost:" + port, tenant.adminKey());
        DemoData.World data = DemoData.setUp(finrelay, tenant.id(), TODAY);
        finrelay.put(tenant.path("/expense/settings"), Map.of("expensePlatformUrl", urls.get("expense-platform"),
                "erpUrl", urls.get("erp"), "treasuryUrl", urls.get("treasury"), "timeoutMillis", 2_000)).require(200);
        return new World(tenant, data, finrelay, new Api(urls.get("erp"), null), new Api(urls.get("treasury"), null));
    }

    /**
     * The peers are shared with the other expense ITs: whatever a test turned on is turned off again.
     * However the faults went, no peer saw a second obligation, release, payment or journal clearing
     * under another key (each peer records such a thing as a violation).
     */
    @AfterEach
    void peersBehaveAgain() {
        for (Api peer : List.of(world.erp(), world.treasury(), new Api(SandboxProcess.urls().get("bank"), null))) {
            assertThat(peer.get("/_sandbox/state").require(200).body().get("violations")).as("violations").isEmpty();
        }
        for (Api peer : List.of(world.erp(), world.treasury())) {
            peer.post("/_sandbox/faults", Map.of("throttleNext", 0, "downForMillis", 0, "downRetryAfterSeconds", -1,
                    "retryAfterSeconds", 1)).require(200);
        }
    }

    @Test
    void aThrottlingErpIsAskedAgainAfterItsRetryAfterAndTheJournalIsPostedOnce() {
        world.erp().post("/_sandbox/faults", Map.of("throttleNext", 2, "retryAfterSeconds", 1)).require(200);
        String id = submit(world, "IT-429-", 0);
        await(world, id, "AwaitingRelease", Duration.ofSeconds(30));

        List<JsonNode> calls = ledger(world.erp(), JOURNALS, b -> b.path("description").asText().contains(id + ":"));
        assertThat(calls).extracting(c -> c.get("status").asInt()).containsExactly(429, 429, 201);
        assertThat(calls).extracting(c -> c.get("idempotencyKey").asText()).as("one command, asked three times")
                .containsOnly(calls.getFirst().get("idempotencyKey").asText());
        for (int i = 1; i < calls.size(); i++) {
            assertThat(Duration.between(at(calls.get(i - 1)), at(calls.get(i))))
                    .as("attempt %d waited for the Retry-After of 1 s", i + 1)
                    .isGreaterThanOrEqualTo(Duration.ofMillis(950));
        }
        assertThat(effects(world.erp(), "journals", j -> j.path("description").asText().contains(id + ":"))).hasSize(1);
        assertThat(effects(world.treasury(), "obligations", o -> o.path("reportId").asText().equals(id))).hasSize(1);
    }

    @Test
    void aTreasuryDownForAPeriodGetsTheObligationWhenItIsBackOnce() {
        Instant downUntil = Instant.now().plusMillis(2_000);
        world.treasury().post("/_sandbox/faults", Map.of("downForMillis", 2_000)).require(200);
        String id = submit(world, "IT-DOWN-", 1);
        await(world, id, "AwaitingRelease", Duration.ofSeconds(40));

        List<JsonNode> calls = ledger(world.treasury(), OBLIGATIONS, b -> b.path("reportId").asText().equals(id));
        List<Integer> statuses = calls.stream().map(c -> c.get("status").asInt()).toList();
        assertThat(statuses.getLast()).isEqualTo(201);
        assertThat(statuses.subList(0, statuses.size() - 1)).as("refused while down").isNotEmpty().containsOnly(503);
        assertThat(at(calls.getLast())).as("went through once the treasury was back").isAfterOrEqualTo(downUntil.minusMillis(50));
        assertThat(effects(world.treasury(), "obligations", o -> o.path("reportId").asText().equals(id))).hasSize(1);
        assertThat(effects(world.erp(), "journals", j -> j.path("description").asText().contains(id + ":"))).hasSize(1);
    }

    @Test
    void aTreasuryDownPastTheRetryBudgetParksTheCommandWithItsContextAndAnOperatorRetryCompletesItOnce() {
        // A tenant of its own: the circuit breaker is per tenant and connector, and the other tests' refusals
        // must not open it before this command has spent its budget.
        World world = newWorld("PeerFaultsBudget");
        // Down "for good", announcing Retry-After: 0, so that the whole budget of attempts is spent at once.
        world.treasury().post("/_sandbox/faults", Map.of("downForMillis", 600_000, "downRetryAfterSeconds", 0)).require(200);
        String id = submit(world, "IT-BUDGET-", 2);
        JsonNode exception = awaitException(world, id, "retry-budget-spent", Duration.ofSeconds(30));
        JsonNode context = exception.get("context");
        assertThat(context.get("businessKey").asText()).isEqualTo(id);
        assertThat(context.get("workflowType").asText()).isEqualTo("expense-reimbursement");
        assertThat(context.get("connector").asText()).isEqualTo("treasury");
        assertThat(context.get("commandType").asText()).isEqualTo("create-obligation");
        assertThat(context.get("payload").asText()).contains(id);
        assertThat(exception.get("reason").asText()).contains("503");
        int attempts = Integer.parseInt(context.get("attempts").asText());
        List<JsonNode> refused = ledger(world.treasury(), OBLIGATIONS, b -> b.path("reportId").asText().equals(id));
        assertThat(refused).hasSize(attempts).extracting(c -> c.get("status").asInt()).containsOnly(503);
        assertThat(state(world, id).get("state").asText()).isNotEqualTo("AwaitingRelease");
        assertThat(effects(world.treasury(), "obligations", o -> o.path("reportId").asText().equals(id))).isEmpty();

        // The treasury is back; an operator retries, and the obligation is created exactly once. Ten refusals
        // in a row have opened this tenant's treasury breaker (failure rate 100 % over its minimum of 10
        // calls): the retried command waits until it half-opens (30 s), then goes through.
        world.treasury().post("/_sandbox/faults", Map.of("downForMillis", 0, "downRetryAfterSeconds", -1)).require(200);
        assertThat(world.finrelay().post(world.tenant().path("/exceptions/" + exception.get("id").asText() + "/retry"),
                Map.of("note", "treasury maintenance over")).status()).isEqualTo(200);
        await(world, id, "AwaitingRelease", Duration.ofSeconds(60));
        List<JsonNode> calls = ledger(world.treasury(), OBLIGATIONS, b -> b.path("reportId").asText().equals(id));
        assertThat(calls).hasSize(attempts + 1);
        assertThat(calls.getLast().get("status").asInt()).isEqualTo(201);
        assertThat(effects(world.treasury(), "obligations", o -> o.path("reportId").asText().equals(id))).hasSize(1);
        assertThat(effects(world.erp(), "journals", j -> j.path("description").asText().contains(id + ":"))).hasSize(1);
        JsonNode after = world.finrelay().get(world.tenant().path("/exceptions/" + exception.get("id").asText())).require(200).body();
        assertThat(after.get("status").asText()).isNotEqualTo("OPEN");
    }

    // ---- helpers ---------------------------------------------------------------------------------

    /** A valid report of the i-th employee, in by the API; answers its id. */
    private static String submit(World world, String prefix, int person) {
        String id = prefix + UUID.randomUUID().toString().substring(0, 8);
        DemoData.Person p = world.data().people().get(person);
        ObjectNode report = DemoData.report(id, p, "Kundentermin Hamburg", "EUR",
                DemoData.expenses(new Random(id.hashCode()), world.data(), p, TODAY), Instant.now());
        world.finrelay().post(world.tenant().path("/expense-reports"), report).require(201, 202);
        return id;
    }

    private static JsonNode state(World world, String id) {
        return world.finrelay().get(world.tenant().path("/expense-reports/" + id)).body();
    }

    private static JsonNode await(World world, String id, String wanted, Duration patience) {
        Instant deadline = Instant.now().plus(patience);
        JsonNode last = null;
        while (Instant.now().isBefore(deadline)) {
            Api.Answer answer = world.finrelay().get(world.tenant().path("/expense-reports/" + id));
            if (answer.status() == 200) {
                last = answer.body();
                if (last.get("state").asText().equals(wanted)) {
                    return last;
                }
            }
            pause();
        }
        throw new AssertionError("report " + id + " did not reach " + wanted + " in " + patience + "; it is "
                + (last == null ? "unknown" : last.get("state").asText() + " " + last.get("stateData")));
    }

    private static JsonNode awaitException(World world, String id, String code, Duration patience) {
        Instant deadline = Instant.now().plus(patience);
        while (Instant.now().isBefore(deadline)) {
            Api.Answer answer = world.finrelay().get(world.tenant().path("/expense-reports/" + id));
            if (answer.status() == 200) {
                String instance = answer.body().get("instanceId").asText();
                JsonNode open = world.finrelay().get(world.tenant().path("/exceptions?status=OPEN&instanceId=" + instance))
                        .require(200).body();
                for (JsonNode e : open) {
                    if (e.get("code").asText().equals(code)) {
                        return e;
                    }
                }
            }
            pause();
        }
        throw new AssertionError("no open " + code + " exception for report " + id + " in " + patience + ": " + state(world, id));
    }

    /** The peer's receipt ledger: the business requests to {@code path} whose body matches, in order. */
    private static List<JsonNode> ledger(Api peer, String path, Predicate<JsonNode> body) {
        JsonNode all = peer.get("/_sandbox/ledger").require(200).body();
        return StreamSupport.stream(all.spliterator(), false)
                .filter(e -> e.path("method").asText().equals("POST") && e.path("path").asText().equals(path))
                .filter(e -> body.test(e.path("body")))
                .toList();
    }

    private static List<JsonNode> effects(Api peer, String collection, Predicate<JsonNode> filter) {
        JsonNode all = peer.get("/_sandbox/state").require(200).body().path(collection);
        return StreamSupport.stream(all.spliterator(), false).filter(filter).toList();
    }

    private static Instant at(JsonNode ledgerEntry) {
        return Instant.parse(ledgerEntry.get("at").asText());
    }

    private static void pause() {
        try {
            Thread.sleep(25);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
