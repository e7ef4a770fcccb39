package io.finrelay.server.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.finrelay.engine.db.Database;
import io.finrelay.server.ServerIT;
import io.finrelay.server.bank.BankFileImported;
import io.finrelay.sandbox.world.Api;
import io.finrelay.sandbox.world.DemoData;
import io.finrelay.server.expense.SandboxProcess;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;

/**
 * The reconciliation in the server, end to end: open items by the API, bank lines of a registered
 * house account, a run (after an import or by the API), the match's workflow, and its clearing at the
 * sandbox ERP in a separate process, asserted on the peer's recorded requests: one clearing per item,
 * never a second one under another key.
 */
class ReconciliationIT extends ServerIT {
    private static final String HOUSE_IBAN = "DE02120300000000202051";
    private static final LocalDate BOOKED = LocalDate.of(2026, 3, 16);

    @Autowired
    Database db;
    @Autowired
    ApplicationEventPublisher events;
    @Autowired
    io.finrelay.reconciliation.Matcher matcher;
    @Autowired
    io.finrelay.engine.WorkflowEngine engine;
    @Autowired
    OpenItemStore openItemStore;
    @Autowired
    ReconciliationStore reconciliationStore;
    @Autowired
    ReturnHandoff returnHandoff;
    @Autowired
    java.time.Clock clock;
    @Autowired
    com.fasterxml.jackson.databind.ObjectMapper objectMapper;

    /** The process running a reconciliation dies (an Error: nothing in the run catches it). */
    private static final class ProcessDied extends Error {
        private static final long serialVersionUID = 1L;
    }

    private static Map<String, String> peers;
    private TestTenant tenant;
    private Api erp;

    @BeforeEach
    void tenantWithAHouseAccountAndTheSandboxErp() {
        if (peers == null) {
            peers = SandboxProcess.urls();
        }
        erp = new Api(peers.get("erp"), null);
        tenant = newTenant("Recon");
        put(tenant.path("/expense/settings"), json("expensePlatformUrl", peers.get("expense-platform"),
                "erpUrl", peers.get("erp"), "treasuryUrl", peers.get("treasury"), "timeoutMillis", 2000), 200);
        asOwner(db, c -> {
            try (PreparedStatement insert = c.prepareStatement("insert into house_bank_account (tenant_id, iban, "
                    + "legal_entity, currency, bic, name, created_at, updated_at) "
                    + "values (?::uuid, ?, 'ACME-DE', 'EUR', 'BYLADEM1001', 'Operating', now(), now())")) {
                insert.setString(1, tenant.id());
                insert.setString(2, HOUSE_IBAN);
                insert.executeUpdate();
            }
            return null;
        });
    }

    // ---- open items ------------------------------------------------------------------------------

    @Test
    void openItemsAreCreatedOnceARepeatChangesNothingAndOtherContentUnderTheSameIdIsRefused() {
        String items = "[" + item("AR-0001", "RECEIVABLE", "1234.50", "E2E-AR-0001") + ","
                + item("AP-0001", "PAYABLE", "89.90", null) + "]";
        Answer created = post(tenant.path("/open-items"), tenant.adminKey(), items);
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        assertThat(created.body().get("created")).hasSize(2);

        Answer repeat = post(tenant.path("/open-items"), tenant.adminKey(), items);
        assertThat(repeat.status()).isEqualTo(200);
        assertThat(repeat.body().get("created")).isEmpty();
        assertThat(repeat.body().get("unchanged")).hasSize(2);

        Answer other = post(tenant.path("/open-items"), tenant.adminKey(),
                "[" + item("AR-0001", "RECEIVABLE", "1234.51", "E2E-AR-0001") + "]");
        assertThat(other.status()).isEqualTo(422);
        assertThat(other.contentType()).startsWith("application/problem+json");
        assertThat(other.body().get("detail").asText()).contains("AR-0001");

        JsonNode stored = get(tenant.path("/open-items?status=OPEN"), tenant.adminKey()).body();
        assertThat(stored.get("items")).hasSize(2);
        assertThat(stored.get("items").get(1).get("amount").asText()).isEqualTo("1234.50");
    }

    @Test
    void badMoneyIsRefusedNamingTheFieldAndTheIndexAndNothingIsStored() {
        for (String amount : List.of("12.345", "1e3", "-5.00", "abc")) {
            Answer bad = post(tenant.path("/open-items"), tenant.adminKey(), "[" + item("AR-0100", "RECEIVABLE", "10.00", null)
                    + "," + item("AR-0101", "RECEIVABLE", amount, null) + "]");
            assertThat(bad.status()).as(amount).isEqualTo(400);
            assertThat(bad.contentType()).startsWith("application/problem+json");
            assertThat(bad.body().toString()).as(amount).contains("[1].amount");
        }
        Answer currency = post(tenant.path("/open-items"), tenant.adminKey(),
                "[{\"id\":\"AR-0102\",\"direction\":\"RECEIVABLE\",\"amount\":\"10.00\",\"currency\":\"EURO\"}]");
        assertThat(currency.status()).isEqualTo(400);
        assertThat(currency.body().toString()).contains("[0].currency");
        assertThat(get(tenant.path("/open-items"), tenant.adminKey()).body().get("items")).isEmpty();
    }

