package io.finrelay.model.id;

import java.util.Objects;
import java.util.UUID;

/** A legal entity (company code) of a tenant; it owns a ledger and a functional currency. */
public record LegalEntityId(UUID value) {
    public LegalEntityId {
        Objects.requireNonNull(value, "legalEntityId");
    }

    public static LegalEntityId of(String text) {
        return new LegalEntityId(Ids.parse("legalEntityId", text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
