package io.finrelay.server.expense;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.finrelay.connectors.erp.tryton.TrytonClient;
import io.finrelay.connectors.erp.tryton.TrytonCodec;
import io.finrelay.connectors.erp.tryton.TrytonPeer;
import io.finrelay.server.ServerIT;
import io.finrelay.sandbox.world.Api;
import io.finrelay.sandbox.world.DemoData;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Expense to reimbursement with a real Tryton 6.0 as the tenant's ERP, chosen by the tenant's
 * connector configuration (made through the API), while another tenant on the same server keeps the
 * simulated REST ERP. The tenant's legal entity, GL accounts, employees and tax codes are pulled from
 * Tryton through the API ({@code pull-master-data}); the cost center, which this Tryton does not have
 * (no analytic accounting), the expense policy and the release roles are set through the API. Every
 * assertion about the ERP reads Tryton back through its JSON-RPC API.
 */
class ExpenseOnTrytonIT extends ServerIT {
    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
    /** The tax code the pull makes of Tryton's "VAT 19%". */
    private static final String TAX = "VAT-19";
    private static World world;

    record World(TestTenant tenant, Api finrelay, Api expense, Api bank, TrytonPeer peer, TrytonClient reader,
                 DemoData.Person erika, long erikaParty, String entity) {}

    @BeforeEach
    void world() {
        if (world != null) {
            return;
        }
        Map<String, String> urls = SandboxProcess.urls();
        TrytonPeer peer = TrytonPeer.get();
        peer.facts();
        TestTenant tenant = newTenant("Tryton");
        // The test sets the tenant up and releases its payments, so its key is tenant-admin and treasurer.
        Api finrelay = new Api("http://localhost:" + port, post(tenant.path("/api-keys"), tenant.adminKey(),
                "{\"name\": \"tryton desk\", \"roles\": [\"tenant-admin\", \"treasurer\"]}").body().get("secret").asText());
        finrelay.put(tenant.path("/connectors/erp"), trytonConnector(peer, peer.env().get("TRYTON_PASSWORD"))).require(200);

        // Master data from Tryton, by the product's own pull; a second pull adds nothing.
        JsonNode pulled = finrelay.post(tenant.path("/connectors/erp/pull-master-data"), Map.of()).require(200).body();
        assertThat(pulled.path("added").path("legal-entities").asInt()).isEqualTo(1);
        assertThat(pulled.path("added").path("gl-accounts").asInt()).isGreaterThanOrEqualTo(6);
        assertThat(pulled.path("added").path("employees").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(pulled.path("added").path("tax-codes").asInt()).isGreaterThanOrEqualTo(1);
        JsonNode again = finrelay.post(tenant.path("/connectors/erp/pull-master-data"), Map.of()).require(200).body();
        assertThat(again.path("added").size()).isZero();
        assertThat(again.path("alreadyPresent").path("legal-entities").asInt()).isEqualTo(1);
        JsonNode pulls = finrelay.get(tenant.path("/audit?kind=master-data.pulled&order=oldest")).require(200).body();
        assertThat(pulls).as("each pull is audited with its counts").hasSize(2);
        assertThat(pulls.get(0).at("/detail/after/added/legal-entities").asInt()).isEqualTo(1);
        String entity = finrelay.get(tenant.path("/legal-entities")).require(200).body().path("items").get(0)
                .get("id").asText();
        JsonNode e = StreamSupport.stream(finrelay.get(tenant.path("/employees")).require(200).body().path("items")
                .spliterator(), false).filter(x -> x.get("name").asText().equals("Erika Mustermann")).findFirst()
                .orElseThrow();
        assertThat(new BigDecimal(finrelay.get(tenant.path("/tax-codes/" + TAX)).require(200).body().get("ratePercent")
                .asText())).isEqualByComparingTo("19");
        finrelay.post(tenant.path("/cost-centers"), Map.of("code", "CC-410", "name", "Vertrieb DACH", "legalEntityId",
                entity, "open", true)).require(201);
        finrelay.put(tenant.path("/expense/policies/" + entity), Map.of("payableAccount", "1600", "inputTaxAccount", "1776",
                "fourEyesThreshold", "1000.00")).require(200);
        finrelay.put(tenant.path("/expense/roles/t.berger"), Map.of("roles", List.of("treasurer"))).require(200);
        finrelay.put(tenant.path("/expense/roles/j.roth"), Map.of("roles", List.of("treasurer"))).require(200);
        Api expense = new Api(urls.get("expense-platform"), null);
        Api bank = new Api(urls.get("bank"), null);
        subscribe(finrelay, tenant, urls, expense, bank);
        TrytonClient reader = new TrytonClient(peer.config());
        long erikaParty = reader.searchRead("company.employee", List.of(List.of("party.name", "=", "Erika Mustermann")),
                List.of("party")).get(0).path("party").asLong();
        DemoData.Person erika = new DemoData.Person(e.get("id").asText(), "e.mustermann", "Erika Mustermann", entity,
                e.path("bankAccount").path("iban").asText(), "k.wagner");
        world = new World(tenant, finrelay, expense, bank, peer, reader, erika, erikaParty, entity);
    }

    private static Map<String, Object> trytonConnector(TrytonPeer peer, String secret) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("url", peer.env().get("TRYTON_URL"));
        settings.put("database", peer.env().get("TRYTON_DB"));
        settings.put("user", peer.env().get("TRYTON_USER"));
        settings.put("journalCode", "MISC");
        settings.put("clearingAccount", "1000");
        return Map.of("type", "tryton", "settings", settings, "secret", secret);
    }

