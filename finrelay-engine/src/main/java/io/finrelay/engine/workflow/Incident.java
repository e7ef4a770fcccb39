package io.finrelay.engine.workflow;

import java.util.Map;
import java.util.Objects;

/**
 * A business problem a transition found (a cost center that does not exist, a possible duplicate
 * claim). It lands in the exception queue with its reason and context; an operator's retry
 * delivers the workflow's {@link WorkflowDefinition#onOperatorRetry} event to the same instance.
 *
 * @param code    a stable machine-readable code, e.g. {@code "unknown-cost-center"}
 * @param reason  a sentence for the person who will fix it
 * @param context business facts that help (ids, amounts, field names)
 */
public record Incident(String code, String reason, Map<String, String> context) {
    public Incident {
        CommandRequest.requireText(code, "incident code");
        CommandRequest.requireText(reason, "incident reason");
        context = Map.copyOf(Objects.requireNonNull(context, "context"));
    }

    public static Incident of(String code, String reason) {
        return new Incident(code, reason, Map.of());
    }
}
