package io.finrelay.server.card;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.finrelay.sandbox.Sandbox;
import io.finrelay.sandbox.world.Api;
import io.finrelay.server.ServerIT;
import io.finrelay.server.fixtures.TestClock;
import io.finrelay.testkit.TestDatabase;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * Corporate card feeds end to end on a stepping clock: a sales manager's Visa card export (CSV, modelled on
 * VCF) against her expense reports taken in through the expense API, the real engine on real PostgreSQL, and
 * the sandbox's expense platform and ERP in this JVM, on the same clock, recording every request. The sweep
 * is called by the test (its schedule is an hour); the clock is stepped past the grace period and the month end.
 *
 * <p>A database and a server of its own: the clock is stepped by days and weeks here.
 */
@TestPropertySource(properties = {"finrelay.cards.every=PT1H", "finrelay.monitors.every=PT1H"})
class CardFeedIT extends ServerIT {
    private static final String HEADER = "transaction_id,card_account,employee_id,holder_name,transaction_date,"
            + "posting_date,settlement_date,merchant_name,mcc,billing_amount,billing_currency,original_amount,original_currency\n";
    private static final String CARD = "4111********1111";
    private static Sandbox sandbox;

    @BeforeAll
    static void ownDatabase() {
        ownDatabaseUrl = TestDatabase.jdbcUrl(((PGSimpleDataSource) TestDatabase.newDatabase("cards")).getDatabaseName());
    }

    @AfterAll
    static void sharedDatabaseForTheOthers() {
        ownDatabaseUrl = null;
        if (sandbox != null) {
            sandbox.close();
            sandbox = null;
        }
    }

    @Autowired
    CardFollowUps followUps;
    @Autowired
    TestClock clock;
    @Autowired
    io.finrelay.engine.db.Database db;

    private Map<String, String> peers() {
        synchronized (CardFeedIT.class) {
            if (sandbox == null) {
                sandbox = Sandbox.start(clock, 0);
            }
            return sandbox.urls();
        }
    }

    /** A tenant with a legal entity, its card holder Anna Keller, its peers and its card settings. */
    private record Company(TestTenant t, String entityId, String anna) {}

