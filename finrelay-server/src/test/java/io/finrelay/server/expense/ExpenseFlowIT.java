package io.finrelay.server.expense;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.finrelay.server.web.WebhookSignature;
import io.finrelay.server.ServerIT;
import io.finrelay.sandbox.world.Api;
import io.finrelay.sandbox.world.DemoData;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;
import io.finrelay.engine.db.Database;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Expense to reimbursement end to end: Finrelay's HTTP API and webhooks, the real engine on real
 * PostgreSQL, and the sandbox peers in a separate process over HTTP. Assertions are made on the
 * peers' receipt ledgers and effects: exactly one journal and one payment per report, whatever the
 * duplicates, retries and lost answers.
 */
class ExpenseFlowIT extends ServerIT {
    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
    private static World world;

    record World(TestTenant tenant, DemoData.World data, JsonNode settings, Api finrelay, Api expense, Api erp,
                 Api treasury, Api bank) {}

    @BeforeEach
    void world() {
        if (world != null) {
            return;
        }
        Map<String, String> urls = SandboxProcess.urls();
        TestTenant tenant = newTenant("Expense");
        // The test sets the tenant up and releases its payments, so its key is tenant-admin and treasurer.
        String key = post(tenant.path("/api-keys"), tenant.adminKey(), "{\"name\": \"expense flow\", "
                + "\"roles\": [\"tenant-admin\", \"treasurer\"]}").body().get("secret").asText();
        Api finrelay = new Api("http://localhost:" + port, key);
        DemoData.World data = DemoData.setUp(finrelay, tenant.id(), TODAY);
        // A short answer timeout, so that a lost ERP answer is noticed quickly (the peer "hangs" 2.5 s).
        JsonNode settings = finrelay.put(tenant.path("/expense/settings"), Map.of("expensePlatformUrl",
                urls.get("expense-platform"), "erpUrl", urls.get("erp"), "treasuryUrl", urls.get("treasury"),
                "timeoutMillis", 1_000)).require(200).body();
        Api expense = new Api(urls.get("expense-platform"), null);
        Api bank = new Api(urls.get("bank"), null);
        expense.post("/_sandbox/subscriptions", Map.of("url", "http://localhost:" + port
                + settings.get("expenseWebhookUrl").asText(), "secret", settings.get("expenseWebhookSecret").asText())).require(200);
        bank.post("/_sandbox/subscriptions", Map.of("url", "http://localhost:" + port
                + settings.get("bankWebhookUrl").asText(), "secret", settings.get("bankWebhookSecret").asText())).require(200);
        bank.post("/_sandbox/reject-ibans", Map.of("ibans", List.of(data.rejectedPayee().iban()), "reasonCode", "AC04"))
                .require(200);
        world = new World(tenant, data, settings, finrelay, expense, new Api(urls.get("erp"), null),
                new Api(urls.get("treasury"), null), bank);
    }

    // ---- happy path ------------------------------------------------------------------------------

    @Autowired
    Database db;

    @Test
    void anApprovedReportIsPostedPaidClearedAndReportedExactlyOnceDespiteDuplicateAndReorderedWebhooks() {
        world.expense().post("/_sandbox/faults", Map.of("duplicateWebhooks", true)).require(200);
        world.bank().post("/_sandbox/faults", Map.of("duplicateWebhooks", true, "outOfOrderWebhooks", true)).require(200);
        try {
            ObjectNode report = report("IT-HAPPY-", person(0), "EUR", null);
            String id = report.get("reportId").asText();
            submit(report);
            world.expense().post("/_sandbox/renotify", Map.of("reportId", id)).require(202);
            await(id, "AwaitingRelease");
            // The same report by the API as well: the instance exists, so it is refused and changes nothing.
            Api.Answer byApi = world.finrelay().post(world.tenant().path("/expense-reports"), report);
            assertThat(byApi.status()).isEqualTo(409);
            releaseFully(id);
            JsonNode done = await(id, "Reimbursed");

            assertThat(journalsOf(id)).hasSize(1);
            JsonNode journal = journalsOf(id).getFirst();
            assertThat(journal.path("payableStatus").asText()).isEqualTo("PAID");
            assertThat(StreamSupport.stream(journal.get("lines").spliterator(), false)
                    .filter(l -> l.get("account").asText().equals("1576") && l.get("side").asText().equals("DEBIT")))
                    .as("input tax on the journal").isNotEmpty();
            assertThat(matching(world.erp(), "clearings", c -> c.path("reportId").asText().equals(id))).hasSize(1);
            assertThat(matching(world.treasury(), "obligations", o -> o.path("reportId").asText().equals(id))).hasSize(1);
            assertThat(matching(world.bank(), "payments", p -> p.path("endToEndId").asText().equals(id))).hasSize(1);
            JsonNode statuses = world.expense().get("/_sandbox/state").body().path("paymentStatuses").path(id);
            assertThat(statuses).hasSize(1);
            assertThat(statuses.get(0).path("status").asText()).isEqualTo("PAID");

            String correlation = done.get("correlationId").asText();
            List<String> reached = new ArrayList<>();
            for (JsonNode entry : done.get("timeline")) {
                assertThat(entry.get("correlationId").asText()).isEqualTo(correlation);
                if (entry.get("kind").asText().equals("transition")) {
                    reached.add(entry.path("detail").path("to").asText());
                }
            }
            assertThat(reached).containsSubsequence("Posting", "Scheduling", "AwaitingRelease", "Paying",
                    "ClearingPayable", "ReportingStatus", "Reimbursed");

            // The payee's IBAN reached the treasury in full, yet the engine's tables hold it only sealed.
            String iban = person(0).iban();
            assertThat(matching(world.treasury(), "obligations", o -> o.path("reportId").asText().equals(id))
                    .getFirst().toString()).contains(iban);
            String stored = asOwner(db, c -> {
                try (var select = c.prepareStatement("select coalesce(string_agg(s, ' '), '') from ("
                        + "select state::text as s from workflow_instance where tenant_id = ?::uuid and business_key = ? "
                        + "union all select o.payload::text || coalesce(o.result::text, '') from outbox_done o "
                        + "join workflow_instance w "
                        + "on w.tenant_id = o.tenant_id and w.id = o.instance_id where w.tenant_id = ?::uuid "
                        + "and w.business_key = ?) stored")) {
                    select.setString(1, world.tenant().id());
                    select.setString(2, id);
                    select.setString(3, world.tenant().id());
                    select.setString(4, id);
                    try (var rs = select.executeQuery()) {
                        rs.next();
                        return rs.getString(1);
                    }
                }
            });
            assertThat(stored).contains("\"iban\": \"enc:v1:").doesNotContain(iban);
            // Nor does anything the audit API answers (the master data each decision saw is in the trail).
            String trail = world.finrelay().get(world.tenant().path("/audit?limit=500")).require(200).body().toString();
            assertThat(trail).contains("Reimbursed").doesNotContain(iban);
        } finally {
            world.expense().post("/_sandbox/faults", Map.of("duplicateWebhooks", false)).require(200);
            world.bank().post("/_sandbox/faults", Map.of("duplicateWebhooks", false, "outOfOrderWebhooks", false)).require(200);
        }
    }

