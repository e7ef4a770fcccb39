package io.finrelay.server.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.finrelay.engine.db.Database;
import io.finrelay.engine.fixtures.PaymentFlow;
import io.finrelay.model.id.TenantId;
import io.finrelay.server.ServerIT;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The audit trail on the API: paged and filtered, verified on demand, and an edit made directly in
 * the database (with the append-only triggers switched off) is named by its record id.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditIT extends ServerIT {
    private static final String EVENTS = "/workflows/" + PaymentFlow.TYPE + "/events";

    @Autowired
    Database db;
    @Autowired
    AuditLog auditLog;

    private TestTenant tenant;
    private TestTenant other;

    @BeforeAll
    void aTenantWithTwoPaidInvoicesAndAConfigurationChange() {
        tenant = newTenant("Ledger");
        other = newTenant("Outsider");
        pay(tenant, "INV-2026-0811", "corr-inv-0811", "4810.00");
        pay(tenant, "INV-2026-0812", "corr-inv-0812", "129.95");
        auditLog.append(TenantId.of(tenant.id()), "api-key:frk_admin (tenant admin)", "config.changed",
                Map.of("erp.baseUrl", "https://erp.ledger.example"), Map.of("erp.baseUrl", "https://erp2.ledger.example"),
                "corr-config-1");
        await().atMost(Duration.ofSeconds(30)).until(() -> verify(tenant).body().get("verified").asLong() >= 7);
    }

    private void pay(TestTenant payer, String invoice, String correlationId, String amount) {
        String body = json("businessKey", invoice, "event", Map.of("type", "InvoiceApproved",
                "data", Map.of("invoice", invoice, "vendor", "Hotel Adlon", "amount", amount)));
        Answer accepted = call("POST", payer.path(EVENTS), payer.adminKey(), body,
                Map.of("Idempotency-Key", "evt-" + invoice, "X-Correlation-Id", correlationId));
        assertThat(accepted.status()).as(String.valueOf(accepted.body())).isEqualTo(202);
        String instance = payer.path("/workflows/instances/" + accepted.body().get("instanceId").asText());
        await().atMost(Duration.ofSeconds(30)).until(() ->
                get(instance, payer.adminKey()).body().get("state").asText().equals("Paid"));
    }

    private Answer verify(TestTenant t) {
        return post(t.path("/audit/verify"), t.adminKey(), null);
    }

    private static List<String> field(JsonNode entries, String name) {
        List<String> values = new ArrayList<>();
        entries.forEach(e -> values.add(e.get(name).asText()));
        return values;
    }

    @Test
    void theTrailPagesNewestFirstAndFiltersByCorrelationIdAndKind() {
        Answer first = get(tenant.path("/audit?kind=transition&limit=4"), tenant.adminKey());
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body()).hasSize(4);
        List<String> ids = field(first.body(), "id");
        assertThat(ids).isSortedAccordingTo((a, b) -> Long.compare(Long.parseLong(b), Long.parseLong(a)));

        Answer rest = get(tenant.path("/audit?kind=transition&limit=4&after=" + ids.get(3)), tenant.adminKey());
        assertThat(rest.body()).hasSize(2);
        assertThat(Long.parseLong(field(rest.body(), "id").get(0))).isLessThan(Long.parseLong(ids.get(3)));

        Answer oneInvoice = get(tenant.path("/audit?order=oldest&correlationId=corr-inv-0812"), tenant.adminKey());
        assertThat(field(oneInvoice.body(), "kind")).containsExactly("transition", "transition", "transition");
        JsonNode approval = oneInvoice.body().get(0).get("detail");
        assertThat(approval.get("from").asText()).isEqualTo("New");
        assertThat(approval.get("to").asText()).isEqualTo("Posting");
        assertThat(approval.get("payload").get("amount").asText()).isEqualTo("129.95");
    }

    @Test
    void aConfigurationChangeIsRecordedWithBeforeAndAfter() {
        JsonNode change = get(tenant.path("/audit?kind=config.changed"), tenant.adminKey()).body().get(0);

        assertThat(change.get("actor").asText()).isEqualTo("api-key:frk_admin (tenant admin)");
        assertThat(change.get("correlationId").asText()).isEqualTo("corr-config-1");
        assertThat(change.get("detail").get("before").get("erp.baseUrl").asText()).isEqualTo("https://erp.ledger.example");
        assertThat(change.get("detail").get("after").get("erp.baseUrl").asText()).isEqualTo("https://erp2.ledger.example");
    }

    @Test
    void anUntouchedTrailVerifiesAndTheVerificationIsItselfAudited() {
        Answer result = verify(tenant);

        assertThat(result.status()).isEqualTo(200);
        assertThat(result.body().get("intact").asBoolean()).isTrue();
        assertThat(result.body().get("headHash").asText()).hasSize(64);
        assertThat(result.body().has("firstBroken")).isFalse();
        assertThat(get(tenant.path("/audit?kind=audit.verified&limit=1"), tenant.adminKey()).body().get(0)
                .get("detail").get("after").get("intact").asBoolean()).isTrue();
    }

    @Test
    void thePartnerAdminMayReadAndVerifyItsTenantsTrail() {
        assertThat(get(tenant.path("/audit?limit=1"), BOOTSTRAP_KEY).body()).hasSize(1);
        assertThat(post(tenant.path("/audit/verify"), BOOTSTRAP_KEY, null).body().get("intact").asBoolean()).isTrue();
    }

    @Test
    void anotherTenantsKeyGetsNotFoundAndAViewerIsRefused() {
        for (Answer answer : List.of(get(tenant.path("/audit"), other.adminKey()),
                post(tenant.path("/audit/verify"), other.adminKey(), null))) {
            assertThat(answer.status()).isEqualTo(404);
            assertThat(answer.contentType()).startsWith("application/problem+json");
        }
        String viewer = keyFor(tenant, tenant.adminKey(), "viewer");
        Answer refused = post(tenant.path("/audit/verify"), viewer, null);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.contentType()).startsWith("application/problem+json");
    }

    @Test
    void aBadPageRequestIsAProblemNamingTheField() {
        Answer answer = get(tenant.path("/audit?order=sideways"), tenant.adminKey());

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.body().get("errors").get(0).get("field").asText()).isEqualTo("order");
    }

    @Test
    void anAmountEditedDirectlyInTheDatabaseIsNamedByVerify() throws Exception {
        // Its own tenant: the chain of the other tests stays intact.
        TestTenant tampered = newTenant("Tampered");
        pay(tampered, "INV-2026-0901", "corr-inv-0901", "75000.00");
        await().atMost(Duration.ofSeconds(30)).until(() -> verify(tampered).body().get("verified").asLong() >= 3);
        long edited = asOwner(db, c -> {
            try (Statement role = c.createStatement()) {
                role.execute("set local session_replication_role = replica");
            }
            try (PreparedStatement s = c.prepareStatement("update audit_event set detail = "
                    + "replace(detail::text, '75000.00', '750.00')::jsonb where tenant_id = ? "
                    + "and detail::text like '%75000.00%' returning id")) {
                s.setObject(1, UUID.fromString(tampered.id()));
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });

        Answer result = verify(tampered);

        assertThat(result.status()).isEqualTo(200);
        assertThat(result.body().get("intact").asBoolean()).isFalse();
        JsonNode broken = result.body().get("firstBroken");
        assertThat(broken.get("problem").asText()).isEqualTo("ALTERED_RECORD");
        assertThat(broken.get("auditId").asLong()).isEqualTo(edited);
        assertThat(broken.get("detail").asText()).contains("audit record " + edited);
        assertThat(verify(tenant).body().get("intact").asBoolean()).as("other tenants' chains are untouched").isTrue();
    }
}