    private Company company(String name, int graceDays) {
        TestTenant t = newTenant(name);
        String entity = legalEntity(t);
        Answer anna = post(t.path("/employees"), t.adminKey(), json("legalEntityId", entity, "name", "Anna Keller",
                "email", "anna.keller@acme-logistik.example", "active", true,
                "bankAccount", Map.of("iban", "DE89370400440532013000", "holderName", "Anna Keller")));
        assertThat(anna.status()).as(anna.raw().body()).isEqualTo(201);
        Answer peers = call("PUT", t.path("/expense/settings"), t.adminKey(), json("expensePlatformUrl",
                peers().get("expense-platform"), "erpUrl", peers().get("erp"), "treasuryUrl", peers().get("treasury"),
                "timeoutMillis", 2000), Map.of());
        assertThat(peers.status()).as(peers.raw().body()).isEqualTo(200);
        Answer settings = call("PUT", t.path("/card-settings"), t.adminKey(), json("graceDays", graceDays,
                "accrualAccount", "6890", "liabilityAccount", "2040"), Map.of());
        assertThat(settings.status()).as(settings.raw().body()).isEqualTo(200);
        return new Company(t, entity, anna.body().get("id").asText());
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    /** Steps the clock to the start of {@code day} (UTC) plus an hour, unless it is there already. */
    private void stepTo(LocalDate day) {
        java.time.Instant target = day.atStartOfDay(ZoneOffset.UTC).plusHours(1).toInstant();
        if (clock.instant().isBefore(target)) {
            clock.advance(Duration.between(clock.instant(), target));
        }
    }

    /**
     * An approved Concur-style report of Anna's with the given lines {date, vendor, amount} or {date, vendor, amount,
     * Concur payment type code} (e.g. {@code CBCP}: paid by the company's card).
     */
    private void report(Company co, String reportId, String currency, String[]... lines) {
        ObjectNode r = JSON.createObjectNode();
        r.put("reportId", reportId);
        r.put("name", "Customer visits November");
        r.put("approvedDate", clock.instant().toString());
        r.putObject("approvalStatus").put("code", "A_APPR");
        r.put("currencyCode", currency);
        r.putObject("reportOwner").put("userId", "u-akeller").put("employeeId", co.anna()).put("loginId", "a.keller");
        r.putObject("approver").put("loginId", "m.weber");
        ArrayNode expenses = r.putArray("expenses");
        int i = 1;
        for (String[] l : lines) {
            ObjectNode x = expenses.addObject();
            x.put("expenseId", reportId + "-" + i++);
            x.put("transactionDate", l[0]);
            x.putObject("vendor").put("name", l[1]);
            x.put("accountCode", "6650");
            x.putArray("allocations").addObject().put("costCenter", "CC-410");
            x.putObject("approvedAmount").put("value", new BigDecimal(l[2])).put("currencyCode", currency);
            x.put("taxCode", "DE-VAT-19");
            if (l.length > 3) {
                x.putObject("paymentType").put("code", l[3]);
            }
        }
        Answer submitted = post(co.t().path("/expense-reports"), co.t().adminKey(), r.toString());
        assertThat(submitted.status()).as(submitted.raw().body()).isIn(200, 201, 202);
    }

    private Answer upload(Company co, String csv) {
        return callWithBytes("POST", co.t().path("/card-transactions?name=vcf-export.csv"), co.t().adminKey(),
                csv.getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", "text/csv"));
    }

    private static String row(String id, String employee, LocalDate date, LocalDate settles, String merchant, String mcc,
                              String billed, String original, String currency) {
        return String.join(",", id, CARD, employee, "Anna Keller", date.toString(), date.plusDays(1).toString(),
                settles.toString(), merchant, mcc, billed, "EUR", original, currency) + "\n";
    }

    private List<JsonNode> transactions(Company co, String query) {
        Answer listed = get(co.t().path("/card-transactions" + query), co.t().adminKey());
        assertThat(listed.status()).as(listed.raw().body()).isEqualTo(200);
        return StreamSupport.stream(listed.body().spliterator(), false).toList();
    }

    private static List<JsonNode> ledger(Api peer, String field, java.util.function.Predicate<JsonNode> which) {
        List<JsonNode> out = new ArrayList<>();
        peer.get("/_sandbox/state").require(200).body().path(field).forEach(n -> {
            if (which.test(n)) {
                out.add(n);
            }
        });
        return out;
    }

    @Test
    void chargesWithAMatchingExpenseAreMatchedAndTheOneWithoutIsRemindedOnceAndAccruedOnceAtMonthEnd() {
        Company co = company("CardMatch", 5);
        LocalDate day = today();
        LocalDate settles = day.plusDays(20);
        report(co, "RPT-" + UUID.randomUUID().toString().substring(0, 8), "EUR",
                new String[] {day.toString(), "Lufthansa", "412.90"},
                // GBP 186.00 converted by the expense platform at its own rate: EUR 218.00, the card billed 215.30
                new String[] {day.toString(), "The Hoxton, Holborn", "218.00"});
        report(co, "RPT-" + UUID.randomUUID().toString().substring(0, 8), "USD",
                new String[] {day.toString(), "Apple Store Fifth Avenue", "1249.00"});
        Answer taken = upload(co, HEADER
                + row("VCF-101", co.anna(), day, settles, "LUFTHANSA 2201234567890", "3000", "412.90", "", "")
                + row("VCF-102", co.anna(), day, settles, "APPLE STORE #R095 NEW YORK", "5732", "1161.57", "1249.00", "USD")
                + row("VCF-103", co.anna(), day, settles, "THE HOXTON HOLBORN LONDON", "3501", "215.30", "186.00", "GBP")
                + row("VCF-104", co.anna(), day, settles, "HOTEL ADLON KEMPINSKI BERLIN", "3501", "389.00", "", ""));
        assertThat(taken.status()).as(taken.raw().body()).isEqualTo(201);
        assertThat(taken.body().get("inserted")).hasSize(4);
        assertThat(taken.body().get("matched").asInt()).isEqualTo(3);

        Map<String, JsonNode> byId = new java.util.HashMap<>();
        transactions(co, "").forEach(t -> byId.put(t.get("transactionId").asText(), t));
        assertThat(byId.get("VCF-101").get("matchBasis").asText()).isEqualTo("BILLING_AMOUNT");
        assertThat(byId.get("VCF-102").get("matchBasis").asText()).isEqualTo("ORIGINAL_AMOUNT");
        assertThat(byId.get("VCF-103").get("matchBasis").asText()).isEqualTo("CONVERTED_WITHIN_FX_TOLERANCE");
        assertThat(byId.get("VCF-104").get("status").asText()).isEqualTo("UNMATCHED");

        // Within the grace period: nobody is reminded.
        followUps.sweep();
        Api expensePlatform = new Api(peers().get("expense-platform"), null);
        assertThat(ledger(expensePlatform, "cardReminders", r -> r.path("userId").asText().equals(co.anna()))).isEmpty();

        // Past it (posted the day after the transaction, five days' grace): one reminder, however often swept.
        stepTo(day.plusDays(7));
        followUps.sweep();
        followUps.sweep();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(ledger(expensePlatform, "cardReminders", r -> r.path("userId").asText().equals(co.anna())))
                        .singleElement().satisfies(r -> {
                            assertThat(r.get("transactionId").asText()).isEqualTo("VCF-104");
                            assertThat(r.get("merchant").asText()).isEqualTo("HOTEL ADLON KEMPINSKI BERLIN");
                            assertThat(new BigDecimal(r.get("amount").asText())).isEqualByComparingTo("389.00");
                            assertThat(r.get("dueBy").asText()).isEqualTo(day.plusDays(6).toString());
                        }));
        assertThat(transactions(co, "?status=UNMATCHED")).singleElement()
                .satisfies(t -> assertThat(t.get("remindedAt").isNull()).isFalse());

        // After the month end: one accrual journal and its reversal in the ERP, however often swept.
        // (Posted the day after the transaction: that day's month is accrued once it has ended.)
        java.time.YearMonth period = java.time.YearMonth.from(day.plusDays(1));
        stepTo(period.plusMonths(1).atDay(1));
        followUps.sweep();
        followUps.sweep();
        Api erp = new Api(peers().get("erp"), null);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(ledger(erp, "journals",
                j -> j.path("legalEntityId").asText().equals(co.entityId()) && j.path("description").asText().contains("ard accrual")))
                .hasSize(2));
        followUps.sweep();
        List<JsonNode> journals = ledger(erp, "journals", j -> j.path("legalEntityId").asText().equals(co.entityId())
                && j.path("description").asText().contains("ard accrual"));
        assertThat(journals).hasSize(2);
        JsonNode accrual = journals.stream().filter(j -> j.path("description").asText().startsWith("Card accrual"))
                .findFirst().orElseThrow();
        JsonNode reversal = journals.stream().filter(j -> j.path("description").asText().startsWith("Reversal"))
                .findFirst().orElseThrow();
        assertThat(accrual.get("description").asText()).contains(period.toString()).contains("1 transaction");
        assertThat(accrual.get("bookingDate").asText()).isEqualTo(period.atEndOfMonth().toString());
        assertThat(reversal.get("bookingDate").asText()).isEqualTo(period.plusMonths(1).atDay(1).toString());
        assertThat(accrual.get("lines")).anySatisfy(l -> {
            assertThat(l.get("account").asText()).isEqualTo("6890");
            assertThat(l.get("side").asText()).isEqualTo("DEBIT");
            assertThat(new BigDecimal(l.path("amount").path("amount").asText())).isEqualByComparingTo("389.00");
            assertThat(l.get("memo").asText()).contains("VCF-104");
        });
        assertThat(accrual.get("lines")).anySatisfy(l -> {
            assertThat(l.get("account").asText()).isEqualTo("2040");
            assertThat(l.get("side").asText()).isEqualTo("CREDIT");
        });
        assertThat(ledger(expensePlatform, "cardReminders", r -> r.path("userId").asText().equals(co.anna()))).hasSize(1);
    }

