package io.finrelay.model.id;

import java.util.Objects;
import java.util.UUID;

/** A partner: an integrator or reseller that operates Finrelay for several tenants. */
public record PartnerId(UUID value) {
    public PartnerId {
        Objects.requireNonNull(value, "partnerId");
    }

    public static PartnerId of(String text) {
        return new PartnerId(Ids.parse("partnerId", text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
