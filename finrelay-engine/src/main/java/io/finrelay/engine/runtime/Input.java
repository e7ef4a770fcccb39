package io.finrelay.engine.runtime;

import io.finrelay.engine.workflow.CommandOutcome;
import io.finrelay.engine.workflow.WorkflowEvent;
import java.util.Objects;

/**
 * What is delivered to an instance: a domain event, the final outcome of one of its commands, or an
 * operator's retry. Outcomes and retries become domain events through the workflow's own mapping,
 * with the instance's state at that moment.
 */
public sealed interface Input {
    record Domain(WorkflowEvent event) implements Input {
        public Domain {
            Objects.requireNonNull(event, "event");
        }
    }

    record Outcome(CommandOutcome outcome) implements Input {
        public Outcome {
            Objects.requireNonNull(outcome, "outcome");
        }
    }

    record OperatorRetry(String actor, String note) implements Input {
        public OperatorRetry {
            Objects.requireNonNull(actor, "actor");
        }
    }
}