    @Test
    void aChargeIsExplainedByTheLinePaidByCompanyCardAndOneMatchingOnlyALineClaimedAsCashIsFlagged() {
        Company co = company("CardPaidBy", 10);
        LocalDate day = today();
        String claimedAsCash = "RPT-" + UUID.randomUUID().toString().substring(0, 8);
        String onTheCard = "RPT-" + UUID.randomUUID().toString().substring(0, 8);
        // The same dinner twice: claimed as cash on the very day, and as paid by company card a day later.
        report(co, claimedAsCash, "EUR", new String[] {day.toString(), "Restaurant Tim Raue", "214.50"},
                new String[] {day.toString(), "Deutsche Bahn", "89.90", "CASH"});
        report(co, onTheCard, "EUR", new String[] {day.plusDays(1).toString(), "Tim Raue", "214.50", "CBCP"});
        Answer taken = upload(co, HEADER
                + row("VCF-201", co.anna(), day, day.plusDays(20), "RESTAURANT TIM RAUE", "5812", "214.50", "", "")
                + row("VCF-202", co.anna(), day, day.plusDays(20), "DB VERTRIEB GMBH", "4112", "89.90", "", ""));
        assertThat(taken.status()).as(taken.raw().body()).isEqualTo(201);
        assertThat(taken.body().get("matched").asInt()).isEqualTo(2);

        Map<String, JsonNode> byId = new java.util.HashMap<>();
        transactions(co, "").forEach(t -> byId.put(t.get("transactionId").asText(), t));
        assertThat(byId.get("VCF-201").get("reportId").asText()).isEqualTo(onTheCard);
        assertThat(byId.get("VCF-201").get("lineClaimedAsCash").asBoolean()).isFalse();
        assertThat(byId.get("VCF-202").get("reportId").asText()).isEqualTo(claimedAsCash);
        assertThat(byId.get("VCF-202").get("lineClaimedAsCash").asBoolean())
                .as("the company's card paid it, yet the employee claimed it").isTrue();
    }

