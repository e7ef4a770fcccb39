package io.finrelay.server.expense;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.finrelay.server.ServerIT;
import io.finrelay.sandbox.world.Api;
import io.finrelay.sandbox.world.DemoData;
import io.finrelay.server.fixtures.TestClock;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Segregation of duties through the API, on the real engine with the sandbox peers: the tenant's
 * duty policy (four eyes above EUR 100.00, a five-minute bank-detail cooling period) decides who may
 * release a reimbursement, each refusal is a 403 naming its rule and is audited as sod.refused.
 */
// This class moves the server's clock past a cooling period; the context (and its clock) is closed
// after it, so that no later class sees a server living a week ahead of its peers and webhooks.
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SegregationOfDutiesIT extends ServerIT {
    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
    private static final Duration COOLING = Duration.ofMinutes(5);
    private static TestTenant tenant;
    private static Api finrelay;
    private static DemoData.World data;

    @Autowired
    TestClock clock;

    @BeforeEach
    void world() {
        if (tenant != null) {
            return;
        }
        Map<String, String> urls = SandboxProcess.urls();
        tenant = newTenant("Duties");
        // The test sets the tenant up and releases through a treasury workstation's key that names the person.
        finrelay = new Api("http://localhost:" + port, post(tenant.path("/api-keys"), tenant.adminKey(),
                "{\"name\": \"treasury desk\", \"roles\": [\"tenant-admin\", \"treasurer\"]}").body().get("secret").asText());
        data = DemoData.setUp(finrelay, tenant.id(), TODAY);
        JsonNode settings = finrelay.put(tenant.path("/expense/settings"), Map.of("expensePlatformUrl",
                urls.get("expense-platform"), "erpUrl", urls.get("erp"), "treasuryUrl", urls.get("treasury"))).require(200).body();
        new Api(urls.get("expense-platform"), null).post("/_sandbox/subscriptions", Map.of("url", "http://localhost:" + port
                + settings.get("expenseWebhookUrl").asText(), "secret", settings.get("expenseWebhookSecret").asText())).require(200);
        finrelay.put(tenant.path("/policies/duties"), Map.of("fourEyesAbove", List.of(Map.of("amount", "100.00",
                "currency", "EUR")), "bankDetailCooling", COOLING.toString())).require(200);
    }

    @Test
    void theSubmitterAndTheApproverMayNotReleaseEvenAsTreasurersAndEachRefusalIsAuditedWithItsRule() {
        DemoData.Person submitter = data.people().get(1);
        finrelay.put(tenant.path("/expense/roles/" + submitter.loginId()), Map.of("roles", List.of("treasurer"))).require(200);
        finrelay.put(tenant.path("/expense/roles/" + submitter.manager()), Map.of("roles", List.of("treasurer"))).require(200);
        String id = submit(submitter, "86.40");
        await(id, "AwaitingRelease");

        assertRefused(release(id, submitter.loginId()), "sod.self-release", submitter.loginId() + " submitted report " + id);
        assertRefused(release(id, submitter.manager()), "sod.approver-release", submitter.manager() + " approved report " + id);
        assertThat(release(id, "t.berger").require(202).body().get("state").asText()).isEqualTo("Paying");

        List<JsonNode> refusals = refusalsOf(id);
        assertThat(refusals).extracting(r -> r.path("detail").path("rule").asText())
                .containsExactly("sod.self-release", "sod.approver-release");
        assertThat(refusals.getFirst().path("detail").path("actor").asText()).isEqualTo(submitter.loginId());
        assertThat(refusals.getFirst().path("detail").path("object").asText()).isEqualTo("expense-report " + id);
    }

    @Test
    @Order(Integer.MAX_VALUE) // last: it moves the server's clock a week ahead of the peers' webhooks
    void whoChangedThePayeesIbanCannotReleaseWithinTheCoolingPeriodAnotherTreasurerCanAndAfterItTheChangerMay() {
        DemoData.Person payee = data.people().get(2);
        String newIban = DemoData.iban("DE", "37040044" + "0532099871");
        finrelay.put(tenant.path("/employees/" + payee.employeeId() + "/bank-account"), Map.of("iban", newIban,
                "holderName", payee.name(), "changedBy", "t.berger")).require(200);
        String id = submit(payee, "420.00");
        await(id, "AwaitingRelease");

        assertRefused(release(id, "t.berger"), "sod.bank-detail-cooling", "t.berger changed the payee's bank details");
        // Above the tenant's EUR 100.00 (the entity's own threshold is 1000.00): one release is not enough.
        assertThat(release(id, "j.roth").require(202).body().get("state").asText()).isEqualTo("AwaitingRelease");
        assertRefused(release(id, "j.roth"), "sod.four-eyes", "four eyes: j.roth has already released");

        clock.advance(COOLING);
        assertThat(release(id, "t.berger").require(202).body().get("state").asText()).isEqualTo("Paying");
        assertThat(refusalsOf(id)).extracting(r -> r.path("detail").path("rule").asText())
                .containsExactly("sod.bank-detail-cooling", "sod.four-eyes");
        // The report's state names the payee's IBAN: in full for the tenant admin, masked for an operator.
        Api operator = new Api("http://localhost:" + port, keyFor(tenant, tenant.adminKey(), "operator"));
        assertThat(finrelay.get(tenant.path("/expense-reports/" + id)).body().toString()).contains(newIban);
        assertThat(operator.get(tenant.path("/expense-reports/" + id)).require(200).body().toString())
                .doesNotContain(newIban).contains("DE" + newIban.substring(2, 4) + " **** **** **** **");
    }

    @Test
    void aReleaseOfAReportFinrelayDoesNotHaveIsNotFoundAndNeitherIsAnotherTenantsReport() {
        String unknown = "IT-SOD-" + UUID.randomUUID().toString().substring(0, 8);
        Api.Answer none = release(unknown, "t.berger");
        assertThat(none.status()).isEqualTo(404);
        assertThat(none.body().get("detail").asText()).contains("expense report " + unknown);
        // Under an Idempotency-Key the answer is the key's: the same request again is the same 404.
        String releases = tenant.path("/expense-reports/" + unknown + "/releases");
        String key = UUID.randomUUID().toString();
        assertThat(finrelay.post(releases, Map.of("releaser", "t.berger"), key).status()).isEqualTo(404);
        assertThat(finrelay.post(releases, Map.of("releaser", "t.berger"), key).status()).isEqualTo(404);
        assertThat(finrelay.get(tenant.path("/expense-reports/" + unknown)).status()).as("nothing was created").isEqualTo(404);

        String id = submit(data.people().get(3), "58.20");
        await(id, "AwaitingRelease");
        TestTenant other = newTenant("Elsewhere");
        Api elsewhere = new Api("http://localhost:" + port, post(other.path("/api-keys"), other.adminKey(),
                "{\"name\": \"treasury desk\", \"roles\": [\"tenant-admin\", \"treasurer\"]}").body().get("secret").asText());
        elsewhere.put(other.path("/expense/roles/t.berger"), Map.of("roles", List.of("treasurer"))).require(200);
        Api.Answer theirs = elsewhere.post(other.path("/expense-reports/" + id + "/releases"), Map.of("releaser", "t.berger"));
        assertThat(theirs.status()).as(String.valueOf(theirs.body())).isEqualTo(404);
        // Untouched by the other tenant's try: its own treasurer's release is the first and pays it (below EUR 100.00).
        assertThat(release(id, "t.berger").require(202).body().get("state").asText()).isEqualTo("Paying");
    }

    @Test
    void aPersonWhoLoggedInReleasesAsThemselvesSoTheSubmitterIsRefusedAndCannotNameSomeoneElse() {
        DemoData.Person submitter = data.people().get(1);
        String id = submit(submitter, "64.90");
        await(id, "AwaitingRelease");
        Api person = new Api("http://localhost:" + port, tokenOf(submitter.loginId(), "treasurer"));
        String releases = tenant.path("/expense-reports/" + id + "/releases");

        assertRefused(person.post(releases, Map.of()), "sod.self-release", submitter.loginId() + " submitted report " + id);
        Api.Answer impersonating = person.post(releases, Map.of("releaser", "t.berger"));
        assertThat(impersonating.status()).isEqualTo(400);
        assertThat(impersonating.body().get("detail").asText())
                .contains("acts as themselves (" + submitter.loginId() + ")");
        assertThat(refusalsOf(id)).extracting(r -> r.path("detail").path("actor").asText())
                .containsExactly(submitter.loginId());
        Api treasurer = new Api("http://localhost:" + port, tokenOf("k.vogt.treasury", "treasurer"));
        assertThat(treasurer.post(releases, Map.of()).require(202).body().get("state").asText()).isEqualTo("Paying");
    }

    /** A person of the tenant with these roles, logged in: their bearer token. */
    private String tokenOf(String username, String... roles) {
        String password = "Kassenbuch-2026-" + username.length();
        post(tenant.path("/users"), tenant.adminKey(), JSON.createObjectNode().put("username", username)
                .put("password", password).set("roles", JSON.valueToTree(List.of(roles))).toString());
        Answer login = post("/v1/tokens", null, json("tenant", tenant.slug(), "username", username, "password", password));
        assertThat(login.status()).as(String.valueOf(login.body())).isEqualTo(200);
        return login.body().get("access_token").asText();
    }

    // ---- helpers ---------------------------------------------------------------------------------

    /** A one-line EUR report of {@code amount}, approved at the expense platform (which tells Finrelay by webhook). */
    private String submit(DemoData.Person person, String amount) {
        String id = "IT-SOD-" + UUID.randomUUID().toString().substring(0, 8);
        DemoData.Expense first = DemoData.expenses(new Random(id.hashCode()), data, person, TODAY).getFirst();
        DemoData.Expense line = new DemoData.Expense(first.date(), first.vendor(), first.type(), first.account(),
                first.costCenter(), new java.math.BigDecimal(amount), first.taxCode(), first.project());
        ObjectNode report = DemoData.report(id, person, "Kundentermin Hamburg", "EUR", List.of(line), Instant.now());
        Map<String, String> urls = SandboxProcess.urls();
        new Api(urls.get("expense-platform"), null).post("/_sandbox/reports", report).require(202);
        return id;
    }

    private Api.Answer release(String id, String releaser) {
        return finrelay.post(tenant.path("/expense-reports/" + id + "/releases"), Map.of("releaser", releaser));
    }

    private static void assertRefused(Api.Answer answer, String rule, String reason) {
        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.body().get("type").asText()).endsWith("/release-refused");
        assertThat(answer.body().get("rule").asText()).isEqualTo(rule);
        assertThat(answer.body().get("detail").asText()).startsWith(rule + ": ").contains(reason);
    }

    private List<JsonNode> refusalsOf(String id) {
        JsonNode timeline = finrelay.get(tenant.path("/expense-reports/" + id)).require(200).body().get("timeline");
        return StreamSupport.stream(timeline.spliterator(), false).filter(e -> e.get("kind").asText().equals("sod.refused"))
                .toList();
    }

    private void await(String id, String state) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(25)).until(() -> {
            Api.Answer answer = finrelay.get(tenant.path("/expense-reports/" + id));
            return answer.status() == 200 && answer.body().get("state").asText().equals(state);
        });
    }
}
