package io.finrelay.model.id;

import java.util.Objects;
import java.util.UUID;

/** A tenant: one customer of a partner. Every row Finrelay stores carries one. */
public record TenantId(UUID value) {
    public TenantId {
        Objects.requireNonNull(value, "tenantId");
    }

    public static TenantId of(String text) {
        return new TenantId(Ids.parse("tenantId", text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
