package io.finrelay.workflows.port;

import java.util.Objects;

/**
 * A canonical record as pulled from the ERP, with the ERP's own reference for it (Tryton: the
 * record id), which later calls use to point at the same record.
 */
public record Synced<T>(String erpRef, T record) {
    public Synced {
        Objects.requireNonNull(erpRef, "erpRef");
        Objects.requireNonNull(record, "record");
    }
}
