package io.finrelay.model.id;

import java.util.Objects;
import java.util.UUID;

/** A cost center record; its business key is a {@link CostCenterCode}. */
public record CostCenterId(UUID value) {
    public CostCenterId {
        Objects.requireNonNull(value, "costCenterId");
    }

    public static CostCenterId of(String text) {
        return new CostCenterId(Ids.parse("costCenterId", text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