    @Test
    void anotherTenantsCallerGets404AndListsArePagedByCursor() {
        post(tenant.path("/open-items"), tenant.adminKey(), "[" + item("AR-0201", "RECEIVABLE", "10.00", null) + ","
                + item("AR-0202", "RECEIVABLE", "20.00", null) + "," + item("AR-0203", "RECEIVABLE", "30.00", null) + "]");
        TestTenant intruder = newTenant("Intruder");
        assertThat(get(tenant.path("/open-items"), intruder.adminKey()).status()).isEqualTo(404);
        assertThat(post(tenant.path("/open-items"), intruder.adminKey(), "[" + item("X-1", "PAYABLE", "1.00", null) + "]")
                .status()).isEqualTo(404);

        JsonNode first = get(tenant.path("/open-items?limit=2"), tenant.adminKey()).body();
        assertThat(first.get("items")).hasSize(2);
        JsonNode second = get(tenant.path("/open-items?limit=2&cursor=" + first.get("next").asText()), tenant.adminKey()).body();
        assertThat(second.get("items")).hasSize(1);
        assertThat(second.get("items").get(0).get("id").asText()).isEqualTo("AR-0203");
        assertThat(second.path("next").isMissingNode() || second.get("next").isNull()).as("no next page").isTrue();
        assertThat(get(tenant.path("/open-items?limit=501"), tenant.adminKey()).status()).isEqualTo(400);
    }

    // ---- runs and clearing -----------------------------------------------------------------------

    @Test
    void aRunAfterAnImportMatchesAnEndToEndPaymentAutomaticallyAndClearsItOnceInTheErp() {
        post(tenant.path("/open-items"), tenant.adminKey(), "[" + item("AR-1001", "RECEIVABLE", "1250.00", "E2E-INV-2026-1001")
                + "," + item("AR-1002", "RECEIVABLE", "310.40", "E2E-INV-2026-1002") + "]");
        UUID file = importFile(line(1, "1250.00", "CREDIT", "E2E-INV-2026-1001", "Spedition Nord GmbH", null),
                line(2, "99.00", "CREDIT", "E2E-UNKNOWN-7", "Unbekannt AG", null));

        JsonNode match = awaitMatches("AUTO", 1).get(0);
        assertThat(match.get("openItems").get(0).asText()).isEqualTo("AR-1001");
        assertThat(match.get("lines").get(0).get("bankFileId").asText()).isEqualTo(file.toString());
        assertThat(match.get("difference").get("kind").asText()).isEqualTo("NONE");
        assertThat(match.get("reasons").get(0).get("feature").asText()).isEqualTo("end-to-end-id");
        awaitClearings("AR-1001", 1);
        assertThat(itemStatus("AR-1001")).isEqualTo("MATCHED");
        assertThat(itemStatus("AR-1002")).isEqualTo("OPEN");

        // A run over everything open again: nothing new, nothing cleared twice.
        Answer again = post(tenant.path("/reconciliation/runs"), tenant.adminKey(), "{}");
        assertThat(again.status()).as(again.body().toString()).isEqualTo(200);
        assertThat(again.body().get("state").asText()).isEqualTo("DONE");
        assertThat(again.body().get("matched").asInt()).isZero();
        assertThat(get(tenant.path("/reconciliation/runs/" + again.body().get("id").asText()), tenant.adminKey())
                .body().get("linesConsidered").asInt()).isEqualTo(1);
        JsonNode unmatched = get(tenant.path("/reconciliation/unmatched?side=lines"), tenant.adminKey()).body();
        assertThat(unmatched.get("items")).hasSize(1);
        assertThat(unmatched.get("items").get(0).get("endToEndId").asText()).isEqualTo("E2E-UNKNOWN-7");
        assertThat(get(tenant.path("/reconciliation/matches?bankFile=" + file), tenant.adminKey()).body().get("items"))
                .hasSize(1);
        assertThat(clearingRequests("AR-1001")).hasSize(1);
        assertThat(violations()).isEmpty();
    }

