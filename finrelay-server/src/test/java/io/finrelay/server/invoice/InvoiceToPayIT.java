package io.finrelay.server.invoice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.finrelay.sandbox.world.Api;
import io.finrelay.sandbox.world.EInvoices;
import io.finrelay.server.ServerIT;
import io.finrelay.server.expense.SandboxProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Invoice to pay through the API on the real PostgreSQL, with the official EN 16931 example invoice
 * of De Koksmaat (EUR 250.33) and the sandbox REST ERP in its own process: the upload starts the
 * workflow, the supplier is found by its VAT id, an approver approves, the ERP receives the invoice
 * exactly once (its recorded requests say so, also when its answer is lost), and a payment plan
 * follows. Unhappy paths: an unknown supplier in the exception queue until the vendor exists, bank
 * details that differ from the vendor master held for a reviewer, a near-identical number held as a
 * possible duplicate, four eyes above the threshold, a decision on an invoice in the wrong state.
 */
class InvoiceToPayIT extends ServerIT {
    private static final Path SAMPLES = Path.of("../finrelay-einvoice/src/test/resources");
    private static final String KOKSMAAT_IBAN = "NL57RABO0107307510";
    private static final String HOUSE_IBAN = "DE89370400440532013000";

    @org.springframework.beans.factory.annotation.Autowired
    io.finrelay.server.bank.BankOutbound outbound;

    private static Map<String, String> peers;
    private Api erp;
    private TestTenant t;
    private String entity;
    private String vendorRef;
    private String approverKey;
    private String operatorKey;

    @BeforeEach
    void tenantWithAnApPolicyAndTheSandboxErp() {
        if (peers == null) {
            peers = SandboxProcess.urls();
        }
        erp = new Api(peers.get("erp"), null);
        t = newTenant("AP");
        entity = legalEntity(t);
        vendorRef = "KOKSMAAT-" + UUID.randomUUID().toString().substring(0, 8);
        put(t.path("/expense/settings"), json("expensePlatformUrl", peers.get("expense-platform"),
                "erpUrl", peers.get("erp"), "treasuryUrl", peers.get("treasury"), "timeoutMillis", 1000));
        put(t.path("/ap-policy"), json("legalEntityId", entity, "expenseAccount", "6815", "taxAccount", "1576",
                "costOfCapitalPercent", "8", "liquidityBuffer", "50000.00", "defaultTermDays", 30));
        approverKey = keyFor(t, t.adminKey(), "approver");
        operatorKey = keyFor(t, t.adminKey(), "operator");
    }

    @Test
    void anInvoiceFromAKnownVendorIsApprovedPostedOnceInTheErpAndPlannedForPayment() {
        vendor(KOKSMAAT_IBAN);
        Answer uploaded = upload(xml("samples/ubl/ubl-tc434-example1.xml"));
        assertThat(uploaded.status()).as(uploaded.body().toString()).isEqualTo(201);
        String id = uploaded.body().get("id").asText();
        assertThat(uploaded.body().get("state").asText()).isEqualTo("AWAITING_APPROVAL");
        assertThat(uploaded.body().get("workflow").get("required").asInt()).isEqualTo(1);

        Answer again = upload(xml("samples/ubl/ubl-tc434-example1.xml"));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().get("workflow").get("instanceId")).isEqualTo(uploaded.body().get("workflow").get("instanceId"));

        Answer approved = post(t.path("/supplier-invoices/" + id + "/approval"), approverKey,
                json("approver", "c.vogel", "approve", true), "approve-" + id);
        assertThat(approved.status()).as(approved.body().toString()).isEqualTo(202);
        JsonNode scheduled = awaitState(id, "SCHEDULED");
        JsonNode workflow = scheduled.get("workflow");
        assertThat(workflow.get("approvedBy")).extracting(JsonNode::asText).containsExactly("c.vogel");
        assertThat(workflow.get("erpRef").asText()).startsWith("SI-");
        assertThat(workflow.get("plan").get("amount").asText()).isEqualTo("250.33");
        assertThat(workflow.get("plan").get("discountTaken").asBoolean()).isFalse();
        assertThat(workflow.get("plan").get("reason").asText()).contains("due 2015-01-09");
        assertThat(LocalDate.parse(workflow.get("plan").get("payOn").asText())).isAfter(LocalDate.of(2026, 1, 1));
        assertThat(workflow.get("timeline")).extracting(s -> s.path("to").asText()).contains("AwaitingApproval", "Posting", "Scheduled");

        JsonNode posted = onlyPostingOf("12115118");
        assertThat(posted.get("body").get("vendorRef").asText()).isEqualTo(vendorRef);
        assertThat(posted.get("body").get("legalEntityId").asText()).isEqualTo(entity);
        assertThat(posted.get("body").get("total").get("amount").asText()).isEqualTo("250.33");
        assertThat(violations()).isEmpty();

        Answer replay = post(t.path("/supplier-invoices/" + id + "/approval"), approverKey,
                json("approver", "c.vogel", "approve", true), "approve-" + id);
        assertThat(replay.status()).as("the same decision again answers the first").isEqualTo(202);
        Answer late = post(t.path("/supplier-invoices/" + id + "/approval"), approverKey,
                json("approver", "k.brandt", "approve", true));
        assertThat(late.status()).as("an approval of an invoice already posted").isEqualTo(409);
        assertThat(onlyPostingOf("12115118")).isEqualTo(posted);

