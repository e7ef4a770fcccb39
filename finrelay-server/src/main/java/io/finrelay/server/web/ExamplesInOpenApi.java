package io.finrelay.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.media.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A request example for every operation that takes a JSON body, kept in {@code openapi/examples.json}
 * (one realistic body per {@code "METHOD /path"}, or {@code {"examples": {name: body}}} where a path takes
 * several kinds) and put on the operation's body in the published contract. {@code OpenApiContractIT}
 * checks that every such operation has one and that each is valid against the body's schema.
 */
@Configuration(proxyBeanMethods = false)
public class ExamplesInOpenApi {
    static final String RESOURCE = "openapi/examples.json";

    @Bean
    OpenApiCustomizer requestExamples() {
        JsonNode examples = load();
        return openApi -> {
            if (openApi.getPaths() == null) {
                return;
            }
            openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
                JsonNode example = examples.get(method.name().toUpperCase(Locale.ROOT) + " " + path);
                if (example != null) {
                    attach(operation, example);
                }
            }));
        };
    }

    private static void attach(Operation operation, JsonNode example) {
        if (operation.getRequestBody() == null || operation.getRequestBody().getContent() == null) {
            return;
        }
        for (Map.Entry<String, MediaType> content : operation.getRequestBody().getContent().entrySet()) {
            if (!content.getKey().contains("json")) {
                continue;
            }
            if (example.has("examples") && example.size() == 1) {
                example.get("examples").properties().forEach(named ->
                        content.getValue().addExamples(named.getKey(), new Example().value(named.getValue())));
            } else {
                content.getValue().setExample(example);
            }
        }
    }

    static JsonNode load() {
        try (InputStream in = ExamplesInOpenApi.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