    @Test
    void aReportTakenInBeforeItsLinesWereInTheReadModelIsMatchedAfterTheMigrationCopiedThemFromItsStoredState() {
        Company co = company("CardBackfill", 10);
        LocalDate day = today();
        String reportId = "RPT-" + UUID.randomUUID().toString().substring(0, 8);
        report(co, reportId, "EUR", new String[] {day.toString(), "Restaurant Tim Raue", "214.50", "CBCP"},
                new String[] {day.toString(), "Deutsche Bahn", "89.90"});
        // As before V6_12: the report is in the read model, its lines only in the workflow's stored state.
        String lines = "select line_id || ' ' || line_date || ' ' || merchant || ' ' || amount || ' ' || currency || ' ' "
                + "|| company_paid from expense_report_line where tenant_id = ?::uuid order by line_id";
        List<String> written = asOwnerRows(db, co.t(), lines);
        assertThat(written).containsExactly(reportId + "-1 " + day + " Restaurant Tim Raue 214.50 EUR true",
                reportId + "-2 " + day + " Deutsche Bahn 89.90 EUR false");
        asOwnerRows(db, co.t(), "delete from expense_report_line where tenant_id = ?::uuid");
        rerunMigrationTail(db, "V6_12__expense_report_line.sql", "insert into expense_report_line");
        assertThat(asOwnerRows(db, co.t(), lines)).as("copied from the stored claims, as the transition writes them").isEqualTo(written);

        Answer taken = upload(co, HEADER
                + row("VCF-301", co.anna(), day, day.plusDays(20), "RESTAURANT TIM RAUE", "5812", "214.50", "", ""));
        assertThat(taken.status()).as(taken.raw().body()).isEqualTo(201);
        assertThat(taken.body().get("matched").asInt()).isEqualTo(1);
    }

