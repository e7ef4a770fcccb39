package io.finrelay.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finrelay.server.fixtures.TestWorkflows;
import io.finrelay.server.security.TestIssuer;
import io.finrelay.testkit.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The base of the server's integration tests: the whole application on a random port, on a database
 * of its own on the testkit's real PostgreSQL. Every subclass uses exactly this configuration, so
 * Spring builds the context once and all test classes share it; each class makes its own tenants.
 */
@SpringBootTest(classes = FinrelayServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"finrelay.bootstrap-key=" + ServerIT.BOOTSTRAP_KEY, "finrelay.node-id=test-node",
                // The sandbox peers answer on this machine: allow-listed as an operator would.
                "finrelay.peers.allowed-hosts=localhost,127.0.0.1",
                // The stuck-workflow monitors run only when a test asks (MonitorsIT, on a database of its own).
                "finrelay.monitors.enabled=false",
                // The server's own logging (IBANs masked), not the engine test-jar's logback-test.xml.
                "logging.config=classpath:logback-spring.xml"})
@Import(TestWorkflows.class)
public abstract class ServerIT {
    public static final String BOOTSTRAP_KEY = "frk_b00757a9_" + "0123456789abcdef0123456789abcdef";
    /** A fixed test keyring (two keys, k2 active), so no test writes a key file into the source tree. */
    public static final String TEST_KEYRING = "k1=" + "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=;k2=" + "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=";
    protected static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Where the servers of the tests keep their token signing key: a temporary file, never the source tree. */
    public static final String TOKEN_KEY_FILE = tokenKeyFile();

