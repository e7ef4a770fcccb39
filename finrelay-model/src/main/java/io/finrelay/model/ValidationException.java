package io.finrelay.model;

import java.util.Objects;

/**
 * A value was refused by the canonical model. It names the field and the rejected value and says
 * why in plain words, so that the API can answer with problem+json pointing at the field.
 *
 * <p>It is an {@link IllegalArgumentException}: a bad value is the caller's mistake.
 */
public class ValidationException extends IllegalArgumentException {
    private final String field;
    private final transient Object rejectedValue;
    private final String reason;

    public ValidationException(String field, Object rejectedValue, String reason) {
        super(field + ": " + reason + " (rejected value: " + rejectedValue + ")");
        this.field = Objects.requireNonNull(field, "field");
        this.rejectedValue = rejectedValue;
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** The field that was refused, e.g. {@code "iban"} or {@code "lines[2].amount"}. */
    public String field() {
        return field;
    }

    /** The value that was refused; may be null when the value was missing. */
    public Object rejectedValue() {
        return rejectedValue;
    }

    /** Why, in plain words, e.g. "IBAN check digits do not match (mod-97)". */
    public String reason() {
        return reason;
    }
}