    @Test
    void aResentFileAddsNothingAndAFileWithABadCellIsRefusedWholeNamingItsLineAndColumn() {
        Company co = company("CardFiles", 10);
        LocalDate day = today();
        String file = HEADER
                + row("CDF-201", co.anna(), day, day.plusDays(25), "SHELL 4711 HAMBURG", "5541", "78.40", "", "")
                + row("CDF-202", co.anna(), day, day.plusDays(25), "DB VERTRIEB GMBH", "4112", "139.80", "", "");
        assertThat(upload(co, file).status()).isEqualTo(201);
        Answer again = upload(co, file);
        assertThat(again.status()).as(again.raw().body()).isEqualTo(200);
        assertThat(again.body().get("inserted")).isEmpty();
        assertThat(again.body().get("duplicates")).hasSize(2);
        assertThat(transactions(co, "")).hasSize(2);

        Answer bad = upload(co, HEADER
                + row("CDF-203", co.anna(), day, day.plusDays(25), "SIXT RENT A CAR", "3357", "264.00", "", "")
                + row("CDF-204", co.anna(), day, day.plusDays(25), "TAXI BERLIN", "4121", "25.5O", "", ""));
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.contentType()).startsWith("application/problem+json");
        JsonNode problem = bad.body().get("problems").get(0);
        assertThat(problem.get("line").asInt()).isEqualTo(3);
        assertThat(problem.get("column").asInt()).isEqualTo(10);
        assertThat(problem.get("field").asText()).isEqualTo("billing_amount");
        assertThat(bad.body().get("detail").asText()).contains("line 3, column 10").contains("nothing was taken in");
        // The good row of the refused file was not taken either.
        assertThat(transactions(co, "")).extracting(t -> t.get("transactionId").asText())
                .containsExactlyInAnyOrder("CDF-201", "CDF-202");