    @Test
    void theBanksOneDebitForAWholePaymentRunMatchesEveryItemTheRunPaid() {
        String run = "PMTINF-2026-03-16-01";
        post(tenant.path("/open-items"), tenant.adminKey(), "[" + runItem("AP-5001", "1200.00", run) + ","
                + runItem("AP-5002", "800.00", run) + "," + runItem("AP-5003", "455.20", "PMTINF-2026-03-16-02") + "]");
        JsonNode listed = get(tenant.path("/open-items?status=OPEN"), tenant.adminKey()).body().get("items");
        assertThat(StreamSupport.stream(listed.spliterator(), false).filter(i -> i.path("paymentRunId").asText().equals(run)))
                .hasSize(2);
        importFile(line(1, "2000.00", "DEBIT", run, "Sammelueberweisung", null));

        JsonNode match = awaitMatches("AUTO", 1).get(0);
        assertThat(match.get("openItems")).extracting(JsonNode::asText).containsExactlyInAnyOrder("AP-5001", "AP-5002");
        assertThat(match.get("reasons").toString()).contains("payment-run");
        awaitClearings("AP-5001", 1);
        assertThat(itemStatus("AP-5003")).isEqualTo("OPEN");
        assertThat(violations()).isEmpty();
    }

    private static String runItem(String id, String amount, String paymentRunId) {
        return json("id", id, "direction", "PAYABLE", "legalEntity", "ACME-DE", "counterpartyName", "Lieferant " + id,
                "invoiceNumber", "ER-" + id, "paymentRunId", paymentRunId, "amount", amount, "currency", "EUR",
                "dueDate", "2026-03-16");
    }

    @Test
    void aSuggestedMatchConfirmedTwiceAtOnceIsClearedOnce() throws Exception {
        suggestEveryMatch();
        post(tenant.path("/open-items"), tenant.adminKey(), "[" + item("AP-2001", "PAYABLE", "4800.00", "E2E-PAY-2001") + "]");
        importFile(line(1, "4800.00", "DEBIT", "E2E-PAY-2001", "Lagertechnik Süd GmbH", null));
        JsonNode suggested = awaitMatches("SUGGESTED", 1).get(0);
        assertThat(itemStatus("AP-2001")).isEqualTo("OPEN");
        assertThat(clearingRequests("AP-2001")).isEmpty();
        String operator = keyFor(tenant, tenant.adminKey(), "operator");

        String path = tenant.path("/reconciliation/matches/" + suggested.get("id").asText() + "/confirm");
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService two = Executors.newFixedThreadPool(2);
        try {
            List<Future<Answer>> answers = new ArrayList<>();
            for (String key : List.of(tenant.adminKey(), operator)) {
                Callable<Answer> confirm = () -> {
                    start.await();
                    return post(path, key, "{}");
                };
                answers.add(two.submit(confirm));
            }
            start.countDown();
            int confirmed = 0;
            for (Future<Answer> answer : answers) {
                Answer a = answer.get();
                assertThat(a.status()).as(String.valueOf(a.body())).isIn(200, 409);
                confirmed += a.status() == 200 ? 1 : 0;
            }
            assertThat(confirmed).isGreaterThanOrEqualTo(1);
        } finally {
            two.shutdownNow();
        }
        awaitClearings("AP-2001", 1);
        assertThat(matchesWith("CONFIRMED")).hasSize(1);
        assertThat(itemStatus("AP-2001")).isEqualTo("MATCHED");
        // Confirming once more is refused and sends nothing.
        assertThat(post(path, tenant.adminKey(), "{}").status()).isIn(200, 409);
        assertThat(clearingRequests("AP-2001")).hasSize(1);
        assertThat(violations()).isEmpty();
    }

    @Test
    void aRejectedPairIsNotProposedAgainOnTheNextRun() {
        suggestEveryMatch();
        post(tenant.path("/open-items"), tenant.adminKey(), "[" + item("AR-3001", "RECEIVABLE", "560.00", "E2E-AR-3001") + "]");
        importFile(line(1, "560.00", "CREDIT", "E2E-AR-3001", "Kunde West KG", null));
        JsonNode suggested = awaitMatches("SUGGESTED", 1).get(0);
        String viewer = keyFor(tenant, tenant.adminKey(), "viewer");
        assertThat(post(tenant.path("/reconciliation/matches/" + suggested.get("id").asText() + "/reject"), viewer,
                "{\"note\":\"not this customer\"}").status()).isEqualTo(403);

        Answer rejected = post(tenant.path("/reconciliation/matches/" + suggested.get("id").asText() + "/reject"),
                tenant.adminKey(), "{\"note\":\"same amount, other invoice\"}");
        assertThat(rejected.status()).as(rejected.body().toString()).isEqualTo(200);
        assertThat(rejected.body().get("status").asText()).isEqualTo("REJECTED");

        Answer next = post(tenant.path("/reconciliation/runs"), tenant.adminKey(), "{}");
        assertThat(next.body().get("suggested").asInt()).isZero();
        assertThat(next.body().get("matched").asInt()).isZero();
        assertThat(matchesWith("SUGGESTED")).isEmpty();
        assertThat(itemStatus("AR-3001")).isEqualTo("OPEN");
        assertThat(get(tenant.path("/reconciliation/unmatched?side=lines"), tenant.adminKey()).body().get("items")).hasSize(1);
        assertThat(clearingRequests("AR-3001")).isEmpty();
    }

