package io.finrelay.workflows.expense;

import java.util.Map;
import java.util.Objects;

/**
 * Why a report cannot go on: a stable code ({@code closed-cost-center}), a sentence for the person who
 * fixes it, naming the field and the value, and business context (report, line, code).
 */
public record Finding(String code, String reason, Map<String, String> context) {
    public Finding {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(reason, "reason");
        context = Map.copyOf(context);
    }
}
