package io.finrelay.server.masterdata;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.finrelay.engine.db.Database;
import io.finrelay.model.id.TenantId;
import io.finrelay.server.ServerIT;
import io.finrelay.server.secrets.Keyring;
import io.finrelay.server.secrets.SecretBox;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Bank account numbers at rest and on the wire: sealed in the stored document (read straight from
 * PostgreSQL), opened for callers that may read bank details, masked for the others, re-sealed under
 * the active key after a rotation, and every change of them recorded (who, when) and audited masked.
 */
class BankDetailsIT extends ServerIT {
    private static final String IBAN = "DE89370400440532013000";
    private static final String MASKED = "DE89 **** **** **** **30 00";
    private static final String CH_IBAN = "CH9300762011623852957";

    @Autowired
    Database db;

    @Autowired
    BankDetailSealing sealing;

    private String employee(TestTenant tenant, String entity, String iban) {
        Answer created = post(tenant.path("/employees"), tenant.adminKey(), json("legalEntityId", entity,
                "name", "Mara Keller", "email", "m.keller@acme-logistik.de", "active", true,
                "bankAccount", Map.of("iban", iban, "holderName", "Mara Keller")));
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        return created.body().get("id").asText();
    }

    private String storedBody(TestTenant tenant, String kind, String key) {
        return asOwner(db, c -> {
            try (PreparedStatement select = c.prepareStatement(
                    "select body::text from master_data where tenant_id = ?::uuid and kind = ? and key = ?")) {
                select.setString(1, tenant.id());
                select.setString(2, kind);
                select.setString(3, key);
                try (ResultSet rs = select.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    return rs.getString(1);
                }
            }
        });
    }

    @Test
    void theStoredEmployeeHoldsOnlyTheSealedIbanUnderTheActiveKey() {
        TestTenant tenant = newTenant("Sealed");
        String id = employee(tenant, legalEntity(tenant), IBAN);
        String stored = storedBody(tenant, "employee", id);
        assertThat(stored).doesNotContain(IBAN).doesNotContain("0532013000").contains("\"iban\": \"enc:v1:k2:");
        assertThat(get(tenant.path("/employees/" + id), tenant.adminKey()).body().path("bankAccount").path("iban").asText())
                .isEqualTo(IBAN);
    }

    @Test
    void operatorsViewersAndIntegrationsSeeTheIbanMaskedAdminsAndTreasurersInFull() {
        TestTenant tenant = newTenant("Masking");
        String id = employee(tenant, legalEntity(tenant), IBAN);
        for (String role : List.of("operator", "viewer", "integration")) {
            String key = keyFor(tenant, tenant.adminKey(), role);
            assertThat(get(tenant.path("/employees/" + id), key).body().path("bankAccount").path("iban").asText())
                    .as(role).isEqualTo(MASKED);
            Answer list = get(tenant.path("/employees"), key);
            assertThat(list.body().path("items").get(0).path("bankAccount").path("iban").asText()).as(role).isEqualTo(MASKED);
            assertThat(list.raw().body()).doesNotContain(IBAN);
        }
        String treasurer = keyFor(tenant, tenant.adminKey(), "treasurer");
        assertThat(get(tenant.path("/employees/" + id), treasurer).body().path("bankAccount").path("iban").asText())
                .isEqualTo(IBAN);
    }

    @Test
    void theExpenseFixOfAnEmployeeAnswersWithTheIbanOpenedForAdminsAndMaskedForIntegrations() {
        TestTenant tenant = newTenant("Fix");
        String id = employee(tenant, legalEntity(tenant), IBAN);
        String path = tenant.path("/expense/master-data/employees/" + id);
        Answer admin = call("PATCH", path, tenant.adminKey(), json("active", false), Map.of());
        assertThat(admin.body().path("bankAccount").path("iban").asText()).isEqualTo(IBAN);
        Answer integration = call("PATCH", path, keyFor(tenant, tenant.adminKey(), "integration"), json("active", true), Map.of());
        assertThat(integration.body().path("bankAccount").path("iban").asText()).isEqualTo(MASKED);
        assertThat(integration.body().path("active").asBoolean()).isTrue();
        assertThat(storedBody(tenant, "employee", id)).doesNotContain(IBAN);
    }

    @Test
    void aBankAccountChangeIsRecordedWithWhoAndWhenAuditedMaskedAndAnsweredMaskedToAnIntegration() {
        TestTenant tenant = newTenant("Change");
        String id = employee(tenant, legalEntity(tenant), IBAN);
        String integration = keyFor(tenant, tenant.adminKey(), "integration");
        Answer changed = call("PUT", tenant.path("/employees/" + id + "/bank-account"), integration,
                json("iban", CH_IBAN, "holderName", "Mara Keller", "changedBy", "t.berger"), Map.of());
        assertThat(changed.status()).as(changed.raw().body()).isEqualTo(200);
        assertThat(changed.body().path("bankAccount").path("iban").asText()).isEqualTo("CH93 **** **** **** *295 7");
        assertThat(storedBody(tenant, "employee", id)).doesNotContain(CH_IBAN);
        assertThat(get(tenant.path("/employees/" + id), tenant.adminKey()).body().path("bankAccount").path("iban").asText())
                .isEqualTo(CH_IBAN);

        List<String> changes = rows(tenant, "select changed_by from bank_detail_change where tenant_id = ?::uuid "
                + "and key = '" + id + "' order by id");
        assertThat(changes).hasSize(2).last().isEqualTo("t.berger");
        List<String> audited = rows(tenant, "select detail::text from audit_event where tenant_id = ?::uuid "
                + "and kind = 'master-data.bank-details-changed'");
        assertThat(audited).singleElement().asString().contains("CH93 **** **** **** *295 7").contains("t.berger")
                .doesNotContain(CH_IBAN);
    }

