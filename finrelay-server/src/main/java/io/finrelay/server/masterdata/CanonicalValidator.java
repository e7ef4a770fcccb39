package io.finrelay.server.masterdata;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.finrelay.model.schema.CanonicalSchemas;
import io.finrelay.server.web.ApiProblem;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Checks API input against the model's published JSON Schemas (draft 2020-12), resolved offline from
 * the classpath, and names each refused field by its path ({@code bankAccount.iban}).
 */
@Component
public class CanonicalValidator {
    private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            builder -> builder.schemaMappers(mappers -> mappers.mapPrefix(
                    CanonicalSchemas.BASE_URI, "classpath:" + CanonicalSchemas.RESOURCE_DIRECTORY)));
    private final Map<String, JsonSchema> schemas = new ConcurrentHashMap<>();

    public List<ApiProblem.FieldError> validate(String schemaName, JsonNode document) {
        JsonSchema schema = schemas.computeIfAbsent(schemaName,
                name -> factory.getSchema(SchemaLocation.of(CanonicalSchemas.id(name))));
        return schema.validate(document).stream()
                .map(CanonicalValidator::fieldError)
                .sorted(Comparator.comparing(ApiProblem.FieldError::field))
                .distinct()
                .toList();
    }

    private static ApiProblem.FieldError fieldError(ValidationMessage message) {
        String location = message.getInstanceLocation().toString();
        String field = location.equals("$") ? "" : location.replaceFirst("^\\$\\.?", "");
        boolean namesChild = "required".equals(message.getType()) || "additionalProperties".equals(message.getType());
        if (namesChild && message.getProperty() != null) {
            field = field.isEmpty() ? message.getProperty() : field + "." + message.getProperty();
        }
        String reason = message.getError() != null ? message.getError() : message.getMessage();
        JsonNode value = message.getInstanceNode();
        Object rejected = namesChild || value == null || value.isContainerNode() ? null
                : value.isTextual() ? value.asText() : value.toString();
        return new ApiProblem.FieldError(field.isEmpty() ? "body" : field, rejected, reason);
    }
}
