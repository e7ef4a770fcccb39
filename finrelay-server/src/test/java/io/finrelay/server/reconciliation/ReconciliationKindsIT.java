package io.finrelay.server.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.finrelay.engine.db.Database;
import io.finrelay.server.ServerIT;
import io.finrelay.server.expense.SandboxProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * One real bank file with one entry per kind of payment a treasury team reconciles
 * ({@code reconciliation/camt053-one-of-each-kind.xml}), uploaded through the API against the open
 * items a customer would have, and what the reconciliation made of each entry read back through the
 * matches API: sure matches cleared without a person, guesses waiting for one, differences named,
 * noise booked by rule, strangers left alone.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReconciliationKindsIT extends ServerIT {
    private static final String HOUSE_IBAN = "DE02120300000000202051";

    @Autowired
    Database db;

    private TestTenant tenant;
    private String fileId;
    private List<JsonNode> matches;

    @BeforeAll
    void theStatementIsUploadedAgainstTheOpenItemsAndReconciled() {
        Map<String, String> peers = SandboxProcess.urls();
        tenant = newTenant("Kinds");
        call("PUT", tenant.path("/expense/settings"), tenant.adminKey(), json("expensePlatformUrl", peers.get("expense-platform"),
                "erpUrl", peers.get("erp"), "treasuryUrl", peers.get("treasury"), "timeoutMillis", 2000), Map.of());
        String entity = legalEntity(tenant);
        require(call("PUT", tenant.path("/bank-accounts/" + HOUSE_IBAN), tenant.adminKey(), json("legalEntity", entity,
                "currency", "EUR", "bic", "BYLADEM1001", "name", "Operating account"), Map.of()), 200, 201);
        require(call("PUT", tenant.path("/reconciliation/settings"), tenant.adminKey(), "{\"autoThreshold\":0.9,\"margin\":0.1,"
                + "\"feeTolerance\":{\"EUR\":\"15.00\"},\"fxTolerance\":\"0.02\",\"dateWindowDays\":30,\"maxSubsetSize\":4,"
                + "\"feeAccount\":\"6855\",\"fxAccount\":\"6880\"}", Map.of()), 200);
        require(call("PUT", tenant.path("/reconciliation/rules"), tenant.adminKey(), "[{\"name\":\"Bank charges\","
                + "\"bankTransactionCode\":\"ACMT-MDOP-CHRG\",\"direction\":\"DEBIT\",\"glAccount\":\"6855\"}]", Map.of()), 200);
        List<String> items = new ArrayList<>();
        items.add(item(entity, "AR-7001", "Spedition Nord GmbH", "DE75512108001245126199", "2026-1001", null, "E2E-AR-1001", "1250.00", "EUR"));
        items.add(item(entity, "AR-7002", "Hotel Adler AG", "CH9300762011623852957", "2026-1002", "RF18539007547034", null, "980.00", "EUR"));
        items.add(item(entity, "AR-7003", "Müller Maschinenbau GmbH & Co. KG", "DE89370400440532013000", "INV-2026-0384", null, null, "2310.40", "EUR"));
        items.add(item(entity, "AR-7004", "Nordlicht Handel GmbH", "AT611904300234573201", "2026-0913", null, null, "745.00", "EUR"));
        items.add(item(entity, "AR-7005", "Baeckerei Schmidt KG", "NL91ABNA0417164300", "2026-1005", null, null, "432.10", "EUR"));
        items.add(item(entity, "AR-7006A", "Kaufhaus Berger SARL", "FR1420041010050500013M02606", "INV-2026-0401", null, null, "1000.00", "EUR"));
        items.add(item(entity, "AR-7006B", "Kaufhaus Berger SARL", "FR1420041010050500013M02606", "INV-2026-0402", null, null, "2000.00", "EUR"));
        items.add(item(entity, "AR-7007", "Cafe Sonne Ltd", "GB29NWBK60161331926819", "INV-2026-0410", null, null, "1200.00", "EUR"));
        items.add(item(entity, "AR-7008", "Weber Logistik AG", "DE44500105175407324931", "INV-2026-0420", null, null, "2000.00", "EUR"));
        items.add(item(entity, "AR-7009", "Rossi Foods S.r.l.", "IT60X0542811101000000123456", "INV-2026-0430", null, null, "500.00", "EUR"));
        items.add(item(entity, "AR-7010", "Acme Corp", null, "INV-2026-0440", null, null, "1000.00", "USD"));
        items.add(item(entity, "AR-7011A", "Schreinerei Holz GmbH", "DE02500105170137075030", "2026-1011", null, null, "250.00", "EUR"));
        items.add(item(entity, "AR-7011B", "Schreinerei Holz GmbH", "DE02500105170137075030", "2026-1012", null, null, "250.00", "EUR"));
        require(post(tenant.path("/open-items"), tenant.adminKey(), "[" + String.join(",", items) + "]"), 200, 201);

        Answer uploaded = call("POST", tenant.path("/bank-files?connection=hausbank&name=STA_20260316.xml"), tenant.adminKey(),
                resource("reconciliation/camt053-one-of-each-kind.xml"), Map.of("Content-Type", "application/xml"));
        require(uploaded, 201);
        fileId = uploaded.body().get("id").asText();
        // The import started a run; while it runs another is refused (409), once it has ended one is
        // accepted and finds nothing new.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
                .until(() -> post(tenant.path("/reconciliation/runs"), tenant.adminKey(), "{}").status() == 200);
        matches = StreamSupport.stream(get(tenant.path("/reconciliation/matches?bankFile=" + fileId + "&limit=500"),
                tenant.adminKey()).body().get("items").spliterator(), false).toList();
    }

    @Test
    void anEndToEndIdAnRfReferenceAndAnInvoiceNumberInTheTextAreClearedWithoutAPerson() {
        assertThat(matchOf("AR-7001").get("status").asText()).isEqualTo("AUTO");
        assertThat(features(matchOf("AR-7001"))).contains("end-to-end-id");
        assertThat(matchOf("AR-7002").get("status").asText()).isEqualTo("AUTO");
        assertThat(features(matchOf("AR-7002"))).contains("creditor-reference");
        assertThat(matchOf("AR-7003").get("status").asText()).isEqualTo("AUTO");
        assertThat(features(matchOf("AR-7003"))).contains("invoice-number");
    }

    @Test
    void aTypoInTheInvoiceNumberAndAPaymentWithoutReferenceAreStillFoundByPayerAndAmount() {
        assertThat(matchOf("AR-7004").get("lines")).hasSize(1);
        assertThat(matchOf("AR-7005").get("lines")).hasSize(1);
        assertThat(amountOf(matchOf("AR-7005"))).isEqualTo("432.10");
    }

    @Test
    void onePaymentForTwoInvoicesAndTwoInstalmentsOfOneAreEachOneMatch() {
        JsonNode several = matchOf("AR-7006A");
        assertThat(several.get("openItems")).extracting(JsonNode::asText).containsExactlyInAnyOrder("AR-7006A", "AR-7006B");
        assertThat(several.get("lines")).hasSize(1);
        JsonNode instalments = matchOf("AR-7007");
        assertThat(instalments.get("lines")).hasSize(2);
        assertThat(instalments.get("openItems")).extracting(JsonNode::asText).containsExactly("AR-7007");
    }

    @Test
    void aPartialPaymentLeavesTheRestOpenAndAFeeShortPaymentNamesTheFee() {
        JsonNode partial = matchOf("AR-7008");
        assertThat(partial.get("difference").get("kind").asText()).isEqualTo("PARTIAL");
        assertThat(itemStatus("AR-7008")).isEqualTo("PARTIAL");
        JsonNode fee = matchOf("AR-7009");
        assertThat(fee.get("difference").get("kind").asText()).isEqualTo("FEE");
        assertThat(fee.get("difference").get("amount").asText()).isIn("7.50", "-7.50");
    }

    @Test
    void aDollarInvoicePaidInEurosIsMatchedOnTheInstructedAmount() {
        JsonNode fx = matchOf("AR-7010");
        assertThat(amountOf(fx)).isEqualTo("920.00");
    }

    @Test
    void twinsThatNothingTellsApartWaitForAPerson() {
        List<JsonNode> twins = matches.stream().filter(m -> items(m).contains("AR-7011A") || items(m).contains("AR-7011B"))
                .toList();
        assertThat(twins).isNotEmpty().allSatisfy(m -> assertThat(m.get("status").asText()).isEqualTo("SUGGESTED"));
    }

    @Test
    void aBankChargeIsBookedByTheRuleAndAStrangersCreditStaysUnmatched() {
        List<String> ruled = asOwner(db, c -> {
            try (PreparedStatement select = c.prepareStatement("select rule_name || ' ' || gl_account from recon_line "
                    + "where tenant_id = ?::uuid and outcome = 'RULE'")) {
                select.setString(1, tenant.id());
                List<String> out = new ArrayList<>();
                try (ResultSet r = select.executeQuery()) {
                    while (r.next()) {
                        out.add(r.getString(1));
                    }
                }
                return out;
            }
        });
        assertThat(ruled).containsExactly("Bank charges 6855");
        // ... and posted to the ERP once: the line's amount on the rule's account.
        io.finrelay.sandbox.world.Api erp = new io.finrelay.sandbox.world.Api(SandboxProcess.urls().get("erp"), null);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> bookingsOf(erp).size() >= 1);
        assertThat(bookingsOf(erp)).singleElement().satisfies(b -> {
            assertThat(b.path("body").path("glAccount").asText()).isEqualTo("6855");
            assertThat(b.path("body").path("amount").asText()).isEqualTo("12.50");
            assertThat(b.path("body").path("direction").asText()).isEqualTo("DEBIT");
            assertThat(b.path("body").path("account").asText()).isEqualTo(HOUSE_IBAN);
        });
        assertThat(erp.get("/_sandbox/state").require(200).body().get("violations")).isEmpty();
        JsonNode unmatched = get(tenant.path("/reconciliation/unmatched?side=lines"), tenant.adminKey()).body().get("items");
        assertThat(unmatched).extracting(l -> l.get("counterpartyName").asText()).containsExactly("Unbekannter Zahler");
        assertThat(matches.stream().filter(m -> amountOf(m).equals("77.77"))).isEmpty();
    }

    // ---- helpers ---------------------------------------------------------------------------------

    /** This tenant's bank bookings at the sandbox ERP (the line ids carry this test's file id). */
    private List<JsonNode> bookingsOf(io.finrelay.sandbox.world.Api erp) {
        JsonNode state = erp.get("/_sandbox/state").require(200).body();
        return StreamSupport.stream(state.get("bankBookingRequests").spliterator(), false)
                .filter(b -> b.path("body").path("lineId").asText().startsWith(fileId + ":")).toList();
    }

    private JsonNode matchOf(String itemId) {
        List<JsonNode> found = matches.stream().filter(m -> items(m).contains(itemId)).toList();
        assertThat(found).as("the match of %s among %s", itemId, matches).hasSize(1);
        return found.getFirst();
    }

    private static List<String> items(JsonNode match) {
        return StreamSupport.stream(match.get("openItems").spliterator(), false).map(JsonNode::asText).toList();
    }

    private static List<String> features(JsonNode match) {
        return StreamSupport.stream(match.get("reasons").spliterator(), false).map(r -> r.get("feature").asText()).toList();
    }

    private static String amountOf(JsonNode match) {
        return match.get("lines").get(0).get("amount").asText();
    }

    private String itemStatus(String id) {
        JsonNode page = get(tenant.path("/open-items?status=PARTIAL"), tenant.adminKey()).body();
        return StreamSupport.stream(page.get("items").spliterator(), false).anyMatch(i -> i.get("id").asText().equals(id))
                ? "PARTIAL" : "not PARTIAL";
    }

    private static String item(String entity, String id, String name, String iban, String invoice, String rf, String e2e,
                               String amount, String currency) {
        return json("id", id, "direction", "RECEIVABLE", "legalEntity", entity, "counterpartyName", name,
                "counterpartyIban", iban, "invoiceNumber", invoice, "creditorReference", rf, "endToEndId", e2e,
                "amount", amount, "currency", currency, "dueDate", "2026-03-14");
    }

    private static void require(Answer answer, int... statuses) {
        assertThat(answer.status()).as(String.valueOf(answer.body())).isIn(java.util.Arrays.stream(statuses).boxed().toList());
    }

    private static String resource(String path) {
        try (InputStream in = ReconciliationKindsIT.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("no test resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