    @Test
    void anInvalidIbanOrAViewerIsRefusedAndNothingChanges() {
        TestTenant tenant = newTenant("Invalid");
        String id = employee(tenant, legalEntity(tenant), IBAN);
        Answer refused = call("PUT", tenant.path("/employees/" + id + "/bank-account"), tenant.adminKey(),
                json("iban", "DE88370400440532013000", "holderName", "Mara Keller"), Map.of());
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.raw().body()).contains("bankAccount.iban").doesNotContain("DE88370400440532013000");
        assertThat(rows(tenant, "select changed_by from bank_detail_change where tenant_id = ?::uuid")).hasSize(1);
        assertThat(call("PUT", tenant.path("/employees/" + id + "/bank-account"), keyFor(tenant, tenant.adminKey(), "viewer"),
                json("iban", CH_IBAN, "holderName", "Mara Keller"), Map.of()).status()).isEqualTo(403);
        assertThat(call("PUT", tenant.path("/employees/" + UUID.randomUUID() + "/bank-account"), tenant.adminKey(),
                json("iban", IBAN, "holderName", "Mara Keller"), Map.of()).status()).isEqualTo(404);
    }

    @Test
    void afterAKeyRotationResealMovesOldAndPlaintextIbansToTheActiveKeyAndTheyStillOpen() {
        TestTenant tenant = newTenant("Rotation");
        String entity = legalEntity(tenant);
        String old = employee(tenant, entity, IBAN);
        String plain = employee(tenant, entity, CH_IBAN);
        // As if sealed before k2 was added, and as if stored before sealing existed.
        SecretBox k1Only = new SecretBox(Keyring.parse(List.of(TEST_KEYRING.split(";")[0]), "test"), new SecureRandom());
        String underK1 = k1Only.seal(IBAN, BankDetails.context(new TenantId(UUID.fromString(tenant.id())), "employee", old));
        overwriteIban(tenant, old, underK1);
        overwriteIban(tenant, plain, CH_IBAN);
        assertThat(get(tenant.path("/employees/" + old), tenant.adminKey()).body().path("bankAccount").path("iban").asText())
                .isEqualTo(IBAN);

        String viewer = keyFor(tenant, tenant.adminKey(), "viewer");
        assertThat(post(tenant.path("/bank-details/reseal"), viewer, "{}").status()).isEqualTo(403);
        Answer resealed = post(tenant.path("/bank-details/reseal"), tenant.adminKey(), "{}");
        assertThat(resealed.status()).isEqualTo(200);
        assertThat(resealed.body().get("activeKeyId").asText()).isEqualTo("k2");
        assertThat(resealed.body().path("rewritten").path("employee").asInt()).isEqualTo(2);
        assertThat(storedBody(tenant, "employee", old)).contains("enc:v1:k2:").doesNotContain(underK1);
        assertThat(storedBody(tenant, "employee", plain)).contains("enc:v1:k2:").doesNotContain(CH_IBAN);
        assertThat(get(tenant.path("/employees/" + plain), tenant.adminKey()).body().path("bankAccount").path("iban").asText())
                .isEqualTo(CH_IBAN);
        assertThat(post(tenant.path("/bank-details/reseal"), tenant.adminKey(), "{}").body().path("rewritten")
                .path("employee").asInt()).isZero();
    }

    @Test
    void atStartUpPlaintextIbansOfEveryTenantAreSealed() {
        TestTenant first = newTenant("Legacy");
        TestTenant second = newTenant("Legacy");
        String one = employee(first, legalEntity(first), IBAN);
        String two = employee(second, legalEntity(second), CH_IBAN);
        overwriteIban(first, one, IBAN);
        overwriteIban(second, two, CH_IBAN);
        assertThat(sealing.sealAllTenants()).isGreaterThanOrEqualTo(2);
        assertThat(storedBody(first, "employee", one)).contains("enc:v1:k2:").doesNotContain(IBAN);
        assertThat(storedBody(second, "employee", two)).contains("enc:v1:k2:").doesNotContain(CH_IBAN);
        assertThat(get(second.path("/employees/" + two), second.adminKey()).body().path("bankAccount").path("iban").asText())
                .isEqualTo(CH_IBAN);
    }

    @Test
    void aSealedIbanCopiedOntoAnotherEmployeeDoesNotOpen() {
        TestTenant tenant = newTenant("Moved");
        String entity = legalEntity(tenant);
        String victim = employee(tenant, entity, IBAN);
        String thief = employee(tenant, entity, CH_IBAN);
        String sealed = tree(storedBody(tenant, "employee", victim)).path("bankAccount").path("iban").asText();
        overwriteIban(tenant, thief, sealed);
        Answer read = get(tenant.path("/employees/" + thief), tenant.adminKey());
        assertThat(read.status()).isEqualTo(500);
        assertThat(read.raw().body()).doesNotContain(IBAN);
    }

    private static JsonNode tree(String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void overwriteIban(TestTenant tenant, String key, String value) {
        asOwner(db, c -> {
            try (PreparedStatement update = c.prepareStatement("update master_data set body = jsonb_set(body, "
                    + "'{bankAccount,iban}', to_jsonb(?::text)) where tenant_id = ?::uuid and kind = 'employee' and key = ?")) {
                update.setString(1, value);
                update.setString(2, tenant.id());
                update.setString(3, key);
                return update.executeUpdate();
            }
        });
    }

    private List<String> rows(TestTenant tenant, String sql) {
        return asOwner(db, c -> {
            try (PreparedStatement select = c.prepareStatement(sql)) {
                select.setString(1, tenant.id());
                List<String> out = new ArrayList<>();
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
                return out;
            }
        });
    }
}