    private void subscribe(Api finrelay, TestTenant tenant, Map<String, String> urls, Api expense, Api bank) {
        JsonNode settings = finrelay.put(tenant.path("/expense/settings"), Map.of("expensePlatformUrl",
                urls.get("expense-platform"), "erpUrl", urls.get("erp"), "treasuryUrl", urls.get("treasury"),
                "timeoutMillis", 5_000)).require(200).body();
        expense.post("/_sandbox/subscriptions", Map.of("url", "http://localhost:" + port
                + settings.get("expenseWebhookUrl").asText(), "secret", settings.get("expenseWebhookSecret").asText())).require(200);
        bank.post("/_sandbox/subscriptions", Map.of("url", "http://localhost:" + port
                + settings.get("bankWebhookUrl").asText(), "secret", settings.get("bankWebhookSecret").asText())).require(200);
    }

    @Test
    void theConnectionTestSaysOkForTheRealTrytonAndBadCredentialsForAWrongPassword() {
        JsonNode ok = world.finrelay().post(world.tenant().path("/connectors/erp/test"), Map.of()).require(200).body();
        assertThat(ok.get("ok").asBoolean()).as(ok.toString()).isTrue();
        assertThat(ok.get("message").asText()).startsWith("connected to Tryton 6.0");

        TestTenant other = newTenant("Tryton");
        Api api = new Api("http://localhost:" + port, other.adminKey());
        api.put(other.path("/connectors/erp"), trytonConnector(world.peer(), "not-the-password")).require(200);
        JsonNode bad = api.post(other.path("/connectors/erp/test"), Map.of()).require(200).body();
        assertThat(bad.get("ok").asBoolean()).isFalse();
        assertThat(bad.get("problem").asText()).isEqualTo("BAD_CREDENTIALS");
        assertThat(bad.get("message").asText()).isEqualTo("bad credentials: Tryton refused user '"
                + world.peer().env().get("TRYTON_USER") + "' with this password on database '"
                + world.peer().env().get("TRYTON_DB") + "'");
    }

