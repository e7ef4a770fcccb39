package io.finrelay.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.finrelay.engine.db.Database;
import io.finrelay.server.ServerIT;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Every configuration change made through the API lands in the tenant's audit trail with its actor,
 * correlation id, and the state before and after, and no secret, password or full IBAN ever does.
 */
class ConfigurationAuditIT extends ServerIT {
    private static final String ERP_PASSWORD = "Tryton-Pa55-word";
    private static final String USER_PASSWORD = "correct horse battery staple";
    private static final String IBAN = "DE89370400440532013000";

    @Autowired
    Database db;

    private TestTenant tenant;
    private String actor;

    @BeforeEach
    void aTenant() {
        tenant = newTenant("Audited");
        actor = get("/v1/me", tenant.adminKey()).body().get("actor").asText();
    }

    private Answer send(String method, String rest, Object body, String correlationId) {
        return send(method, rest, body, correlationId, Map.of());
    }

    private Answer send(String method, String rest, Object body, String correlationId, Map<String, String> more) {
        Map<String, String> headers = new LinkedHashMap<>(more);
        headers.put("X-Correlation-Id", correlationId);
        try {
            Answer answer = call(method, tenant.path(rest), tenant.adminKey(),
                    body == null ? null : JSON.writeValueAsString(body), headers);
            assertThat(answer.status()).as(method + " " + rest + ": " + answer.body()).isBetween(200, 201);
            return answer;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The one entry of this kind with this correlation id, checked for the tenant admin as actor. */
    private JsonNode entry(String kind, String correlationId) {
        Answer page = get(tenant.path("/audit?kind=" + kind + "&correlationId=" + correlationId), tenant.adminKey());
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).as(kind + " " + correlationId).hasSize(1);
        JsonNode entry = page.body().get(0);
        assertThat(entry.get("kind").asText()).isEqualTo(kind);
        assertThat(entry.get("correlationId").asText()).isEqualTo(correlationId);
        assertThat(entry.get("actor").asText()).isEqualTo(actor);
        return entry.get("detail");
    }

    @Test
    void connectorChangesAreAuditedWithTheSecretOnlyAsSetOrChanged() {
        Map<String, Object> settings = new LinkedHashMap<>(Map.of("url", "http://erp.audited.example:8000/",
                "database", "finance_prod", "user", "finrelay", "journalCode", "EXP", "clearingAccount", "1000"));
        send("PUT", "/connectors/erp", Map.of("type", "tryton", "settings", settings, "secret", ERP_PASSWORD), "corr-erp-1");
        JsonNode first = entry("configuration.changed", "corr-erp-1");
        assertThat(first.get("setting").asText()).isEqualTo("connectors/erp");
        assertThat(first.has("before")).as("nothing before").isFalse();
        assertThat(first.at("/after/type").asText()).isEqualTo("tryton");
        assertThat(first.at("/after/settings/url").asText()).isEqualTo("http://erp.audited.example:8000/");
        assertThat(first.at("/after/secret").asText()).isEqualTo("set");

        settings.put("url", "http://erp2.audited.example:8000/");
        send("PUT", "/connectors/erp", Map.of("type", "tryton", "settings", settings), "corr-erp-2");
        JsonNode kept = entry("configuration.changed", "corr-erp-2");
        assertThat(kept.at("/before/settings/url").asText()).isEqualTo("http://erp.audited.example:8000/");
        assertThat(kept.at("/after/settings/url").asText()).isEqualTo("http://erp2.audited.example:8000/");
        assertThat(kept.at("/before/secret").asText()).isEqualTo("set");
        assertThat(kept.at("/after/secret").asText()).as("kept").isEqualTo("set");

        send("PUT", "/connectors/erp", Map.of("type", "tryton", "settings", settings, "secret", "Another-" + ERP_PASSWORD),
                "corr-erp-3");
        assertThat(entry("configuration.changed", "corr-erp-3").at("/after/secret").asText()).isEqualTo("changed");
        assertNoSecretsStored(ERP_PASSWORD);
    }

    @Test
    void apiKeysAreAuditedByPrefixNeverBySecretAndAReplayAuditsNothing() {
        Map<String, String> once = Map.of("Idempotency-Key", "key-create-1");
        Answer created = send("POST", "/api-keys", Map.of("name", "ERP sync", "role", "integration",
                "expiresIn", "P90D"), "corr-key-1", once);
        String secret = created.body().get("secret").asText();
        String keyId = created.body().get("id").asText();
        Answer replay = send("POST", "/api-keys", Map.of("name", "ERP sync", "role", "integration", "expiresIn", "P90D"),
                "corr-key-1", once);
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        JsonNode create = entry("api-key.created", "corr-key-1");
        assertThat(create.at("/after/id").asText()).isEqualTo(keyId);
        assertThat(create.at("/after/prefix").asText()).isEqualTo(created.body().get("prefix").asText());
        assertThat(create.at("/after/name").asText()).isEqualTo("ERP sync");
        assertThat(create.at("/after/roles/0").asText()).isEqualTo("integration");
        assertThat(create.at("/after/expiresAt").isTextual()).isTrue();

        Answer rotated = send("POST", "/api-keys/" + keyId + "/rotate", Map.of("gracePeriod", "PT1H"), "corr-key-2");
        String newSecret = rotated.body().get("secret").asText();
        JsonNode rotation = entry("api-key.rotated", "corr-key-2");
        assertThat(rotation.at("/before/id").asText()).isEqualTo(keyId);
        assertThat(rotation.at("/after/id").asText()).isEqualTo(rotated.body().get("id").asText());
        assertThat(rotation.at("/after/replaces").asText()).isEqualTo(keyId);

        String newId = rotated.body().get("id").asText();
        send("POST", "/api-keys/" + newId + "/revoke", null, "corr-key-3");
        send("POST", "/api-keys/" + newId + "/revoke", null, "corr-key-4");
        JsonNode revoke = entry("api-key.revoked", "corr-key-3");
        assertThat(revoke.at("/before/revokedAt").isMissingNode()).isTrue();
        assertThat(revoke.at("/after/revokedAt").isTextual()).isTrue();
        assertThat(get(tenant.path("/audit?kind=api-key.revoked&correlationId=corr-key-4"), tenant.adminKey()).body())
                .as("revoking a revoked key changes nothing").isEmpty();
        assertNoSecretsStored(secret, newSecret, secret.substring(secret.lastIndexOf('_') + 1),
                newSecret.substring(newSecret.lastIndexOf('_') + 1));
    }

    @Test
    void usersAreAuditedWithoutTheirPassword() {
        Answer created = send("POST", "/users", Map.of("username", "a.audit-" + UUID.randomUUID().toString().substring(0, 6),
                "password", USER_PASSWORD, "role", "treasurer"), "corr-user-1");
        String userId = created.body().get("id").asText();
        JsonNode create = entry("user.created", "corr-user-1");
        assertThat(create.at("/after/id").asText()).isEqualTo(userId);
        assertThat(create.at("/after/roles/0").asText()).isEqualTo("treasurer");

        send("POST", "/users/" + userId + "/disable", null, "corr-user-2");
        JsonNode disable = entry("user.disabled", "corr-user-2");
        assertThat(disable.at("/before/disabledAt").isTextual()).as("not disabled before").isFalse();
        assertThat(disable.at("/after/disabledAt").isTextual()).isTrue();
        assertNoSecretsStored(USER_PASSWORD, "$2a$", "$2b$", "$2y$");
    }

    @Test
    void expenseSetUpIsAuditedWithoutWebhookSecrets() {
        Answer saved = send("PUT", "/expense/settings", Map.of("expensePlatformUrl", "http://expense.audited.example/",
                "erpUrl", "http://erp.audited.example/", "treasuryUrl", "http://treasury.audited.example/"), "corr-exp-1");
        JsonNode settings = entry("configuration.changed", "corr-exp-1");
        assertThat(settings.get("setting").asText()).isEqualTo("expense/settings");
        assertThat(settings.at("/after/erpUrl").asText()).isEqualTo("http://erp.audited.example/");
        assertThat(settings.at("/after/webhookSecrets").asText()).isEqualTo("generated");
        send("PUT", "/expense/settings", Map.of("expensePlatformUrl", "http://expense.audited.example/",
                "erpUrl", "http://erp2.audited.example/", "treasuryUrl", "http://treasury.audited.example/"), "corr-exp-1b");
        JsonNode changed = entry("configuration.changed", "corr-exp-1b");
        assertThat(changed.at("/before/erpUrl").asText()).isEqualTo("http://erp.audited.example/");
        assertThat(changed.at("/after/erpUrl").asText()).isEqualTo("http://erp2.audited.example/");

        String entity = legalEntity(tenant);
        send("PUT", "/expense/policies/" + entity, Map.of("payableAccount", "1600", "inputTaxAccount", "1576",
                "fourEyesThreshold", "1000.00"), "corr-exp-2");
        send("PUT", "/expense/policies/" + entity, Map.of("payableAccount", "1600", "inputTaxAccount", "1576",
                "fourEyesThreshold", "2500.00"), "corr-exp-3");
        JsonNode policy = entry("configuration.changed", "corr-exp-3");
        assertThat(policy.get("setting").asText()).isEqualTo("expense/policies/" + entity);
        assertThat(policy.at("/before/fourEyesThreshold").asText()).isEqualTo("1000.00");
        assertThat(policy.at("/after/fourEyesThreshold").asText()).isEqualTo("2500.00");

        send("POST", "/fx-rates", Map.of("base", "USD", "quote", "EUR", "rateDate", "2026-03-02", "rate", "0.9214",
                "source", "ECB"), "corr-exp-4");
        JsonNode rate = entry("configuration.changed", "corr-exp-4");
        assertThat(rate.get("setting").asText()).isEqualTo("fx-rates/USD/EUR/2026-03-02");
        assertThat(rate.at("/after/rate").asText()).isEqualTo("0.9214");

        send("PUT", "/expense/roles/t.berger", Map.of("roles", List.of("treasurer")), "corr-exp-5");
        send("PUT", "/expense/roles/t.berger", Map.of("roles", List.of()), "corr-exp-6");
        JsonNode roles = entry("configuration.changed", "corr-exp-6");
        assertThat(roles.get("setting").asText()).isEqualTo("expense/roles/t.berger");
        assertThat(roles.at("/before/roles/0").asText()).isEqualTo("treasurer");
        assertThat(roles.at("/after/roles")).isEmpty();

        send("PUT", "/expense/mappings/gl-account/6999", Map.of("target", "6650"), "corr-exp-7");
        JsonNode mapping = entry("configuration.changed", "corr-exp-7");
        assertThat(mapping.get("setting").asText()).isEqualTo("expense/mappings/gl-account/6999");
        assertThat(mapping.at("/after/target").asText()).isEqualTo("6650");

        assertNoSecretsStored(saved.body().get("expenseWebhookSecret").asText(),
                saved.body().get("bankWebhookSecret").asText());
    }

    @Test
    void masterDataIsAuditedWithTheIbanMasked() {
        String entity = legalEntity(tenant);
        Answer employee = send("POST", "/employees", Map.of("legalEntityId", entity, "name", "Mara Keller",
                "email", "m.keller@acme-logistik.de", "active", true,
                "bankAccount", Map.of("iban", IBAN, "holderName", "Mara Keller")), "corr-md-1");
        String id = employee.body().get("id").asText();
        JsonNode created = entry("master-data.created", "corr-md-1");
        assertThat(created.at("/after/id").asText()).isEqualTo(id);
        assertThat(created.at("/after/bankAccount/iban").asText()).isEqualTo("DE89 **** **** **** **30 00");

        send("PATCH", "/expense/master-data/employees/" + id, Map.of("active", false), "corr-md-2");
        JsonNode patched = entry("master-data.changed", "corr-md-2");
        assertThat(patched.at("/before/key").asText()).isEqualTo(id);
        assertThat(patched.at("/before/active").asBoolean()).isTrue();
        assertThat(patched.at("/after/active").asBoolean()).isFalse();
        assertNoSecretsStored(IBAN, "0532013000");
    }

    @Test
    void aNewTenantsTrailOpensWithItsCreation() {
        JsonNode page = get(tenant.path("/audit?kind=tenant.created"), tenant.adminKey()).body();
        assertThat(page).hasSize(1);
        assertThat(page.get(0).get("actor").asText()).isEqualTo(get("/v1/me", BOOTSTRAP_KEY).body().get("actor").asText());
        assertThat(page.get(0).at("/detail/after/id").asText()).isEqualTo(tenant.id());
        assertThat(post(tenant.path("/audit/verify"), tenant.adminKey(), null).body().get("intact").asBoolean())
                .as("the chain holds").isTrue();
    }

    /** Reads the tenant's audit rows as stored, past every API view, and looks for each secret. */
    private void assertNoSecretsStored(String... secrets) {
        List<String> rows = asOwner(db, c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement select = c.prepareStatement(
                    "select actor || ' ' || kind || ' ' || correlation_id || ' ' || detail::text from audit_event "
                            + "where tenant_id = ?")) {
                select.setObject(1, UUID.fromString(tenant.id()));
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
            }
            return out;
        });
        assertThat(rows).isNotEmpty();
        for (String secret : secrets) {
            assertThat(rows).as(secret).noneMatch(row -> row.contains(secret));
        }
    }
}
