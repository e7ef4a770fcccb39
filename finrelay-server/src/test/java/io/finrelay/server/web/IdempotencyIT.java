package io.finrelay.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.finrelay.engine.db.Database;
import io.finrelay.engine.inbox.Claim;
import io.finrelay.engine.inbox.Inbox;
import io.finrelay.engine.inbox.InboxKey;
import io.finrelay.model.id.TenantId;
import io.finrelay.server.ServerIT;
import io.finrelay.engine.fixtures.PaymentFlow;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;

/** Idempotency-Key on POSTs: the first response replayed, 422 for another body, 409 while in flight. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdempotencyIT extends ServerIT {
    @Autowired
    Database db;

    private TestTenant tenant;

    @BeforeAll
    void tenant() {
        tenant = newTenant("Idem");
    }

    private String legalEntityBody(String name) {
        return json("name", name, "country", "DE", "functionalCurrency", "EUR");
    }

    @Test
    void theSameKeyAndBodyGetTheFirstResponseAndCreateNothingNew() {
        Answer first = post(tenant.path("/legal-entities"), tenant.adminKey(), legalEntityBody("Once GmbH"), "le-1");
        Answer second = post(tenant.path("/legal-entities"), tenant.adminKey(), legalEntityBody("Once GmbH"), "le-1");
        assertThat(first.status()).isEqualTo(201);
        assertThat(first.header("Idempotent-Replayed")).isNull();
        assertThat(second.status()).isEqualTo(201);
        assertThat(second.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(second.header("Location")).isEqualTo(first.header("Location"));
        // Key order in the body does not make a request different.
        Answer reordered = post(tenant.path("/legal-entities"), tenant.adminKey(),
                json("functionalCurrency", "EUR", "country", "DE", "name", "Once GmbH"), "le-1");
        assertThat(reordered.body()).isEqualTo(first.body());
        long count = get(tenant.path("/legal-entities"), tenant.adminKey()).body().get("items").findValuesAsText("name")
                .stream().filter("Once GmbH"::equals).count();
        assertThat(count).isEqualTo(1);
    }

    @Test
    void theSameKeyWithAnotherBodyIs422() {
        assertThat(post(tenant.path("/legal-entities"), tenant.adminKey(), legalEntityBody("First GmbH"), "le-2").status())
                .isEqualTo(201);
        Answer other = post(tenant.path("/legal-entities"), tenant.adminKey(), legalEntityBody("Second GmbH"), "le-2");
        assertThat(other.status()).isEqualTo(422);
        assertThat(other.contentType()).startsWith("application/problem+json");
        assertThat(other.body().get("type").asText()).endsWith("/idempotency-key-reused");
    }

    @Test
    void aFailedRequestStoresNothingSoTheKeyCanBeUsedAgain() {
        Answer bad = post(tenant.path("/legal-entities"), tenant.adminKey(), json("name", "Bad", "country", "de",
                "functionalCurrency", "EUR"), "le-3");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(post(tenant.path("/legal-entities"), tenant.adminKey(), legalEntityBody("Fixed GmbH"), "le-3").status())
                .isEqualTo(201);
    }

    @Test
    void aKeyWhoseFirstRequestIsStillRunningIs409() {
        TenantId tenantId = TenantId.of(tenant.id());
        Inbox inbox = new Inbox();
        Inbox.Entry held = new Inbox.Entry(new InboxKey(tenantId, "api", "held-1"), Inbox.hash("whatever"));
        db.inTenant(tenantId, c -> {
            assertThat(inbox.claim(c, List.of(held)).get(held.key())).isInstanceOf(Claim.Fresh.class);
            // While this transaction holds the key, the API must not wait for it nor run the request.
            Answer busy = post(tenant.path("/legal-entities"), tenant.adminKey(), legalEntityBody("Busy GmbH"), "held-1");
            assertThat(busy.status()).isEqualTo(409);
            assertThat(busy.body().get("type").asText()).endsWith("/idempotency-key-in-flight");
            Answer busyEvent = post(tenant.path("/workflows/" + PaymentFlow.TYPE + "/events"), tenant.adminKey(),
                    json("businessKey", "INV-H", "event", Map.of("type", "InvoiceApproved", "data",
                            Map.of("invoice", "INV-H", "vendor", "V", "amount", "1.00"))), "held-1");
            assertThat(busyEvent.status()).isEqualTo(409);
            return null;
        });
        assertThat(post(tenant.path("/legal-entities"), tenant.adminKey(), legalEntityBody("Busy GmbH"), "held-1").status())
                .isEqualTo(201);
    }

    @Test
    void aReplayedKeyCreationNeverShowsTheSecretAgain() {
        String body = json("name", "ci", "role", "integration");
        Answer first = post(tenant.path("/api-keys"), tenant.adminKey(), body, "key-1");
        Answer again = post(tenant.path("/api-keys"), tenant.adminKey(), body, "key-1");
        assertThat(first.body().get("secret").asText()).startsWith("frk_");
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.body().has("secret")).isFalse();
        assertThat(again.body().get("id")).isEqualTo(first.body().get("id"));
        String stored = db.inTenant(TenantId.of(tenant.id()), c -> {
            try (var s = c.prepareStatement("select result::text from inbox where dedup_key = 'key-1' and tenant_id = ?")) {
                s.setObject(1, java.util.UUID.fromString(tenant.id()));
                try (var rs = s.executeQuery()) {
                    rs.next();
                    return rs.getString(1);
                }
            }
        });
        assertThat(stored).doesNotContain(first.body().get("secret").asText());
        assertThat(get(tenant.path(""), first.body().get("secret").asText()).status()).isEqualTo(200);
    }

    @Test
    void exceptionActionsAndTenantCreationHonourTheKeyToo() {
        String partner = get("/v1/me", BOOTSTRAP_KEY).body().get("partnerId").asText();
        String slug = "idem-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        String body = json("name", "Idem Tenant", "slug", slug);
        Answer first = post("/v1/partners/" + partner + "/tenants", BOOTSTRAP_KEY, body, "tenant-1");
        Answer again = post("/v1/partners/" + partner + "/tenants", BOOTSTRAP_KEY, body, "tenant-1");
        assertThat(first.status()).isEqualTo(201);
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.body()).isEqualTo(first.body());
        Answer missing = post(tenant.path("/exceptions/" + java.util.UUID.randomUUID() + "/resolve"),
                tenant.adminKey(), json("note", "n"), "act-1");
        assertThat(missing.status()).isEqualTo(404);
    }

}
