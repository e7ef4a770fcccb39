package io.finrelay.engine.workflow;

/**
 * Something that happened and that a workflow decides on. Each workflow declares its events as a
 * sealed interface extending this one; names are in the past tense ({@code ExpenseApproved}).
 */
public interface WorkflowEvent {
    default String name() {
        return getClass().getSimpleName();
    }
}
