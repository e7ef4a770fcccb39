package io.finrelay.server.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import io.finrelay.engine.db.Database;
import io.finrelay.server.ServerIT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A tenant's ERP connector configured through the API: settings validated field by field, the
 * secret write-only and sealed at rest, and the connection test answering in plain words. (The same
 * test against a running Tryton, with good and bad passwords, is in ExpenseOnTrytonIT.)
 */
class ConnectorConfigIT extends ServerIT {
    private static final String PASSWORD = "S3cure-Tryton-Pa55!";

    @Autowired
    Database db;

    @Autowired
    ConnectorConfigs configs;

    @Autowired
    io.finrelay.server.security.Access access;

    private Answer put(TestTenant tenant, Map<String, Object> body) {
        return call("PUT", tenant.path("/connectors/erp"), tenant.adminKey(), write(body), Map.of());
    }

    private static Map<String, Object> tryton(String url, String secret) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("url", url);
        settings.put("database", "finance_prod");
        settings.put("user", "finrelay");
        settings.put("journalCode", "EXP");
        settings.put("clearingAccount", "1000");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "tryton");
        body.put("settings", settings);
        if (secret != null) {
            body.put("secret", secret);
        }
        return body;
    }

    @Test
    void aTrytonConnectorIsSavedWithItsSecretSealedAndTheSecretIsNeverAnswered() {
        TestTenant tenant = newTenant("Connectors");
        Answer saved = put(tenant, tryton("http://erp.acme-logistik.example:8000/", PASSWORD));
        assertThat(saved.status()).as(String.valueOf(saved.body())).isEqualTo(200);
        assertThat(saved.body().get("type").asText()).isEqualTo("tryton");
        assertThat(saved.body().get("secret").asText()).isEqualTo("set");
        assertThat(saved.body().get("settings").get("database").asText()).isEqualTo("finance_prod");
        assertThat(saved.body().get("settings").get("batchSize").asInt()).as("default").isEqualTo(20);
        assertThat(saved.raw().body()).doesNotContain(PASSWORD);

        Answer read = get(tenant.path("/connectors/erp"), tenant.adminKey());
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.body().get("secret").asText()).isEqualTo("set");
        assertThat(read.raw().body()).doesNotContain(PASSWORD);
        String sealed = storedSecret(tenant.id());
        assertThat(sealed).startsWith("enc:v1:k2:").doesNotContain(PASSWORD);

        // Saving the settings again without a secret keeps the sealed one; a new one replaces it.
        Answer changed = put(tenant, tryton("http://erp2.acme-logistik.example:8000/", null));
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.body().get("version").asLong()).isEqualTo(saved.body().get("version").asLong() + 1);
        assertThat(changed.body().get("secret").asText()).isEqualTo("set");
        assertThat(storedSecret(tenant.id())).isEqualTo(sealed);
        put(tenant, tryton("http://erp2.acme-logistik.example:8000/", "Another-Pa55")).body();
        assertThat(storedSecret(tenant.id())).isNotEqualTo(sealed).startsWith("enc:v1:");

        // Back to the REST ERP: nothing to keep a password for.
        Answer rest = put(tenant, Map.of("type", "rest-erp", "settings", Map.of()));
        assertThat(rest.status()).isEqualTo(200);
        assertThat(rest.body().get("secret").asText()).isEqualTo("not set");
        assertThat(storedSecret(tenant.id())).isNull();
        for (String action : List.of("test", "pull-master-data")) {
            Answer refused = call("POST", tenant.path("/connectors/erp/" + action), tenant.adminKey(), null, Map.of());
            assertThat(refused.status()).as(action).isEqualTo(409);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.body().get("detail").asText()).contains("is of type rest-erp");
        }
    }

    @Test
    void invalidSettingsAreOneProblemNamingEachFieldAndNothingIsSaved() {
        TestTenant tenant = newTenant("Connectors");
        Map<String, Object> body = tryton("ftp://erp.example/", null);
        @SuppressWarnings("unchecked")
        Map<String, Object> settings = (Map<String, Object>) body.get("settings");
        settings.remove("database");
        settings.put("batchSize", 500);
        settings.put("pasword", "typo");
        Answer refused = put(tenant, body);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.body().get("type").asText()).endsWith("/validation");
        List<String> fields = new ArrayList<>();
        refused.body().get("errors").forEach(e -> fields.add(e.get("field").asText()));
        assertThat(fields).containsExactlyInAnyOrder("settings.url", "settings.database", "settings.batchSize",
                "settings.pasword");

        Answer noSecret = put(tenant, tryton("https://erp.example/", null));
        assertThat(noSecret.status()).isEqualTo(400);
        assertThat(noSecret.body().get("detail").asText()).startsWith("secret: is required for a tryton connector");

        Answer credentialsInUrl = put(tenant, tryton("https://finrelay:" + PASSWORD + "@erp.example/", PASSWORD));
        assertThat(credentialsInUrl.status()).isEqualTo(400);
        assertThat(credentialsInUrl.raw().body()).doesNotContain(PASSWORD);

        Answer unknownType = put(tenant, Map.of("type", "sap", "settings", Map.of()));
        assertThat(unknownType.status()).isEqualTo(400);
        assertThat(unknownType.body().get("detail").asText()).isEqualTo("type: must be one of tryton, rest-erp");

        assertThat(get(tenant.path("/connectors/erp"), tenant.adminKey()).status()).isEqualTo(404);
        assertThat(call("PUT", tenant.path("/connectors/crm"), tenant.adminKey(), write(Map.of("type", "rest-erp")),
                Map.of()).status()).as("an unknown connector slot").isEqualTo(404);
    }

    @Test
    void theConnectionTestSaysInPlainWordsThatTrytonIsUnreachable() {
        TestTenant tenant = newTenant("Connectors");
        assertThat(put(tenant, tryton("http://127.0.0.1:" + closedPort() + "/", PASSWORD)).status()).isEqualTo(200);
        Answer test = call("POST", tenant.path("/connectors/erp/test"), tenant.adminKey(), null, Map.of());
        assertThat(test.status()).isEqualTo(200);
        assertThat(test.body().get("ok").asBoolean()).isFalse();
        assertThat(test.body().get("problem").asText()).isEqualTo("UNREACHABLE");
        assertThat(test.body().get("message").asText()).startsWith("Tryton at http://127.0.0.1:").contains("is unreachable");
        assertThat(test.raw().body()).doesNotContain(PASSWORD);
    }

    @Test
    void anotherTenantsConnectorIsNotFoundAndAViewerCannotChangeOne() {
        TestTenant owner = newTenant("Connectors");
        TestTenant other = newTenant("Connectors");
        assertThat(put(owner, tryton("http://erp.example/", PASSWORD)).status()).isEqualTo(200);
        assertThat(get(owner.path("/connectors/erp"), other.adminKey()).status()).isEqualTo(404);
        assertThat(call("POST", owner.path("/connectors/erp/test"), other.adminKey(), null, Map.of()).status())
                .isEqualTo(404);
        String viewer = keyFor(owner, owner.adminKey(), "viewer");
        assertThat(get(owner.path("/connectors/erp"), viewer).status()).isEqualTo(200);
        assertThat(call("PUT", owner.path("/connectors/erp"), viewer, write(tryton("http://evil.example/", "x")), Map.of())
                .status()).isEqualTo(403);
    }

    private String storedSecret(String tenantId) {
        return asOwner(db, c -> {
            try (PreparedStatement select = c.prepareStatement(
                    "select secret_sealed from connector_config where tenant_id = ? and name = 'erp'")) {
                select.setObject(1, UUID.fromString(tenantId));
                try (ResultSet rs = select.executeQuery()) {
                    return rs.next() ? rs.getString(1) : "no row";
                }
            }
        });
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String write(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aConfigurationReadJustBeforeASaveIsNotKeptAfterTheSaveOnThatNode() throws Exception {
        TestTenant tenant = newTenant("Racing");
        assertThat(put(tenant, tryton("http://erp.acme-logistik.example:8000/", PASSWORD)).status()).isEqualTo(200);
        PausingConfigs pausing = new PausingConfigs(configs);
        // A fixed clock: the cache's one-second re-check never comes, so only forget() can replace what it keeps.
        ErpConnections erps = new ErpConnections(access, pausing, java.time.Clock.fixed(
                java.time.Instant.parse("2026-12-06T09:00:00Z"), java.time.ZoneOffset.UTC));
        io.finrelay.model.id.TenantId id = new io.finrelay.model.id.TenantId(UUID.fromString(tenant.id()));

        // A dispatcher's call reads the configuration, and is held right after the read ...
        pausing.pauseNext();
        java.util.concurrent.CompletableFuture<java.util.Optional<io.finrelay.workflows.port.ErpPort>> before =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> erps.tryton(id));
        assertThat(pausing.read.await(30, java.util.concurrent.TimeUnit.SECONDS)).as("the call read").isTrue();
        // ... while an integration engineer saves the corrected URL on this node, which forgets the connector.
        assertThat(put(tenant, tryton("http://erp2.acme-logistik.example:8000/", null)).status()).isEqualTo(200);
        erps.forget(id);
        pausing.go.countDown();
        assertThat(urlOf(before.get(30, java.util.concurrent.TimeUnit.SECONDS)))
                .as("the call that began before the save uses what it read").contains("erp.acme-logistik");

        assertThat(urlOf(erps.tryton(id))).as("the next call, at once, uses the saved configuration").contains("erp2.acme-logistik");
        assertThat(urlOf(erps.tryton(id))).contains("erp2.acme-logistik");
    }

    private static String urlOf(java.util.Optional<io.finrelay.workflows.port.ErpPort> port) {
        return ((io.finrelay.connectors.erp.tryton.TrytonErp) port.orElseThrow()).client().config().url().toString();
    }

    /** The tenants' stored configurations, with one read that can be held after it returned. */
    private static final class PausingConfigs extends ConnectorConfigs {
        private final ConnectorConfigs real;
        private final java.util.concurrent.atomic.AtomicBoolean pause = new java.util.concurrent.atomic.AtomicBoolean();
        final java.util.concurrent.CountDownLatch read = new java.util.concurrent.CountDownLatch(1);
        final java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);

        PausingConfigs(ConnectorConfigs real) {
            super(null, null, null, null, null);
            this.real = real;
        }

        void pauseNext() {
            pause.set(true);
        }

        @Override
        public java.util.Optional<ConnectorConfig> find(io.finrelay.server.security.TenantScope scope, String name) {
            java.util.Optional<ConnectorConfig> found = real.find(scope, name);
            if (pause.getAndSet(false)) {
                read.countDown();
                try {
                    if (!go.await(30, java.util.concurrent.TimeUnit.SECONDS)) {
                        throw new IllegalStateException("not let go");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            return found;
        }

        @Override
        public String openSecret(io.finrelay.server.security.TenantScope scope, ConnectorConfig config) {
            return real.openSecret(scope, config);
        }
    }
}
