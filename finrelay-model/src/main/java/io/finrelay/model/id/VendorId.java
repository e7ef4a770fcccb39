package io.finrelay.model.id;

import java.util.Objects;
import java.util.UUID;

/** A vendor (supplier) the tenant pays. */
public record VendorId(UUID value) {
    public VendorId {
        Objects.requireNonNull(value, "vendorId");
    }

    public static VendorId of(String text) {
        return new VendorId(Ids.parse("vendorId", text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