    private static String tokenKeyFile() {
        try {
            return java.nio.file.Files.createTempDirectory("finrelay-it-").resolve("token-signing-key.json").toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class Db {
        static final String URL = TestDatabase.jdbcUrl(
                ((PGSimpleDataSource) TestDatabase.newDatabase("server")).getDatabaseName());
    }

    /**
     * The database of a test class that must not share one (see MetricsIT): set in its {@code @BeforeAll},
     * before its server starts, and cleared in its {@code @AfterAll}; null for everyone else. (A
     * {@code @DynamicPropertySource} of the subclass would not do: this class's registration wins.)
     */
    protected static volatile String ownDatabaseUrl;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("finrelay.db.url", () -> ownDatabaseUrl != null ? ownDatabaseUrl : Db.URL);
        registry.add("finrelay.secrets.keys", () -> TEST_KEYRING);
        // Identity: the token signing key is generated into a temporary directory (never the source
        // tree), and the people of an in-test identity provider are trusted (see TestIssuer).
        registry.add("finrelay.security.tokens.key-file", () -> TOKEN_KEY_FILE);
        registry.add("finrelay.security.oidc.issuer", () -> TestIssuer.ISSUER);
        registry.add("finrelay.security.oidc.jwks-uri", TestIssuer::jwksUri);
        registry.add("finrelay.security.oidc.audience", () -> TestIssuer.AUDIENCE);
        registry.add("finrelay.security.oidc.authorization-uri", TestIssuer::authorizationUri);
        registry.add("finrelay.security.oidc.token-uri", TestIssuer::tokenUri);
        registry.add("finrelay.security.oidc.client-id", () -> TestIssuer.CLIENT_ID);
        registry.add("finrelay.security.oidc.client-secret", () -> TestIssuer.CLIENT_SECRET);
    }

    @LocalServerPort
    protected int port;

    /** An HTTP answer: status, headers and the body as JSON (null when empty). */
    public record Answer(int status, HttpResponse<String> raw, JsonNode body) {
        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        public String contentType() {
            return header("Content-Type");
        }
    }

    /** The tenant's open items by id, as the open-items API lists them (an item awaiting release is not listed). */
    protected Map<String, JsonNode> openItems(TestTenant tenant) {
        JsonNode listed = get(tenant.path("/open-items?limit=500"), tenant.adminKey()).body().get("items");
        Map<String, JsonNode> items = new LinkedHashMap<>();
        listed.forEach(i -> items.put(i.get("id").asText(), i));
        return items;
    }

    /** One stored column of an open item, as text (what the API does not show: its ERP line, its payers); null if none. */
    protected static String openItemColumn(io.finrelay.engine.db.Database db, TestTenant tenant, String itemId, String column) {
        return asOwner(db, c -> {
            try (java.sql.PreparedStatement select = c.prepareStatement("select " + column + "::text from recon_open_item "
                    + "where tenant_id = ?::uuid and id = ?")) {
                select.setString(1, tenant.id());
                select.setString(2, itemId);
                try (java.sql.ResultSet rs = select.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        });
    }

    /**
     * Runs {@code sql} as the schema owner with the tenant's id bound as its first parameter; the first column of each
     * row it returns (none for a statement that returns no rows).
     */
    protected static java.util.List<String> asOwnerRows(io.finrelay.engine.db.Database db, TestTenant tenant, String sql) {
        return asOwner(db, c -> {
            try (java.sql.PreparedStatement s = c.prepareStatement(sql)) {
                s.setString(1, tenant.id());
                java.util.List<String> out = new java.util.ArrayList<>();
                if (s.execute()) {
                    try (java.sql.ResultSet rs = s.getResultSet()) {
                        while (rs.next()) {
                            out.add(rs.getString(1));
                        }
                    }
                }
                return out;
            }
        });
    }

    /**
     * Runs again, as the schema owner, the last statement of a migration, from {@code statementStart} to the file's end:
     * how a test checks a migration's backfill against rows the application wrote.
     */
    protected static void rerunMigrationTail(io.finrelay.engine.db.Database db, String migration, String statementStart) {
        String sql;
        try {
            sql = java.nio.file.Files.readString(java.nio.file.Path.of("src/main/resources/db/migration", migration));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String tail = sql.substring(sql.indexOf(statementStart));
        asOwner(db, c -> {
            try (java.sql.Statement s = c.createStatement()) {
                return s.executeUpdate(tail);
            }
        });
    }

    /**
     * Runs {@code work} in one transaction as the schema owner, past the tenant wall (row-level
     * security): for tests that inspect or tamper with what is stored, as a DBA would.
     */
    protected static <T> T asOwner(io.finrelay.engine.db.Database db, io.finrelay.engine.db.Database.Work<T> work) {
        try (java.sql.Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            // A pooled connection may sit in the engine's system role for its session; this
            // transaction runs as the user that connected, the schema owner, and falls back after.
            try (java.sql.Statement owner = c.createStatement()) {
                owner.execute("set local role none");
            }
            T result = work.run(c);
            c.commit();
            return result;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    protected Answer call(String method, String path, String key, String body, Map<String, String> headers) {
        return send(method, path, key, body == null ? null : HttpRequest.BodyPublishers.ofString(body), headers);
    }

    /** As {@link #call}, with a binary body (a PDF upload); {@code headers} should name its Content-Type. */
    protected Answer callWithBytes(String method, String path, String key, byte[] body, Map<String, String> headers) {
        return send(method, path, key, HttpRequest.BodyPublishers.ofByteArray(body), headers);
    }

    private Answer send(String method, String path, String key, HttpRequest.BodyPublisher body,
                        Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        boolean hasType = headers.keySet().stream().anyMatch(h -> h.equalsIgnoreCase("Content-Type"));
        if (body != null && !hasType) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : body);
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            // a JSON body is read as one; another (the ledger export's text, the YAML contract) is left to response()
            boolean isJson = response.headers().firstValue("Content-Type").map(t -> t.contains("json")).orElse(true);
            JsonNode json = response.body().isEmpty() || !isJson ? null : JSON.readTree(response.body());
            return new Answer(response.statusCode(), response, json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    protected Answer get(String path, String key) {
        return call("GET", path, key, null, Map.of());
    }

    protected Answer post(String path, String key, String body) {
        return call("POST", path, key, body, Map.of());
    }

    protected Answer post(String path, String key, String body, String idempotencyKey) {
        return call("POST", path, key, body, Map.of("Idempotency-Key", idempotencyKey));
    }

    protected static String json(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        try {
            return JSON.writeValueAsString(map);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new tenant with a tenant-admin key, made through the API with the bootstrap partner-admin key. */
    protected TestTenant newTenant(String name) {
        String partner = get("/v1/me", BOOTSTRAP_KEY).body().get("partnerId").asText();
        String slug = name.toLowerCase(java.util.Locale.ROOT) + "-" + UUID.randomUUID().toString().substring(0, 8);
        Answer created = post("/v1/partners/" + partner + "/tenants", BOOTSTRAP_KEY, json("name", name, "slug", slug));
        if (created.status() != 201) {
            throw new IllegalStateException("tenant not created: " + created.body());
        }
        String tenantId = created.body().get("id").asText();
        TestTenant tenant = new TestTenant(tenantId, null, slug);
        return new TestTenant(tenantId, keyFor(tenant, BOOTSTRAP_KEY, "tenant-admin"), slug);
    }

    protected String keyFor(TestTenant tenant, String creatorKey, String role) {
        Answer key = post("/v1/tenants/" + tenant.id() + "/api-keys", creatorKey, json("name", role + " key", "role", role));
        if (key.status() != 201) {
            throw new IllegalStateException("key not created: " + key.body());
        }
        return key.body().get("secret").asText();
    }

    protected String legalEntity(TestTenant tenant) {
        Answer le = post(tenant.path("/legal-entities"), tenant.adminKey(),
                json("name", "ACME Logistik GmbH", "country", "DE", "functionalCurrency", "EUR"));
        if (le.status() != 201) {
            throw new IllegalStateException("legal entity not created: " + le.body());
        }
        return le.body().get("id").asText();
    }

    /** A tenant made for a test, its tenant-admin key, and its slug (which its people log in with). */
    public record TestTenant(String id, String adminKey, String slug) {
        public String path(String rest) {
            return "/v1/tenants/" + id + rest;
        }
    }
}
