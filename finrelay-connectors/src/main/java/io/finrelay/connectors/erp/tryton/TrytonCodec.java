package io.finrelay.connectors.erp.tryton;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * Values as Tryton's JSON-RPC wants them (trytond/protocols/jsonrpc.py): Decimal, date, datetime and
 * bytes travel as {@code {"__class__": ...}} objects. Money is {@link BigDecimal} end to end: a plain
 * JSON float is read as a BigDecimal too, and a {@code double} handed to the encoder is refused.
 */
public final class TrytonCodec {
    /** Reads every JSON float as BigDecimal, so no amount ever passes through a double. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(com.fasterxml.jackson.databind.cfg.JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();
    private static final JsonNodeFactory NODES = MAPPER.getNodeFactory();

    /**
     * A value for one of Tryton's {@code fields.Float} (a quantity, a probability): sent as a plain
     * JSON number written from the exact decimal, because Tryton does not take a Decimal object there.
     */
    public record FloatValue(BigDecimal value) {}

    private TrytonCodec() {}

    /** Encodes Java values (maps, lists, strings, numbers, BigDecimal, dates, bytes, nodes) for Tryton. */
    public static JsonNode encode(Object value) {
        return switch (value) {
            case null -> NODES.nullNode();
            case JsonNode node -> node;
            case String s -> NODES.textNode(s);
            case Boolean b -> NODES.booleanNode(b);
            case Integer i -> NODES.numberNode(i);
            case Long l -> NODES.numberNode(l);
            case BigDecimal d -> decimal(d);
            case FloatValue f -> NODES.numberNode(f.value());
            case LocalDate d -> date(d);
            case LocalDateTime t -> dateTime(t);
            case Instant t -> dateTime(LocalDateTime.ofInstant(t, ZoneOffset.UTC));
            case byte[] bytes -> bytes(bytes);
            case Optional<?> o -> encode(o.orElse(null));
            case Map<?, ?> map -> {
                ObjectNode node = NODES.objectNode();
                map.forEach((k, v) -> node.set(String.valueOf(k), encode(v)));
                yield node;
            }
            case Collection<?> list -> {
                ArrayNode node = NODES.arrayNode();
                list.forEach(v -> node.add(encode(v)));
                yield node;
            }
            case Object[] array -> {
                ArrayNode node = NODES.arrayNode();
                for (Object v : array) {
                    node.add(encode(v));
                }
                yield node;
            }
            case Double d -> throw new IllegalArgumentException("a double (" + d + ") is never sent to Tryton: use BigDecimal");
            case Float f -> throw new IllegalArgumentException("a float (" + f + ") is never sent to Tryton: use BigDecimal");
            default -> throw new IllegalArgumentException("cannot encode " + value.getClass().getName() + " for Tryton");
        };
    }

    static ObjectNode decimal(BigDecimal d) {
        ObjectNode node = NODES.objectNode();
        node.put("__class__", "Decimal");
        node.put("decimal", d.toPlainString());
        return node;
    }

    static ObjectNode date(LocalDate d) {
        ObjectNode node = NODES.objectNode();
        node.put("__class__", "date");
        node.put("year", d.getYear());
        node.put("month", d.getMonthValue());
        node.put("day", d.getDayOfMonth());
        return node;
    }

    static ObjectNode dateTime(LocalDateTime t) {
        ObjectNode node = NODES.objectNode();
        node.put("__class__", "datetime");
        node.put("year", t.getYear());
        node.put("month", t.getMonthValue());
        node.put("day", t.getDayOfMonth());
        node.put("hour", t.getHour());
        node.put("minute", t.getMinute());
        node.put("second", t.getSecond());
        node.put("microsecond", t.getNano() / 1000);
        return node;
    }

    static ObjectNode bytes(byte[] b) {
        ObjectNode node = NODES.objectNode();
        node.put("__class__", "bytes");
        node.put("base64", Base64.getEncoder().encodeToString(b));
        return node;
    }

    private static boolean is(JsonNode node, String cls) {
        return node != null && node.isObject() && cls.equals(node.path("__class__").asText());
    }

    /** A Decimal as Tryton sends it (also a plain JSON number, e.g. a Float field); null for null. */
    public static BigDecimal toDecimal(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (is(node, "Decimal")) {
            return new BigDecimal(node.get("decimal").asText());
        }
        if (node.isNumber()) {
            return node.decimalValue();
        }
        throw new IllegalArgumentException("not a Tryton Decimal: " + node);
    }

    public static LocalDate toDate(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (!is(node, "date")) {
            throw new IllegalArgumentException("not a Tryton date: " + node);
        }
        return LocalDate.of(node.get("year").asInt(), node.get("month").asInt(), node.get("day").asInt());
    }

    /** A Tryton datetime (naive, UTC on the server side) as an instant. */
    public static Instant toInstant(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (!is(node, "datetime")) {
            throw new IllegalArgumentException("not a Tryton datetime: " + node);
        }
        return LocalDateTime.of(node.get("year").asInt(), node.get("month").asInt(), node.get("day").asInt(),
                node.get("hour").asInt(), node.get("minute").asInt(), node.get("second").asInt(),
                node.path("microsecond").asInt() * 1000).toInstant(ZoneOffset.UTC);
    }

    /** Bytes as Tryton sends them ({@code __class__: bytes}); a plain string is taken as UTF-8. */
    public static byte[] toBytes(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (is(node, "bytes")) {
            // Tryton encodes with Python's base64.encodebytes: a line break every 76 characters.
            return Base64.getMimeDecoder().decode(node.get("base64").asText());
        }
        if (node.isTextual()) {
            return node.asText().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        throw new IllegalArgumentException("not Tryton bytes: " + node);
    }
}
