package io.finrelay.connectors.erp.tryton;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Small readers for Tryton's read/search_read rows. */
final class Rows {
    private Rows() {}

    static java.util.stream.Stream<JsonNode> stream(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false);
    }

    static long id(JsonNode row) {
        return row.path("id").asLong();
    }

    /** A Many2One value: the id, or -1 when empty. */
    static long ref(JsonNode row, String field) {
        JsonNode v = row.get(field);
        return v == null || v.isNull() ? -1 : v.asLong();
    }

    static String text(JsonNode row, String field) {
        JsonNode v = row.get(field);
        return v == null || v.isNull() ? "" : v.asText();
    }

    /** A field read through a relation ({@code "party.name"} answers as {@code "party.": {"name": ...}}). */
    static JsonNode through(JsonNode row, String relation, String field) {
        JsonNode rel = row.get(relation + ".");
        return rel == null || rel.isNull() ? null : rel.get(field);
    }

    static String textThrough(JsonNode row, String relation, String field) {
        JsonNode v = through(row, relation, field);
        return v == null || v.isNull() ? "" : v.asText();
    }

    static boolean bool(JsonNode row, String field) {
        JsonNode v = row.get(field);
        return v != null && (v.asBoolean() || v.asInt() == 1);
    }

    static List<Long> ids(JsonNode array) {
        List<Long> out = new ArrayList<>();
        if (array != null) {
            array.forEach(v -> out.add(v.asLong()));
        }
        return out;
    }
}
