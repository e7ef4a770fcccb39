package io.finrelay.engine.workflow;

import java.util.Objects;
import java.util.UUID;

/**
 * The final outcome of an outbound command, handed back to its workflow as input to its next
 * decision (see {@link WorkflowDefinition#onCommandOutcome}). A command that is still being retried,
 * or is waiting in the exception queue, has no outcome yet: the instance simply waits.
 */
public sealed interface CommandOutcome {
    UUID commandId();

    String type();

    /** The peer confirmed the command; {@code resultJson} is what it answered (e.g. its reference). */
    record Succeeded(UUID commandId, String type, String resultJson) implements CommandOutcome {
        public Succeeded {
            Objects.requireNonNull(commandId);
            Objects.requireNonNull(type);
            Objects.requireNonNull(resultJson);
        }
    }

    /** An operator marked the command as done outside Finrelay, with a note (and optional result). */
    record ResolvedByOperator(UUID commandId, String type, String resultJson, String actor, String note)
            implements CommandOutcome {
        public ResolvedByOperator {
            Objects.requireNonNull(commandId);
            Objects.requireNonNull(type);
            Objects.requireNonNull(resultJson);
            Objects.requireNonNull(actor);
        }
    }

    /** An operator gave the command up; the workflow decides what that means for the instance. */
    record Cancelled(UUID commandId, String type, String actor, String note) implements CommandOutcome {
        public Cancelled {
            Objects.requireNonNull(commandId);
            Objects.requireNonNull(type);
            Objects.requireNonNull(actor);
        }
    }
}
