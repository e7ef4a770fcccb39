package io.finrelay.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.finrelay.server.ServerIT;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The published contract: {@code openapi/finrelay-v1.json} (checked in, shipped in the jar) must equal
 * the document the running application serves at {@code /v1/openapi.json}. A change to any endpoint,
 * parameter or schema fails here with the operations that differ, so that changing the contract is a
 * deliberate, reviewed diff of that file. To accept a change, regenerate it:
 * <pre>
 * bin/finrelay mvn -o -q -pl finrelay-server -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dfailsafe.failIfNoSpecifiedTests=false -Dit.test=OpenApiContractIT -Dopenapi.update=true
 * </pre>
 */
class OpenApiContractIT extends ServerIT {
    static final String RESOURCE = "openapi/finrelay-v1.json";
    static final Path SOURCE = Path.of("src/main/resources", RESOURCE);
    static final String REGENERATE = "bin/finrelay mvn -o -q -pl finrelay-server -am verify -Dtest=none "
            + "-Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false -Dit.test=OpenApiContractIT -Dopenapi.update=true";
    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT).enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    @Test
    void theRunningApiMatchesThePublishedContract() throws IOException {
        JsonNode served = normalised(get("/v1/openapi.json", null).body());
        if (Boolean.getBoolean("openapi.update")) {
            Files.writeString(SOURCE, canonical(served), StandardCharsets.UTF_8);
        }
        JsonNode published = Boolean.getBoolean("openapi.update")
                ? JSON.readTree(SOURCE.toFile()) : normalised(JSON.readTree(publishedDocument()));

        List<String> differences = differences(published, served);
        assertThat(differences)
                .as("The running API no longer matches the published contract %s:%n  %s%n"
                        + "If the change is deliberate, regenerate the file and commit its diff:%n  %s%n",
                        SOURCE, String.join("\n  ", differences), REGENERATE)
                .isEmpty();
        assertThat(canonical(served)).as("same content, same canonical text").isEqualTo(canonical(published));
    }

    @Test
    void theContractIsVersionedAuthenticatedAndStatesItsLimits() throws IOException {
        JsonNode published = JSON.readTree(publishedDocument());
        assertThat(published.at("/info/version").asText()).isEqualTo("v1");
        assertThat(published.at("/components/securitySchemes/apiKey/scheme").asText()).isEqualTo("bearer");
        assertThat(published.at("/components/responses/RateLimited/headers").has("Retry-After")).isTrue();
        assertThat(published.get("paths").properties()).allSatisfy(path -> {
            assertThat(path.getKey()).matches("/v1/.*|/health(/live)?");
            path.getValue().properties().forEach(operation -> {
                assertThat(operation.getValue().at("/responses/429/$ref").asText()).as(path.getKey())
                        .isEqualTo("#/components/responses/RateLimited");
                assertThat(operation.getValue().has("requestBody")).as(path.getKey())
                        .isEqualTo(operation.getValue().path("responses").has("413"));
            });
        });
    }

    @Test
    void everyOperationHasASummaryATypedAnswerAndDeclaresTheProblemAnswersTheServerGivesAndThePublicOnesNeedNoKey() throws IOException {
        // Read from what the running server serves, so that a new endpoint is covered without being listed.
        JsonNode served = get("/v1/openapi.json", null).body();
        assertThat(served.at("/components/schemas/Problem/properties").has("errors")).isTrue();
        List<String> missing = new ArrayList<>();
        served.get("paths").properties().forEach(path -> path.getValue().properties().forEach(operation -> {
            String name = operation.getKey().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey();
            JsonNode op = operation.getValue();
            JsonNode responses = op.path("responses");
            if (op.path("summary").asText().isBlank()) {
                missing.add(name + ": a summary (the handler's Javadoc)");
            }
            if (responses.properties().stream().noneMatch(r -> r.getKey().startsWith("2"))) {
                missing.add(name + ": its success answer (an @ApiResponse for an error hides the default 200)");
            }
            boolean open = ProblemsInOpenApi.isPublic(path.getKey());
            if (open != (op.has("security") && op.get("security").isEmpty())) {
                missing.add(name + ": security " + (open ? "must be [] (public)" : "must be the bearer key"));
            }
            if (!path.getKey().startsWith("/health") && !responses.has("401")) {
                missing.add(name + ": 401");
            }
            if (!open && !responses.has("403")) {
                missing.add(name + ": 403");
            }
            if ((op.path("parameters").size() > 0 || op.has("requestBody")) && !responses.has("400")) {
                missing.add(name + ": 400");
            }
            if (path.getKey().contains("{") && !responses.has("404")) {
                missing.add(name + ": 404");
            }
            responses.properties().stream().filter(r -> r.getKey().startsWith("2")).forEach(r ->
                    r.getValue().path("content").properties().forEach(content -> {
                        if (content.getKey().equals("*/*")) {
                            missing.add(name + ": " + r.getKey() + " answers */* (say its media type)");
                        }
                        if (content.getKey().endsWith("json") && !typed(served, content.getValue().path("schema"))) {
                            missing.add(name + ": " + r.getKey() + " is not a typed record (" + content.getValue() + ")");
                        }
                    }));
            op.path("requestBody").path("content").properties().forEach(content -> {
                if (content.getKey().endsWith("json") && !typed(served, content.getValue().path("schema"))) {
                    missing.add(name + ": its body is not a typed record (" + content.getValue() + ")");
                }
            });
            responses.properties().stream().filter(r -> r.getKey().startsWith("4")).forEach(r -> {
                String ref = r.getValue().path("$ref").asText();
                if (!ref.startsWith("#/components/responses/")) {
                    missing.add(name + ": " + r.getKey() + " is not a shared problem answer");
                }
            });
        }));
        assertThat(missing).as("operations without the problem answers the server gives").isEmpty();
        served.at("/components/responses").properties().forEach(r -> assertThat(r.getValue()
                .at("/content/application~1problem+json/schema/$ref").asText()).as(r.getKey())
                .isEqualTo("#/components/schemas/Problem"));
    }

    @Test
    void everyReferenceResolvesAndTheCanonicalModelsSchemasArePublishedAsTheServerChecksThem() {
        JsonNode served = get("/v1/openapi.json", null).body();
        List<String> dangling = new ArrayList<>();
        served.findValues("$ref").forEach(ref -> {
            if (served.at(ref.asText().substring(1)).isMissingNode()) {
                dangling.add(ref.asText());
            }
        });
        assertThat(dangling).as("references to nothing").isEmpty();
        JsonNode employee = served.at("/components/schemas/Employee");
        assertThat(employee.path("required")).extracting(JsonNode::asText).contains("legalEntityId", "bankAccount");
        assertThat(employee.at("/properties/bankAccount/$ref").asText()).isEqualTo("#/components/schemas/BankAccount");
        assertThat(served.at("/components/schemas/BankAccount/properties/iban/$ref").asText())
                .isEqualTo("#/components/schemas/Iban");
        assertThat(served.at("/paths/~1v1~1tenants~1{tenantId}~1expense-reports/post/requestBody/content/application~1json"
                + "/schema/$ref").asText()).isEqualTo("#/components/schemas/ConcurReport");
        assertThat(served.at("/paths/~1v1~1tenants~1{tenantId}~1{kind}/post/requestBody/content/application~1json"
                + "/schema/anyOf")).hasSize(7);
    }

    @Test
    void everyOperationWithAJsonBodyShowsARealisticExampleThatItsOwnSchemaAccepts() {
        JsonNode served = get("/v1/openapi.json", null).body();
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (var path : served.get("paths").properties()) {
            for (var operation : path.getValue().properties()) {
                String name = operation.getKey().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey();
                for (var content : operation.getValue().path("requestBody").path("content").properties()) {
                    if (!content.getKey().contains("json")) {
                        continue;
                    }
                    List<JsonNode> examples = new ArrayList<>();
                    if (content.getValue().has("example")) {
                        examples.add(content.getValue().get("example"));
                    }
                    content.getValue().path("examples").forEach(e -> examples.add(e.get("value")));
                    if (examples.isEmpty()) {
                        problems.add(name + ": no example (add one to " + ExamplesInOpenApi.RESOURCE + ")");
                    }
                    for (JsonNode example : examples) {
                        checked++;
                        violations(served, content.getValue().get("schema"), example)
                                .forEach(v -> problems.add(name + ": its example " + v));
                    }
                }
            }
        }
        // Every property example of the records, too (a "2380.00" that became the number 2380.0, say).
        for (var component : served.at("/components/schemas").properties()) {
            for (var property : component.getValue().path("properties").properties()) {
                JsonNode example = property.getValue().get("example");
                if (example != null) {
                    checked++;
                    violations(served, property.getValue(), example).forEach(v -> problems.add(
                            component.getKey() + "." + property.getKey() + ": its example " + v));
                }
            }
        }
        JsonNode file = ExamplesInOpenApi.load();
        file.fieldNames().forEachRemaining(key -> {
            String[] method = key.split(" ", 2);
            if (served.path("paths").path(method[1]).path(method[0].toLowerCase(java.util.Locale.ROOT))
                    .path("requestBody").isMissingNode()) {
                problems.add(key + " in " + ExamplesInOpenApi.RESOURCE + " is no operation with a body (stale)");
            }
        });
        assertThat(problems).as("examples the contract shows").isEmpty();
        assertThat(checked).as("examples checked").isGreaterThan(40);
    }

    @Test
    void anExampleThatBreaksItsSchemaIsCaught() {
        JsonNode served = get("/v1/openapi.json", null).body();
        JsonNode schema = served.at("/paths/~1v1~1tenants~1{tenantId}~1payment-runs/post/requestBody/content"
                + "/application~1json/schema");
        assertThat(violations(served, schema, JSON.createObjectNode().put("executionDate", "2026-12-08")))
                .as("debtorAccount and connection are required").hasSize(2);
        assertThat(violations(served, JSON.createObjectNode().put("type", "string"), JSON.getNodeFactory().numberNode(2380.0)))
                .hasSize(1);
    }

    /** What {@code schema} (with the document's components) finds wrong in {@code instance}. */
    private static List<String> violations(JsonNode document, JsonNode schema, JsonNode instance) {
        ObjectNode root = schema.deepCopy();
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.set("components", document.get("components"));
        return com.networknt.schema.JsonSchemaFactory.getInstance(com.networknt.schema.SpecVersion.VersionFlag.V202012)
                .getSchema(root).validate(instance).stream().map(Object::toString).sorted().toList();
    }

    /**
     * Whether a body's schema names its fields: a component with properties (or one of several such), or
     * an array of them; not an object of anything (a JsonNode or a map).
     */
    private static boolean typed(JsonNode document, JsonNode schema) {
        if (schema.path("type").asText().equals("array")) {
            return typed(document, schema.path("items"));
        }
        for (String union : List.of("oneOf", "anyOf")) {
            if (schema.has(union)) {
                return schema.get(union).valueStream().allMatch(s -> typed(document, s));
            }
        }
        String ref = schema.path("$ref").asText();
        if (!ref.startsWith("#/components/schemas/")) {
            return false;
        }
        JsonNode component = document.at("/components/schemas/" + ref.substring("#/components/schemas/".length()));
        return component.has("properties") || component.has("oneOf") || component.has("anyOf");
    }

    private static InputStream publishedDocument() {
        return Objects.requireNonNull(OpenApiContractIT.class.getClassLoader().getResourceAsStream(RESOURCE),
                RESOURCE + " is missing; create it with: " + REGENERATE);
    }

    /** Leaves out what depends on where the server runs (the generated server URL with its random port). */
    static JsonNode normalised(JsonNode document) {
        ObjectNode copy = document.deepCopy();
        copy.remove("servers");
        return JSON.valueToTree(JSON.convertValue(copy, Object.class));
    }

    static String canonical(JsonNode document) throws IOException {
        return CANONICAL.writeValueAsString(CANONICAL.convertValue(document, Object.class)) + "\n";
    }

    /** The operations, schemas and other top-level members that differ, one line each. */
    static List<String> differences(JsonNode published, JsonNode served) {
        List<String> out = new ArrayList<>();
        for (String path : union(published.path("paths"), served.path("paths"))) {
            for (String method : METHODS) {
                JsonNode before = published.path("paths").path(path).path(method);
                JsonNode after = served.path("paths").path(path).path(method);
                describe(out, method.toUpperCase(java.util.Locale.ROOT) + " " + path, before, after);
            }
        }
        JsonNode beforeSchemas = published.path("components").path("schemas");
        JsonNode afterSchemas = served.path("components").path("schemas");
        for (String schema : union(beforeSchemas, afterSchemas)) {
            describe(out, "schema " + schema, beforeSchemas.path(schema), afterSchemas.path(schema));
        }
        for (String member : union(published, served)) {
            if (!member.equals("paths")) {
                JsonNode before = published.path(member).deepCopy();
                JsonNode after = served.path(member).deepCopy();
                if (member.equals("components")) {
                    ((ObjectNode) before).remove("schemas");
                    ((ObjectNode) after).remove("schemas");
                }
                describe(out, member, before, after);
            }
        }
        return out;
    }

    private static void describe(List<String> out, String what, JsonNode before, JsonNode after) {
        if (before.isMissingNode() && !after.isMissingNode()) {
            out.add("+ " + what + " (new, not in the published contract)");
        } else if (!before.isMissingNode() && after.isMissingNode()) {
            out.add("- " + what + " (published, no longer served)");
        } else if (!before.equals(after)) {
            out.add("~ " + what + " (changed)");
        }
    }

    private static TreeSet<String> union(JsonNode a, JsonNode b) {
        TreeSet<String> names = new TreeSet<>();
        a.fieldNames().forEachRemaining(names::add);
        b.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
