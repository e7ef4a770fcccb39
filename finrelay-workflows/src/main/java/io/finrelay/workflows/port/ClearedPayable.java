package io.finrelay.workflows.port;

import java.util.Objects;
import java.util.UUID;

/** A payable the ERP holds as cleared: the clearing entry's reference and, where the ERP has one, the reconciliation's. */
public record ClearedPayable(UUID commandId, String clearingRef, String reconciliationRef) {
    public ClearedPayable {
        Objects.requireNonNull(commandId, "commandId");
        Objects.requireNonNull(clearingRef, "clearingRef");
        Objects.requireNonNull(reconciliationRef, "reconciliationRef");
    }
}
