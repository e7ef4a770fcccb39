package io.finrelay.server.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The peers' references in one timeline entry, so that a person following a report across systems
 * reads the ERP's journal number, the treasury's obligation and payment ids, the pain.001 message id,
 * the statement line and who released, without opening the entry's detail. Taken from the entry's own
 * fields and its event's payload (and an outcome's facts), by name.
 */
final class TimelineReferences {
    /** Field names that carry another system's reference or a person's decision. */
    private static final Pattern REFERENCE = Pattern.compile(
            "(?i).*(reference|number|messageid|endtoend|obligation|payment(id)?|journal|statement|line|released?by|approvedby|reviewer|match).*");
    private static final Set<String> NOT_REFERENCES = Set.of("dedupKey", "version", "source", "commands", "exceptions",
            "command", "from", "to", "event", "outcome", "timers", "state");
    private static final int MAX = 8;

    private TimelineReferences() {}

    /** {@code name: value} pairs, at most {@value #MAX}; none for an entry without references. */
    static List<String> of(JsonNode detail) {
        List<String> found = new ArrayList<>();
        if (detail == null || !detail.isObject()) {
            return found;
        }
        collect(detail, found);
        JsonNode payload = detail.get("payload");
        if (payload != null && payload.isObject()) {
            collect(payload, found);
        }
        return found;
    }

    private static void collect(JsonNode node, List<String> found) {
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (found.size() >= MAX || NOT_REFERENCES.contains(name) || !value.isValueNode() || value.isNull()
                    || value.asText().isBlank() || !REFERENCE.matcher(name).matches()) {
                continue;
            }
            found.add(name + ": " + value.asText());
        }
    }
}
