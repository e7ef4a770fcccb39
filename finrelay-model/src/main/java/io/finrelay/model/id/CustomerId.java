package io.finrelay.model.id;

import java.util.Objects;
import java.util.UUID;

/** A customer the tenant invoices. */
public record CustomerId(UUID value) {
    public CustomerId {
        Objects.requireNonNull(value, "customerId");
    }

    public static CustomerId of(String text) {
        return new CustomerId(Ids.parse("customerId", text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
