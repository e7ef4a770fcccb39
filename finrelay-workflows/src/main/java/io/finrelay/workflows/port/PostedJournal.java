package io.finrelay.workflows.port;

import java.util.Objects;
import java.util.UUID;

/** A journal entry the ERP holds as posted: its reference, its number, and the command it came from. */
public record PostedJournal(UUID commandId, String erpRef, String number) {
    public PostedJournal {
        Objects.requireNonNull(commandId, "commandId");
        Objects.requireNonNull(erpRef, "erpRef");
        Objects.requireNonNull(number, "number");
    }
}