    @Test
    void reportsAreReimbursedWithOnePostedMovePerReportInTrytonTheEmployeePayableClearedAndNoDoubles() {
        world.expense().post("/_sandbox/faults", Map.of("duplicateWebhooks", true)).require(200);
        List<String> ids = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                ObjectNode report = report("TRY-", world.erika(), i);
                ids.add(report.get("reportId").asText());
                world.expense().post("/_sandbox/reports", report).require(202);
            }
            world.expense().post("/_sandbox/renotify", Map.of("reportId", ids.getFirst())).require(202);
        } finally {
            world.expense().post("/_sandbox/faults", Map.of("duplicateWebhooks", false)).require(200);
        }
        for (String id : ids) {
            await(world.finrelay(), world.tenant(), id, "AwaitingRelease");
            // Above the four-eyes threshold a second treasurer releases too.
            assertThat(release(id, "t.berger")).isEqualTo(202);
            if (world.finrelay().get(world.tenant().path("/expense-reports/" + id)).body().get("state").asText()
                    .equals("AwaitingRelease")) {
                assertThat(release(id, "j.roth")).isEqualTo(202);
            }
        }
        for (String id : ids) {
            JsonNode done = await(world.finrelay(), world.tenant(), id, "Reimbursed");
            BigDecimal total = new BigDecimal(done.path("stateData").path("c").path("booking").path("total").path("amount")
                    .asText());
            List<JsonNode> moves = trytonMoves("Expense report " + id + ":");
            assertThat(moves).as("one posted move for " + id).hasSize(1);
            assertThat(moves.getFirst().path("state").asText()).isEqualTo("posted");
            List<JsonNode> lines = lines(moves.getFirst());
            BigDecimal debits = BigDecimal.ZERO;
            JsonNode payable = null;
            for (JsonNode line : lines) {
                debits = debits.add(TrytonCodec.toDecimal(line.get("debit")));
                if (line.path("account.").path("code").asText().equals("1600")) {
                    payable = line;
                } else {
                    assertThat(line.path("account.").path("code").asText()).isIn("6000", "1776");
                }
            }
            assertThat(debits).isEqualByComparingTo(total);
            assertThat(payable).as("the employee payable line").isNotNull();
            assertThat(TrytonCodec.toDecimal(payable.get("credit"))).isEqualByComparingTo(total);
            assertThat(payable.path("party").asLong()).isEqualTo(world.erikaParty());
            long reconciliation = payable.path("reconciliation").asLong();
            assertThat(reconciliation).as("the payable is reconciled").isPositive();
            List<JsonNode> clearings = trytonMoves("Reimbursement paid: report " + id + " ");
            assertThat(clearings).as("one clearing for " + id).hasSize(1);
            assertThat(lines(clearings.getFirst())).as("the clearing's payable line is the other side of the reconciliation")
                    .anySatisfy(l -> {
                        assertThat(l.path("account.").path("code").asText()).isEqualTo("1600");
                        assertThat(TrytonCodec.toDecimal(l.get("debit"))).isEqualByComparingTo(total);
                        assertThat(l.path("reconciliation").asLong()).isEqualTo(reconciliation);
                    });
        }
    }

    @Test
    void aTenantOnTheSimulatedErpAtTheSameTimeIsUnaffected() {
        Map<String, String> urls = SandboxProcess.urls();
        TestTenant simulated = newTenant("Simulated");
        Api api = new Api("http://localhost:" + port, simulated.adminKey());
        DemoData.World data = DemoData.setUp(api, simulated.id(), TODAY);
        subscribe(api, simulated, urls, world.expense(), world.bank());
        ObjectNode theirs = report("SIM-", data.people().getFirst(), 0);
        ObjectNode ours = report("TRY-", world.erika(), 7);
        world.expense().post("/_sandbox/reports", theirs).require(202);
        world.expense().post("/_sandbox/reports", ours).require(202);
        String simId = theirs.get("reportId").asText();
        String tryId = ours.get("reportId").asText();
        await(api, simulated, simId, "AwaitingRelease");
        await(world.finrelay(), world.tenant(), tryId, "AwaitingRelease");

        Api erp = new Api(urls.get("erp"), null);
        List<JsonNode> simulatedJournals = StreamSupport.stream(erp.get("/_sandbox/state").body().path("journals")
                .spliterator(), false).filter(j -> j.path("description").asText().contains(simId + ":")).toList();
        assertThat(simulatedJournals).as("the simulated tenant's journal is at the simulated ERP").hasSize(1);
        assertThat(trytonMoves("Expense report " + simId + ":")).as("and not in Tryton").isEmpty();
        assertThat(StreamSupport.stream(erp.get("/_sandbox/state").body().path("journals").spliterator(), false)
                .filter(j -> j.path("description").asText().contains(tryId + ":")).toList())
                .as("the Tryton tenant's journal is not at the simulated ERP").isEmpty();
        assertThat(trytonMoves("Expense report " + tryId + ":")).as("but in Tryton").hasSize(1);
    }

    @Test
    void aChangedConfigurationIsUsedAtOnceAWrongPasswordParksThePostingAndTheFixedSecretPostsItOnce() {
        String password = world.peer().env().get("TRYTON_PASSWORD");
        world.finrelay().put(world.tenant().path("/connectors/erp"), trytonConnector(world.peer(), "expired-2025!"))
                .require(200);
        String id;
        JsonNode exception;
        try {
            ObjectNode report = report("TRY-PW-", world.erika(), 11);
            id = report.get("reportId").asText();
            world.expense().post("/_sandbox/reports", report).require(202);
            exception = awaitOpenException(id, "permanent-failure");
            assertThat(exception.get("reason").asText()).startsWith("bad credentials: Tryton refused");
            assertThat(exception.get("context").get("commandType").asText()).isEqualTo("post-journal");
            assertThat(trytonMoves("Expense report " + id + ":")).isEmpty();
        } finally {
            world.finrelay().put(world.tenant().path("/connectors/erp"), trytonConnector(world.peer(), password))
                    .require(200);
        }
        assertThat(world.finrelay().post(world.tenant().path("/exceptions/" + exception.get("id").asText() + "/retry"),
                Map.of("note", "Tryton password rotated")).status()).isEqualTo(200);
        await(world.finrelay(), world.tenant(), id, "AwaitingRelease");
        assertThat(trytonMoves("Expense report " + id + ":")).hasSize(1);
    }

    /** Polls for the report's open exception with {@code code}. */
    private static JsonNode awaitOpenException(String reportId, String code) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            Api.Answer report = world.finrelay().get(world.tenant().path("/expense-reports/" + reportId));
            if (report.status() == 200) {
                JsonNode open = world.finrelay().get(world.tenant().path("/exceptions?status=OPEN&instanceId="
                        + report.body().get("instanceId").asText())).require(200).body();
                for (JsonNode e : open) {
                    if (e.get("code").asText().equals(code)) {
                        return e;
                    }
                }
            }
            pause();
        }
        throw new AssertionError("no open " + code + " exception for report " + reportId);
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A report on cost center CC-410 with German VAT: travel on Tryton's 6000, or the demo chart's 6650. */
    private static ObjectNode report(String prefix, DemoData.Person person, int seed) {
        String id = prefix + UUID.randomUUID().toString().substring(0, 8);
        Random random = new Random(id.hashCode() + seed);
        List<DemoData.Expense> expenses = new ArrayList<>();
        String account = prefix.startsWith("SIM") ? "6650" : "6000";
        for (int i = 0; i <= random.nextInt(3); i++) {
            expenses.add(new DemoData.Expense(TODAY.minusDays(2 + i), i == 0 ? "Deutsche Bahn" : "Hotel Atlantic Hamburg",
                    i == 0 ? "TRAIN" : "LODNG", account, "CC-410", BigDecimal.valueOf(2_000 + random.nextInt(40_000), 2),
                    prefix.startsWith("SIM") ? "DE-VAT-19" : TAX, null));
        }
        return DemoData.report(id, person, "Kundentermin Hamburg", "EUR", expenses, Instant.now());
    }

    private static int release(String id, String releaser) {
        return world.finrelay().post(world.tenant().path("/expense-reports/" + id + "/releases"),
                Map.of("releaser", releaser)).status();
    }

    private List<JsonNode> trytonMoves(String descriptionPrefix) {
        List<JsonNode> out = new ArrayList<>();
        world.reader().searchRead("account.move", List.of(List.of("description", "like", descriptionPrefix + "%")),
                List.of("state", "description", "lines")).forEach(out::add);
        return out;
    }

    private List<JsonNode> lines(JsonNode move) {
        List<Long> ids = new ArrayList<>();
        move.get("lines").forEach(l -> ids.add(l.asLong()));
        List<JsonNode> out = new ArrayList<>();
        world.reader().read("account.move.line", ids, List.of("account.code", "debit", "credit", "party", "reconciliation"))
                .forEach(out::add);
        return out;
    }

    /** Polls the report until it reaches {@code wanted} (fails after 60 s with the state it is in). */
    private static JsonNode await(Api api, TestTenant tenant, String id, String wanted) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        JsonNode last = null;
        while (Instant.now().isBefore(deadline)) {
            Api.Answer answer = api.get(tenant.path("/expense-reports/" + id));
            if (answer.status() == 200) {
                last = answer.body();
                if (last.get("state").asText().equals(wanted)) {
                    return last;
                }
            }
            pause();
        }
        throw new AssertionError("report " + id + " did not reach " + wanted + "; it is " + (last == null ? "unknown"
                : last.get("state").asText() + " " + last.get("stateData")));
    }
}
