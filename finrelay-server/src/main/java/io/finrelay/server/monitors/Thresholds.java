package io.finrelay.server.monitors;

import io.finrelay.server.web.ApiProblem;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tenant's thresholds: the ones it set, the defaults for the others. Read from the API's body with
 * every bad value named at once (a 400 that changes nothing), and stored as ISO 8601 durations.
 */
public record Thresholds(Map<MonitorKind, Duration> set) {
    public Thresholds {
        set = set.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(set));
    }

    public static Thresholds defaults() {
        return new Thresholds(Map.of());
    }

    /** The threshold in force for {@code kind}. */
    public Duration of(MonitorKind kind) {
        return set.getOrDefault(kind, kind.defaultThreshold());
    }

    /**
     * Reads a body of {@code field: duration} pairs; a field left out (or null) takes the default.
     * Unknown fields, text that is not an ISO 8601 duration, and durations outside
     * {@link MonitorKind#MIN}..{@link MonitorKind#MAX} are refused, each named.
     */
    public static Thresholds parse(Map<String, Object> body) {
        List<ApiProblem.FieldError> errors = new ArrayList<>();
        Map<MonitorKind, Duration> set = new EnumMap<>(MonitorKind.class);
        for (Map.Entry<String, Object> e : (body == null ? Map.<String, Object>of() : body).entrySet()) {
            var kind = MonitorKind.byField(e.getKey());
            if (kind.isEmpty()) {
                errors.add(new ApiProblem.FieldError(e.getKey(), null, "is not a monitor threshold"));
                continue;
            }
            if (e.getValue() == null) {
                continue;
            }
            if (!(e.getValue() instanceof String text)) {
                errors.add(new ApiProblem.FieldError(e.getKey(), String.valueOf(e.getValue()),
                        "must be an ISO 8601 duration, e.g. P2D or PT4H"));
                continue;
            }
            try {
                Duration d = Duration.parse(text);
                if (d.compareTo(MonitorKind.MIN) < 0 || d.compareTo(MonitorKind.MAX) > 0) {
                    errors.add(new ApiProblem.FieldError(e.getKey(), text, "must be between "
                            + MonitorKind.MIN + " and " + MonitorKind.MAX));
                } else {
                    set.put(kind.get(), d);
                }
            } catch (DateTimeParseException ex) {
                errors.add(new ApiProblem.FieldError(e.getKey(), text, "must be an ISO 8601 duration, e.g. P2D or PT4H"));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(errors);
        }
        return new Thresholds(set);
    }

    /** Whether {@code kind} runs with its default (the tenant set none). */
    public boolean isDefault(MonitorKind kind) {
        return !set.containsKey(kind);
    }

    /** As stored: only the thresholds set. */
    Map<String, String> stored() {
        Map<String, String> out = new LinkedHashMap<>();
        for (MonitorKind kind : MonitorKind.values()) {
            if (set.containsKey(kind)) {
                out.put(kind.field(), set.get(kind).toString());
            }
        }
        return out;
    }

    /** As the API shows them: every threshold in force, and which of them are defaults. */
    Map<String, Object> shown() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (MonitorKind kind : MonitorKind.values()) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("threshold", of(kind).toString());
            one.put("default", !set.containsKey(kind));
            one.put("monitor", kind.monitor());
            out.put(kind.field(), one);
        }
        return out;
    }

    static Thresholds fromStored(Map<String, String> stored) {
        Map<MonitorKind, Duration> set = new EnumMap<>(MonitorKind.class);
        stored.forEach((field, value) -> MonitorKind.byField(field).ifPresent(k -> set.put(k, Duration.parse(value))));
        return new Thresholds(set);
    }
}
