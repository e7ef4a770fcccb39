package io.finrelay.server.expense;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.finrelay.engine.db.Database;
import io.finrelay.server.ServerIT;
import io.finrelay.server.bank.BankFileImports;
import io.finrelay.server.bank.TestBankFiles;
import io.finrelay.sandbox.world.Api;
import io.finrelay.sandbox.world.DemoData;
import io.finrelay.server.security.Access;
import io.finrelay.model.id.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A bank's pain.002 that arrives as a file reaches the reimbursement it answers: a reimbursement is
 * driven to Paying through the sandbox peers (the bank's own status webhooks are not subscribed, so
 * only the file speaks), then a status report rejecting its end-to-end id is uploaded. The same report
 * again, or its hand-off repeated after a crash, changes nothing.
 */
class PaymentStatusFromBankFileIT extends ServerIT {
    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

    @Autowired
    Database db;
    @Autowired
    BankFileImports imports;
    @Autowired
    Access access;

    @Test
    void aRejectionFromAStatusReportFileMovesThePayingReimbursementToRejectedOnce() {
        Map<String, String> urls = SandboxProcess.urls();
        TestTenant tenant = newTenant("Pain002");
        String key = post(tenant.path("/api-keys"), tenant.adminKey(), "{\"name\": \"pain.002 flow\", "
                + "\"roles\": [\"tenant-admin\", \"treasurer\"]}").body().get("secret").asText();
        Api finrelay = new Api("http://localhost:" + port, key);
        DemoData.World data = DemoData.setUp(finrelay, tenant.id(), TODAY);
        JsonNode settings = finrelay.put(tenant.path("/expense/settings"), Map.of("expensePlatformUrl",
                urls.get("expense-platform"), "erpUrl", urls.get("erp"), "treasuryUrl", urls.get("treasury"),
                "timeoutMillis", 2_000)).require(200).body();
        Api expense = new Api(urls.get("expense-platform"), null);
        expense.post("/_sandbox/subscriptions", Map.of("url", "http://localhost:" + port
                + settings.get("expenseWebhookUrl").asText(), "secret", settings.get("expenseWebhookSecret").asText())).require(200);

        DemoData.Person person = data.people().get(3);
        String reportId = "IT-PAIN002-" + UUID.randomUUID().toString().substring(0, 8);
        ObjectNode report = DemoData.report(reportId, person, "Kundentermin Hamburg", "EUR",
                DemoData.expenses(new Random(reportId.hashCode()), data, person, TODAY), Instant.now());
        expense.post("/_sandbox/reports", report).require(202);
        await(finrelay, tenant, reportId, "AwaitingRelease");
        assertThat(finrelay.post(tenant.path("/expense-reports/" + reportId + "/releases"), Map.of("releaser", "t.berger"))
                .status()).isEqualTo(202);
        if (await(finrelay, tenant, reportId, "AwaitingRelease", "Paying").get("state").asText().equals("AwaitingRelease")) {
            finrelay.post(tenant.path("/expense-reports/" + reportId + "/releases"), Map.of("releaser", "j.roth")).require(202);
        }
        await(finrelay, tenant, reportId, "Paying");

        String pain002 = TestBankFiles.pain002("STS-" + reportId, "TRSY-RUN-" + TODAY, "TRSY-RUN-" + TODAY + "-1", reportId,
                "RJCT", "AC04");
        Answer uploaded = upload(tenant, "pain002_" + reportId + ".xml", pain002);
        assertThat(uploaded.status()).as(String.valueOf(uploaded.body())).isEqualTo(201);
        JsonNode rejected = await(finrelay, tenant, reportId, "PaymentRejected");

        JsonNode bankRejected = StreamSupport.stream(get(tenant.path("/exceptions?status=OPEN"), tenant.adminKey()).body()
                .spliterator(), false).filter(e -> e.get("code").asText().equals("bank-rejected")).findFirst().orElseThrow();
        assertThat(bankRejected.get("context").get("reasonCode").asText()).isEqualTo("AC04");
        assertThat(bankRejected.get("context").get("reportId").asText()).isEqualTo(reportId);
        assertThat(StreamSupport.stream(get(tenant.path("/exceptions?status=OPEN"), tenant.adminKey()).body().spliterator(),
                false).map(e -> e.get("code").asText())).doesNotContain("unknown-payment-status");

        // The same report again: the earlier record, nothing handed over again.
        Answer again = upload(tenant, "pain002_" + reportId + "_again.xml", pain002);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().get("id").asText()).isEqualTo(uploaded.body().get("id").asText());
        // A node that stopped before it recorded the hand-off hands it over again: the inbox answers the first receipt.
        asOwner(db, c -> {
            try (var update = c.prepareStatement("update bank_payment_status set delivered_at = null, outcome = null "
                    + "where tenant_id = ?")) {
                update.setObject(1, UUID.fromString(tenant.id()));
                return update.executeUpdate();
            }
        });
        assertThat(imports.handOverPaymentStatuses(access.configured(new TenantId(UUID.fromString(tenant.id())), "test")))
                .isEqualTo(1);
        assertThat(outcomes(tenant)).singleElement().asString().startsWith("repeated: accepted: PaymentRejected");

        JsonNode after = finrelay.get(tenant.path("/expense-reports/" + reportId)).body();
        assertThat(after.get("state").asText()).isEqualTo("PaymentRejected");
        assertThat(transitionsTo(after, "PaymentRejected")).isEqualTo(1);
        assertThat(transitionsTo(rejected, "PaymentRejected")).isEqualTo(1);
    }

    private Answer upload(TestTenant tenant, String name, String content) {
        return call("POST", tenant.path("/bank-files?connection=commerzbank&name=" + name), tenant.adminKey(), content,
                Map.of("Content-Type", "application/xml"));
    }

    private List<String> outcomes(TestTenant tenant) {
        return asOwner(db, c -> {
            try (var select = c.prepareStatement("select outcome from bank_payment_status where tenant_id = ?")) {
                select.setObject(1, UUID.fromString(tenant.id()));
                try (var rs = select.executeQuery()) {
                    List<String> rows = new java.util.ArrayList<>();
                    while (rs.next()) {
                        rows.add(rs.getString(1));
                    }
                    return rows;
                }
            }
        });
    }

    private static long transitionsTo(JsonNode report, String state) {
        return StreamSupport.stream(report.get("timeline").spliterator(), false)
                .filter(e -> e.get("kind").asText().equals("transition"))
                .filter(e -> e.path("detail").path("to").asText().equals(state)).count();
    }

    /** Polls the report until it is in one of {@code wanted} (fails after 30 s with the state it is in). */
    private static JsonNode await(Api finrelay, TestTenant tenant, String id, String... wanted) {
        return org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(25))
                .until(() -> finrelay.get(tenant.path("/expense-reports/" + id)),
                        a -> a.status() == 200 && List.of(wanted).contains(a.body().get("state").asText())).body();
    }
}
