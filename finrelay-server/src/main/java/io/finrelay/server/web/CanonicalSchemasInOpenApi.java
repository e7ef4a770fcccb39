package io.finrelay.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.finrelay.model.schema.CanonicalSchemas;
import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Map.Entry;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The canonical model's JSON Schemas (draft 2020-12, the dialect of OpenAPI 3.1) published in the contract
 * as they are: each file a component named after it ({@code expense-report} is {@code ExpenseReport}), its
 * {@code $defs} components of their own ({@code common}'s {@code uuid} is {@code CommonUuid}, {@code
 * expense-report}'s {@code line} is {@code ExpenseReportLine}), every {@code $ref} pointing at those. A
 * handler marked {@link CanonicalDocument} gets its body (and answer) described by them, so that the
 * contract shows the rules the server checks, from the one place they are written.
 */
@Configuration(proxyBeanMethods = false)
public class CanonicalSchemasInOpenApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COMPONENTS = "#/components/schemas/";
    private static final Map<String, Schema<?>> SCHEMAS = load();

    @Bean
    OpenApiCustomizer canonicalSchemas() {
        return openApi -> {
            if (openApi.getComponents() == null) {
                openApi.setComponents(new Components());
            }
            SCHEMAS.forEach(openApi.getComponents()::addSchemas);
        };
    }

    @Bean
    OperationCustomizer canonicalBodies() {
        return (operation, handler) -> {
            CanonicalDocument document = handler.getMethodAnnotation(CanonicalDocument.class);
            if (document == null) {
                return operation;
            }
            if (document.request()) {
                RequestBody body = operation.getRequestBody() == null ? new RequestBody().required(true)
                        : operation.getRequestBody();
                operation.setRequestBody(body.content(json(document.value())));
            }
            if (!document.response().isEmpty() && operation.getResponses() != null) {
                ApiResponse answer = operation.getResponses().get(document.response());
                if (answer == null) {
                    throw new IllegalStateException(handler.getMethod() + " declares no " + document.response() + " answer");
                }
                answer.setContent(json(document.value()));
            }
            return operation;
        };
    }

    /** The component name of a canonical schema: {@code bank-account} is {@code BankAccount}. */
    public static String componentName(String schema) {
        return Arrays.stream(schema.split("-")).map(CanonicalSchemasInOpenApi::capitalised)
                .reduce("", String::concat);
    }

    private static Content json(String[] names) {
        Schema<?> schema;
        if (names.length == 1) {
            schema = new Schema<>().$ref(COMPONENTS + componentName(names[0]));
        } else {
            schema = new Schema<>();
            for (String name : names) {
                schema.addAnyOfItem(new Schema<>().$ref(COMPONENTS + componentName(name)));
            }
        }
        return new Content().addMediaType(org.springframework.http.MediaType.APPLICATION_JSON_VALUE,
                new MediaType().schema(schema));
    }

    private static Map<String, Schema<?>> load() {
        Map<String, Schema<?>> out = new LinkedHashMap<>();
        for (String name : CanonicalSchemas.names()) {
            ObjectNode schema = read(name);
            schema.remove("$schema");
            schema.remove("$id");
            JsonNode defs = schema.remove("$defs");
            if (defs != null) {
                for (Entry<String, JsonNode> def : defs.properties()) {
                    put(out, defName(name, def.getKey()), converted(name, def.getValue().deepCopy()));
                }
            }
            if (schema.has("type") || schema.has("properties")) {
                put(out, componentName(name), converted(name, schema));
            }
        }
        return out;
    }

    private static void put(Map<String, Schema<?>> out, String component, Schema<?> schema) {
        if (out.put(component, schema) != null) {
            throw new IllegalStateException("two canonical schemas would be the component " + component);
        }
    }

    private static ObjectNode read(String name) {
        try (InputStream in = CanonicalSchemas.class.getClassLoader().getResourceAsStream(CanonicalSchemas.resourcePath(name))) {
            if (in == null) {
                throw new IllegalStateException("canonical schema missing from the classpath: " + name);
            }
            return (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Schema<?> converted(String file, JsonNode schema) {
        rewriteRefs(file, schema);
        return Json31.mapper().convertValue(schema, Schema.class);
    }

    /** Points every {@code $ref} of {@code file}'s schema at the components. */
    private static void rewriteRefs(String file, JsonNode node) {
        if (node instanceof ObjectNode object) {
            JsonNode ref = object.get("$ref");
            if (ref != null && ref.isTextual()) {
                object.set("$ref", TextNode.valueOf(COMPONENTS + target(file, ref.asText())));
            }
            object.forEach(child -> rewriteRefs(file, child));
        } else if (node.isArray()) {
            node.forEach(child -> rewriteRefs(file, child));
        }
    }

    private static String target(String file, String ref) {
        String suffix = ".schema.json";
        int hash = ref.indexOf("#/$defs/");
        String document = hash == 0 ? file : (hash < 0 ? ref : ref.substring(0, hash)).replace(suffix, "");
        if (!CanonicalSchemas.names().contains(document)) {
            throw new IllegalStateException("canonical schema " + file + " refers to an unknown schema: " + ref);
        }
        return hash < 0 ? componentName(document) : defName(document, ref.substring(hash + "#/$defs/".length()));
    }

    /** A document's definitions after the document ({@code common}'s {@code taxCode} is {@code CommonTaxCode}). */
    private static String defName(String file, String def) {
        return componentName(file) + capitalised(def);
    }

    private static String capitalised(String word) {
        return word.isEmpty() ? word : word.substring(0, 1).toUpperCase(Locale.ROOT) + word.substring(1);
    }

    /** The component names this publishes, for tests. */
    static List<String> componentNames() {
        return List.copyOf(SCHEMAS.keySet());
    }
}