        JsonNode listed = get(t.path("/supplier-invoices?state=SCHEDULED"), t.adminKey()).body().get("items");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("erpRef").asText()).isEqualTo(workflow.get("erpRef").asText());
    }

    @Test
    void anErpAnswerLostAfterThePostingIsSettledByLookingItUpAndTheInvoiceIsPostedOnce() {
        vendor(KOKSMAAT_IBAN);
        String id = upload(xml("samples/ubl/ubl-tc434-example1.xml")).body().get("id").asText();
        erp.post("/_sandbox/faults", Map.of("loseNextAnswers", 1, "loseAnswerMillis", 2_500)).require(200);
        JsonNode scheduled;
        try {
            post(t.path("/supplier-invoices/" + id + "/approval"), approverKey, json("approver", "c.vogel", "approve", true));
            scheduled = awaitState(id, "SCHEDULED");
        } finally {
            erp.post("/_sandbox/faults", Map.of("loseNextAnswers", 0, "loseAnswerMillis", 3_000)).require(200);
        }
        assertThat(scheduled.get("workflow").get("timeline")).extracting(s -> s.get("kind").asText())
                .as("the answer was lost: the outcome was unknown before the look-up settled it")
                .contains("command.outcome-unknown");
        assertThat(onlyPostingOf("12115118").get("body").get("vendorRef").asText()).isEqualTo(vendorRef);
        assertThat(violations()).isEmpty();
    }

    @Test
    void anUnknownSupplierWaitsInTheExceptionQueueUntilTheVendorIsAddedAndTheStepRetried() {
        String id = upload(xml("samples/ubl/ubl-tc434-example1.xml")).body().get("id").asText();
        JsonNode held = get(t.path("/supplier-invoices/" + id), t.adminKey()).body();
        assertThat(held.get("state").asText()).isEqualTo("HELD");
        assertThat(held.get("workflow").get("hold").get("code").asText()).isEqualTo("unknown-supplier");
        assertThat(held.get("workflow").get("hold").get("reason").asText()).contains("De Koksmaat", "NL8200.98.395.B.01");
        JsonNode exception = StreamSupport.stream(get(t.path("/exceptions?status=OPEN&instanceId="
                + held.get("workflow").get("instanceId").asText()), t.adminKey()).body().spliterator(), false)
                .filter(e -> e.get("code").asText().equals("unknown-supplier")).findFirst().orElseThrow();

        vendor(KOKSMAAT_IBAN);
        Answer retried = post(t.path("/exceptions/" + exception.get("id").asText() + "/retry"), operatorKey,
                json("note", "vendor created"));
        assertThat(retried.status()).as(retried.body().toString()).isEqualTo(200);
        awaitState(id, "AWAITING_APPROVAL");
        assertThat(postingsOf("12115118")).isEmpty();
    }

    @Test
    void bankDetailsThatDifferFromTheVendorMasterHoldTheInvoiceUntilAReviewerConfirmsThem() {
        vendor("DE89370400440532013000");
        String id = upload(xml("samples/ubl/ubl-tc434-example1.xml")).body().get("id").asText();
        JsonNode held = get(t.path("/supplier-invoices/" + id), t.adminKey()).body();
        assertThat(held.get("state").asText()).isEqualTo("HELD");
        String reason = held.get("workflow").get("hold").get("reason").asText();
        assertThat(reason).contains("NL57****7510", "DE89****3000").doesNotContain(KOKSMAAT_IBAN);
        assertThat(get(t.path("/supplier-invoices?state=HELD"), t.adminKey()).body().get("items").get(0).get("hold").asText())
                .isEqualTo("bank-details-differ");

        Answer early = post(t.path("/supplier-invoices/" + id + "/approval"), approverKey,
                json("approver", "c.vogel", "approve", true));
        assertThat(early.status()).as("no approval while held").isEqualTo(409);
        Answer byApprover = post(t.path("/supplier-invoices/" + id + "/hold-review"), approverKey,
                json("reviewer", "c.vogel", "release", true));
        assertThat(byApprover.status()).as("an approver holds no act-on-exceptions").isEqualTo(403);

        Answer confirmed = post(t.path("/supplier-invoices/" + id + "/hold-review"), operatorKey,
                json("reviewer", "m.keller", "release", true, "note", "confirmed by phone with De Koksmaat"));
        assertThat(confirmed.status()).as(confirmed.body().toString()).isEqualTo(202);
        assertThat(get(t.path("/supplier-invoices/" + id), t.adminKey()).body().get("state").asText())
                .isEqualTo("AWAITING_APPROVAL");
        assertThat(postingsOf("12115118")).isEmpty();
    }

    @Test
    void aNearIdenticalNumberOfTheSameSellerAmountAndDateIsHeldAndARefusedCopyIsNeverPosted() {
        vendor(KOKSMAAT_IBAN);
        String first = upload(xml("samples/ubl/ubl-tc434-example1.xml")).body().get("id").asText();
        String copy = xml("samples/ubl/ubl-tc434-example1.xml").replace("<cbc:ID>12115118</cbc:ID>", "<cbc:ID>12115I18</cbc:ID>");
        Answer second = upload(copy);
        assertThat(second.status()).as(second.body().toString()).isEqualTo(201);
        String id = second.body().get("id").asText();
        JsonNode hold = second.body().get("workflow").get("hold");
        assertThat(hold.get("code").asText()).isEqualTo("possible-duplicate");
        assertThat(hold.get("reason").asText()).contains("12115118", first);

        Answer refused = post(t.path("/supplier-invoices/" + id + "/hold-review"), operatorKey,
                json("reviewer", "m.keller", "release", false, "note", "the same delivery, number mistyped"));
        assertThat(refused.status()).isEqualTo(202);
        JsonNode ended = get(t.path("/supplier-invoices/" + id), t.adminKey()).body();
        assertThat(ended.get("state").asText()).isEqualTo("REFUSED");
        assertThat(ended.get("workflow").get("reason").asText()).isEqualTo("possible-duplicate: the same delivery, number mistyped");
        assertThat(postingsOf("12115I18")).isEmpty();
    }

    @Test
    void anApprovalRacingARefusalEndsOneWayOnlyAndARefusedInvoiceIsNeverPosted() throws Exception {
        vendor(KOKSMAAT_IBAN);
        String id = upload(xml("samples/ubl/ubl-tc434-example1.xml")).body().get("id").asText();
        String path = t.path("/supplier-invoices/" + id + "/approval");
        // Two approvers decide at the same moment: one approves, the other refuses (the goods went back).
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            java.util.concurrent.Future<Answer> approval = pool.submit(() -> {
                go.await();
                return post(path, approverKey, json("approver", "c.vogel", "approve", true));
            });
            java.util.concurrent.Future<Answer> refusal = pool.submit(() -> {
                go.await();
                return post(path, approverKey, json("approver", "k.brandt", "approve", false,
                        "reason", "goods returned to the supplier"));
            });
            go.countDown();
            assertThat(List.of(approval.get().status(), refusal.get().status()))
                    .as("one decision taken, the other refused as too late").containsExactlyInAnyOrder(202, 409);
        } finally {
            pool.shutdown();
        }

        JsonNode ended = await().atMost(Duration.ofSeconds(30)).until(
                () -> get(t.path("/supplier-invoices/" + id), t.adminKey()).body(),
                body -> List.of("SCHEDULED", "REFUSED").contains(body.get("state").asText()));
        if (ended.get("state").asText().equals("REFUSED")) {
            assertThat(postingsOf("12115118")).as("a refused invoice is never posted").isEmpty();
        } else {
            assertThat(onlyPostingOf("12115118").get("body").get("vendorRef").asText()).isEqualTo(vendorRef);
        }
        assertThat(violations()).isEmpty();
    }

    @Test
    void aboveTheFourEyesThresholdTwoDifferentApproversAreNeededAndTheSameOneTwiceIsRefusedByTheRule() {
        vendor(KOKSMAAT_IBAN);
        put(t.path("/policies/duties"), json("fourEyesAbove", List.of(Map.of("amount", "100.00", "currency", "EUR"))));
        String id = upload(xml("samples/ubl/ubl-tc434-example1.xml")).body().get("id").asText();
        assertThat(post(t.path("/supplier-invoices/" + id + "/approval"), approverKey,
                json("approver", "c.vogel", "approve", true)).status()).isEqualTo(202);
        JsonNode first = get(t.path("/supplier-invoices/" + id), t.adminKey()).body();
        assertThat(first.get("state").asText()).isEqualTo("AWAITING_APPROVAL");
        assertThat(first.get("workflow").get("required").asInt()).isEqualTo(2);

        Answer twice = post(t.path("/supplier-invoices/" + id + "/approval"), approverKey,
                json("approver", "c.vogel", "approve", true));
        assertThat(twice.status()).isEqualTo(403);
        assertThat(twice.body().get("rule").asText()).isEqualTo("sod.four-eyes");
        assertThat(get(t.path("/audit?kind=sod.refused"), t.adminKey()).body()).hasSize(1);
        assertThat(postingsOf("12115118")).isEmpty();

        assertThat(post(t.path("/supplier-invoices/" + id + "/approval"), approverKey,
                json("approver", "k.brandt", "approve", true)).status()).isEqualTo(202);
        assertThat(awaitState(id, "SCHEDULED").get("workflow").get("approvedBy")).extracting(JsonNode::asText)
                .containsExactly("c.vogel", "k.brandt");
        assertThat(postingsOf("12115118")).hasSize(1);
    }

    @Test
    void decisionsAreCheckedAtTheEdge() {
        String id = upload(xml("samples/ubl/ubl-tc434-example1.xml")).body().get("id").asText();
        Answer noVerdict = post(t.path("/supplier-invoices/" + id + "/approval"), approverKey, json("approver", "c.vogel"));
        assertThat(noVerdict.status()).isEqualTo(400);
        assertThat(noVerdict.body().get("errors").get(0).get("field").asText()).isEqualTo("approve");
        Answer noPerson = post(t.path("/supplier-invoices/" + id + "/approval"), approverKey, json("approve", true));
        assertThat(noPerson.status()).as("a key must name the person it acts for").isEqualTo(400);
        Answer unknown = post(t.path("/supplier-invoices/" + UUID.randomUUID() + "/approval"), approverKey,
                json("approver", "c.vogel", "approve", true));
        assertThat(unknown.status()).isEqualTo(404);
        Answer badPolicy = call("PUT", t.path("/ap-policy"), t.adminKey(), json("legalEntityId", entity,
                "expenseAccount", "6815", "taxAccount", "1576", "costOfCapitalPercent", "150", "liquidityBuffer", "-1",
                "defaultTermDays", 30), Map.of());
        assertThat(badPolicy.status()).isEqualTo(400);
        assertThat(badPolicy.body().get("errors")).extracting(e -> e.get("field").asText())
                .containsExactly("costOfCapitalPercent", "liquidityBuffer");
    }

    @Test
    void aPaymentRunSendsOnePain001AndTheBanksAnswerPaysOneInvoiceAndSendsTheRejectedOneToAnOperator() throws Exception {
        vendor(KOKSMAAT_IBAN);
        Answer account = call("PUT", t.path("/bank-accounts/" + HOUSE_IBAN), t.adminKey(), json("legalEntity", entity,
                "currency", "EUR", "bic", "COBADEFFXXX", "name", "ODIN 59 Operating"), Map.of());
        assertThat(account.status()).as(account.body().toString()).isIn(200, 201);
        String first = upload(xml("samples/ubl/ubl-tc434-example1.xml")).body().get("id").asText();
        String second = upload(xml("samples/ubl/ubl-tc434-example1.xml").replace("<cbc:ID>12115118</cbc:ID>",
                "<cbc:ID>12115120</cbc:ID>").replace("2015-01-09", "2015-01-16")).body().get("id").asText();
        for (String id : List.of(first, second)) {
            post(t.path("/supplier-invoices/" + id + "/approval"), approverKey, json("approver", "c.vogel", "approve", true));
            awaitState(id, "SCHEDULED");
        }
        String treasurer = keyFor(t, t.adminKey(), "treasurer");
        LocalDate runDate = LocalDate.now(java.time.ZoneOffset.UTC).plusDays(1);
        String runBody = json("executionDate", runDate.toString(), "debtorAccount", HOUSE_IBAN, "connection", "hausbank",
                "initiatingParty", "ODIN 59");
        assertThat(post(t.path("/payment-runs"), approverKey, runBody).status()).as("an approver does not release").isEqualTo(403);

        Answer opened = post(t.path("/payment-runs"), treasurer, runBody, "run-" + t.id());
        assertThat(opened.status()).as(opened.body().toString()).isEqualTo(201);
        assertThat(opened.body().get("count").asInt()).isEqualTo(2);
        assertThat(opened.body().get("total").asText()).isEqualTo("500.66");
        assertThat(opened.body().get("payments").get(0).get("account").asText()).doesNotContain("0107307510");
        String runId = opened.body().get("runId").asText();
        JsonNode sent = await().atMost(Duration.ofSeconds(30)).until(() -> get(t.path("/payment-runs/" + runId),
                t.adminKey()).body(), run -> run.get("state").asText().equals("Sent"));
        Answer again = post(t.path("/payment-runs"), treasurer, runBody, "run-" + t.id());
        assertThat(again.status()).as("the same Idempotency-Key: the same run").isEqualTo(200);
        assertThat(again.body().get("runId").asText()).isEqualTo(runId);

        java.nio.file.Path outbox = outbound.defaultOutbox(new io.finrelay.model.id.TenantId(UUID.fromString(t.id())), "hausbank");
        try (var files = java.nio.file.Files.list(outbox)) {
            assertThat(files.map(f -> f.getFileName().toString()).toList()).as("one file for the run, sent once")
                    .containsExactly(sent.get("fileName").asText());
        }
        byte[] pain001 = java.nio.file.Files.readAllBytes(outbox.resolve(sent.get("fileName").asText()));
        String painText = new String(pain001, StandardCharsets.UTF_8);
        assertThat(painText).contains("pain.001.001.09", "NL57RABO0107307510", "<NbOfTxs>2</NbOfTxs>", "<CtrlSum>500.66</CtrlSum>");
        String firstE2e = get(t.path("/supplier-invoices/" + first), t.adminKey()).body().get("workflow").get("payment")
                .get("endToEndId").asText();
        String secondE2e = get(t.path("/supplier-invoices/" + second), t.adminKey()).body().get("workflow").get("payment")
                .get("endToEndId").asText();

        // The bank (the sandbox's file side, reading the pain.001 with its own parser) rejects the second payment.
        io.finrelay.sandbox.FileBank.Answer bank = io.finrelay.sandbox.FileBank.answer(pain001, java.util.Set.of(secondE2e));
        Answer status = call("POST", t.path("/bank-files?connection=hausbank&name=pain002-" + runId + ".xml"), t.adminKey(),
                new String(bank.pain002(), StandardCharsets.UTF_8), Map.of("Content-Type", "application/xml"));
        assertThat(status.status()).as(String.valueOf(status.body())).isEqualTo(201);
        JsonNode paid = awaitState(first, "PAID");
        assertThat(paid.get("workflow").get("payment").get("endToEndId").asText()).isEqualTo(firstE2e);
        // The supplier hears of the payment once: one remittance advice, also when the bank's answer comes
        // again (the same file, and a copy under a new message id).
        JsonNode advice = await().atMost(Duration.ofSeconds(30)).until(() -> advicesOf("12115118"), a -> !a.isEmpty())
                .getFirst();
        assertThat(advice.get("body").get("endToEndId").asText()).isEqualTo(firstE2e);
        assertThat(advice.get("body").get("paid").get("amount").asText()).isEqualTo("250.33");
        assertThat(advice.get("body").get("supplierName").asText()).isEqualTo("De Koksmaat");
        String pain002 = new String(bank.pain002(), StandardCharsets.UTF_8);
        assertThat(call("POST", t.path("/bank-files?connection=hausbank&name=pain002-again-" + runId + ".xml"), t.adminKey(),
                pain002, Map.of("Content-Type", "application/xml")).status()).isIn(200, 201);
        Answer copy = call("POST", t.path("/bank-files?connection=hausbank&name=pain002-copy-" + runId + ".xml"), t.adminKey(),
                pain002.replace("<MsgId>STS-", "<MsgId>ST2-"),
                Map.of("Content-Type", "application/xml"));
        assertThat(copy.status()).as(String.valueOf(copy.body())).isEqualTo(201);
        assertThat(advicesOf("12115118")).as("one advice for the paid invoice").hasSize(1);
        assertThat(advicesOf("12115120")).as("none for the rejected payment").isEmpty();
        assertThat(violations()).isEmpty();
        JsonNode rejected = awaitState(second, "PAYMENT_REJECTED");
        assertThat(rejected.get("workflow").get("payment").get("rejectionCode").asText()).isNotBlank();
        JsonNode exception = StreamSupport.stream(get(t.path("/exceptions?status=OPEN&instanceId="
                + rejected.get("workflow").get("instanceId").asText()), t.adminKey()).body().spliterator(), false)
                .filter(e -> e.get("code").asText().equals("payment-rejected")).findFirst().orElseThrow();

        // Reconciliation expects the settled payment's debit and no longer the rejected one's (nor forecasts it).
        assertThat(itemStatus("SINV-" + firstE2e)).isEqualTo("OPEN");
        assertThat(itemStatus("SINV-" + secondE2e)).as("withdrawn with the rejection").isEqualTo("WITHDRAWN");

        // The statement books the settled payment: matched to its open item by the end-to-end id and
        // cleared in the ERP, once.
        Answer statement = call("POST", t.path("/bank-files?connection=hausbank&name=camt053-" + runId + ".xml"),
                t.adminKey(), new String(bank.camt053(), StandardCharsets.UTF_8), Map.of("Content-Type", "application/xml"));
        assertThat(statement.status()).as(String.valueOf(statement.body())).isEqualTo(201);
        JsonNode clearing = await().atMost(Duration.ofSeconds(30)).until(() -> clearingsOf("SINV-" + firstE2e),
                c -> !c.isEmpty()).getFirst();
        assertThat(clearingsOf("SINV-" + firstE2e)).hasSize(1);
        assertThat(clearingsOf("SINV-" + secondE2e)).as("the rejected payment was not booked").isEmpty();
        assertThat(clearing.get("body").get("items")).singleElement().satisfies(i ->
                assertThat(new java.math.BigDecimal(i.get("amount").asText())).isEqualByComparingTo("250.33"));

        // Two days later the supplier's bank sends the paid money back (AC04, account closed): the invoice is
        // unpaid again, for an operator, and its clearing in the ERP is reversed, once.
        Answer back = call("POST", t.path("/bank-files?connection=hausbank&name=return-" + runId + ".xml"), t.adminKey(),
                returnStatement(firstE2e, "250.33"), Map.of("Content-Type", "application/xml"));
        assertThat(back.status()).as(String.valueOf(back.body())).isEqualTo(201);
        JsonNode unpaid = awaitState(first, "PAYMENT_REJECTED");
        assertThat(unpaid.get("workflow").get("payment").get("rejectionCode").asText()).isEqualTo("AC04");
        assertThat(StreamSupport.stream(get(t.path("/exceptions?status=OPEN&instanceId="
                + unpaid.get("workflow").get("instanceId").asText()), t.adminKey()).body().spliterator(), false)
                .map(e -> e.get("code").asText()).toList()).containsExactly("payment-returned");
        await().atMost(Duration.ofSeconds(30)).until(() -> !reversalsOf("SINV-" + firstE2e).isEmpty());
        assertThat(reversalsOf("SINV-" + firstE2e)).as("one reversal of the run payment's clearing").singleElement()
                .satisfies(r -> assertThat(r.path("body").path("reasonCode").asText()).isEqualTo("AC04"));
        assertThat(itemStatus("SINV-" + firstE2e)).as("the invoice took the return: its item waits for no debit")
                .isEqualTo("RETURNED");

        assertThat(post(t.path("/exceptions/" + exception.get("id").asText() + "/retry"), operatorKey,
                json("note", "supplier confirmed the account")).status()).isEqualTo(200);
        awaitState(second, "SCHEDULED");
        Answer rerun = post(t.path("/payment-runs"), treasurer, runBody, "rerun-" + t.id());
        assertThat(rerun.status()).as(rerun.body().toString()).isEqualTo(201);
        assertThat(rerun.body().get("payments")).singleElement().satisfies(p -> assertThat(p.get("endToEndId").asText())
                .isEqualTo(secondE2e.substring(0, secondE2e.length() - 1) + "2"));
        assertThat(itemStatus("SINV-" + secondE2e.substring(0, secondE2e.length() - 1) + "2")).isEqualTo("OPEN");
        assertThat(itemStatus("SINV-" + secondE2e)).isEqualTo("WITHDRAWN");
    }

    /** The status of one of the tenant's open items, as the open-items API lists it. */
    private String itemStatus(String itemId) {
        JsonNode item = openItems(t).get(itemId);
        return item == null ? "(not listed)" : item.get("status").asText();
    }

    @Test
    void aPaymentRunNetsTheSuppliersCreditNoteAgainstItsInvoiceAndPaysTheRest() {
        EInvoices.Supplier nordlicht = new EInvoices.Supplier("Nordlicht Bürobedarf GmbH", "DE811907980",
                EInvoices.iban("20050550", "1234567890"), "Speicherstadt 12", "Hamburg", "20457");
        Answer vendor = post(t.path("/vendors"), t.adminKey(), json("legalEntityId", entity, "name", nordlicht.name(),
                "country", "DE", "bankAccount", Map.of("iban", nordlicht.iban(), "holderName", nordlicht.name()),
                "active", true, "vatId", nordlicht.vatId(), "erpRef", vendorRef));
        assertThat(vendor.status()).as(vendor.body().toString()).isEqualTo(201);
        call("PUT", t.path("/bank-accounts/" + HOUSE_IBAN), t.adminKey(), json("legalEntity", entity, "currency", "EUR",
                "bic", "COBADEFFXXX", "name", "ACME Logistik GmbH"), Map.of());
        LocalDate issued = LocalDate.now(java.time.ZoneOffset.UTC).minusDays(3);
        String invoice = upload(EInvoices.ubl("380", "RE-2026-7001", nordlicht, nordlicht.iban(), issued, issued.plusDays(14),
                List.of(new EInvoices.Line("Tonerkartusche TN-2420", 20, new java.math.BigDecimal("45.00"))), null))
                .body().get("id").asText();
        String credit = upload(EInvoices.ubl("381", "GS-2026-0042", nordlicht, nordlicht.iban(), issued, issued.plusDays(14),
                List.of(new EInvoices.Line("Gutschrift: 2 Tonerkartuschen beschädigt", 2, new java.math.BigDecimal("45.00"))),
                null)).body().get("id").asText();
        for (String id : List.of(invoice, credit)) {
            post(t.path("/supplier-invoices/" + id + "/approval"), approverKey, json("approver", "c.vogel", "approve", true));
            awaitState(id, "SCHEDULED");
        }
        String treasurer = keyFor(t, t.adminKey(), "treasurer");
        Answer run = post(t.path("/payment-runs"), treasurer, json("executionDate", issued.plusDays(20).toString(),
                "debtorAccount", HOUSE_IBAN, "connection", "hausbank"), "netting-run-" + t.id());
        assertThat(run.status()).as(run.body().toString()).isEqualTo(201);
        // 20 x 45.00 + 19 % VAT = 1,071.00, less the credit note's 2 x 45.00 + VAT = 107.10
        assertThat(run.body().get("payments")).singleElement().satisfies(p -> {
            assertThat(p.get("invoiceId").asText()).isEqualTo(invoice);
            assertThat(p.get("amount").asText()).isEqualTo("963.90");
        });
        JsonNode netted = get(t.path("/supplier-invoices/" + credit), t.adminKey()).body();
        assertThat(netted.get("state").asText()).isEqualTo("NETTED");
        assertThat(netted.get("workflow").get("reason").asText()).contains("RE-2026-7001", run.body().get("runId").asText());
        JsonNode paying = get(t.path("/supplier-invoices/" + invoice), t.adminKey()).body().get("workflow").get("payment");
        assertThat(paying.get("amount").asText()).isEqualTo("963.90");
    }

    @Test
    void anInvoiceOverItsPurchaseOrderIsHeldWithBothFiguresAndOneThatMatchesGoesToApproval() {
        put(t.path("/ap-policy"), json("legalEntityId", entity, "expenseAccount", "6815", "taxAccount", "1576",
                "costOfCapitalPercent", "8", "liquidityBuffer", "50000.00", "defaultTermDays", 30,
                "matchPurchaseOrders", true, "priceTolerancePercent", "2"));
        EInvoices.Supplier nordlicht = new EInvoices.Supplier("Nordlicht Bürobedarf GmbH", "DE811907980",
                EInvoices.iban("20050550", "1234567890"), "Speicherstadt 12", "Hamburg", "20457");
        post(t.path("/vendors"), t.adminKey(), json("legalEntityId", entity, "name", nordlicht.name(), "country", "DE",
                "bankAccount", Map.of("iban", nordlicht.iban(), "holderName", nordlicht.name()), "active", true,
                "vatId", nordlicht.vatId(), "erpRef", vendorRef));
        String matching = "PO-" + vendorRef + "-A";
        String dearer = "PO-" + vendorRef + "-B";
        erp.post("/_sandbox/purchase-orders", List.of(
                Map.of("number", matching, "vendorRef", vendorRef, "currency", "EUR", "lines", List.of(Map.of(
                        "description", "Tonerkartusche TN-2420", "ordered", "20", "unitPrice", "45.00", "received", "20"))),
                Map.of("number", dearer, "vendorRef", vendorRef, "currency", "EUR", "lines", List.of(Map.of(
                        "description", "Tonerkartusche TN-2420", "ordered", "10", "unitPrice", "40.00", "received", "10")))))
                .require(200);
        LocalDate issued = LocalDate.now(java.time.ZoneOffset.UTC).minusDays(3);
        List<EInvoices.Line> twenty = List.of(new EInvoices.Line("Tonerkartusche TN-2420", 20, new java.math.BigDecimal("45.00")));
        List<EInvoices.Line> ten = List.of(new EInvoices.Line("Tonerkartusche TN-2420", 10, new java.math.BigDecimal("45.00")));
        String ok = upload(EInvoices.ubl("380", "RE-2026-8001", nordlicht, nordlicht.iban(), issued, issued.plusDays(30),
                twenty, null, matching)).body().get("id").asText();
        String over = upload(EInvoices.ubl("380", "RE-2026-8002", nordlicht, nordlicht.iban(), issued, issued.plusDays(30),
                ten, null, dearer)).body().get("id").asText();

        awaitState(ok, "AWAITING_APPROVAL");
        JsonNode held = awaitState(over, "HELD");
        assertThat(held.get("workflow").get("hold").get("code").asText()).isEqualTo("price-variance");
        assertThat(held.get("workflow").get("hold").get("reason").asText())
                .contains("nets 450.00 EUR", "of 400.00", "50.00 (12.50 %) over", "tolerance is 2 %");
        assertThat(held.get("workflow").get("hold").get("figures").get("orderUnitPrice").asText()).isEqualTo("40.00");
        assertThat(held.get("workflow").get("hold").get("figures").get("invoiceUnitPrice").asText()).isEqualTo("45.00");
        assertThat(held.get("workflow").get("timeline")).extracting(s -> s.path("to").asText()).contains("Matching");
        Answer refused = call("PUT", t.path("/ap-policy"), t.adminKey(), json("legalEntityId", entity, "expenseAccount", "6815",
                "taxAccount", "1576", "costOfCapitalPercent", "8", "liquidityBuffer", "50000.00", "defaultTermDays", 30,
                "matchPurchaseOrders", true, "priceTolerancePercent", "2", "quantityTolerancePercent", "100"), Map.of());
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().get("errors").get(0).get("field").asText()).isEqualTo("quantityTolerancePercent");
        assertThat(get(t.path("/ap-policy"), t.adminKey()).body().get("quantityTolerancePercent").decimalValue())
                .as("nothing half-applied").isEqualByComparingTo("0");

        Answer accepted = post(t.path("/supplier-invoices/" + over + "/hold-review"), operatorKey,
                json("reviewer", "m.keller", "release", true, "note", "price increase agreed by purchasing"));
        assertThat(accepted.status()).as(accepted.body().toString()).isEqualTo(202);
        awaitState(over, "AWAITING_APPROVAL");
        assertThat(postingsOf("RE-2026-8002")).as("nothing posted before approval").isEmpty();
    }

    @Test
    void aRunNeedsAnIdempotencyKeyAndOneWithNothingDueIsRefusedNamingTheDate() {
        call("PUT", t.path("/bank-accounts/" + HOUSE_IBAN), t.adminKey(), json("legalEntity", entity, "currency", "EUR",
                "bic", "COBADEFFXXX", "name", "Operating"), Map.of());
        String treasurer = keyFor(t, t.adminKey(), "treasurer");
        String body = json("executionDate", "2026-04-01", "debtorAccount", HOUSE_IBAN, "connection", "hausbank");
        Answer keyless = post(t.path("/payment-runs"), treasurer, body);
        assertThat(keyless.status()).as("a run without Idempotency-Key could not be found again after a failure")
                .isEqualTo(400);
        assertThat(keyless.body().get("errors").get(0).get("field").asText()).isEqualTo("Idempotency-Key");
        Answer none = post(t.path("/payment-runs"), treasurer, body, "empty-run-" + t.id());
        assertThat(none.status()).isEqualTo(422);
        assertThat(none.body().get("detail").asText()).contains("on or before 2026-04-01");
        Answer unknownAccount = post(t.path("/payment-runs"), treasurer, json("executionDate", "2026-04-01",
                "debtorAccount", "DE02120300000000202051", "connection", "hausbank"), "unknown-account-" + t.id());
        assertThat(unknownAccount.status()).isEqualTo(400);
        assertThat(unknownAccount.body().get("errors").get(0).get("field").asText()).isEqualTo("debtorAccount");
    }

    @Test
    void aScheduledInvoiceAndAnOpenReceivableAreInTheCashForecastOnTheirDaysEachTracedToItsItem() {
        vendor(KOKSMAAT_IBAN);
        String id = upload(xml("samples/ubl/ubl-tc434-example1.xml")).body().get("id").asText();
        post(t.path("/supplier-invoices/" + id + "/approval"), approverKey, json("approver", "c.vogel", "approve", true),
                "approve-" + id);
        LocalDate payOn = LocalDate.parse(awaitState(id, "SCHEDULED").get("workflow").get("plan").get("payOn").asText());
        String from = get(t.path("/cash/forecast?days=1"), t.adminKey()).body().get("from").asText();
        LocalDate receivableDue = LocalDate.parse(from).plusDays(10);
        Answer item = post(t.path("/open-items"), t.adminKey(), JSON.valueToTree(List.of(Map.of("id", "AR-2026-004711",
                "direction", "RECEIVABLE", "legalEntity", "ACME Logistik GmbH", "counterpartyName", "Nordwind Spedition GmbH",
                "amount", "2380.00", "currency", "EUR", "dueDate", receivableDue.toString()))).toString());
        assertThat(item.status()).as(item.body().toString()).isEqualTo(201);

        String query = "?entity=ACME%20Logistik%20GmbH&currency=EUR";
        Answer forecast = get(t.path("/cash/forecast" + query), t.adminKey());
        assertThat(forecast.status()).as(forecast.body().toString()).isEqualTo(200);
        assertThat(forecast.body().get("days").asInt()).isEqualTo(91);
        JsonNode series = forecast.body().get("series");
        assertThat(series).hasSize(1);
        JsonNode days = series.get(0).get("days");
        assertThat(days).hasSize(91);
        JsonNode paymentDay = days.get((int) java.time.temporal.ChronoUnit.DAYS.between(LocalDate.parse(from), payOn));
        assertThat(paymentDay.get("date").asText()).isEqualTo(payOn.toString());
        assertThat(paymentDay.get("bySource").get("SUPPLIER_PAYMENT").asText()).isEqualTo("-250.33");
        JsonNode receivableDay = days.get(10);
        assertThat(receivableDay.get("inflow").asText()).isEqualTo("2380.00");
        assertThat(days.get(90).get("closing").asText()).as("no bank balance on file: from zero, in 2,380.00, out 250.33")
                .isEqualTo("2129.67");

        JsonNode flows = get(t.path("/cash/forecast/flows" + query + "&date=" + payOn), t.adminKey()).body();
        assertThat(flows.get("items")).singleElement().satisfies(f -> {
            assertThat(f.get("source").asText()).isEqualTo("SUPPLIER_PAYMENT");
            assertThat(f.get("reference").asText()).contains("12115118");
            assertThat(f.get("amount").asText()).isEqualTo("-250.33");
        });
        assertThat(get(t.path("/cash/forecast/flows" + query + "&date=" + receivableDue), t.adminKey()).body()
                .get("items")).extracting(f -> f.get("reference").asText()).containsExactly("AR-2026-004711");

        // In another reporting currency: refused naming the currency without a rate, then converted with the rate on file.
        Answer noRate = get(t.path("/cash/forecast" + query + "&reportingCurrency=CHF"), t.adminKey());
        assertThat(noRate.status()).as(noRate.body().toString()).isEqualTo(422);
        assertThat(noRate.body().get("currencies")).extracting(JsonNode::asText).containsExactly("EUR");
        Answer rate = post(t.path("/fx-rates"), t.adminKey(), json("base", "CHF", "quote", "EUR", "rate", "1.0712",
                "rateDate", from, "source", "ECB"));
        assertThat(rate.status()).as(rate.body().toString()).isIn(200, 201);
        JsonNode inChf = get(t.path("/cash/forecast" + query + "&reportingCurrency=CHF"), t.adminKey()).body()
                .get("consolidated");
        assertThat(inChf).singleElement().satisfies(e -> {
            assertThat(e.get("legalEntity").asText()).isEqualTo("ACME Logistik GmbH");
            // 2,129.67 EUR / 1.0712 = 1,988.12 CHF
            assertThat(e.get("closing").get(90).asText()).isEqualTo("1988.12");
            assertThat(e.get("conversions").get(0).get("inverted").asBoolean()).isTrue();
        });

        Answer tooLong = get(t.path("/cash/forecast?days=92"), t.adminKey());
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.body().get("errors").get(0).get("field").asText()).isEqualTo("days");
        assertThat(get(t.path("/cash/forecast/flows" + query + "&date=2020-01-01"), t.adminKey()).status())
                .as("a day outside the forecast").isEqualTo(400);
        TestTenant other = newTenant("Other");
        assertThat(get(t.path("/cash/forecast"), other.adminKey()).status()).as("another tenant's forecast").isEqualTo(404);
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private void vendor(String iban) {
        Answer created = post(t.path("/vendors"), t.adminKey(), json("legalEntityId", entity, "name", "De Koksmaat",
                "country", "NL", "bankAccount", Map.of("iban", iban, "holderName", "De Koksmaat"), "active", true,
                "vatId", "NL8200.98.395.B.01", "erpRef", vendorRef));
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
    }

    private Answer upload(String body) {
        return call("POST", t.path("/supplier-invoices"), t.adminKey(), body, Map.of("Content-Type", "application/xml"));
    }

    private void put(String path, String body) {
        Answer answer = call("PUT", path, t.adminKey(), body, Map.of());
        assertThat(answer.status()).as(path + ": " + answer.body()).isEqualTo(200);
    }

    private JsonNode awaitState(String id, String state) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> get(t.path("/supplier-invoices/" + id), t.adminKey()).body(),
                body -> body.get("state").asText().equals(state));
    }

    /** The sandbox ERP's recorded posting requests of this tenant's vendor and an invoice number. */
    private List<JsonNode> postingsOf(String number) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode request : erp.get("/_sandbox/state").require(200).body().get("supplierInvoiceRequests")) {
            if (request.get("body").get("vendorRef").asText().equals(vendorRef)
                    && request.get("body").get("number").asText().equals(number)) {
                out.add(request);
            }
        }
        return out;
    }

    private JsonNode onlyPostingOf(String number) {
        List<JsonNode> requests = postingsOf(number);
        // the lost answer's command is looked up by its key, never sent twice: one request
        assertThat(requests).as("requests the ERP received for invoice " + number).hasSize(1);
        return requests.getFirst();
    }

    /** The sandbox ERP's recorded reversal requests of the clearing of an open item. */
    private List<JsonNode> reversalsOf(String itemId) {
        JsonNode state = erp.get("/_sandbox/state").require(200).body();
        List<String> clearings = new ArrayList<>();
        state.get("clearingsById").properties().forEach(e -> {
            for (JsonNode item : e.getValue()) {
                if (item.asText().equals(itemId)) {
                    clearings.add(e.getKey());
                }
            }
        });
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode request : state.get("reversalRequests")) {
            if (clearings.contains(request.path("body").path("clearingRef").asText())) {
                out.add(request);
            }
        }
        return out;
    }

    /** The house account's statement booking a returned payment back: a credit, RtrInf AC04, the original end-to-end id. */
    private String returnStatement(String endToEndId, String amount) {
        LocalDate day = LocalDate.now(java.time.ZoneOffset.UTC);
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
                  <BkToCstmrStmt>
                    <GrpHdr><MsgId>RTN-%1$s</MsgId><CreDtTm>%2$sT18:00:00+01:00</CreDtTm></GrpHdr>
                    <Stmt>
                      <Id>RTN-%1$s</Id>
                      <CreDtTm>%2$sT18:00:00+01:00</CreDtTm>
                      <Acct><Id><IBAN>%3$s</IBAN></Id><Ccy>EUR</Ccy></Acct>
                      <Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">1000.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>%2$s</Dt></Dt></Bal>
                      <Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">%5$s</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>%2$s</Dt></Dt></Bal>
                      <Ntry>
                        <Amt Ccy="EUR">%4$s</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>
                        <BookgDt><Dt>%2$s</Dt></BookgDt><ValDt><Dt>%2$s</Dt></ValDt>
                        <AcctSvcrRef>RTN-%1$s</AcctSvcrRef>
                        <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>ICDT</Cd><SubFmlyCd>RRTN</SubFmlyCd></Fmly></Domn></BkTxCd>
                        <NtryDtls><TxDtls>
                          <Refs><EndToEndId>%1$s</EndToEndId></Refs>
                          <RtrInf><Rsn><Cd>AC04</Cd></Rsn><AddtlInf>Closed account number</AddtlInf></RtrInf>
                        </TxDtls></NtryDtls>
                      </Ntry>
                    </Stmt>
                  </BkToCstmrStmt>
                </Document>
                """.formatted(endToEndId, day, HOUSE_IBAN, amount, new java.math.BigDecimal("1000.00").add(new java.math.BigDecimal(amount)));
    }

    /** The sandbox ERP's recorded clearing requests of an open item. */
    private List<JsonNode> clearingsOf(String itemId) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode request : erp.get("/_sandbox/state").require(200).body().get("clearingRequests")) {
            for (JsonNode item : request.path("body").path("items")) {
                if (item.path("id").asText().equals(itemId)) {
                    out.add(request);
                }
            }
        }
        return out;
    }

    /** The remittance advices the sandbox (standing in for e-mail or the supplier portal) received for an invoice. */
    private List<JsonNode> advicesOf(String number) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode request : erp.get("/_sandbox/state").require(200).body().get("remittanceAdviceRequests")) {
            if (request.get("body").get("vendorRef").asText().equals(vendorRef)
                    && request.get("body").get("invoiceNumber").asText().equals(number)) {
                out.add(request);
            }
        }
        return out;
    }

    private List<JsonNode> violations() {
        return StreamSupport.stream(erp.get("/_sandbox/state").require(200).body().get("violations").spliterator(), false)
                .filter(v -> v.path("supplierInvoice").asText().startsWith(vendorRef + "/")
                        || v.path("remittanceAdvice").asText().startsWith(vendorRef + "/")).toList();
    }

    private static String xml(String resource) {
        try {
            return Files.readString(SAMPLES.resolve(resource), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
