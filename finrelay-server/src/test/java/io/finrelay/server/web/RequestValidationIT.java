package io.finrelay.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.finrelay.server.ServerIT;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Typed request bodies and their one problem shape: every refused field named with the rule it broke,
 * a rejected value quoted only as a short prefix (and never a secret's), no Java class name in any
 * error; access is checked before the body, so another tenant's path stays a 404 and a missing
 * permission a 403 whatever the body says.
 */
class RequestValidationIT extends ServerIT {
    private TestTenant tenant;
    private String partner;

    @BeforeEach
    void tenant() {
        tenant = newTenant("Validation");
        partner = get("/v1/me", BOOTSTRAP_KEY).body().get("partnerId").asText();
    }

    @Test
    void aBodyThatBreaksSeveralConstraintsNamesEachFieldWithItsRule() {
        Answer answer = post("/v1/partners/" + partner + "/tenants", BOOTSTRAP_KEY, json("name", " ", "slug", "Nordwind GmbH"));

        assertValidationProblem(answer);
        assertThat(errors(answer)).extracting(e -> e.get("field").asText() + ":" + e.get("rule").asText())
                .containsExactly("name:not-blank", "slug:pattern");
        assertThat(answer.body().get("detail").asText()).isEqualTo("2 fields are invalid");
    }

    @Test
    void aLongRejectedValueIsQuotedOnlyAsAShortPrefix() {
        String name = "Spedition Nordwind Logistik und Lagerhaltung ".repeat(5);
        Answer answer = post("/v1/partners/" + partner + "/tenants", BOOTSTRAP_KEY, json("name", name, "slug", "nordwind"));

        assertValidationProblem(answer);
        JsonNode error = errors(answer).getFirst();
        assertThat(error.get("field").asText()).isEqualTo("name");
        assertThat(error.get("rule").asText()).isEqualTo("size");
        assertThat(error.get("rejectedValue").asText()).startsWith("Spedition Nordwind").endsWith("...")
                .hasSize(RequestErrors.QUOTE + 3);
        assertThat(answer.raw().body()).doesNotContain(name.trim());
    }

    @Test
    void aSecretIsNeverQuotedWhenItIsRefused() {
        String password = "kurz";
        Answer answer = post(tenant.path("/users"), tenant.adminKey(), json("username", "m.keller", "password", password,
                "role", "viewer"));

        assertValidationProblem(answer);
        JsonNode error = errors(answer).getFirst();
        assertThat(error.get("field").asText()).isEqualTo("password");
        assertThat(error.get("rule").asText()).isEqualTo("size");
        assertThat(error.hasNonNull("rejectedValue")).as("no rejected value shown").isFalse();
        assertThat(answer.raw().body()).doesNotContain("\"" + password + "\"");
    }

    @Test
    void aNestedFieldIsNamedByItsPath() {
        Answer answer = call("PUT", tenant.path("/policies/duties"), tenant.adminKey(),
                json("fourEyesAbove", List.of(Map.of("amount", "1000.00", "currency", "euro"))), Map.of());

        assertValidationProblem(answer);
        assertThat(errors(answer)).extracting(e -> e.get("field").asText()).containsExactly("fourEyesAbove[0].currency");
    }

    @Test
    void aValueOfTheWrongJsonTypeIsNamedWithoutAJavaTypeName() {
        Answer answer = call("PUT", tenant.path("/policies/duties"), tenant.adminKey(),
                json("makerChecker", "perhaps"), Map.of());

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.body().get("type").asText()).endsWith("/malformed-body");
        assertThat(errors(answer)).extracting(e -> e.get("field").asText()).containsExactly("makerChecker");
        assertThat(answer.raw().body()).doesNotContain("java.").doesNotContain("Boolean").doesNotContain("`");
    }

    @Test
    void anUnknownMemberOfAConnectorConfigurationIsRefusedByName() {
        Answer answer = call("PUT", tenant.path("/connectors/erp"), tenant.adminKey(),
                json("type", "rest-erp", "secrt", "typo of the secret"), Map.of());

        assertValidationProblem(answer);
        assertThat(errors(answer)).extracting(e -> e.get("field").asText() + ":" + e.get("rule").asText())
                .containsExactly("secrt:unknown-field");
        assertThat(answer.raw().body()).doesNotContain("typo of the secret");
    }

    @Test
    void anUnknownMemberOfABankAccountIsRefusedByNameAndNothingChanges() {
        String legalEntityId = legalEntity(tenant);
        Answer employee = post(tenant.path("/employees"), tenant.adminKey(), json("legalEntityId", legalEntityId,
                "name", "Maria Keller", "email", "maria.keller@acme-logistik.de", "active", true,
                "bankAccount", Map.of("iban", "DE89370400440532013000", "holderName", "Maria Keller")));
        assertThat(employee.status()).isEqualTo(201);
        String id = employee.body().get("id").asText();

        Answer answer = call("PUT", tenant.path("/employees/" + id + "/bank-account"), tenant.adminKey(),
                json("iban", "CH9300762011623852957", "holderName", "Maria Keller", "accountNumber", "0532013000"),
                Map.of());

        assertValidationProblem(answer);
        assertThat(errors(answer)).extracting(e -> e.get("field").asText() + ":" + e.get("rule").asText())
                .containsExactly("bankAccount.accountNumber:unknown-field");
        assertThat(get(tenant.path("/employees/" + id), tenant.adminKey()).body().path("bankAccount").path("iban")
                .asText()).isEqualTo("DE89370400440532013000");
    }

    @Test
    void aQueryParameterOutOfRangeIsTheSameProblem() {
        Answer answer = get(tenant.path("/audit?limit=501"), tenant.adminKey());

        assertValidationProblem(answer);
        assertThat(errors(answer)).extracting(e -> e.get("field").asText() + ":" + e.get("rule").asText())
                .containsExactly("limit:max");
    }

    @Test
    void aTimeoutBeyondTwoMinutesAndAnFxRateOfACurrencyIntoItselfAreRefusedNamingTheField() {
        Answer timeout = call("PUT", tenant.path("/expense/settings"), tenant.adminKey(), json("timeoutMillis", 86_400_000),
                Map.of());
        Answer sameCurrency = post(tenant.path("/fx-rates"), tenant.adminKey(), json("base", "EUR", "quote", "EUR",
                "rateDate", "2026-03-02", "rate", "1.0000", "source", "ECB"));

        assertValidationProblem(timeout);
        assertThat(errors(timeout)).extracting(e -> e.get("field").asText()).containsExactly("timeoutMillis");
        assertValidationProblem(sameCurrency);
        assertThat(errors(sameCurrency)).extracting(e -> e.get("field").asText()).containsExactly("quoteOtherThanBase");
    }

    @Test
    void aPolicyForALegalEntityOfAnotherTenantIsNotFoundAndNothingIsStored() {
        TestTenant other = newTenant("OtherEntity");
        String theirs = legalEntity(other);
        String body = json("payableAccount", "1600", "inputTaxAccount", "1576", "fourEyesThreshold", "1000.00");

        Answer foreign = call("PUT", tenant.path("/expense/policies/" + theirs), tenant.adminKey(), body, Map.of());
        Answer unknown = call("PUT", tenant.path("/expense/policies/" + java.util.UUID.randomUUID()), tenant.adminKey(), body,
                Map.of());
        Answer own = call("PUT", tenant.path("/expense/policies/" + legalEntity(tenant)), tenant.adminKey(), body, Map.of());

        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.contentType()).startsWith("application/problem+json");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(own.status()).isEqualTo(200);
        assertThat(get(tenant.path("/audit?limit=100"), tenant.adminKey()).body().toString()).doesNotContain(theirs);
    }

    @Test
    void aCardClearingAccountThatIsNoAccountCodeIsRefusedNamingTheFieldAndThePolicyStaysAsItWas() {
        String entity = legalEntity(tenant);
        Answer set = call("PUT", tenant.path("/expense/policies/" + entity), tenant.adminKey(), json("payableAccount",
                "1740", "inputTaxAccount", "1576", "fourEyesThreshold", "1000.00", "cardClearingAccount", "1741"), Map.of());
        assertThat(set.status()).as(set.raw().body()).isEqualTo(200);
        Answer bad = call("PUT", tenant.path("/expense/policies/" + entity), tenant.adminKey(), json("payableAccount",
                "1600", "inputTaxAccount", "1576", "fourEyesThreshold", "1000.00", "cardClearingAccount", "17 41; drop"),
                Map.of());
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.contentType()).startsWith("application/problem+json");
        assertThat(errors(bad)).extracting(e -> e.get("field").asText()).containsExactly("cardClearingAccount");
        JsonNode stored = java.util.stream.StreamSupport.stream(get(tenant.path("/expense/policies"), tenant.adminKey())
                .body().get("items").spliterator(), false).filter(p -> p.get("legalEntityId").asText().equals(entity))
                .findFirst().orElseThrow();
        assertThat(stored.get("payableAccount").asText()).isEqualTo("1740");
        assertThat(stored.get("cardClearingAccount").asText()).isEqualTo("1741");
    }

    @Test
    void accessIsCheckedBeforeTheBody() {
        TestTenant other = newTenant("Other");
        String viewer = keyFor(tenant, tenant.adminKey(), "viewer");

        Answer foreign = call("PUT", tenant.path("/policies/duties"), other.adminKey(),
                json("bankDetailCooling", "three days"), Map.of());
        Answer forbidden = post(tenant.path("/api-keys"), viewer, json("name", ""));

        assertThat(foreign.status()).isEqualTo(404);
        assertThat(forbidden.status()).isEqualTo(403);
    }

    private static void assertValidationProblem(Answer answer) {
        assertThat(answer.status()).as(answer.raw().body()).isEqualTo(400);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.body().get("type").asText()).endsWith("/validation");
        assertThat(answer.body().get("correlationId").asText()).isNotBlank();
    }

    private static List<JsonNode> errors(Answer answer) {
        List<JsonNode> out = new ArrayList<>();
        answer.body().get("errors").forEach(out::add);
        return out;
    }
}
