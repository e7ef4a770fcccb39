package io.finrelay.engine.workflow;

/**
 * A state of a workflow. Each workflow declares its states as a sealed interface extending this one,
 * with one record per state, so that a transition is an exhaustive switch the compiler checks.
 */
public interface WorkflowState {
    /** A terminal state ends the instance: no event is accepted after it. */
    default boolean isTerminal() {
        return false;
    }

    /** The name stored and shown in timelines: the record's simple name. */
    default String name() {
        return getClass().getSimpleName();
    }
}
