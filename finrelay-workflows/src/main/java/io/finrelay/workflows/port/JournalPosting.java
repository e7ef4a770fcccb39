package io.finrelay.workflows.port;

import io.finrelay.model.ledger.JournalEntry;
import java.util.Objects;
import java.util.UUID;

/**
 * A journal entry to post, tagged with the Finrelay command id that asked for it. The ERP keeps the
 * id as the entry's external reference, so that after a lost answer the entry can be found again
 * instead of posted twice (an ERP without idempotency keys, such as Tryton).
 */
public record JournalPosting(UUID commandId, JournalEntry entry) {
    public JournalPosting {
        Objects.requireNonNull(commandId, "commandId");
        Objects.requireNonNull(entry, "entry");
    }
}