    @Test
    void aReturnReopensTheItemAndOpensAnExceptionWhenTheOwningWorkflowDoesNotTakeIt() {
        // A reimbursement Finrelay paid (as the treasury connector records it when the payment is released).
        asOwner(db, c -> {
            try (PreparedStatement insert = c.prepareStatement("insert into recon_open_item (tenant_id, id, source, "
                    + "direction, counterparty_name, counterparty_iban, end_to_end_id, amount, open_amount, currency, due_date, "
                    + "status, workflow_key, obligation_id, paid_by, content, created_by, created_at) values (?::uuid, "
                    + "'REIMB-OBL-EXP-2026-0417-1', 'FINRELAY', 'PAYABLE', 'Mara Keller', 'DE89370400440532013000', "
                    + "'EXP-2026-0417', 412.80, 412.80, 'EUR', ?, 'OPEN', 'EXP-2026-0417', 'OBL-EXP-2026-0417-1', "
                    + "'[\"m.treasurer\"]', '{}', 'engine', ?)")) {
                insert.setString(1, tenant.id());
                insert.setDate(2, Date.valueOf(BOOKED));
                insert.setTimestamp(3, Timestamp.from(Instant.parse("2026-03-15T09:00:00Z")));
                insert.executeUpdate();
            }
            return null;
        });
        importFile(line(1, "412.80", "DEBIT", "EXP-2026-0417", "Mara Keller", null));
        awaitMatches("AUTO", 1);
        awaitClearings("REIMB-OBL-EXP-2026-0417-1", 1);
        assertThat(itemStatus("REIMB-OBL-EXP-2026-0417-1")).isEqualTo("MATCHED");

        // Three days later the bank books it back: AC04, account closed.
        UUID returnFile = importFile(line(1, "412.80", "CREDIT", "EXP-2026-0417", "Mara Keller",
                new String[] {"AC04", "Closed account number", "EXP-2026-0417", "PAY-OBL-EXP-2026-0417-1"}));
        await().atMost(Duration.ofSeconds(30)).until(() -> itemStatus("REIMB-OBL-EXP-2026-0417-1").equals("OPEN"));
        assertThat(matchesWith("RETURNED")).hasSize(1);
        JsonNode exceptions = get(tenant.path("/exceptions?status=OPEN"), tenant.adminKey()).body();
        List<JsonNode> returned = StreamSupport.stream(exceptions.spliterator(), false)
                .filter(e -> e.get("code").asText().equals("payment-returned")).toList();
        assertThat(returned).hasSize(1);
        assertThat(returned.get(0).get("context").get("reasonCode").asText()).isEqualTo("AC04");
        assertThat(returned.get(0).get("context").get("openItem").asText()).isEqualTo("REIMB-OBL-EXP-2026-0417-1");
        assertThat(returned.get(0).get("context").get("line").asText()).isEqualTo(returnFile + ":1");
        // The workflow was asked (through the engine inbox, source reconciliation) and its answer recorded.
        assertThat(returned.get(0).get("context").get("workflowAnswer").asText()).isEqualTo("Rejected");
        int handedOver = asOwner(db, c -> {
            try (PreparedStatement select = c.prepareStatement("select count(*) from inbox where tenant_id = ?::uuid "
                    + "and source = 'reconciliation' and dedup_key = ?")) {
                select.setString(1, tenant.id());
                select.setString(2, "return:" + returnFile + ":1");
                try (var r = select.executeQuery()) {
                    r.next();
                    return r.getInt(1);
                }
            }
        });
        assertThat(handedOver).isEqualTo(1);
        // The ERP's clearing of the item is reversed, once: the payable is open in the ERP again too.
        String clearingId = clearingAnswerOf("REIMB-OBL-EXP-2026-0417-1");
        await().atMost(Duration.ofSeconds(30)).until(() -> reversalRequests(clearingId).size() >= 1);
        // The next run does not return it twice, and nothing is reversed twice.
        assertThat(post(tenant.path("/reconciliation/runs"), tenant.adminKey(), "{}").body().get("returns").asInt()).isZero();
        assertThat(reversalRequests(clearingId)).singleElement()
                .satisfies(r -> assertThat(r.path("body").path("reasonCode").asText()).isEqualTo("AC04"));
        JsonNode erpState = erp.get("/_sandbox/state").require(200).body();
        assertThat(erpState.get("clearedItems").has("REIMB-OBL-EXP-2026-0417-1")).isFalse();
        assertThat(violations()).isEmpty();
    }

