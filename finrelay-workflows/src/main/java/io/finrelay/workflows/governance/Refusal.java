package io.finrelay.workflows.governance;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why a duty rule refused an action: the rule's id (e.g. {@code sod.four-eyes}), which the API's
 * problem and the audit record carry, and a sentence for people. {@link #toString()} is the reason
 * a workflow rejects an event with; {@link #parse} reads it back, so the format lives here only.
 */
public record Refusal(String rule, String sentence) {
    private static final Pattern FORM = Pattern.compile("(sod\\.[a-z-]+): (.+)", Pattern.DOTALL);

    public Refusal {
        Objects.requireNonNull(sentence, "sentence");
        if (rule == null || !rule.matches("sod\\.[a-z-]+")) {
            throw new IllegalArgumentException("a duty rule id looks like sod.some-rule, not " + rule);
        }
    }

    /** The refusal a rejection reason carries, if the reason came from a duty rule. */
    public static Optional<Refusal> parse(String reason) {
        Matcher m = FORM.matcher(reason == null ? "" : reason);
        return m.matches() ? Optional.of(new Refusal(m.group(1), m.group(2))) : Optional.empty();
    }

    @Override
    public String toString() {
        return rule + ": " + sentence;
    }
}
