package io.finrelay.reconciliation;

import java.util.Objects;

/**
 * Why a match was proposed, one feature at a time, so a person can see it:
 * {@code {"feature":"end-to-end-id","value":"E2E-PAY-0003","weight":0.9}}.
 */
public record Reason(String feature, String value, double weight) {
    public Reason {
        Objects.requireNonNull(feature, "feature");
    }
}