    /** The id of the sandbox ERP's one clearing of this item. */
    private String clearingAnswerOf(String itemId) {
        JsonNode clearings = erp.get("/_sandbox/state").require(200).body().get("clearingsById");
        List<String> ids = new ArrayList<>();
        clearings.properties().forEach(e -> {
            if (StreamSupport.stream(e.getValue().spliterator(), false).anyMatch(i -> i.asText().equals(itemId))) {
                ids.add(e.getKey());
            }
        });
        assertThat(ids).hasSize(1);
        return ids.getFirst();
    }

    private List<JsonNode> reversalRequests(String clearingId) {
        JsonNode state = erp.get("/_sandbox/state").require(200).body();
        return StreamSupport.stream(state.get("reversalRequests").spliterator(), false)
                .filter(r -> r.path("body").path("clearingRef").asText().equals(clearingId))
                .toList();
    }

    @Test
    void aRunStoppedDeadBetweenABatchAndItsHandOverIsResumedWithoutClearingAnythingTwice() {
        post(tenant.path("/open-items"), tenant.adminKey(), "[" + item("AR-4001", "RECEIVABLE", "100.00", "E2E-AR-4001")
                + "," + item("AR-4002", "RECEIVABLE", "200.00", "E2E-AR-4002") + ","
                + item("AR-4003", "RECEIVABLE", "300.00", "E2E-AR-4003") + "]");
        insertFile(line(1, "100.00", "CREDIT", "E2E-AR-4001", "Kunde A", null),
                line(2, "200.00", "CREDIT", "E2E-AR-4002", "Kunde B", null),
                line(3, "300.00", "CREDIT", "E2E-AR-4003", "Kunde C", null));
        // A run like the server's, in batches of one match, whose process dies right after the first
        // batch has committed and before it is handed over: the worst moment for a crash. Death is an
        // Error the run does not catch, so, as after kill -9, the run is left RUNNING and nothing after
        // that point happens.
        ReconciliationRuns dying = new ReconciliationRuns(db, matcher, engine, openItemStore, reconciliationStore,
                returnHandoff, clock, objectMapper, 1, (run, batch, matches) -> {
                    throw new ProcessDied();
                });
        var scope = scopeOf(tenant);
        assertThatThrownBy(() -> dying.run(scope, "test", true)).isInstanceOf(ProcessDied.class);
        assertThat(matchesWith("AUTO")).hasSize(1);
        assertThat(clearingRequests("AR-4001")).isEmpty();

        Answer resumed = post(tenant.path("/reconciliation/runs"), tenant.adminKey(), "{}");
        assertThat(resumed.status()).isEqualTo(200);
        assertThat(resumed.body().get("resumed").asInt()).isEqualTo(1);
        assertThat(resumed.body().get("state").asText()).isEqualTo("DONE");
        assertThat(resumed.body().get("matched").asInt()).isEqualTo(3);
        for (String id : List.of("AR-4001", "AR-4002", "AR-4003")) {
            awaitClearings(id, 1);
        }
        assertThat(post(tenant.path("/reconciliation/runs"), tenant.adminKey(), "{}").body().get("matched").asInt()).isZero();
        for (String id : List.of("AR-4001", "AR-4002", "AR-4003")) {
            assertThat(clearingRequests(id)).hasSize(1);
        }
        assertThat(violations()).isEmpty();
    }

