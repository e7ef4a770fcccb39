package io.finrelay.server.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.finrelay.server.ServerIT;
import io.finrelay.engine.fixtures.PaymentFlow;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Tenant B's keys, whatever their role, get 404 for everything of tenant A on every endpoint: under
 * A's path, and with A's object ids under B's own path. Nothing of A changes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantIsolationIT extends ServerIT {
    private TestTenant a;
    private TestTenant b;
    private final Map<String, String> aIds = new java.util.HashMap<>();

    @BeforeAll
    void twoTenantsAndEverythingOfA() {
        a = newTenant("Alpha");
        b = newTenant("Beta");
        String le = legalEntity(a);
        aIds.put("legal-entities", le);
        Map<String, Object> account = Map.of("iban", "DE89370400440532013000", "holderName", "Erika Mustermann");
        aIds.put("employees", post(a.path("/employees"), a.adminKey(), json("legalEntityId", le, "name", "Erika",
                "email", "erika@acme.de", "active", true, "bankAccount", account)).body().get("id").asText());
        aIds.put("vendors", post(a.path("/vendors"), a.adminKey(), json("legalEntityId", le, "name", "Adlon",
                "country", "DE", "bankAccount", account, "active", true)).body().get("id").asText());
        aIds.put("cost-centers", post(a.path("/cost-centers"), a.adminKey(), json("code", "CC-1",
                "name", "Sales", "legalEntityId", le, "open", true)).body().get("id").asText());
        aIds.put("projects", post(a.path("/projects"), a.adminKey(), json("code", "P-1",
                "name", "Rollout", "legalEntityId", le, "open", true)).body().get("id").asText());
        post(a.path("/gl-accounts"), a.adminKey(), json("code", "6650", "name", "Travel", "type", "EXPENSE",
                "legalEntityId", le, "open", true));
        aIds.put("gl-accounts", "6650");
        post(a.path("/tax-codes"), a.adminKey(), json("code", "DE-VAT19", "country", "DE", "ratePercent", "19.00",
                "recoverable", true));
        aIds.put("tax-codes", "DE-VAT19");
        String instance = post(a.path("/workflows/" + PaymentFlow.TYPE + "/events"), a.adminKey(),
                json("businessKey", "INV-FAIL-A1", "event", Map.of("type", "InvoiceApproved", "data",
                        Map.of("invoice", "INV-FAIL-A1", "vendor", "Adlon", "amount", "10.00"))), "a-evt-1")
                .body().get("instanceId").asText();
        aIds.put("instance", instance);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                get(a.path("/exceptions?status=OPEN"), a.adminKey()).body().size() == 1);
        aIds.put("exception", get(a.path("/exceptions?status=OPEN"), a.adminKey()).body().get(0).get("id").asText());
    }

    private List<String> bKeys() {
        return List.of(b.adminKey(), keyFor(b, b.adminKey(), "operator"), keyFor(b, b.adminKey(), "integration"),
                keyFor(b, b.adminKey(), "viewer"));
    }

    private void assertNotFound(Answer answer, String what) {
        assertThat(answer.status()).as(what + " -> " + answer.body()).isEqualTo(404);
        assertThat(answer.contentType()).startsWith("application/problem+json");
    }

    /** Every endpoint, with tenant {@code t}'s path and A's object ids. */
    private List<String[]> endpoints(TestTenant t) {
        String exception = aIds.get("exception");
        List<String[]> calls = new java.util.ArrayList<>(List.of(
                new String[] {"GET", t.path("/workflows/instances/" + aIds.get("instance"))},
                new String[] {"GET", t.path("/exceptions/" + exception)},
                new String[] {"POST", t.path("/exceptions/" + exception + "/retry"), json("note", "x")},
                new String[] {"POST", t.path("/exceptions/" + exception + "/replay"), json("note", "x")},
                new String[] {"POST", t.path("/exceptions/" + exception + "/resolve"), json("note", "x")},
                new String[] {"POST", t.path("/exceptions/" + exception + "/cancel"), json("note", "x")}));
        for (String kind : List.of("legal-entities", "employees", "vendors", "cost-centers", "projects", "gl-accounts",
                "tax-codes")) {
            calls.add(new String[] {"GET", t.path("/" + kind + "/" + aIds.get(kind))});
        }
        for (String payee : List.of("employees", "vendors")) {
            calls.add(new String[] {"PUT", t.path("/" + payee + "/" + aIds.get(payee) + "/bank-account"),
                    json("iban", "GB82WEST12345698765432", "holderName", "Mallory", "changedBy", "mallory")});
        }
        if (t == a) {
            calls.add(new String[] {"GET", t.path("/policies/duties")});
            calls.add(new String[] {"PUT", t.path("/policies/duties"), json("makerChecker", false)});
            calls.add(new String[] {"POST", t.path("/bank-details/reseal"), "{}"});
            calls.add(new String[] {"GET", t.path("")});
            calls.add(new String[] {"POST", t.path("/api-keys"), json("name", "sneaky", "role", "viewer")});
            calls.add(new String[] {"GET", t.path("/workflows/instances")});
            calls.add(new String[] {"GET", t.path("/exceptions")});
            calls.add(new String[] {"GET", t.path("/audit")});
            calls.add(new String[] {"POST", t.path("/audit/verify")});
            calls.add(new String[] {"POST", t.path("/workflows/" + PaymentFlow.TYPE + "/events"),
                    json("businessKey", "INV-B", "event", Map.of("type", "InvoiceApproved", "data",
                            Map.of("invoice", "INV-B", "vendor", "V", "amount", "1.00")))});
            for (String kind : List.of("legal-entities", "employees", "vendors", "cost-centers", "projects", "gl-accounts",
                "tax-codes")) {
                calls.add(new String[] {"GET", t.path("/" + kind)});
                calls.add(new String[] {"POST", t.path("/" + kind), "{}"});
            }
        }
        return calls;
    }

    @Test
    void tenantBGets404ForEverythingOfTenantA() {
        for (String key : bKeys()) {
            for (TestTenant pathOf : List.of(a, b)) {
                for (String[] call : endpoints(pathOf)) {
                    Answer answer = call(call[0], call[1], key, call.length > 2 ? call[2] : null,
                            Map.of("Idempotency-Key", "iso-" + java.util.UUID.randomUUID()));
                    assertNotFound(answer, call[0] + " " + call[1]);
                }
            }
        }
        // A's exception is untouched by all those actions, and A still sees all of its data.
        assertThat(get(a.path("/exceptions/" + aIds.get("exception")), a.adminKey()).body().get("status").asText())
                .isEqualTo("OPEN");
        assertThat(get(a.path("/vendors/" + aIds.get("vendors")), a.adminKey()).status()).isEqualTo(200);
    }

    @Test
    void listsShowOnlyTheCallersOwnTenant() {
        assertThat(get(b.path("/exceptions"), b.adminKey()).body()).isEmpty();
        assertThat(get(b.path("/workflows/instances"), b.adminKey()).body()).isEmpty();
        assertThat(get(b.path("/vendors"), b.adminKey()).body().get("items")).isEmpty();
        assertThat(get(b.path("/legal-entities"), b.adminKey()).body().get("items")).isEmpty();
    }

    @Test
    void aTenantKeyCannotReachThePartnerOrAnotherPartnersTenants() {
        String partner = get("/v1/me", BOOTSTRAP_KEY).body().get("partnerId").asText();
        assertNotFound(post("/v1/partners/" + partner + "/tenants", b.adminKey(), json("name", "X", "slug", "x-b")),
                "partner path with a tenant key");
        assertNotFound(post("/v1/partners/" + java.util.UUID.randomUUID() + "/tenants", BOOTSTRAP_KEY,
                json("name", "X", "slug", "x-other")), "another partner");
        assertNotFound(get("/v1/tenants/" + java.util.UUID.randomUUID(), BOOTSTRAP_KEY), "no such tenant");
        assertThat(get(a.path(""), BOOTSTRAP_KEY).status()).isEqualTo(200);
    }
}
