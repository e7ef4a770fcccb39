package io.finrelay.model.id;

import java.util.Objects;
import java.util.UUID;

/** An employee of a legal entity: submits expense reports, receives reimbursements. */
public record EmployeeId(UUID value) {
    public EmployeeId {
        Objects.requireNonNull(value, "employeeId");
    }

    public static EmployeeId of(String text) {
        return new EmployeeId(Ids.parse("employeeId", text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
