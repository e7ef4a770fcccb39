package io.finrelay.model.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CanonicalSchemasTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            builder -> builder.schemaMappers(mappers -> mappers.mapPrefix(
                    CanonicalSchemas.BASE_URI, "classpath:" + CanonicalSchemas.RESOURCE_DIRECTORY)));

    static Set<String> names() {
        return Set.copyOf(CanonicalSchemas.names());
    }

    static JsonNode resource(String path) {
        try (InputStream in = CanonicalSchemasTest.class.getClassLoader().getResourceAsStream(path)) {
            assertThat(in).as(path).isNotNull();
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Set<ValidationMessage> validate(String name, JsonNode document) {
        JsonSchema schema = FACTORY.getSchema(SchemaLocation.of(CanonicalSchemas.id(name)));
        return schema.validate(document);
    }

    @ParameterizedTest
    @MethodSource("names")
    void eachSchemaIsValidDraft202012WithItsOwnId(String name) {
        JsonNode schema = resource(CanonicalSchemas.resourcePath(name));
        assertThat(schema.path("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(schema.path("$id").asText()).isEqualTo(CanonicalSchemas.id(name));
        JsonSchema meta = FACTORY.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
        assertThat(meta.validate(schema)).isEmpty();
    }

    @Test
    void everySchemaFileIsListed() throws Exception {
        // The package directory also exists under test-classes, so find it through a known schema.
        var money = CanonicalSchemasTest.class.getClassLoader().getResource(CanonicalSchemas.resourcePath("money"));
        try (var files = java.nio.file.Files.list(java.nio.file.Path.of(money.toURI()).getParent())) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".schema.json"))
                    .map(f -> f.replace(".schema.json", "")))
                    .containsExactlyInAnyOrderElementsOf(CanonicalSchemas.names());
        }
    }

    @Test
    void unknownNamesAreRefused() {
        assertThatThrownBy(() -> CanonicalSchemas.resourcePath("invoice")).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @MethodSource("names")
    void aRealisticDocumentPasses(String name) {
        JsonNode example = resource("examples/" + name + ".json");
        assertThat(validate(name, example)).isEmpty();
    }

    // --- typical bad documents --------------------------------------------------------------

    static JsonNode example(String name, Consumer<ObjectNode> change) {
        ObjectNode copy = resource("examples/" + name + ".json").deepCopy();
        change.accept(copy);
        return copy;
    }

    @Test
    void moneyAmountAsJsonNumberFails() {
        assertThat(validate("money", example("money", m -> m.put("amount", 1234.50)))).isNotEmpty();
        assertThat(validate("payment-instruction", example("payment-instruction",
                p -> ((ObjectNode) p.get("amount")).put("amount", 250)))).isNotEmpty();
    }

    @Test
    void moneyWithoutCurrencyFails() {
        assertThat(validate("money", example("money", m -> m.remove("currency")))).isNotEmpty();
        assertThat(validate("customer", example("customer", c -> ((ObjectNode) c.get("creditLimit")).remove("currency"))))
                .isNotEmpty();
    }

    @Test
    void moneyShapesThatAreNotDecimalsFail() {
        for (String bad : new String[] {"12,50", "1e3", "", "12.", ".5", "0012.00", "12.5000", "NaN"}) {
            assertThat(validate("money", example("money", m -> m.put("amount", bad)))).as(bad).isNotEmpty();
        }
        assertThat(validate("money", example("money", m -> m.put("currency", "eur")))).isNotEmpty();
        assertThat(validate("money", example("money", m -> m.put("cents", 5)))).isNotEmpty();
    }

    @Test
    void badIbanPatternFailsWhereverABankAccountIs() {
        assertThat(validate("employee", example("employee",
                e -> ((ObjectNode) e.get("bankAccount")).put("iban", "DE89-3704-0044")))).isNotEmpty();
        assertThat(validate("vendor", example("vendor",
                v -> ((ObjectNode) v.get("bankAccount")).put("iban", "de89370400440532013000")))).isNotEmpty();
        assertThat(validate("payment-instruction", example("payment-instruction",
                p -> ((ObjectNode) p.get("creditorAccount")).put("bic", "DEUTDE")))).isNotEmpty();
    }

    @Test
    void otherTypicalMistakesFail() {
        assertThat(validate("journal-entry", example("journal-entry", j -> {
                    ArrayNode lines = (ArrayNode) j.get("lines");
                    lines.remove(2);
                    lines.remove(1);
                })))
                .as("one line").isNotEmpty();
        assertThat(validate("journal-entry", example("journal-entry",
                j -> ((ObjectNode) j.get("lines").get(0)).put("side", "debit")))).as("side case").isNotEmpty();
        assertThat(validate("journal-entry", example("journal-entry",
                j -> ((ObjectNode) j.get("lines").get(2).get("party")).remove("name")))).as("party without name").isNotEmpty();
        assertThat(validate("journal-entry", example("journal-entry",
                j -> ((ObjectNode) j.get("lines").get(2).get("party")).put("kind", "SUPPLIER")))).as("party kind").isNotEmpty();
        assertThat(validate("expense-report", example("expense-report", r -> r.put("employeeId", "42"))))
                .as("id not a uuid").isNotEmpty();
        assertThat(validate("expense-report", example("expense-report",
                r -> ((ObjectNode) r.get("lines").get(0)).put("date", "31.03.2025")))).as("date format").isNotEmpty();
        assertThat(validate("payment-instruction", example("payment-instruction",
                p -> p.put("endToEndId", "E2E-".repeat(9))))).as("end-to-end id too long").isNotEmpty();
        assertThat(validate("payment-instruction", example("payment-instruction",
                p -> p.put("remittanceInformation", "x".repeat(141))))).as("remittance too long").isNotEmpty();
        assertThat(validate("legal-entity", example("legal-entity", l -> l.put("name", "   "))))
                .as("blank name").isNotEmpty();
        assertThat(validate("tax-code", example("tax-code", t -> t.put("ratePercent", "119.00"))))
                .as("rate over 100").isNotEmpty();
        assertThat(validate("tax-code", example("tax-code", t -> t.put("ratePercent", 19))))
                .as("rate as number").isNotEmpty();
    }
}
