package io.finrelay.workflows.port;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A journal entry the ERP holds as posted: its reference (what later calls point at), the command it
 * came from, and its human number when known. Batch posting may leave the number out to save a call
 * per batch (Tryton: a read after the post); {@link ErpPort#findJournal} always reads it.
 */
public record PostedJournal(UUID commandId, String erpRef, Optional<String> number) {
    public PostedJournal {
        Objects.requireNonNull(commandId, "commandId");
        Objects.requireNonNull(erpRef, "erpRef");
        Objects.requireNonNull(number, "number");
    }

    public PostedJournal(UUID commandId, String erpRef, String number) {
        this(commandId, erpRef, Optional.of(number));
    }
}
