package io.finrelay.model.id;

import java.util.Objects;
import java.util.UUID;

/** A reimbursement of an expense report to an employee. */
public record ReimbursementId(UUID value) {
    public ReimbursementId {
        Objects.requireNonNull(value, "reimbursementId");
    }

    public static ReimbursementId of(String text) {
        return new ReimbursementId(Ids.parse("reimbursementId", text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