    @Test
    void aReimbursementReleasedThroughTheTreasuryBecomesAnOpenItemThatItsBankDebitMatches() {
        String key = post(tenant.path("/api-keys"), tenant.adminKey(), "{\"name\": \"reimbursements\", "
                + "\"roles\": [\"tenant-admin\", \"treasurer\"]}").body().get("secret").asText();
        Api finrelay = new Api("http://localhost:" + port, key);
        // The server's clock: the report's rates and windows are judged by it.
        LocalDate today = LocalDate.ofInstant(clock.instant(), java.time.ZoneOffset.UTC);
        DemoData.World data = DemoData.setUp(finrelay, tenant.id(), today);
        DemoData.Person person = data.people().getFirst();
        asOwner(db, c -> {
            // The account the reimbursements are paid from belongs to the employee's legal entity.
            try (PreparedStatement update = c.prepareStatement("update house_bank_account set legal_entity = ? "
                    + "where tenant_id = ?::uuid and iban = ?")) {
                update.setString(1, person.entity());
                update.setString(2, tenant.id());
                update.setString(3, HOUSE_IBAN);
                update.executeUpdate();
            }
            return null;
        });
        String report = "EXP-2026-0555-" + tenant.id().substring(0, 8);
        String obligation = report + "-P1";
        String item = "REIMB-" + obligation;
        finrelay.post(tenant.path("/expense-reports"), DemoData.report(report, person, "Kundentermin Hamburg", "EUR",
                DemoData.expenses(new java.util.Random(555), data, person, today), clock.instant())).require(202);
        awaitReport(finrelay, report, "AwaitingRelease");
        assertThat(itemStatus(item)).as("not expected on the account before its release").isEqualTo("absent");
        assertThat(stored(item, "status")).as("recorded by the transition that sent the obligation to treasury")
                .isEqualTo("AWAITING_RELEASE");

        finrelay.post(tenant.path("/expense-reports/" + report + "/releases"), Map.of("releaser", "t.berger")).require(202);
        if (awaitReport(finrelay, report, "AwaitingRelease", "Paying").get("state").asText().equals("AwaitingRelease")) {
            finrelay.post(tenant.path("/expense-reports/" + report + "/releases"), Map.of("releaser", "j.roth")).require(202);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> itemStatus(item).equals("OPEN"));
        // What the bank debits is what treasury was asked to pay (the sandbox's record of the obligation).
        JsonNode sent = StreamSupport.stream(new Api(peers.get("treasury"), null).get("/_sandbox/state").require(200).body()
                .get("obligations").spliterator(), false).filter(o -> o.path("obligationId").asText().equals(obligation))
                .findFirst().orElseThrow();
        String amount = sent.get("amount").asText();
        assertThat(new BigDecimal(stored(item, "amount"))).isEqualByComparingTo(amount);

        suggestEveryMatch();
        importFile(line(1, amount, "DEBIT", report, person.name(), null));
        JsonNode suggested = awaitMatches("SUGGESTED", 1).get(0);
        assertThat(suggested.get("openItems").get(0).asText()).isEqualTo(item);
        String confirm = tenant.path("/reconciliation/matches/" + suggested.get("id").asText() + "/confirm");
        Answer byReleaser = post(confirm, tenant.adminKey(), "{\"confirmedBy\":\"t.berger\"}");
        assertThat(byReleaser.status()).as("who released the payment does not confirm its match").isEqualTo(403);
        assertThat(byReleaser.body().get("detail").asText()).contains("segregation of duties");
        assertThat(clearingRequests(item)).isEmpty();
        assertThat(post(confirm, tenant.adminKey(), "{\"confirmedBy\":\"a.controller\"}").status()).isEqualTo(200);
        awaitClearings(item, 1);
        JsonNode request = clearingRequests(item).get(0).get("body");
        assertThat(request.get("items").get(0).get("paidBy").get(0).asText()).isEqualTo("t.berger");
        assertThat(request.get("lines").get(0).get("amount").asText()).isEqualTo(amount);
    }

