package io.finrelay.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.finrelay.engine.db.Database;
import io.finrelay.engine.fixtures.PaymentFlow;
import io.finrelay.server.ServerIT;
import io.finrelay.server.security.SecurityDocs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Hostile input for every operation of the running app's own OpenAPI document, so a new endpoint is
 * covered without being listed here: missing and wrong credentials, control characters, a bidi
 * override and a noncharacter in every string member of the request body and every query parameter,
 * 100,000-character strings, numbers beyond range or precision, a wrong content type, JSON nested
 * 10,000 deep and encoded path tricks in every path parameter. Every case must be a 4xx
 * problem+json, never a 500, never a Java class name, quoting at most a prefix of the value; and no
 * refused request may leave a row behind in any of the tenant's tables.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputIT extends ServerIT {
    private static final Pattern VARIABLE = Pattern.compile("\\{(\\w+)}");
    private static final List<String> INTERNALS = List.of("java.", "io.finrelay.", "com.fasterxml", "org.springframework",
            "org.apache", "JsonReadFeature", "StreamReadConstraints", "could not be parsed at index");
    /** The hostile texts: NUL, another C0 control, a bidi override, a noncharacter. */
    private static final Map<String, String> HOSTILE = Map.of("NUL", "ACME\u0000Logistik", "ESC", "ACME\u001bLogistik",
            "RLO", "ACME\u202EkitsigoL", "U+FFFE", "ACME\uFFFELogistik");
    private static final String OVERSIZED = "Z".repeat(100_000);
    private static final List<String> PATH_TRICKS = List.of("a%2Fb", "%2E%2E", "a%5Cb", "a%00b", "..%2F..%2Fadmin");
    /** Members sent where a body is untyped in the contract (JsonNode): the edge check must not care which. */
    private static final List<String> UNTYPED_STRINGS = List.of("name", "description");
    private static final List<String> UNTYPED_NUMBERS = List.of("amount");

    @Autowired
    Database db;

    @Autowired
    @org.springframework.beans.factory.annotation.Qualifier("requestMappingHandlerMapping")
    org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping mappings;

    /** Per contract path, the first allowed value of each variable Spring restricts ({@code {kind:a|b}}). */
    private final Map<String, Map<String, String>> restricted = new HashMap<>();

    private TestTenant tenant;
    private final Map<String, String> values = new HashMap<>();
    private final Map<String, String> keys = new HashMap<>();
    private JsonNode contract;

    /** One operation of the contract. */
    private record Operation(String method, String path, JsonNode op) {
        String name() {
            return method + " " + path;
        }
    }

    @BeforeAll
    void aTenantWithMasterData() {
        tenant = newTenant("Hostile");
        String partner = get("/v1/me", BOOTSTRAP_KEY).body().get("partnerId").asText();
        String entity = legalEntity(tenant);
        String payee = UUID.randomUUID().toString();
        post(tenant.path("/vendors"), tenant.adminKey(), json("id", payee, "legalEntityId", entity,
                "name", "Hotel Adlon Kempinski Berlin", "country", "DE", "active", true,
                "bankAccount", Map.of("iban", "DE75512108001245126199", "holderName", "Hotel Adlon GmbH")));
        Answer key = post(tenant.path("/api-keys"), tenant.adminKey(), json("name", "hostile probe", "role", "auditor"));
        Answer user = post(tenant.path("/users"), tenant.adminKey(), JSON.createObjectNode().put("username",
                "r.vogel@hostile.example").put("password", "Quarter-Close-2026!").set("roles",
                JSON.valueToTree(List.of("auditor"))).toString());
        values.putAll(Map.of("tenantId", tenant.id(), "partnerId", partner, "legalEntityId", entity, "key", payee,
                "kind", "vendors", "keyId", key.body().get("id").asText(), "userId", user.body().get("id").asText(),
                "type", PaymentFlow.TYPE, "name", "erp", "source", "expense-platform"));
        values.putAll(Map.of("person", "m.keller", "reportId", "EXP-2026-0417", "action", "retry"));
        contract = get("/v1/openapi.json", null).body();
        Pattern alternatives = Pattern.compile("\\{(\\w+):([a-z-]+(?:\\|[a-z-]+)*)}");
        mappings.getHandlerMethods().keySet().forEach(info -> info.getPatternValues().forEach(pattern -> {
            Matcher m = alternatives.matcher(pattern);
            while (m.find()) {
                restricted.computeIfAbsent(pattern.replaceAll("\\{(\\w+):[^}]*}", "{$1}"), p -> new HashMap<>())
                        .put(m.group(1), m.group(2).split("\\|")[0]);
            }
        }));
        // A key of its own per operation, made before the snapshot: the cases of one operation stay
        // within one client's rate-limit burst.
        for (Operation o : operations()) {
            keys.put(o.name(), keyFor(tenant, BOOTSTRAP_KEY, "tenant-admin"));
        }
    }

    private List<Operation> operations() {
        List<Operation> out = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : contract.get("paths").properties()) {
            for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                if (List.of("get", "post", "put", "patch", "delete").contains(op.getKey())) {
                    out.add(new Operation(op.getKey().toUpperCase(Locale.ROOT), path.getKey(), op.getValue()));
                }
            }
        }
        return out;
    }

    private boolean open(Operation o) {
        String pattern = o.path().replaceAll("\\{\\w+}", "[^/]+");
        return SecurityDocs.endpoints().stream().anyMatch(r -> r.method().equals(o.method())
                && (r.action().equals("public") || r.action().equals("signature"))
                && r.path().replaceAll("\\{\\w+}", "X").matches(pattern));
    }

    private String concrete(String path, String trickParam, String trick) {
        Matcher m = VARIABLE.matcher(path);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = m.group(1).equals(trickParam) ? trick
                    : restricted.getOrDefault(path, Map.of()).containsKey(m.group(1))
                    ? restricted.get(path).get(m.group(1))
                    : values.computeIfAbsent(m.group(1), n -> UUID.randomUUID().toString());
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        return m.appendTail(out).toString();
    }

    /** String and number members of the operation's request body, from the schema when it has one. */
    private Map<String, String> members(Operation o) {
        Map<String, String> out = new LinkedHashMap<>();
        JsonNode schema = o.op().path("requestBody").path("content").path("application/json").path("schema");
        if (schema.has("$ref")) {
            schema = contract.at("/components/schemas/" + schema.get("$ref").asText().replace("#/components/schemas/", ""));
        }
        schema.path("properties").properties().forEach(p -> {
            String type = p.getValue().path("type").asText("");
            if (type.equals("string") || type.equals("number") || type.equals("integer")) {
                out.put(p.getKey(), type.equals("string") ? "string" : "number");
            }
        });
        if (out.isEmpty()) {
            UNTYPED_STRINGS.forEach(f -> out.put(f, "string"));
            UNTYPED_NUMBERS.forEach(f -> out.put(f, "number"));
        }
        return out;
    }

    private boolean hasBody(Operation o) {
        return o.op().has("requestBody");
    }

    private boolean takesJson(Operation o) {
        return o.op().path("requestBody").path("content").has("application/json");
    }

    private Answer send(Operation o, String key, String body, String contentType) {
        Map<String, String> headers = new HashMap<>(Map.of("Idempotency-Key", "hostile-" + UUID.randomUUID()));
        if (contentType != null) {
            headers.put("Content-Type", contentType);
        }
        return call(o.method(), concrete(o.path(), null, null), key, body, headers);
    }

    private static void refused(SoftAssertions soft, String what, int status, String contentType, String body,
                                Integer expected, String field) {
        String w = what + " -> " + status + " " + (body.length() > 300 ? body.substring(0, 300) : body);
        if (expected != null) {
            soft.assertThat(status).as(w).isEqualTo(expected);
        } else {
            soft.assertThat(status).as(w).isBetween(400, 499);
        }
        soft.assertThat(contentType).as(w).startsWith("application/problem+json");
        soft.assertThat(body.length()).as("quotes at most a prefix: " + w).isLessThan(3_000);
        INTERNALS.forEach(i -> soft.assertThat(body).as(w).doesNotContain(i));
        if (field != null && status == 400) {
            try {
                JsonNode errors = JSON.readTree(body).path("errors");
                soft.assertThat(errors.path(0).path("field").asText()).as("names the field: " + w).isEqualTo(field);
            } catch (IOException e) {
                soft.fail("not JSON: " + w);
            }
        }
    }

    private static void refused(SoftAssertions soft, String what, Answer a, Integer expected, String field) {
        refused(soft, what, a.status(), String.valueOf(a.contentType()), a.raw().body(), expected, field);
    }

    private Map<String, Long> tenantRows() {
        return asOwner(db, c -> {
            List<String> tables = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("select table_name from information_schema.columns "
                    + "where column_name = 'tenant_id' and table_schema = current_schema() "
                    + "and table_name in (select table_name from information_schema.tables where table_type = 'BASE TABLE')");
                 ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            Map<String, Long> rows = new java.util.TreeMap<>();
            // The audit sealer seals earlier records (the set-up's) on its own schedule: its seal rows are
            // not the requests' doing. The audited records themselves (audit_event) are counted. The API-call
            // meter counts a refused call too, by design (UsageIT), into a row per database connection: how
            // many rows it has depends on which pooled connections counted, not on what the request stored.
            tables.removeAll(List.of("audit_link", "audit_seal_cursor", "audit_chain_head", "usage_count"));
            for (String table : tables) {
                try (PreparedStatement s = c.prepareStatement("select count(*) from \"" + table + "\" where tenant_id::text = ?")) {
                    s.setString(1, tenant.id());
                    try (ResultSet rs = s.executeQuery()) {
                        rs.next();
                        rows.put(table, rs.getLong(1));
                    }
                }
            }
            return rows;
        });
    }

    @Test
    void everyOperationRefusesHostileInputWithAProblemAndStoresNothing() throws IOException {
        SoftAssertions soft = new SoftAssertions();
        Map<String, Long> before = tenantRows();
        List<Operation> operations = operations();
        assertThat(operations).hasSizeGreaterThan(40);
        for (Operation o : operations) {
            // A partner's file upload (its logo) is the partner's own: a tenant's key is refused at the wall (404)
            // before the file's type is looked at, so its hostile bodies are sent as the partner's administrator.
            String key = o.path().startsWith("/v1/partners/") && hasBody(o) && !takesJson(o) ? BOOTSTRAP_KEY
                    : keys.get(o.name());
            String sample = hasBody(o) ? "{}" : null;
            if (!open(o)) {
                refused(soft, o.name() + " without credentials", send(o, null, sample, null), 401, null);
                refused(soft, o.name() + " with a wrong key", send(o, "frk_0000000000aa_" + "f".repeat(64), sample, null),
                        401, null);
            }
            for (JsonNode p : o.op().path("parameters")) {
                String name = p.get("name").asText();
                if (p.path("in").asText().equals("query")) {
                    for (Map.Entry<String, String> h : HOSTILE.entrySet()) {
                        String path = concrete(o.path(), null, null) + "?" + name + "="
                                + java.net.URLEncoder.encode(h.getValue(), StandardCharsets.UTF_8);
                        refused(soft, o.name() + " query " + name + " " + h.getKey(),
                                call(o.method(), path, key, sample, Map.of()), 400, name);
                    }
                } else if (p.path("in").asText().equals("path")) {
                    for (String trick : PATH_TRICKS) {
                        Raw r = raw(o.method(), concrete(o.path(), name, trick), key);
                        refused(soft, o.name() + " path " + name + "=" + trick, r.status(), r.contentType(), r.body(), 400, null);
                    }
                }
            }
            if (!hasBody(o)) {
                continue;
            }
            if (!takesJson(o)) {
                // A file as it came from its sender (a bank file upload): JSON is not one.
                refused(soft, o.name() + " as application/json", send(o, key, "{\"name\":\"ACME\"}", "application/json"),
                        415, null);
                continue;
            }
            Map<String, String> members = members(o);
            for (Map.Entry<String, String> m : members.entrySet()) {
                if (m.getValue().equals("string")) {
                    for (Map.Entry<String, String> h : HOSTILE.entrySet()) {
                        ObjectNode body = JSON.createObjectNode().put(m.getKey(), h.getValue());
                        refused(soft, o.name() + " " + m.getKey() + " " + h.getKey(), send(o, key, body.toString(), null),
                                400, m.getKey());
                    }
                    ObjectNode body = JSON.createObjectNode().put(m.getKey(), OVERSIZED);
                    refused(soft, o.name() + " " + m.getKey() + " 100k", send(o, key, body.toString(), null), null, null);
                } else {
                    for (String number : List.of("1e400", "-1e400", "0.123456789012345678901234567890123456789012")) {
                        refused(soft, o.name() + " " + m.getKey() + " " + number,
                                send(o, key, "{\"" + m.getKey() + "\":" + number + "}", null), 400, m.getKey());
                    }
                }
            }
            refused(soft, o.name() + " as text/plain", send(o, key, "name=ACME", "text/plain"), 415, null);
            refused(soft, o.name() + " nested 10,000 deep", send(o, key, "[".repeat(10_000) + "]".repeat(10_000), null),
                    null, null);
        }
        soft.assertThat(tenantRows()).as("no refused request stored anything").isEqualTo(before);
        soft.assertAll();
    }

    /** A raw request, so that the path reaches the server exactly as written. */
    private Raw raw(String method, String path, String key) throws IOException {
        try (Socket s = new Socket("localhost", port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write((method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + key
                    + "\r\nIdempotency-Key: hostile-" + UUID.randomUUID()
                    + "\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            s.getInputStream().transferTo(all);
            String text = all.toString(StandardCharsets.UTF_8);
            int split = text.indexOf("\r\n\r\n");
            String head = text.substring(0, split).toLowerCase(Locale.ROOT);
            Matcher type = Pattern.compile("content-type: ([^\r\n]*)").matcher(head);
            return new Raw(Integer.parseInt(text.substring(9, 12)), type.find() ? type.group(1) : "", text.substring(split + 4));
        }
    }

    private record Raw(int status, String contentType, String body) {}
}
