package io.finrelay.workflows.governance;

import java.time.Instant;
import java.util.Objects;

/** The last change of a payee's bank details: who changed them and when (master data). */
public record BankDetailChange(String changedBy, Instant changedAt) {
    public BankDetailChange {
        Objects.requireNonNull(changedBy, "changedBy");
        Objects.requireNonNull(changedAt, "changedAt");
    }
}
