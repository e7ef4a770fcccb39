package io.finrelay.model.id;

import java.util.Objects;
import java.util.UUID;

/** A journal entry posted (or to be posted) to a ledger. */
public record JournalEntryId(UUID value) {
    public JournalEntryId {
        Objects.requireNonNull(value, "journalEntryId");
    }

    public static JournalEntryId of(String text) {
        return new JournalEntryId(Ids.parse("journalEntryId", text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
