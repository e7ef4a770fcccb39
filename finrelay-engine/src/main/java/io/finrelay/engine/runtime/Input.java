package io.finrelay.engine.runtime;

import io.finrelay.engine.workflow.CommandOutcome;
import io.finrelay.engine.workflow.WorkflowEvent;
import java.util.Map;
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

    /**
     * A command's final outcome; {@code facts} (attempt, whether a lookup found it, the peer's answer)
     * go into the audit record of the transition the outcome causes, so one row tells both.
     */
    record Outcome(CommandOutcome outcome, Map<String, Object> facts) implements Input {
        public Outcome {
            Objects.requireNonNull(outcome, "outcome");
            facts = Map.copyOf(facts);
        }

        public Outcome(CommandOutcome outcome) {
            this(outcome, Map.of());
        }
    }

    record OperatorRetry(String actor, String note) implements Input {
        public OperatorRetry {
            Objects.requireNonNull(actor, "actor");
        }
    }
}