        // The same transactions as JSON: by id, once; a bad one names its item.
        String json = "{\"transactions\": [{\"transactionId\": \"CDF-202\", \"cardAccount\": \"" + CARD + "\", "
                + "\"employeeId\": \"" + co.anna() + "\", \"transactionDate\": \"" + day + "\", \"postingDate\": \""
                + day.plusDays(1) + "\", \"settlementDate\": \"" + day.plusDays(25) + "\", \"merchantName\": "
                + "\"DB VERTRIEB GMBH\", \"billingAmount\": 139.80, \"billingCurrency\": \"EUR\"}, "
                + "{\"transactionId\": \"CDF-205\", \"cardAccount\": \"" + CARD + "\", \"employeeId\": \"" + co.anna()
                + "\", \"transactionDate\": \"" + day + "\", \"postingDate\": \"" + day.plusDays(1) + "\", "
                + "\"settlementDate\": \"" + day.plusDays(25) + "\", \"merchantName\": \"STARBUCKS 0442\", "
                + "\"billingAmount\": \"6.90\", \"billingCurrency\": \"EUR\"}]}";
        Answer byApi = post(co.t().path("/card-transactions"), co.t().adminKey(), json);
        assertThat(byApi.status()).as(byApi.raw().body()).isEqualTo(201);
        assertThat(byApi.body().get("inserted")).extracting(JsonNode::asText).containsExactly("CDF-205");
        assertThat(byApi.body().get("duplicates")).extracting(JsonNode::asText).containsExactly("CDF-202");
        Answer badJson = post(co.t().path("/card-transactions"), co.t().adminKey(),
                json.replace("CDF-205", "CDF-206").replace("\"6.90\"", "\"six euros\""));
        assertThat(badJson.status()).isEqualTo(422);
        assertThat(badJson.body().get("problems").get(0).get("message").asText())
                .startsWith("transactions[1].billing_amount: 'six euros' is no amount");
        assertThat(transactions(co, "")).hasSize(3);
    }

    @Test
    void anotherTenantCannotSendOrReadTheTransactionsAndKeepsItsOwnIdsApart() {
        Company acme = company("CardAcme", 10);
        Company other = company("CardOther", 10);
        LocalDate day = today();
        String file = HEADER + row("VCF-301", acme.anna(), day, day.plusDays(25), "LUFTHANSA", "3000", "412.90", "", "");
        Answer intruding = callWithBytes("POST", acme.t().path("/card-transactions"), other.t().adminKey(),
                file.getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", "text/csv"));
        assertThat(intruding.status()).isIn(403, 404);
        assertThat(get(acme.t().path("/card-transactions"), other.t().adminKey()).status()).isIn(403, 404);
        assertThat(transactions(acme, "")).isEmpty();
        // The same transaction id in each tenant is two transactions.
        assertThat(upload(acme, file).status()).isEqualTo(201);
        assertThat(upload(other, HEADER + row("VCF-301", other.anna(), day, day.plusDays(25), "LUFTHANSA", "3000",
                "99.00", "", "")).status()).isEqualTo(201);
        assertThat(transactions(acme, "")).singleElement()
                .satisfies(t -> assertThat(new BigDecimal(t.get("billingAmount").asText())).isEqualByComparingTo("412.90"));
        assertThat(transactions(other, "")).singleElement()
                .satisfies(t -> assertThat(new BigDecimal(t.get("billingAmount").asText())).isEqualByComparingTo("99.00"));
    }

    @Test
    void cardSettlementsAreInTheCashForecastTracedToTheirTransactions() {
        Company co = company("CardForecast", 10);
        LocalDate day = today();
        LocalDate settles = day.plusDays(12);
        assertThat(upload(co, HEADER
                + row("VCF-401", co.anna(), day, settles, "LUFTHANSA", "3000", "412.90", "", "")
                + row("VCF-402", co.anna(), day, settles, "HOTEL ADLON KEMPINSKI", "3501", "389.00", "", "")
                + row("VCF-403", co.anna(), day, settles, "HOTEL ADLON KEMPINSKI", "3501", "-35.00", "", "")
                // settled already: in the bank balance, not expected again
                + row("VCF-400", co.anna(), day.minusDays(30), day.minusDays(2), "SIXT", "3357", "264.00", "", ""))
                .status()).isEqualTo(201);
        String entity = get(co.t().path("/legal-entities/" + co.entityId()), co.t().adminKey()).body().get("name").asText();
        Answer forecast = get(co.t().path("/cash/forecast?days=30&currency=EUR"), co.t().adminKey());
        assertThat(forecast.status()).as(forecast.raw().body()).isEqualTo(200);
        JsonNode series = StreamSupport.stream(forecast.body().get("series").spliterator(), false)
                .filter(s -> s.get("legalEntity").asText().equals(entity)).findFirst().orElseThrow();
        JsonNode settlementDay = StreamSupport.stream(series.get("days").spliterator(), false)
                .filter(d -> d.get("date").asText().equals(settles.toString())).findFirst().orElseThrow();
        assertThat(new BigDecimal(settlementDay.get("bySource").get("CARD_SETTLEMENT").asText())).isEqualByComparingTo("-766.90");
        long cardDays = StreamSupport.stream(series.get("days").spliterator(), false)
                .filter(d -> d.get("bySource").has("CARD_SETTLEMENT")).count();
        assertThat(cardDays).isEqualTo(1);

        Answer flows = get(co.t().path("/cash/forecast/flows?currency=EUR&date=" + settles + "&entity="
                + URLEncoder.encode(entity, StandardCharsets.UTF_8).replace("+", "%20")), co.t().adminKey());
        assertThat(flows.status()).as(flows.raw().body()).isEqualTo(200);
        JsonNode flow = flows.body().get("items").get(0);
        assertThat(flow.get("source").asText()).isEqualTo("CARD_SETTLEMENT");
        assertThat(flow.get("reference").asText()).isEqualTo("card " + CARD + " " + settles + " (3 transactions)");
        // The reference leads to the transactions behind it.
        assertThat(transactions(co, "?cardAccount=" + URLEncoder.encode(CARD, StandardCharsets.UTF_8)
                + "&settlementDate=" + settles)).extracting(t -> t.get("transactionId").asText())
                .containsExactlyInAnyOrder("VCF-401", "VCF-402", "VCF-403");
    }
}
