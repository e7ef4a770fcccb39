package io.finrelay.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.finrelay.connectors.net.AddressPolicy;
import io.finrelay.connectors.net.CheckedHostsResolverProvider;
import io.finrelay.server.ServerIT;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The edge-wide defences, each against the running server: peer URLs a tenant may not set, the headers
 * every answer carries, control characters and unparsable values refused naming the field, no Java
 * internals and no long echoes in any problem, the container's own refusals as problem+json, and the
 * per-user login throttle.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EdgeHardeningIT extends ServerIT {
    private static final List<String> INTERNALS = List.of("java.", "io.finrelay.", "com.fasterxml", "org.springframework",
            "JsonReadFeature", "StreamReadConstraints", "could not be parsed at index");

    private TestTenant tenant;

    @BeforeAll
    void tenant() {
        tenant = newTenant("Edge");
    }

    private static void isProblem(Answer a, int status, String field) {
        assertThat(a.status()).as(a.raw().body()).isEqualTo(status);
        assertThat(a.contentType()).startsWith("application/problem+json");
        if (field != null) {
            assertThat(a.body().get("errors").get(0).get("field").asText()).as(a.raw().body()).isEqualTo(field);
        }
        INTERNALS.forEach(i -> assertThat(a.raw().body()).doesNotContain(i));
    }

    // ---- server-side request forgery -------------------------------------------------------------

    private static final List<String> FORBIDDEN_URLS = List.of("file:///etc/passwd", "gopher://127.0.0.1:5432/",
            "http://169.254.169.254/latest/meta-data/", "http://user:secret@erp.acme-logistik.example/", "not a url",
            "http://10.0.0.5:8069/", "http://192.168.10.2/", "http://[fe80::1]/", "http://100.64.1.1/",
            "http://metadata.google.internal/computeMetadata/v1/", "http://127.0.0.2:5432/", "http://[::1]:5432/");

    @Test
    void expenseSettingsRefuseEveryForbiddenPeerUrlNamingTheField() {
        for (String url : FORBIDDEN_URLS) {
            Answer a = call("PUT", tenant.path("/expense/settings"), tenant.adminKey(), json("expensePlatformUrl",
                    "https://expense.acme-logistik.example/", "erpUrl", url, "treasuryUrl",
                    "https://treasury.acme-logistik.example/", "timeoutMillis", 5000), Map.of());
            isProblem(a, 400, "erpUrl");
            assertThat(a.raw().body()).doesNotContain("secret@");
        }
        assertThat(get(tenant.path("/audit?kind=config.changed"), tenant.adminKey()).body()).as("nothing saved").isEmpty();
    }

    @Test
    void erpConnectorSettingsRefuseEveryForbiddenPeerUrlNamingTheField() {
        for (String url : FORBIDDEN_URLS) {
            Map<String, Object> settings = new LinkedHashMap<>(Map.of("url", url, "database", "finance_prod",
                    "user", "finrelay", "journalCode", "EXP", "clearingAccount", "1000"));
            Answer a = call("PUT", tenant.path("/connectors/erp"), tenant.adminKey(), json("type", "tryton", "settings",
                    settings, "secret", "S3cure-Tryton-Pa55!"), Map.of());
            isProblem(a, 400, "settings.url");
        }
        assertThat(get(tenant.path("/connectors/erp"), tenant.adminKey()).status()).as("nothing saved").isEqualTo(404);
    }

    @Test
    void theServersPolicyIsWhatTheConnectorsAskBeforeEveryCall() {
        assertThat(AddressPolicy.current()).isInstanceOf(PeerUrlPolicy.class);
        assertThat(AddressPolicy.current().refusal(URI.create("http://169.254.169.254/latest/meta-data/"))).isPresent();
        assertThat(AddressPolicy.current().refusal(URI.create("http://localhost:8080/"))).as("allow-listed by the tests")
                .isEmpty();
        assertThat(CheckedHostsResolverProvider.active()).as("the connection's own lookup is judged too").isTrue();
    }

    // ---- headers ---------------------------------------------------------------------------------

    @Test
    void everyAnswerIsNosniffAndApiAnswersAreNotStored() {
        Answer key = post(tenant.path("/api-keys"), tenant.adminKey(), json("name", "erp sync", "role", "auditor"));
        assertThat(key.status()).isEqualTo(201);
        assertThat(key.header("Cache-Control")).isEqualTo("no-store");
        assertThat(key.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(key.raw().headers().allValues("Cache-Control")).hasSize(1);
        Answer missing = get(tenant.path("/nothing-here"), tenant.adminKey());
        assertThat(missing.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(missing.header("Cache-Control")).isEqualTo("no-store");
        assertThat(get("/health", null).header("X-Content-Type-Options")).isEqualTo("nosniff");
        Answer refusedLogin = login("nobody@edge.example", "x");
        assertThat(refusedLogin.raw().headers().allValues("Cache-Control")).containsExactly("no-store");
    }

    // ---- control characters and unparsable values ------------------------------------------------

    @Test
    void controlCharactersBidiOverridesAndNoncharactersInABodyAreRefusedNamingTheField() {
        String le = legalEntity(tenant);
        Map<String, String> hostile = Map.of("NUL", "Hotel\u0000Adlon", "ESC", "Hotel\u001bAdlon",
                "bidi override", "Hotel\u202EnolDA", "noncharacter", "Hotel\uFFFEAdlon");
        hostile.forEach((what, name) -> {
            Answer a = post(tenant.path("/vendors"), tenant.adminKey(), json("id", UUID.randomUUID().toString(),
                    "legalEntityId", le, "name", name, "country", "DE", "active", true,
                    "bankAccount", Map.of("iban", "DE75512108001245126199", "holderName", name)));
            isProblem(a, 400, "name");
            assertThat(a.raw().body()).as(what).doesNotContain("\\u0000").doesNotContain("\\u202E");
        });
        Answer nested = post(tenant.path("/vendors"), tenant.adminKey(), json("id", UUID.randomUUID().toString(),
                "legalEntityId", le, "name", "Hotel Adlon", "country", "DE", "active", true,
                "bankAccount", Map.of("iban", "DE75512108001245126199", "holderName", "Hotel\u0000Adlon")));
        isProblem(nested, 400, "bankAccount.holderName");
        assertThat(get(tenant.path("/vendors"), tenant.adminKey()).body().get("items")).as("nothing stored").isEmpty();
    }

    @Test
    void controlCharactersInAQueryParameterOrPathSegmentAreRefusedNamingIt() {
        isProblem(get(tenant.path("/audit?kind=config%00changed"), tenant.adminKey()), 400, "kind");
        isProblem(get(tenant.path("/audit?kind=%E2%80%AEdegnahc"), tenant.adminKey()), 400, "kind");
        Answer path = get(tenant.path("/vendors/abc%07def"), tenant.adminKey());
        isProblem(path, 400, null);
        assertThat(path.body().get("errors").get(0).get("field").asText()).startsWith("path segment");
    }

    @Test
    void unparsableAndOutOfRangeValuesAreA400NamingTheFieldNeverA500() {
        Answer badUuid = post(tenant.path("/vendors"), tenant.adminKey(), "{\"id\": 12, \"name\": [1]}");
        assertThat(badUuid.status()).as(badUuid.raw().body()).isEqualTo(400);
        INTERNALS.forEach(i -> assertThat(badUuid.raw().body()).doesNotContain(i));
        Answer huge = post(tenant.path("/legal-entities"), tenant.adminKey(),
                "{\"name\":\"ACME\",\"country\":\"DE\",\"functionalCurrency\":\"EUR\",\"limit\":1e400}");
        isProblem(huge, 400, "limit");
        Answer precise = post(tenant.path("/legal-entities"), tenant.adminKey(),
                "{\"name\":\"ACME\",\"country\":\"DE\",\"functionalCurrency\":\"EUR\",\"limit\":0.12345678901234567890123456789012345678901}");
        isProblem(precise, 400, "limit");
        Answer deep = post(tenant.path("/legal-entities"), tenant.adminKey(), "[".repeat(10_000) + "]".repeat(10_000));
        isProblem(deep, 400, null);
        Answer broken = post(tenant.path("/legal-entities"), tenant.adminKey(), "{\"name\": \"ACME\u0000\"}");
        isProblem(broken, 400, null);
        Answer badKey = call("POST", tenant.path("/api-keys"), tenant.adminKey(), json("name", "k", "role", "auditor",
                "expiresAt", "garbage"), Map.of());
        isProblem(badKey, 400, "expiresAt");
    }

    // ---- leaks and noise -------------------------------------------------------------------------

    @Test
    void aRefusedHugeValueIsQuotedByItsStartOnly() {
        String huge = "X".repeat(100_000);
        Answer a = get(tenant.path("/audit?limit=" + huge), tenant.adminKey());
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.raw().body().length()).isLessThan(2_000);
        Answer body = post(tenant.path("/legal-entities"), tenant.adminKey(), json("name", "ACME", "country", huge,
                "functionalCurrency", "EUR"));
        assertThat(body.status()).isEqualTo(400);
        assertThat(body.raw().body().length()).isLessThan(2_000);
    }

    /** A raw request, so that the path reaches the server exactly as written. */
    private Raw raw(String method, String path) throws IOException {
        try (Socket s = new Socket("localhost", port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write((method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + tenant.adminKey()
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String text = all.toString(StandardCharsets.UTF_8);
            int status = Integer.parseInt(text.substring(9, 12));
            int split = text.indexOf("\r\n\r\n");
            return new Raw(status, text.substring(0, split).toLowerCase(java.util.Locale.ROOT), text.substring(split + 4));
        }
    }

    private record Raw(int status, String head, String body) {}

    @Test
    void encodedPathTricksAreAProblemJson400NotTheContainersHtmlPage() throws IOException {
        for (String path : List.of(tenant.path("/vendors/a%2Fb"), tenant.path("/vendors/a%5Cb"),
                tenant.path("/vendors/a%00b"), tenant.path("/vendors/%2E%2E"), "/v1/tenants/../../etc/passwd",
                tenant.path("/vendors/..%2F..%2Fusers"), tenant.path("/vendors/a\\b"))) {
            Raw r = raw("GET", path);
            assertThat(r.status()).as(path + " -> " + r.body()).isEqualTo(400);
            assertThat(r.head()).as(path).contains("content-type: application/problem+json");
            assertThat(r.body()).as(path).doesNotContain("<html").doesNotContain("Tomcat");
        }
    }

    @Test
    void traceAndUnknownMethodsAreAProblemJson405() throws IOException {
        for (String method : List.of("TRACE", "PROPFIND")) {
            Raw r = raw(method, tenant.path("/vendors"));
            assertThat(r.status()).as(method + " -> " + r.body()).isEqualTo(405);
            assertThat(r.head()).as(method).contains("content-type: application/problem+json");
            assertThat(r.body()).as("TRACE never echoes the request").doesNotContain("Bearer");
        }
    }

    // ---- logins ----------------------------------------------------------------------------------

    @Test
    void wrongPasswordsInARowLockTheUserOutEvenForTheRightPasswordAndTheLockOutIsAudited() {
        // The doubling wait is LoginThrottleTest's, on a stepped clock; the shared test clock stays put here.
        String password = "Ledger-Close-2026!";
        Answer user = post(tenant.path("/users"), tenant.adminKey(), JSON.createObjectNode()
                .put("username", "j.brandt@edge.example").put("password", password)
                .set("roles", JSON.valueToTree(List.of("auditor"))).toString());
        assertThat(user.status()).as(user.raw().body()).isEqualTo(201);
        for (int i = 0; i < 5; i++) {
            assertThat(login("j.brandt@edge.example", "guess-" + i).status()).isEqualTo(401);
        }
        Answer locked = login("j.brandt@edge.example", password);
        assertThat(locked.status()).as("the right password during a lock-out").isEqualTo(429);
        assertThat(locked.header("Retry-After")).isEqualTo("1");
        assertThat(locked.contentType()).startsWith("application/problem+json");
        assertThat(locked.body().get("type").asText()).endsWith("/login-throttled");
        Answer audited = get(tenant.path("/audit?kind=login.locked"), tenant.adminKey());
        assertThat(audited.body()).as(audited.raw().body()).hasSize(1);
        assertThat(audited.body().get(0).get("actor").asText()).isEqualTo("user:j.brandt@edge.example");
    }

    @Test
    void anUnknownUsernameIsThrottledAlikeSoALockOutTellsNothing() {
        for (int i = 0; i < 5; i++) {
            assertThat(login("ghost@edge.example", "guess-" + i).status()).isEqualTo(401);
        }
        assertThat(login("ghost@edge.example", "guess-6").status()).isEqualTo(429);
    }

    private Answer login(String username, String password) {
        return post("/v1/tokens", null, json("tenant", tenant.slug(), "username", username, "password", password));
    }
}
