package io.finrelay.model.id;

import java.util.Objects;
import java.util.UUID;

/** A bank statement (camt.053, MT940, BAI2...) received for an account. */
public record BankStatementId(UUID value) {
    public BankStatementId {
        Objects.requireNonNull(value, "bankStatementId");
    }

    public static BankStatementId of(String text) {
        return new BankStatementId(Ids.parse("bankStatementId", text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
