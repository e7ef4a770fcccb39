package io.finrelay.engine.workflow;

import io.finrelay.model.id.TenantId;
import java.time.Instant;
import java.util.List;

/**
 * Commands a node adds to an accepted transition besides the workflow's own: a business event announced on
 * the tenant's event stream when an expense report is reimbursed, say. They are written to the outbox in the
 * transition's own transaction, after the workflow's commands of the same decision, so an announcement exists
 * exactly when the transition committed and is delivered like every command (retries, breaker, exception
 * queue, a lookup before any resend). The workflow's {@code decide} stays pure and knows nothing of it; the
 * node decides per tenant what it announces. Must not do I/O: it runs under the instance's lock. A hook that
 * throws parks the input as an incident (code {@code transition-hook-failed}), as a failing transition does.
 */
@FunctionalInterface
public interface TransitionHook {

    /** Adds nothing. */
    TransitionHook NONE = (tenant, workflowType, transition, at) -> List.of();

    /** The commands to add to {@code transition} of a {@code workflowType} instance of {@code tenant}, decided at {@code at}. */
    List<CommandRequest> commandsFor(TenantId tenant, String workflowType, Transition<? extends WorkflowState> transition,
                                     Instant at);

    /**
     * Whether commands of this type are the hook's. Their outcomes are none of the workflow's business: the
     * engine records them on the instance (an ended one too) without asking the workflow, which does not
     * know the type.
     */
    default boolean adds(String commandType) {
        return false;
    }
}
