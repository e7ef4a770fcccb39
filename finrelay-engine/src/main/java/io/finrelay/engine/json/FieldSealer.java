package io.finrelay.engine.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.finrelay.model.id.TenantId;
import java.util.Map;
import java.util.Set;

/**
 * Seals sensitive fields (bank account numbers) inside the JSON the engine stores: workflow states and
 * outbox command payloads. The engine seals on the way into the database and opens on the way out,
 * so workflows and connectors see plain values and the tables never hold them in clear. The
 * cryptography is the application's (the server plugs in its SecretBox); {@link #NONE} keeps JSON as is.
 */
public interface FieldSealer {
    FieldSealer NONE = new FieldSealer() {
        @Override
        public Set<String> fields() {
            return Set.of();
        }

        @Override
        public String seal(TenantId tenant, String field, String value) {
            return value;
        }

        @Override
        public String open(TenantId tenant, String field, String value) {
            return value;
        }

        @Override
        public boolean isSealed(String value) {
            return false;
        }
    };

    /** The names of the fields whose text values are sealed wherever they appear, e.g. {@code iban}. */
    Set<String> fields();

    String seal(TenantId tenant, String field, String value);

    String open(TenantId tenant, String field, String value);

    boolean isSealed(String value);

    /** {@code json} with every listed field's text value sealed (values already sealed stay as they are). */
    default String sealJson(TenantId tenant, String json) {
        return transform(tenant, json, true);
    }

    /** {@code json} with every sealed value of a listed field opened. */
    default String openJson(TenantId tenant, String json) {
        return transform(tenant, json, false);
    }

    private String transform(TenantId tenant, String json, boolean seal) {
        // Most documents hold no such field: a text search spares them the parse.
        if (json == null || fields().stream().noneMatch(f -> json.contains("\"" + f + "\""))) {
            return json;
        }
        JsonNode tree = Json.read(json, JsonNode.class);
        return walk(tenant, tree, seal) ? Json.write(tree) : json;
    }

    private boolean walk(TenantId tenant, JsonNode node, boolean seal) {
        boolean changed = false;
        if (node instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> e : object.properties()) {
                JsonNode value = e.getValue();
                if (value.isTextual() && fields().contains(e.getKey())) {
                    String text = value.asText();
                    if (seal && !isSealed(text)) {
                        e.setValue(object.textNode(seal(tenant, e.getKey(), text)));
                        changed = true;
                    } else if (!seal && isSealed(text)) {
                        e.setValue(object.textNode(open(tenant, e.getKey(), text)));
                        changed = true;
                    }
                } else {
                    changed |= walk(tenant, value, seal);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (JsonNode element : array) {
                changed |= walk(tenant, element, seal);
            }
        }
        return changed;
    }
}