    @Test
    void aForeignCurrencyReportIsBookedBalancedInTheEntitysCurrencyWithInputTax() {
        DemoData.Person swiss = world.data().people().stream()
                .filter(p -> p.entity().equals(world.data().entityCh())).findFirst().orElseThrow();
        ObjectNode report = report("IT-FX-", swiss, "EUR", null);
        String id = report.get("reportId").asText();
        submit(report);
        await(id, "AwaitingRelease");
        JsonNode journal = journalsOf(id).getFirst();
        assertThat(journal.get("legalEntityId").asText()).isEqualTo(world.data().entityCh());
        java.math.BigDecimal debit = java.math.BigDecimal.ZERO;
        java.math.BigDecimal credit = java.math.BigDecimal.ZERO;
        boolean inputTax = false;
        for (JsonNode line : journal.get("lines")) {
            assertThat(line.path("amount").path("currency").asText()).isEqualTo("CHF");
            java.math.BigDecimal amount = new java.math.BigDecimal(line.path("amount").path("amount").asText());
            if (line.get("side").asText().equals("DEBIT")) {
                debit = debit.add(amount);
                inputTax |= line.get("account").asText().equals("1170");
            } else {
                credit = credit.add(amount);
                assertThat(line.get("account").asText()).isEqualTo("2210");
            }
        }
        assertThat(debit).isEqualByComparingTo(credit);
        assertThat(inputTax).as(journal.toString()).isTrue();
        assertThat(state(id).path("stateData").path("c").path("booking").path("conversions").get(0).asText())
                .contains("ECB reference rate");
    }

