package io.finrelay.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.finrelay.server.ServerIT;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Health, authentication, master data round trips and the problem+json shape of every kind of error. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiBasicsIT extends ServerIT {
    private TestTenant tenant;
    private String legalEntityId;

    @BeforeAll
    void tenant() {
        tenant = newTenant("Basics");
        legalEntityId = legalEntity(tenant);
    }

    private static void assertProblem(Answer answer, int status) {
        assertThat(answer.status()).as(String.valueOf(answer.body())).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.body().get("status").asInt()).isEqualTo(status);
        assertThat(answer.body().get("type").asText()).startsWith("https://finrelay.io/problems/");
        assertThat(answer.body().has("title")).isTrue();
        assertThat(answer.body().has("properties")).as("extension members are flat").isFalse();
        assertThat(answer.body().toString()).doesNotContain("Exception", "at io.finrelay", "at org.");
        assertThat(answer.header("X-Correlation-Id")).isNotBlank();
    }

    private static List<String> fields(Answer answer) {
        List<String> fields = new ArrayList<>();
        answer.body().path("errors").forEach(e -> fields.add(e.get("field").asText()));
        return fields;
    }

    @Test
    void healthNeedsNoKeyAndReportsTheDatabase() {
        Answer health = get("/health", null);
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body().get("database").asText()).isEqualTo("UP");
        assertThat(health.header("X-Correlation-Id")).isNotBlank();
        // Liveness asks no database: a node whose database is away is not restarted for it.
        Answer live = get("/health/live", null);
        assertThat(live.status()).isEqualTo(200);
        assertThat(live.body().get("status").asText()).isEqualTo("UP");
        assertThat(live.body().has("database")).isFalse();
    }

    @Test
    void everythingElseNeedsAValidKey() {
        assertProblem(get(tenant.path(""), null), 401);
        assertProblem(get(tenant.path(""), "frk_0000000000aa_" + "f".repeat(64)), 401);
        assertProblem(get(tenant.path(""), "not-a-key"), 401);
        assertProblem(get("/v1/no-such-route", null), 401);
        Answer viaHeader = call("GET", tenant.path(""), null, null, Map.of("X-Api-Key", tenant.adminKey()));
        assertThat(viaHeader.status()).isEqualTo(200);
        assertThat(viaHeader.body().get("id").asText()).isEqualTo(tenant.id());
    }

    @Test
    void theOpenApiDocumentIsServed() {
        Answer doc = get("/v1/openapi.json", null);
        assertThat(doc.status()).isEqualTo(200);
        assertThat(doc.body().get("openapi").asText()).startsWith("3.");
        assertThat(doc.body().get("paths").has("/v1/tenants/{tenantId}/workflows/{type}/events")).isTrue();
        assertThat(doc.body().get("paths").has("/v1/tenants/{tenantId}/exceptions/{exceptionId}/{action}")).isTrue();
    }

    @Test
    void masterDataRoundTrips() {
        String vendor = json("legalEntityId", legalEntityId, "name", "Hotel Adlon Kempinski Berlin", "country", "DE",
                "bankAccount", Map.of("iban", "DE75512108001245126199", "holderName", "Hotel Adlon GmbH"), "active", true);
        Answer created = post(tenant.path("/vendors"), tenant.adminKey(), vendor);
        assertThat(created.status()).as(String.valueOf(created.body())).isEqualTo(201);
        String id = created.body().get("id").asText();
        assertThat(created.header("Location")).isEqualTo(tenant.path("/vendors/" + id));
        assertThat(created.body().get("tenantId").asText()).isEqualTo(tenant.id());
        JsonNode read = get(tenant.path("/vendors/" + id), tenant.adminKey()).body();
        assertThat(read).isEqualTo(created.body());
        assertThat(get(tenant.path("/vendors"), tenant.adminKey()).body().get("items")).hasSize(1);

        Answer tax = post(tenant.path("/tax-codes"), tenant.adminKey(),
                json("code", "DE-VAT19", "country", "DE", "ratePercent", "19.00", "recoverable", true));
        assertThat(tax.status()).isEqualTo(201);
        assertThat(get(tenant.path("/tax-codes/DE-VAT19"), tenant.adminKey()).body().get("ratePercent").asText())
                .isEqualTo("19.00");
        Answer gl = post(tenant.path("/gl-accounts"), tenant.adminKey(), json("code", "6650",
                "name", "Travel expenses employees", "type", "EXPENSE", "legalEntityId", legalEntityId, "open", true));
        assertThat(gl.status()).isEqualTo(201);
        assertProblem(post(tenant.path("/gl-accounts"), tenant.adminKey(), json("code", "6650",
                "name", "Again", "type", "EXPENSE", "legalEntityId", legalEntityId, "open", true)), 409);
        assertThat(post(tenant.path("/cost-centers"), tenant.adminKey(), json("code", "CC-1200",
                "name", "Field Sales DACH", "legalEntityId", legalEntityId, "open", true)).status()).isEqualTo(201);
        Answer project = post(tenant.path("/projects"), tenant.adminKey(), json("code", "P-7001",
                "name", "Warehouse rollout Hamburg", "legalEntityId", legalEntityId, "open", true));
        assertThat(project.status()).isEqualTo(201);
        assertThat(get(tenant.path("/projects/" + project.body().get("id").asText()), tenant.adminKey()).body())
                .isEqualTo(project.body());
        assertThat(post(tenant.path("/employees"), tenant.adminKey(), json("legalEntityId", legalEntityId,
                "name", "Erika Mustermann", "email", "erika.mustermann@acme-logistik.de", "active", true,
                "bankAccount", Map.of("iban", "DE89370400440532013000", "bic", "COBADEFFXXX",
                        "holderName", "Erika Mustermann"))).status()).isEqualTo(201);
    }

    @Test
    void aBadIbanIsRefusedNamingTheNestedField() {
        // Right shape for the schema, wrong mod-97 check digits: the model record refuses it.
        Answer answer = post(tenant.path("/vendors"), tenant.adminKey(), json("legalEntityId", legalEntityId,
                "name", "Hotel", "country", "DE",
                "bankAccount", Map.of("iban", "DE75512108001245126198", "holderName", "Hotel"), "active", true));
        assertProblem(answer, 400);
        assertThat(fields(answer)).containsExactly("bankAccount.iban");
        assertThat(answer.body().get("errors").get(0).get("reason").asText()).isNotBlank();
    }

    @Test
    void schemaViolationsNameEveryField() {
        Answer answer = post(tenant.path("/vendors"), tenant.adminKey(), json("legalEntityId", "42",
                "country", "de", "bankAccount", Map.of("iban", "DE89-3704", "holderName", "X"), "active", true,
                "colour", "blue"));
        assertProblem(answer, 400);
        assertThat(fields(answer)).contains("legalEntityId", "name", "country", "bankAccount.iban", "colour");
        Answer tax = post(tenant.path("/tax-codes"), tenant.adminKey(),
                json("code", "X1", "country", "DE", "ratePercent", 19.5, "recoverable", true));
        assertProblem(tax, 400);
        assertThat(fields(tax)).containsExactly("ratePercent");
        Answer project = post(tenant.path("/projects"), tenant.adminKey(),
                json("code", "P 1", "name", "Rollout", "legalEntityId", legalEntityId));
        assertProblem(project, 400);
        assertThat(fields(project)).contains("code", "open");
    }

    @Test
    void aRecordMustPointAtALegalEntityOfItsTenant() {
        Answer answer = post(tenant.path("/cost-centers"), tenant.adminKey(), json("code", "CC-9",
                "name", "Nowhere", "legalEntityId", "0b9e3c41-7d2a-4f65-8e1b-95c4a7d3e210", "open", true));
        assertProblem(answer, 400);
        assertThat(fields(answer)).containsExactly("legalEntityId");
    }

    @Test
    void springsOwnErrorsAreProblemsToo() {
        assertProblem(get("/v1/no-such-route", tenant.adminKey()), 404);
        assertProblem(get(tenant.path("/vendors/" + java.util.UUID.randomUUID()), tenant.adminKey()), 404);
        assertProblem(post(tenant.path("/vendors"), tenant.adminKey(), "{\"name\": "), 400);
        assertProblem(call("POST", tenant.path("/vendors"), tenant.adminKey(), "name=x",
                Map.of("Content-Type", "text/plain")), 415);
        assertProblem(call("DELETE", tenant.path(""), tenant.adminKey(), null, Map.of()), 405);
        assertProblem(get("/v1/tenants/not-a-uuid", tenant.adminKey()), 400);
    }

    @Test
    void aViewerReadsButDoesNotWrite() {
        String viewer = keyFor(tenant, tenant.adminKey(), "viewer");
        assertThat(get(tenant.path("/legal-entities"), viewer).status()).isEqualTo(200);
        Answer write = post(tenant.path("/legal-entities"), viewer,
                json("name", "Nope GmbH", "country", "DE", "functionalCurrency", "EUR"));
        assertProblem(write, 403);
        assertProblem(post(tenant.path("/api-keys"), viewer, json("name", "x", "role", "viewer")), 403);
        String integration = keyFor(tenant, tenant.adminKey(), "integration");
        assertProblem(post(tenant.path("/api-keys"), integration, json("name", "x", "role", "operator")), 403);
        assertProblem(post(tenant.path("/api-keys"), tenant.adminKey(), json("name", "x", "role", "partner-admin")), 400);
    }

    @Test
    void theCorrelationIdComesFromTheCallerOrTraceparent() {
        Answer given = call("GET", tenant.path(""), tenant.adminKey(), null, Map.of("X-Correlation-Id", "corr-abc-123"));
        assertThat(given.header("X-Correlation-Id")).isEqualTo("corr-abc-123");
        Answer traced = call("GET", "/health", null, null,
                Map.of("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
        assertThat(traced.header("X-Correlation-Id")).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        Answer problem = get("/v1/nothing", tenant.adminKey());
        assertThat(problem.body().get("correlationId").asText()).isEqualTo(problem.header("X-Correlation-Id"));
    }
}
