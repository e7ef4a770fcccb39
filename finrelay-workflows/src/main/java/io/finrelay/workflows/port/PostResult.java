package io.finrelay.workflows.port;

import java.util.Objects;
import java.util.UUID;

/** The outcome of one posting of a batch: each entry of a batch succeeds or fails on its own. */
public sealed interface PostResult {
    UUID commandId();

    record Posted(PostedJournal journal) implements PostResult {
        public Posted {
            Objects.requireNonNull(journal, "journal");
        }

        @Override
        public UUID commandId() {
            return journal.commandId();
        }
    }

    record Failed(UUID commandId, ErpError error) implements PostResult {
        public Failed {
            Objects.requireNonNull(commandId, "commandId");
            Objects.requireNonNull(error, "error");
        }
    }
}
