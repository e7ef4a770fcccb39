package io.finrelay.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.finrelay.engine.fixtures.PaymentFlow;
import io.finrelay.server.ServerIT;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The role x endpoint matrix, walked for real. Every endpoint Spring maps must have a row in
 * docs/security.md (a new endpoint without one fails here); every row is called with every role
 * and must be allowed (neither 401 nor 403) exactly when {@link Role} allows the row's action, else
 * 403 problem+json, audited. Every tenant endpoint called with another tenant's id is a 404 for
 * every role of that other tenant, never a 403 or 200 that would leak the tenant's existence.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RoleMatrixIT extends ServerIT {
    private static final Pattern VARIABLE = Pattern.compile("\\{(\\w+)(?::([^}]*))?}");
    private static final Set<String> OPEN = Set.of("public", "signature", "authenticated");

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    private TestTenant a;
    private String partner;
    private final Map<String, String> values = new java.util.HashMap<>();
    private final Map<Role, String> keysOfA = new EnumMap<>(Role.class);
    private final Map<Role, String> keysOfB = new EnumMap<>(Role.class);

    @BeforeAll
    void tenantAWithAKeyPerRoleAndAnOpenException() {
        a = newTenant("Matrix");
        TestTenant b = newTenant("Intruder");
        partner = get("/v1/me", BOOTSTRAP_KEY).body().get("partnerId").asText();
        keysOfA.put(Role.PARTNER_ADMIN, BOOTSTRAP_KEY);
        keysOfA.put(Role.TENANT_ADMIN, a.adminKey());
        keysOfB.put(Role.TENANT_ADMIN, b.adminKey());
        for (Role role : Role.values()) {
            if (role != Role.PARTNER_ADMIN && role != Role.TENANT_ADMIN) {
                keysOfA.put(role, keyFor(a, a.adminKey(), role.wireName()));
                keysOfB.put(role, keyFor(b, b.adminKey(), role.wireName()));
            }
        }
        // An exception action looks the exception up before it checks the role (404 before 403), so
        // the matrix needs a real one: an invoice the test workflow fails on.
        post(a.path("/workflows/" + PaymentFlow.TYPE + "/events"), a.adminKey(), json("businessKey", "INV-FAIL-M1",
                "event", Map.of("type", "InvoiceApproved", "data", Map.of("invoice", "INV-FAIL-M1", "vendor", "Adlon Hotel",
                        "amount", "412.80"))), "matrix-evt-1");
        await().atMost(Duration.ofSeconds(30)).until(() -> get(a.path("/exceptions?status=OPEN"), a.adminKey()).body().size() == 1);
        values.put("exceptionId", get(a.path("/exceptions?status=OPEN"), a.adminKey()).body().get(0).get("id").asText());
        values.put("partnerId", partner);
        values.put("tenantId", a.id());
        values.put("type", PaymentFlow.TYPE);
        values.put("reportId", "EXP-2026-0417");
        values.put("person", "m.keller");
        values.put("key", "CC-4100");
        values.put("source", "TRAVEL-DE");
        // A bank-account change looks its payee up before it checks the role (404 before 403), so the
        // matrix needs a real employee and vendor; they share one id, which the {key} of those paths takes.
        String entity = legalEntity(a);
        String payee = UUID.randomUUID().toString();
        post(a.path("/employees"), a.adminKey(), json("id", payee, "legalEntityId", entity, "name", "Mara Keller",
                "email", "m.keller@acme-logistik.de", "active", true,
                "bankAccount", Map.of("iban", "DE89370400440532013000", "holderName", "Mara Keller")));
        post(a.path("/vendors"), a.adminKey(), json("id", payee, "legalEntityId", entity, "name", "Hotel Adlon Kempinski Berlin",
                "country", "DE", "active", true,
                "bankAccount", Map.of("iban", "DE75512108001245126199", "holderName", "Hotel Adlon GmbH")));
        values.put("payee", payee);
    }

    /** Every method and concrete path Spring maps, with {@code {name:a|b}} alternatives spelled out. */
    private Set<String> mappedEndpoints() {
        Set<String> endpoints = new TreeSet<>();
        for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            for (String pattern : info.getPatternValues()) {
                if (pattern.equals("/error")) {
                    continue; // the servlet container's error page, never a route of its own
                }
                if (pattern.equals("/ui") || pattern.startsWith("/ui/")) {
                    continue; // the console's pages: each calls API endpoints of this matrix (ConsoleIT, ConsoleBrowserIT)
                }
                for (String path : expand(pattern)) {
                    (methods.isEmpty() ? Set.of(RequestMethod.GET) : methods).forEach(m -> endpoints.add(m + " " + path));
                }
            }
        }
        return endpoints;
    }

    private static List<String> expand(String pattern) {
        Matcher m = VARIABLE.matcher(pattern);
        while (m.find()) {
            if (m.group(2) != null && m.group(2).matches("[a-z-]+(\\|[a-z-]+)*")) {
                List<String> out = new ArrayList<>();
                for (String alternative : m.group(2).split("\\|")) {
                    out.addAll(expand(pattern.substring(0, m.start()) + alternative + pattern.substring(m.end())));
                }
                return out;
            }
        }
        return List.of(pattern);
    }

    private String concrete(String path) {
        if (path.endsWith("/bank-account")) {
            path = path.replace("{key}", "{payee}");
        }
        Matcher m = VARIABLE.matcher(path);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, values.computeIfAbsent(m.group(1), name -> UUID.randomUUID().toString()));
        }
        return m.appendTail(out).toString();
    }

    /** The rows to call: all of them (a body that is not JSON, the YAML contract or the ledger's text, is not read). */
    private static List<SecurityDocs.EndpointRow> callable() {
        return SecurityDocs.endpoints();
    }

    private Answer call(SecurityDocs.EndpointRow row, String path, String key) {
        String body = row.method().equals("GET") ? null : "{}";
        return call(row.method(), path, key, body, Map.of("Idempotency-Key", "matrix-" + UUID.randomUUID()));
    }

    @Test
    void everyMappedEndpointHasExactlyOneRowInTheDocumentedMatrix() {
        List<String> documented = SecurityDocs.endpoints().stream().map(r -> r.method() + " " + r.path()).toList();
        assertThat(documented).doesNotHaveDuplicates();
        assertThat(new TreeSet<>(documented)).as("docs/security.md endpoint rows vs. Spring's mappings")
                .isEqualTo(mappedEndpoints());
    }

    @Test
    void eachRoleIsAllowedExactlyWhatItsActionsCoverAndEveryRefusalIsAudited() {
        int refusals = 0;
        for (SecurityDocs.EndpointRow row : callable()) {
            String path = concrete(row.path());
            for (Role role : Role.values()) {
                Answer answer = call(row, path, keysOfA.get(role));
                String what = role.wireName() + " " + row.method() + " " + path + " -> " + answer.status() + " " + answer.body();
                if (OPEN.contains(row.action())) {
                    assertThat(answer.status()).as(what).isNotEqualTo(403);
                    continue;
                }
                Action action = action(row);
                boolean partnerPath = row.path().startsWith("/v1/partners/");
                if (role.allows(action)) {
                    assertThat(answer.status()).as(what).isNotIn(401, 403);
                } else if (partnerPath && role != Role.PARTNER_ADMIN) {
                    assertThat(answer.status()).as("a tenant's caller is outside the partner: " + what).isEqualTo(404);
                } else {
                    assertThat(answer.status()).as(what).isEqualTo(403);
                    assertThat(answer.contentType()).startsWith("application/problem+json");
                    assertThat(answer.body().get("detail").asText()).contains(action.wireName());
                    refusals++;
                }
            }
        }
        Answer audited = get(a.path("/audit?kind=permission.refused&limit=500"), keysOfA.get(Role.AUDITOR));
        assertThat(audited.status()).isEqualTo(200);
        assertThat(audited.body()).hasSize(refusals);
        assertThat(audited.body().get(0).get("actor").asText()).startsWith("api-key:");
        assertThat(audited.body().get(0).get("detail").get("action").asText()).isNotBlank();
        assertThat(audited.body().get(0).get("correlationId").asText()).isNotBlank();
    }

    @Test
    void anotherTenantsCallerGets404OnEveryTenantEndpointWhateverItsRole() {
        for (SecurityDocs.EndpointRow row : callable()) {
            if (!row.path().startsWith("/v1/tenants/{tenantId}")) {
                continue;
            }
            String path = concrete(row.path());
            for (Map.Entry<Role, String> key : keysOfB.entrySet()) {
                Answer answer = call(row, path, key.getValue());
                assertThat(answer.status()).as("tenant B's " + key.getKey().wireName() + " " + row.method() + " " + path
                        + " -> " + answer.body()).isEqualTo(404);
                assertThat(answer.contentType()).startsWith("application/problem+json");
            }
        }
        assertThat(get(a.path("/exceptions/" + values.get("exceptionId")), a.adminKey()).status()).isEqualTo(200);
    }

    @Test
    void withoutCredentialsOnlyPublicAndSignedEndpointsAreReachable() {
        for (SecurityDocs.EndpointRow row : callable()) {
            Answer answer = call(row, concrete(row.path()), null);
            String what = row.method() + " " + row.path() + " -> " + answer.status();
            boolean filteredOut = answer.status() == 401 && answer.header("WWW-Authenticate") != null;
            if (row.action().equals("public") || row.action().equals("signature")) {
                assertThat(filteredOut).as(what).isFalse();
            } else {
                assertThat(filteredOut).as(what).isTrue();
                assertThat(answer.contentType()).startsWith("application/problem+json");
            }
        }
    }

    private static Action action(SecurityDocs.EndpointRow row) {
        return java.util.Arrays.stream(Action.values()).filter(x -> x.wireName().equals(row.action())).findFirst()
                .orElseThrow(() -> new AssertionError("unknown action in docs: " + row));
    }
}