    /** The report once it is in one of {@code states}, through the API. */
    private JsonNode awaitReport(Api finrelay, String reportId, String... states) {
        List<String> wanted = List.of(states);
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Api.Answer answer = finrelay.get(tenant.path("/expense-reports/" + reportId));
            last[0] = answer.body();
            return answer.status() == 200 && wanted.contains(answer.body().get("state").asText());
        });
        return last[0];
    }

    /** A column of the item as stored, AWAITING_RELEASE included (which the API does not list); "absent" without it. */
    private String stored(String id, String column) {
        return asOwner(db, c -> {
            try (PreparedStatement select = c.prepareStatement("select " + column + "::text from recon_open_item "
                    + "where tenant_id = ?::uuid and id = ?")) {
                select.setString(1, tenant.id());
                select.setString(2, id);
                try (var rs = select.executeQuery()) {
                    return rs.next() ? rs.getString(1) : "absent";
                }
            }
        });
    }

    @Test
    void rulesAndSettingsAreDataCheckedOnTheWayIn() {
        Answer rules = call("PUT", tenant.path("/reconciliation/rules"), tenant.adminKey(), "[{\"name\":\"bank fees\","
                + "\"bankTransactionCode\":\"PMNT-MCOP-CHRG\",\"direction\":\"DEBIT\",\"glAccount\":\"6855\"}]", Map.of());
        assertThat(rules.status()).as(rules.body().toString()).isEqualTo(200);
        assertThat(get(tenant.path("/reconciliation/rules"), tenant.adminKey()).body().get(0).get("glAccount").asText())
                .isEqualTo("6855");
        Answer badRule = call("PUT", tenant.path("/reconciliation/rules"), tenant.adminKey(),
                "[{\"name\":\"interest\",\"textPattern\":\"ZINS(\",\"glAccount\":\"2650\"}]", Map.of());
        assertThat(badRule.status()).isEqualTo(400);
        assertThat(badRule.body().toString()).contains("[0].textPattern");
        Answer badSettings = call("PUT", tenant.path("/reconciliation/settings"), tenant.adminKey(),
                "{\"autoThreshold\":0.9,\"margin\":0.1,\"feeTolerance\":{\"EUR\":\"2.505\"},\"fxTolerance\":\"0.02\","
                        + "\"dateWindowDays\":30,\"maxSubsetSize\":4,\"feeAccount\":\"6855\"}", Map.of());
        assertThat(badSettings.status()).isEqualTo(400);
        assertThat(badSettings.body().toString()).contains("feeTolerance.EUR");
        assertThat(get(tenant.path("/reconciliation/settings"), tenant.adminKey()).body().get("autoThreshold").asDouble())
                .isEqualTo(0.9);
    }

    // ---- helpers ---------------------------------------------------------------------------------

    @Test
    void aCustomersOpenReceivableIsForecastAsLateAsTheBankShowsItUsuallyPays() {
        // Spedition Nord paid two invoices 15 and 12 days after their due dates (booked 16 March).
        post(tenant.path("/open-items"), tenant.adminKey(), "[" + dueItem("AR-H1", "Spedition Nord GmbH", "1000.00",
                "E2E-H1", "2026-03-01") + "," + dueItem("AR-H2", "Spedition Nord GmbH", "2000.00", "E2E-H2", "2026-03-04") + "]");
        importFile(line(1, "1000.00", "CREDIT", "E2E-H1", "Spedition Nord GmbH", null),
                line(2, "2000.00", "CREDIT", "E2E-H2", "Spedition Nord GmbH", null));
        awaitMatches("AUTO", 2);

        LocalDate from = LocalDate.parse(get(tenant.path("/cash/forecast?days=1"), tenant.adminKey()).body().get("from").asText());
        LocalDate due = from.plusDays(5);
        post(tenant.path("/open-items"), tenant.adminKey(), "[" + dueItem("AR-H3", "Spedition Nord GmbH", "750.00",
                "E2E-H3", due.toString()) + "," + dueItem("AR-N1", "Hafen Service AG", "420.00", "E2E-N1", due.toString()) + "]");

        JsonNode days = get(tenant.path("/cash/forecast?entity=ACME-DE&currency=EUR"), tenant.adminKey()).body()
                .get("series").get(0).get("days");
        assertThat(days.get(5).get("inflow").asText()).as("the new customer on its due date").isEqualTo("420.00");
        assertThat(days.get(17).get("inflow").asText()).as("Spedition Nord 12 days late (the lower median of 12 and 15)")
                .isEqualTo("750.00");
        JsonNode traced = get(tenant.path("/cash/forecast/flows?entity=ACME-DE&currency=EUR&date=" + from.plusDays(17)),
                tenant.adminKey()).body().get("items");
        assertThat(traced).singleElement().satisfies(f -> {
            assertThat(f.get("reference").asText()).isEqualTo("AR-H3");
            assertThat(f.get("dueDate").asText()).isEqualTo(due.toString());
            assertThat(f.get("source").asText()).isEqualTo("RECEIVABLE");
        });
    }

    private static String dueItem(String id, String customer, String amount, String endToEnd, String dueDate) {
        return json("id", id, "direction", "RECEIVABLE", "legalEntity", "ACME-DE", "counterpartyName", customer,
                "invoiceNumber", "RE-" + id, "endToEndId", endToEnd, "amount", amount, "currency", "EUR", "dueDate", dueDate);
    }

    private void suggestEveryMatch() {
        put(tenant.path("/reconciliation/settings"), "{\"autoThreshold\":0.9,\"margin\":0.1,\"feeTolerance\":{},"
                + "\"fxTolerance\":\"0.02\",\"dateWindowDays\":30,\"maxSubsetSize\":4,\"autoClear\":false}", 200);
    }

    private void put(String path, String body, int expected) {
        Answer answer = call("PUT", path, tenant.adminKey(), body, Map.of());
        assertThat(answer.status()).as(String.valueOf(answer.body())).isEqualTo(expected);
    }

    private static String item(String id, String direction, String amount, String endToEnd) {
        return json("id", id, "direction", direction, "legalEntity", "ACME-DE", "counterpartyName", "Spedition Nord GmbH",
                "invoiceNumber", "RE-" + id, "endToEndId", endToEnd, "amount", amount, "currency", "EUR",
                "dueDate", "2026-03-31");
    }

    private record LineData(int no, String amount, String direction, String endToEnd, String counterparty, String[] ret) {}

    private static LineData line(int no, String amount, String direction, String endToEnd, String counterparty, String[] ret) {
        return new LineData(no, amount, direction, endToEnd, counterparty, ret);
    }

    /** A file's lines as the bank-file import stores them, then the event the import publishes. */
    private UUID importFile(LineData... lines) {
        UUID file = insertFile(lines);
        events.publishEvent(new BankFileImported(UUID.fromString(tenant.id()), file));
        return file;
    }

    private UUID insertFile(LineData... lines) {
        UUID file = UUID.randomUUID();
        asOwner(db, c -> {
            try (PreparedStatement insert = c.prepareStatement("insert into bank_file (tenant_id, id, connection, name, "
                    + "sha256, size_bytes, format, status, statements, lines, credits, debits, problems, received_at) "
                    + "values (?::uuid, ?, 'hausbank', ?, ?, 1024, 'camt.053', 'IMPORTED', 1, ?, '{}', '{}', '[]', now())")) {
                insert.setString(1, tenant.id());
                insert.setObject(2, file);
                insert.setString(3, "camt053_" + file + ".xml");
                insert.setString(4, String.format("%064x", new java.math.BigInteger(1, file.toString().getBytes())).substring(0, 64));
                insert.setInt(5, lines.length);
                insert.executeUpdate();
            }
            for (LineData l : lines) {
                try (PreparedStatement insert = c.prepareStatement("insert into bank_statement_line (tenant_id, file_id, "
                        + "line_no, statement_id, account, entry_number, transaction_number, entry_status, booking_date, "
                        + "value_date, amount, currency, direction, reversal, bank_reference, end_to_end_id, remittance, "
                        + "counterparty_name, line, return_reason_code, return_reason_text, original_end_to_end_id, "
                        + "original_payment_id) values (?::uuid, ?, ?, 'STMT-2026-03-16', ?, ?, 1, 'BOOKED', ?, ?, ?, 'EUR', "
                        + "?, false, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?)")) {
                    insert.setString(1, tenant.id());
                    insert.setObject(2, file);
                    insert.setInt(3, l.no());
                    insert.setString(4, HOUSE_IBAN);
                    insert.setInt(5, l.no());
                    insert.setDate(6, Date.valueOf(BOOKED));
                    insert.setDate(7, Date.valueOf(BOOKED));
                    insert.setBigDecimal(8, new BigDecimal(l.amount()));
                    insert.setString(9, l.direction());
                    insert.setString(10, "BREF-" + l.no() + "-" + file.toString().substring(0, 8));
                    insert.setString(11, l.endToEnd());
                    insert.setString(12, "Rechnung " + l.endToEnd());
                    insert.setString(13, l.counterparty());
                    insert.setString(14, "{\"transactionsInEntry\":1}");
                    insert.setString(15, l.ret() == null ? null : l.ret()[0]);
                    insert.setString(16, l.ret() == null ? null : l.ret()[1]);
                    insert.setString(17, l.ret() == null ? null : l.ret()[2]);
                    insert.setString(18, l.ret() == null ? null : l.ret()[3]);
                    insert.executeUpdate();
                }
            }
            return null;
        });
        return file;
    }

    private io.finrelay.server.security.TenantScope scopeOf(TestTenant t) {
        return access.configured(new io.finrelay.model.id.TenantId(UUID.fromString(t.id())), "test");
    }

    @Autowired
    io.finrelay.server.security.Access access;

    private List<JsonNode> matchesWith(String status) {
        JsonNode page = get(tenant.path("/reconciliation/matches?status=" + status), tenant.adminKey()).body();
        return StreamSupport.stream(page.get("items").spliterator(), false).toList();
    }

    /** The matches of a status once there are {@code count} and their run has handed each over (a decision may be taken). */
    private List<JsonNode> awaitMatches(String status, int count) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            List<JsonNode> found = matchesWith(status);
            return found.size() >= count && found.stream().allMatch(m -> m.get("handedOver").asBoolean());
        });
        List<JsonNode> matches = matchesWith(status);
        assertThat(matches).hasSize(count);
        return matches;
    }

    private String itemStatus(String id) {
        JsonNode page = get(tenant.path("/open-items?limit=500"), tenant.adminKey()).body();
        return StreamSupport.stream(page.get("items").spliterator(), false).filter(i -> i.get("id").asText().equals(id))
                .findFirst().map(i -> i.get("status").asText()).orElse("absent");
    }

    /** The ERP's recorded clearing requests naming this item (every request, also refused ones). */
    private List<JsonNode> clearingRequests(String itemId) {
        JsonNode state = erp.get("/_sandbox/state").require(200).body();
        return StreamSupport.stream(state.get("clearingRequests").spliterator(), false)
                .filter(r -> StreamSupport.stream(r.path("body").path("items").spliterator(), false)
                        .anyMatch(i -> i.path("id").asText().equals(itemId)))
                .toList();
    }

    private void awaitClearings(String itemId, int count) {
        await().atMost(Duration.ofSeconds(30)).until(() -> clearingRequests(itemId).size() >= count);
        assertThat(clearingRequests(itemId)).hasSize(count);
    }

    private List<JsonNode> violations() {
        return StreamSupport.stream(erp.get("/_sandbox/state").require(200).body().get("violations").spliterator(), false)
                .toList();
    }
}