    @Test
    void anApprovedReportAwaitingReleaseIsInTheCashForecastAsOwedTodayAndNoLongerOnceReimbursed() {
        DemoData.Person swiss = world.data().people().stream()
                .filter(p -> p.entity().equals(world.data().entityCh())).findFirst().orElseThrow();
        ObjectNode report = report("IT-CF-", swiss, "EUR", null);
        String id = report.get("reportId").asText();
        java.math.BigDecimal total = java.math.BigDecimal.ZERO;
        for (JsonNode e : report.get("expenses")) {
            total = total.add(new java.math.BigDecimal(e.get("approvedAmount").get("value").asText()));
        }
        submit(report);
        await(id, "AwaitingRelease");
        String entity = world.finrelay().get(world.tenant().path("/legal-entities/" + world.data().entityCh())).require(200)
                .body().get("name").asText();
        String from = world.finrelay().get(world.tenant().path("/cash/forecast?days=1")).require(200).body()
                .get("from").asText();
        String flows = world.tenant().path("/cash/forecast/flows?currency=EUR&date=" + from + "&entity="
                + java.net.URLEncoder.encode(entity, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20"));
        JsonNode owed = world.finrelay().get(flows).require(200).body().get("items");
        java.math.BigDecimal expected = total.negate();
        assertThat(owed).as("owed to %s's employee today", entity).anySatisfy(f -> {
            assertThat(f.get("reference").asText()).isEqualTo(id);
            assertThat(f.get("source").asText()).isEqualTo("REIMBURSEMENT");
            assertThat(new java.math.BigDecimal(f.get("amount").asText())).isEqualByComparingTo(expected);
        });

        releaseFully(id);
        await(id, "Reimbursed");
        // Paid now: no longer owed as an approved report (its payment, until the statement shows it, is an open payable).
        assertThat(world.finrelay().get(flows).require(200).body().get("items")).filteredOn(f -> f.get("source").asText()
                .equals("REIMBURSEMENT")).extracting(f -> f.get("reference").asText()).doesNotContain(id);
    }

    // ---- lines paid by company card --------------------------------------------------------------

    @Test
    void aMixedReportBooksItsCardLinesOnTheCardClearingAccountAndPaysTheEmployeeTheCashPartOnce() {
        companyCardAccount(world.data().entityDe(), "1741");
        ObjectNode report = paidByCard("IT-MIXED-", person(0), 1);
        String id = report.get("reportId").asText();
        java.math.BigDecimal cash = amount(report, "CASH");
        java.math.BigDecimal card = amount(report, "CBCP");
        submit(report);
        await(id, "AwaitingRelease");

        JsonNode journal = journalsOf(id).getFirst();
        assertThat(credits(journal, "1740")).as("owed to the employee").isEqualByComparingTo(cash);
        assertThat(credits(journal, "1741")).as("owed to the card issuer").isEqualByComparingTo(card);
        assertThat(sum(journal, "DEBIT")).as("balanced").isEqualByComparingTo(sum(journal, "CREDIT"))
                .isEqualByComparingTo(cash.add(card));
        JsonNode obligation = matching(world.treasury(), "obligations", o -> o.path("reportId").asText().equals(id))
                .getFirst();
        assertThat(new java.math.BigDecimal(obligation.get("amount").asText())).isEqualByComparingTo(cash);
        assertThat(reimbursementsInTheForecast(world.data().entityDe(), "EUR", id)).as("the cash part, owed today")
                .singleElement().satisfies(a -> assertThat(a).isEqualByComparingTo(cash.negate()));
        JsonNode listed = StreamSupport.stream(world.finrelay().get(world.tenant().path("/expense-reports?state=AwaitingRelease"))
                .require(200).body().get("items").spliterator(), false).filter(r -> r.get("reportId").asText().equals(id))
                .findFirst().orElseThrow();
        assertThat(new java.math.BigDecimal(listed.get("total").asText())).isEqualByComparingTo(cash.add(card));
        assertThat(new java.math.BigDecimal(listed.get("reimbursable").asText())).isEqualByComparingTo(cash);

        releaseFully(id);
        await(id, "Reimbursed");
        List<JsonNode> paid = matching(world.bank(), "payments", p -> p.path("endToEndId").asText().equals(id));
        assertThat(paid).hasSize(1);
        assertThat(new java.math.BigDecimal(paid.getFirst().path("amount").asText())).isEqualByComparingTo(cash);
        assertThat(new java.math.BigDecimal(matching(world.erp(), "clearings", c -> c.path("reportId").asText().equals(id))
                .getFirst().path("amount").asText())).isEqualByComparingTo(cash);
    }

    @Test
    void aReportPaidWhollyByCompanyCardIsPostedAndNeverPaidAndTheTreasuryAndBankNeverHearOfIt() {
        companyCardAccount(world.data().entityDe(), "1741");
        ObjectNode report = paidByCard("IT-CARD-", person(0), Integer.MAX_VALUE);
        String id = report.get("reportId").asText();
        java.math.BigDecimal card = amount(report, "CBCP");
        submit(report);
        JsonNode done = await(id, "PaidByCompany");
        assertThat(done.get("ended").asBoolean()).isTrue();

        JsonNode journal = journalsOf(id).getFirst();
        assertThat(journalsOf(id)).hasSize(1);
        assertThat(credits(journal, "1741")).isEqualByComparingTo(card);
        assertThat(credits(journal, "1740")).as("no employee payable").isZero();
        assertThat(sum(journal, "DEBIT")).isEqualByComparingTo(sum(journal, "CREDIT"));
        assertThat(ledgerMentioning(world.treasury(), id)).as("no obligation, no release").isEmpty();
        assertThat(ledgerMentioning(world.bank(), id)).as("no payment").isEmpty();
        JsonNode statuses = world.expense().get("/_sandbox/state").body().path("paymentStatuses").path(id);
        assertThat(statuses).singleElement().satisfies(s -> assertThat(s.path("status").asText()).isEqualTo("PAID_BY_COMPANY"));
        assertThat(reimbursementsInTheForecast(world.data().entityDe(), "EUR", id)).isEmpty();
        assertThat(release(id, "t.berger").status()).as("nothing to release").isBetween(400, 499);
        assertThat(ledgerMentioning(world.treasury(), id)).isEmpty();
    }

    @Test
    void aCardLineWithoutACardClearingAccountNeedsAttentionAndTheCardLiabilityAccountOfTheCardSettingsIsTheDefault() {
        DemoData.Person swiss = world.data().people().stream()
                .filter(p -> p.entity().equals(world.data().entityCh())).findFirst().orElseThrow();
        ObjectNode report = paidByCard("IT-NOCARDACCT-", swiss, Integer.MAX_VALUE);
        fixAndRetry(report, "missing-card-clearing-account", "no corporate card clearing account", () ->
                world.finrelay().put(world.tenant().path("/card-settings"), Map.of("accrualAccount", "6890",
                        "liabilityAccount", "2045")).require(200), "PaidByCompany");
        JsonNode journal = journalsOf(report.get("reportId").asText()).getFirst();
        assertThat(credits(journal, "2045")).isEqualByComparingTo(sum(journal, "DEBIT")).isPositive();
        assertThat(credits(journal, "2210")).isZero();
    }

    @Test
    void aReportAwaitingReleaseStoredByThePreviousVersionIsReleasedAndPaidInFullAsItWasBooked() {
        ObjectNode report = report("IT-V1-", person(0), "EUR", null);
        String id = report.get("reportId").asText();
        java.math.BigDecimal total = amount(report, "CASH");
        submit(report);
        await(id, "AwaitingRelease");
        // As the release before stored it: format version 1, whose claim lines had no payment type and whose amounts
        // (a line's gross amount, the booking's total) were bare numbers.
        int rewritten = asOwner(db, c -> {
            try (var update = c.prepareStatement("update workflow_instance set state_format = 1, state = jsonb_set("
                    + "jsonb_set(state, '{c,claim,lines}', (select jsonb_agg((l - 'paymentType') || jsonb_build_object("
                    + "'grossAmount', l -> 'grossAmount' -> 'amount')) from jsonb_array_elements("
                    + "state -> 'c' -> 'claim' -> 'lines') l)), '{c,booking,total}', state -> 'c' -> 'booking' -> 'total' "
                    + "-> 'amount') where tenant_id = ?::uuid and business_key = ? and state_name = 'AwaitingRelease'")) {
                update.setString(1, world.tenant().id());
                update.setString(2, id);
                return update.executeUpdate();
            }
        });
        assertThat(rewritten).isEqualTo(1);
        JsonNode firstLine = state(id).path("stateData").path("c").path("claim").path("lines").get(0);
        assertThat(firstLine.path("paymentType").asText()).as("read as today's version reads it").isEqualTo("CASH");
        assertThat(firstLine.path("grossAmount").path("currency").asText()).as("an amount with its currency").isEqualTo("EUR");

        releaseFully(id);
        await(id, "Reimbursed");
        List<JsonNode> paid = matching(world.bank(), "payments", p -> p.path("endToEndId").asText().equals(id));
        assertThat(paid).hasSize(1);
        assertThat(new java.math.BigDecimal(paid.getFirst().path("amount").asText())).isEqualByComparingTo(total);
        int format = asOwner(db, c -> {
            try (var select = c.prepareStatement("select state_format from workflow_instance where tenant_id = ?::uuid "
                    + "and business_key = ?")) {
                select.setString(1, world.tenant().id());
                select.setString(2, id);
                try (var rs = select.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
        assertThat(format).as("its next state written in the current version")
                .isEqualTo(new io.finrelay.workflows.expense.ExpenseReimbursement().storedFormat().current());
    }

    /** Sets the card clearing account of the entity's expense policy, its other settings as the demo set them. */
    private void companyCardAccount(String entity, String account) {
        boolean de = entity.equals(world.data().entityDe());
        world.finrelay().put(world.tenant().path("/expense/policies/" + entity), Map.of("payableAccount", de ? "1740" : "2210",
                "inputTaxAccount", de ? "1576" : "1170", "fourEyesThreshold", "1000.00", "cardClearingAccount", account))
                .require(200);
    }

    /**
     * A report of at least two lines whose last {@code companyPaid} lines were paid by company card (Concur's
     * payment type {@code CBCP}); the others carry no payment type, as reports did before there was one.
     */
    private static ObjectNode paidByCard(String prefix, DemoData.Person person, int companyPaid) {
        String id = prefix + UUID.randomUUID().toString().substring(0, 8);
        List<DemoData.Expense> expenses = new ArrayList<>(DemoData.expenses(new Random(id.hashCode()), world.data(), person, TODAY));
        if (expenses.size() < 2) {
            expenses.add(withAmount(expenses.getFirst(), "86.40"));
        }
        ObjectNode report = DemoData.report(id, person, "Messe Basel", "EUR", expenses, Instant.now());
        int n = report.get("expenses").size();
        for (int i = Math.max(0, n - companyPaid); i < n; i++) {
            ((ObjectNode) report.get("expenses").get(i)).putObject("paymentType").put("id", "gWqM7$p0")
                    .put("name", "Company Billed/Company Paid").put("code", "CBCP");
        }
        return report;
    }

    /** The sum of the report's expenses of the payment type {@code code} (no payment type is cash). */
    private static java.math.BigDecimal amount(JsonNode report, String code) {
        java.math.BigDecimal sum = java.math.BigDecimal.ZERO;
        for (JsonNode e : report.get("expenses")) {
            if (e.path("paymentType").path("code").asText("CASH").equals(code)) {
                sum = sum.add(new java.math.BigDecimal(e.get("approvedAmount").get("value").asText()));
            }
        }
        return sum;
    }

    private static java.math.BigDecimal credits(JsonNode journal, String account) {
        java.math.BigDecimal sum = java.math.BigDecimal.ZERO;
        for (JsonNode line : journal.get("lines")) {
            if (line.get("side").asText().equals("CREDIT") && line.get("account").asText().equals(account)) {
                sum = sum.add(new java.math.BigDecimal(line.path("amount").path("amount").asText()));
            }
        }
        return sum;
    }

    private static java.math.BigDecimal sum(JsonNode journal, String side) {
        java.math.BigDecimal sum = java.math.BigDecimal.ZERO;
        for (JsonNode line : journal.get("lines")) {
            if (line.get("side").asText().equals(side)) {
                sum = sum.add(new java.math.BigDecimal(line.path("amount").path("amount").asText()));
            }
        }
        return sum;
    }

    /** The peer's recorded requests that name the report (its id in the path or the body). */
    private static List<JsonNode> ledgerMentioning(Api peer, String reportId) {
        JsonNode ledger = peer.get("/_sandbox/ledger").require(200).body();
        return StreamSupport.stream(ledger.spliterator(), false)
                .filter(r -> r.path("path").asText().contains(reportId) || r.path("body").toString().contains(reportId))
                .toList();
    }

    /** The amounts the cash forecast expects today as the report's reimbursement, in the entity and currency. */
    private List<java.math.BigDecimal> reimbursementsInTheForecast(String entityId, String currency, String reportId) {
        String entity = world.finrelay().get(world.tenant().path("/legal-entities/" + entityId)).require(200)
                .body().get("name").asText();
        String from = world.finrelay().get(world.tenant().path("/cash/forecast?days=1")).require(200).body()
                .get("from").asText();
        JsonNode flows = world.finrelay().get(world.tenant().path("/cash/forecast/flows?currency=" + currency + "&date="
                + from + "&entity=" + java.net.URLEncoder.encode(entity, StandardCharsets.UTF_8).replace("+", "%20")))
                .require(200).body().get("items");
        return StreamSupport.stream(flows.spliterator(), false)
                .filter(f -> f.get("source").asText().equals("REIMBURSEMENT") && f.get("reference").asText().equals(reportId))
                .map(f -> new java.math.BigDecimal(f.get("amount").asText())).toList();
    }

    // ---- webhooks --------------------------------------------------------------------------------

    @Test
    void aBadOrStaleSignatureIs401AndNothingIsRecorded() {
        String path = "/v1/webhooks/" + world.tenant().id() + "/expense-platform";
        String reportId = "IT-FORGED-" + UUID.randomUUID().toString().substring(0, 8);
        byte[] body = ("{\"id\":\"x\",\"eventType\":\"StatusChange\",\"data\":{\"reportId\":\"" + reportId
                + "\",\"userId\":\"u-m.keller\"}}").getBytes(StandardCharsets.UTF_8);
        String secret = world.settings().get("expenseWebhookSecret").asText();
        long now = Instant.now().getEpochSecond();
        String wrongSecret = "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]);

        for (Map<String, String> headers : List.of(
                Map.of("webhook-id", "msg_1", "webhook-timestamp", String.valueOf(now),
                        "webhook-signature", WebhookSignature.sign(wrongSecret, "msg_1", now, body)),
                Map.of("webhook-id", "msg_2", "webhook-timestamp", String.valueOf(now - 600),
                        "webhook-signature", WebhookSignature.sign(secret, "msg_2", now - 600, body)),
                Map.of("webhook-id", "msg_3", "webhook-timestamp", String.valueOf(now)))) {
            Answer answer = call("POST", path, null, new String(body, StandardCharsets.UTF_8), headers);
            assertThat(answer.status()).isEqualTo(401);
            assertThat(answer.contentType()).startsWith("application/problem+json");
            assertThat(answer.body().get("type").asText()).endsWith("/invalid-signature");
        }
        assertThat(world.finrelay().get(world.tenant().path("/expense-reports/" + reportId)).status()).isEqualTo(404);
        // The right signature is accepted (and the unknown report refused on its merits, not its signature).
        Answer good = call("POST", path, null, new String(body, StandardCharsets.UTF_8), Map.of("webhook-id", "msg_4",
                "webhook-timestamp", String.valueOf(now), "webhook-signature", WebhookSignature.sign(secret, "msg_4", now, body)));
        assertThat(good.status()).isEqualTo(400);
    }

    @Test
    void aBankStatusMustBeAnIso20022PaymentStatusAndABadOneIs400NamingTheField() {
        String path = "/v1/webhooks/" + world.tenant().id() + "/bank";
        String secret = world.settings().get("bankWebhookSecret").asText();
        long now = Instant.now().getEpochSecond();
        Map<String, String> bodies = new java.util.LinkedHashMap<>();
        // RTRN is not an ExternalPaymentTransactionStatus1Code: a return is its own message.
        bodies.put("status", "{\"status\":\"RTRN\",\"endToEndId\":\"IT-RET-1\",\"obligationId\":\"IT-RET-1-P1\"}");
        bodies.put("endToEndId", "{\"status\":\"ACSC\",\"obligationId\":\"IT-RET-1-P1\"}");
        int n = 0;
        for (Map.Entry<String, String> e : bodies.entrySet()) {
            byte[] body = e.getValue().getBytes(StandardCharsets.UTF_8);
            String id = "msg_bank_" + UUID.randomUUID() + "_" + n++;
            Answer answer = call("POST", path, null, e.getValue(), Map.of("webhook-id", id,
                    "webhook-timestamp", String.valueOf(now), "webhook-signature", WebhookSignature.sign(secret, id, now, body)));
            assertThat(answer.status()).as(e.getValue()).isEqualTo(400);
            assertThat(answer.contentType()).startsWith("application/problem+json");
            assertThat(answer.body().path("errors").get(0).path("field").asText()).isEqualTo(e.getKey());
        }
    }

    @Test
    void aBankStatusDeliveredAgainWithTheSameIdAndBytesIsARepeatAlsoWithoutItsOptionalFields() {
        String path = "/v1/webhooks/" + world.tenant().id() + "/bank";
        String secret = world.settings().get("bankWebhookSecret").asText();
        long now = Instant.now().getEpochSecond();
        // Without "at", "reasonCode" and "bankReference": nothing may be filled in on arrival that makes
        // the sender's retry (Standard Webhooks: same id, same bytes) look like another request.
        String json = "{\"status\":\"ACSC\",\"endToEndId\":\"IT-NOAT-1\",\"obligationId\":\"IT-NOAT-1-P1\"}";
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        String id = "msg_bank_noat_" + UUID.randomUUID();
        Map<String, String> headers = Map.of("webhook-id", id, "webhook-timestamp", String.valueOf(now),
                "webhook-signature", WebhookSignature.sign(secret, id, now, body));
        Answer first = call("POST", path, null, json, headers);
        Answer again = call("POST", path, null, json, headers);
        assertThat(first.status()).as(String.valueOf(first.body())).isEqualTo(200);
        assertThat(again.status()).as(String.valueOf(again.body())).isEqualTo(200);
        assertThat(again.body().get("outcome").asText()).isEqualTo("repeated");
    }

    @Test
    void aBankRejectionArrivingAfterTheReportWasReimbursedOpensAnExceptionInsteadOfASilent200() {
        ObjectNode report = report("IT-LATE-", person(2), "EUR", null);
        String id = report.get("reportId").asText();
        submit(report);
        await(id, "AwaitingRelease");
        releaseFully(id);
        JsonNode done = await(id, "Reimbursed");

        String path = "/v1/webhooks/" + world.tenant().id() + "/bank";
        String secret = world.settings().get("bankWebhookSecret").asText();
        long now = Instant.now().getEpochSecond();
        String json = "{\"status\":\"RJCT\",\"endToEndId\":\"" + id + "\",\"obligationId\":\"" + id + "-P1\","
                + "\"reasonCode\":\"AC04\",\"bankReference\":\"BNK-LATE-1\"}";
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        String webhookId = "msg_bank_late_" + UUID.randomUUID();
        Map<String, String> headers = Map.of("webhook-id", webhookId, "webhook-timestamp", String.valueOf(now),
                "webhook-signature", WebhookSignature.sign(secret, webhookId, now, body));
        Answer first = call("POST", path, null, json, headers);
        Answer again = call("POST", path, null, json, headers);

        assertThat(first.status()).as(String.valueOf(first.body())).isEqualTo(200);
        assertThat(first.body().get("outcome").asText()).isEqualTo("parked");
        assertThat(again.body().get("outcome").asText()).as("the sender's retry").isEqualTo("parked");
        assertThat(again.body().get("exceptionId")).isEqualTo(first.body().get("exceptionId"));
        JsonNode exception = openException(done.get("instanceId").asText(), "late-bank-status");
        assertThat(exception.get("id").asText()).isEqualTo(first.body().get("exceptionId").asText());
        assertThat(exception.get("reason").asText()).contains("RJCT AC04").contains("Reimbursed");
        assertThat(await(id, "Reimbursed").get("state").asText()).as("the report itself is not changed").isEqualTo("Reimbursed");

        // A late confirmation of the settlement is no news: answered as ignored, naming why, no exception.
        String settled = "{\"status\":\"ACSC\",\"endToEndId\":\"" + id + "\",\"obligationId\":\"" + id + "-P1\"}";
        String otherId = "msg_bank_late_" + UUID.randomUUID();
        Answer confirmation = call("POST", path, null, settled, Map.of("webhook-id", otherId, "webhook-timestamp",
                String.valueOf(now), "webhook-signature", WebhookSignature.sign(secret, otherId, now,
                        settled.getBytes(StandardCharsets.UTF_8))));
        assertThat(confirmation.body().get("outcome").asText()).isEqualTo("ignored");
        assertThat(confirmation.body().get("reason").asText()).contains("ended");
    }

    // ---- validation ------------------------------------------------------------------------------

    @Test
    void eachValidationFailureIsAnExceptionWithItsReasonAndAFixPlusRetryContinuesTheSameInstance() {
        String t = world.tenant().path("");
        Api api = world.finrelay();
        // Unknown employee: fixed by creating the employee under the id the platform sent.
        String newcomer = UUID.randomUUID().toString();
        DemoData.Person ghost = new DemoData.Person(newcomer, "g.neu", "Greta Neu", world.data().entityDe(),
                DemoData.iban("DE", "370400440532099999"), "m.keller");
        fixAndRetry(report("IT-EMP-", ghost, "EUR", null), "unknown-employee",
                "employee " + newcomer + " does not exist in the master data",
                () -> api.post(t + "/employees", Map.of("id", newcomer, "legalEntityId", world.data().entityDe(),
                        "name", "Greta Neu", "email", "greta.neu@acme-logistik.example", "active", true,
                        "bankAccount", Map.of("iban", ghost.iban(), "holderName", "Greta Neu"))).require(201));

        // Inactive employee: fixed by re-activating.
        DemoData.Person leaver = person(3);
        api.patch(t + "/expense/master-data/employees/" + leaver.employeeId(), Map.of("active", false)).require(200);
        fixAndRetry(report("IT-INACTIVE-", leaver, "EUR", null), "inactive-employee",
                "employee " + leaver.employeeId() + " (" + leaver.name() + ") is not active",
                () -> api.patch(t + "/expense/master-data/employees/" + leaver.employeeId(), Map.of("active", true)).require(200));

        // Closed cost center: fixed by re-opening it.
        String closedId = api.post(t + "/cost-centers", Map.of("code", "CC-490", "name", "Closed project",
                "legalEntityId", world.data().entityDe(), "open", false)).require(201).body().get("id").asText();
        fixAndRetry(report("IT-CC-", person(1), "EUR", e -> withCostCenter(e, "CC-490")), "closed-cost-center",
                "lines[0].costCenter: cost center CC-490 is closed",
                () -> api.patch(t + "/expense/master-data/cost-centers/" + closedId, Map.of("open", true)).require(200));

        // Unknown GL account: fixed by the tenant's mapping.
        fixAndRetry(report("IT-GL-", person(2), "EUR", e -> withAccount(e, "6999")), "unknown-gl-account",
                "lines[0].account: GL account 6999 does not exist in legal entity " + world.data().entityDe(),
                () -> api.put(t + "/expense/mappings/gl-account/6999", Map.of("target", "6650")).require(200));

        // A tax code of another country: fixed by mapping it to the German one.
        fixAndRetry(report("IT-TAX-", person(4), "EUR", e -> withTax(e, "AT-VAT-20")), "invalid-tax-code",
                "lines[0].taxCode: tax code AT-VAT-20 is not valid for DE",
                () -> api.put(t + "/expense/mappings/tax-code/AT-VAT-20", Map.of("target", "DE-VAT-19")).require(200));

        // No FX rate for the receipt's date: fixed by adding the rate.
        DemoData.Person swiss = world.data().people().stream()
                .filter(p -> p.entity().equals(world.data().entityCh())).skip(1).findFirst().orElseThrow();
        LocalDate old = TODAY.minusDays(90);
        fixAndRetry(report("IT-FX-MISSING-", swiss, "EUR", e -> withDate(e, old)), "missing-fx-rate",
                "lines[0].date: no EUR/CHF rate dated on or before " + old,
                () -> api.post(t + "/fx-rates", Map.of("base", "EUR", "quote", "CHF", "rateDate", old.toString(),
                        "rate", "0.9611", "source", "ECB reference rate")).require(201));
    }

    @Test
    void anUnknownProjectIsAnExceptionWithItsExactReasonAndOnceCreatedARetryContinuesToReimbursement() {
        String t = world.tenant().path("");
        String entity = world.data().entityDe();
        String project = "P-IT-" + UUID.randomUUID().toString().substring(0, 8);
        ObjectNode report = report("IT-PROJECT-", person(8), "EUR", e -> withProject(e, project));
        String id = report.get("reportId").asText();
        submit(report);
        JsonNode failed = await(id, "NeedsAttention");
        JsonNode unknown = openException(failed.get("instanceId").asText(), "unknown-project");
        assertThat(unknown.get("reason").asText())
                .isEqualTo("lines[0].project: project " + project + " does not exist in legal entity " + entity);
        assertThat(journalsOf(id)).isEmpty();

        // The operator creates the project (closed at first: the retry then names that), opens it, retries again.
        String projectId = world.finrelay().post(t + "/projects", Map.of("code", project, "name", "Pilot Hamburg",
                "legalEntityId", entity, "open", false)).require(201).body().get("id").asText();
        assertThat(world.finrelay().post(world.tenant().path("/exceptions/" + unknown.get("id").asText() + "/retry"),
                Map.of("note", "project created")).status()).isEqualTo(200);
        JsonNode closed = awaitOpenException(failed.get("instanceId").asText(), "closed-project");
        assertThat(closed.get("reason").asText()).isEqualTo("lines[0].project: project " + project + " is closed");
        world.finrelay().patch(t + "/expense/master-data/projects/" + projectId, Map.of("open", true)).require(200);
        assertThat(world.finrelay().post(world.tenant().path("/exceptions/" + closed.get("id").asText() + "/retry"),
                Map.of("note", "project opened")).status()).isEqualTo(200);

        JsonNode continued = await(id, "AwaitingRelease");
        assertThat(continued.get("instanceId").asText()).isEqualTo(failed.get("instanceId").asText());
        releaseFully(id);
        JsonNode done = await(id, "Reimbursed");
        assertThat(done.get("instanceId").asText()).isEqualTo(failed.get("instanceId").asText());
        assertThat(journalsOf(id)).hasSize(1);
        assertThat(journalsOf(id).getFirst().path("payableStatus").asText()).isEqualTo("PAID");
    }

    private void fixAndRetry(ObjectNode report, String code, String reason, Runnable fix) {
        fixAndRetry(report, code, reason, fix, "AwaitingRelease");
    }

    private void fixAndRetry(ObjectNode report, String code, String reason, Runnable fix, String continuesTo) {
        String id = report.get("reportId").asText();
        submit(report);
        JsonNode failed = await(id, "NeedsAttention");
        JsonNode exception = openException(failed.get("instanceId").asText(), code);
        assertThat(exception.get("reason").asText()).contains(reason);
        assertThat(journalsOf(id)).isEmpty();
        fix.run();
        assertThat(world.finrelay().post(world.tenant().path("/exceptions/" + exception.get("id").asText() + "/retry"),
                Map.of("note", "master data fixed")).status()).isEqualTo(200);
        JsonNode continued = await(id, continuesTo);
        assertThat(continued.get("instanceId").asText()).isEqualTo(failed.get("instanceId").asText());
        assertThat(journalsOf(id)).hasSize(1);
    }

    // ---- duplicates, SoD, bank, lost answers -------------------------------------------------------

    @Test
    void aDuplicateClaimIsAPossibleDuplicateAndNeverPosted() {
        ObjectNode original = report("IT-ORIG-", person(5), "EUR", null);
        submit(original);
        await(original.get("reportId").asText(), "AwaitingRelease");
        ObjectNode again = DemoData.resubmitted(original, "IT-DUP-" + UUID.randomUUID().toString().substring(0, 8));
        String id = again.get("reportId").asText();
        submit(again);
        JsonNode dup = await(id, "PossibleDuplicate");
        JsonNode exception = openException(dup.get("instanceId").asText(), "possible-duplicate");
        assertThat(exception.get("reason").asText()).contains("possible duplicate of report(s) "
                + original.get("reportId").asText());
        // Retrying finds it again: still not posted.
        world.finrelay().post(world.tenant().path("/exceptions/" + exception.get("id").asText() + "/retry"), Map.of());
        await(id, "PossibleDuplicate");
        assertThat(journalsOf(id)).isEmpty();
        assertThat(world.finrelay().post(world.tenant().path("/expense-reports/" + id + "/duplicate-review"),
                Map.of("reviewer", "a.lang", "genuine", false, "note", "same trip")).status()).isEqualTo(202);
        await(id, "Withdrawn");
        assertThat(journalsOf(id)).isEmpty();
        assertThat(world.expense().get("/_sandbox/state").body().path("paymentStatuses").path(id).get(0)
                .path("status").asText()).isEqualTo("REJECTED");
    }

    @Test
    void releaseNeedsATreasurerWhoIsNeitherSubmitterNorApproverAndFourEyesAboveTheThresholdRefusalsAudited() {
        DemoData.Person submitter = person(6);
        world.finrelay().put(world.tenant().path("/expense/roles/" + submitter.loginId()), Map.of("roles", List.of("treasurer")));
        world.finrelay().put(world.tenant().path("/expense/roles/" + submitter.manager()), Map.of("roles", List.of("treasurer")));
        ObjectNode big = report("IT-SOD-", submitter, "EUR", e -> withAmount(e, "1450.00"));
        String id = big.get("reportId").asText();
        submit(big);
        await(id, "AwaitingRelease");
        assertRefused(release(id, submitter.loginId()), "segregation of duties: " + submitter.loginId() + " submitted");
        assertRefused(release(id, submitter.manager()), "segregation of duties: " + submitter.manager() + " approved");
        assertRefused(release(id, "o.pohl"), "does not have the treasurer role");
        assertThat(release(id, "t.berger").body().get("state").asText()).isEqualTo("AwaitingRelease");
        assertRefused(release(id, "t.berger"), "four eyes: t.berger has already released");
        assertThat(release(id, "j.roth").body().get("state").asText()).isEqualTo("Paying");
        JsonNode done = await(id, "Reimbursed");
        long refusals = StreamSupport.stream(done.get("timeline").spliterator(), false)
                .filter(e -> e.get("kind").asText().equals("event.rejected")).count();
        assertThat(refusals).isEqualTo(4);
        assertThat(matching(world.treasury(), "obligations", o -> o.path("reportId").asText().equals(id)).getFirst()
                .path("releasedBy")).hasSize(2);
    }

    @Test
    void aBankRejectionIsAnExceptionWithTheBanksReasonCode() {
        ObjectNode report = report("IT-RJCT-", world.data().rejectedPayee(), "EUR", null);
        String id = report.get("reportId").asText();
        submit(report);
        await(id, "AwaitingRelease");
        releaseFully(id);
        JsonNode rejected = await(id, "PaymentRejected");
        JsonNode exception = openException(rejected.get("instanceId").asText(), "bank-rejected");
        assertThat(exception.get("reason").asText()).isEqualTo("the bank rejected payment " + id + "-P1 with reason code AC04");
        // Reconciliation no longer waits for its debit (nor forecasts it): the item was withdrawn with the rejection.
        JsonNode withdrawn = world.finrelay().get(world.tenant().path("/open-items?status=WITHDRAWN&limit=500")).require(200)
                .body().get("items");
        assertThat(StreamSupport.stream(withdrawn.spliterator(), false).map(i -> i.get("id").asText()))
                .contains("REIMB-" + id + "-P1");
        assertThat(journalsOf(id)).hasSize(1);
        assertThat(matching(world.erp(), "clearings", c -> c.path("reportId").asText().equals(id))).isEmpty();
    }

    @Test
    void aRetriedErpPostAfterALostAnswerIsFoundNotDoubled() {
        world.erp().post("/_sandbox/faults", Map.of("loseNextAnswers", 1, "loseAnswerMillis", 2_500)).require(200);
        ObjectNode report = report("IT-LOST-", person(7), "EUR", null);
        String id = report.get("reportId").asText();
        submit(report);
        await(id, "AwaitingRelease");
        assertThat(journalsOf(id)).hasSize(1);
        JsonNode ledger = world.erp().get("/_sandbox/ledger").body();
        assertThat(StreamSupport.stream(ledger.spliterator(), false)
                .filter(e -> e.path("answerLost").asBoolean() && e.path("path").asText().equals("/api/v1/journal-entries"))
                .count()).isGreaterThanOrEqualTo(1);
        JsonNode kpis = world.finrelay().get(world.tenant().path("/expense/kpis")).require(200).body();
        assertThat(kpis.path("postingLatency").path("count").asInt()).isPositive();
        assertThat(kpis.path("reports").asInt()).isPositive();
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private static DemoData.Person person(int i) {
        return world.data().people().get(i);
    }

    private static ObjectNode report(String prefix, DemoData.Person person, String currency,
                                     java.util.function.UnaryOperator<DemoData.Expense> change) {
        String id = prefix + UUID.randomUUID().toString().substring(0, 8);
        List<DemoData.Expense> expenses = new ArrayList<>(DemoData.expenses(new Random(id.hashCode()), world.data(), person, TODAY));
        if (change != null) {
            expenses.set(0, change.apply(expenses.getFirst()));
        }
        return DemoData.report(id, person, "Kundentermin Hamburg", currency, expenses, Instant.now());
    }

    private static DemoData.Expense withCostCenter(DemoData.Expense e, String cc) {
        return new DemoData.Expense(e.date(), e.vendor(), e.type(), e.account(), cc, e.amount(), e.taxCode(), null);
    }

    private static DemoData.Expense withProject(DemoData.Expense e, String project) {
        return new DemoData.Expense(e.date(), e.vendor(), e.type(), e.account(), e.costCenter(), e.amount(), e.taxCode(), project);
    }

    private static DemoData.Expense withAccount(DemoData.Expense e, String account) {
        return new DemoData.Expense(e.date(), e.vendor(), e.type(), account, e.costCenter(), e.amount(), e.taxCode(), e.project());
    }

    private static DemoData.Expense withTax(DemoData.Expense e, String tax) {
        return new DemoData.Expense(e.date(), e.vendor(), e.type(), e.account(), e.costCenter(), e.amount(), tax, e.project());
    }

    private static DemoData.Expense withDate(DemoData.Expense e, LocalDate date) {
        return new DemoData.Expense(date, e.vendor(), e.type(), e.account(), e.costCenter(), e.amount(), e.taxCode(), e.project());
    }

    private static DemoData.Expense withAmount(DemoData.Expense e, String amount) {
        return new DemoData.Expense(e.date(), e.vendor(), e.type(), e.account(), e.costCenter(),
                new java.math.BigDecimal(amount), e.taxCode(), e.project());
    }

    /** Approves the report at the expense platform, which announces it to Finrelay by signed webhook. */
    private void submit(ObjectNode report) {
        world.expense().post("/_sandbox/reports", report).require(202);
    }

    /** Releases as t.berger, and as j.roth too when the amount needs four eyes. */
    private void releaseFully(String id) {
        assertThat(release(id, "t.berger").status()).isEqualTo(202);
        if (state(id).get("state").asText().equals("AwaitingRelease")) {
            assertThat(release(id, "j.roth").status()).isEqualTo(202);
        }
    }

    private Api.Answer release(String id, String releaser) {
        return world.finrelay().post(world.tenant().path("/expense-reports/" + id + "/releases"), Map.of("releaser", releaser));
    }

    private static void assertRefused(Api.Answer answer, String reason) {
        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.body().get("type").asText()).endsWith("/release-refused");
        assertThat(answer.body().get("detail").asText()).contains(reason);
    }

    private JsonNode state(String id) {
        return world.finrelay().get(world.tenant().path("/expense-reports/" + id)).body();
    }

    /** Polls the report until it reaches {@code wanted} (fails after 30 s with the state it is in). */
    private JsonNode await(String id, String wanted) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        JsonNode last = null;
        while (Instant.now().isBefore(deadline)) {
            Api.Answer answer = world.finrelay().get(world.tenant().path("/expense-reports/" + id));
            if (answer.status() == 200) {
                last = answer.body();
                if (last.get("state").asText().equals(wanted)) {
                    return last;
                }
            }
            Thread.onSpinWait();
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("report " + id + " did not reach " + wanted + "; it is " + (last == null ? "unknown"
                : last.get("state").asText() + " " + last.get("stateData")));
    }

    /** Polls for the instance's open exception with {@code code} (a retry raises a new one once it has looked again). */
    private JsonNode awaitOpenException(String instanceId, String code) {
        return org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(25))
                .until(() -> StreamSupport.stream(world.finrelay().get(world.tenant().path("/exceptions?status=OPEN&instanceId="
                        + instanceId)).body().spliterator(), false).filter(e -> e.get("code").asText().equals(code)).findFirst(),
                        java.util.Optional::isPresent).orElseThrow();
    }

    private JsonNode openException(String instanceId, String code) {
        JsonNode list = world.finrelay().get(world.tenant().path("/exceptions?status=OPEN&instanceId=" + instanceId)).body();
        return StreamSupport.stream(list.spliterator(), false).filter(e -> e.get("code").asText().equals(code)).findFirst()
                .orElseThrow(() -> new AssertionError("no open " + code + " exception: " + list));
    }

    private static List<JsonNode> journalsOf(String reportId) {
        return matching(world.erp(), "journals", j -> j.path("description").asText().contains(reportId + ":"));
    }

    private static List<JsonNode> matching(Api peer, String collection, Predicate<JsonNode> filter) {
        JsonNode all = peer.get("/_sandbox/state").body().path(collection);
        return StreamSupport.stream(all.spliterator(), false).filter(filter).toList();
    }
}
