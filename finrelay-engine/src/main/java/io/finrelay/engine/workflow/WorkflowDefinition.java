package io.finrelay.engine.workflow;

import java.util.Map;
import java.util.Optional;

/**
 * A workflow: an explicit state machine over a sealed type of states and a sealed type of events.
 * {@link #decide} is a pure function: no I/O, no clock, no randomness (time comes in events). That
 * makes every workflow testable without a database and replayable from its audit trail.
 *
 * @param <S> the workflow's sealed state type
 * @param <E> the workflow's sealed event type
 */
public interface WorkflowDefinition<S extends WorkflowState, E extends WorkflowEvent> {

    /** A stable name, e.g. {@code "expense-reimbursement"}; stored with every instance. */
    String type();

    Class<S> stateType();

    Class<E> eventType();

    /** The state a new instance starts in, before its first event. */
    S initialState();

    /**
     * The version of the format this workflow stores its states and its timers' events in, and the upcasters
     * from every older version (see {@link StoredFormat}). A change to a state or event record that instances
     * in flight may have stored (a renamed or added field, a renamed record) raises the version and adds the
     * step from the one before. Version 1, with no steps, until the first such change.
     */
    default StoredFormat storedFormat() {
        return StoredFormat.first();
    }

    /**
     * Adds to an event what the transition needs to know from the node's own tables (master data, say),
     * read in the transaction that decides, before {@link #decide}: a local read pays no outbox round,
     * and the data the decision was taken on travels in the event (and so in the audit trail), which
     * keeps {@code decide} pure and replayable. Runs under the instance's lock; the inbox has already
     * hashed the event as it came in. Returns the event itself when there is nothing to add. A database
     * failure is thrown as {@link io.finrelay.engine.db.DatabaseException}: it fails the batch (any other
     * exception parks the input as an incident).
     */
    default E enrich(S state, E event, Reading reading) {
        return event;
    }

    /** The transition: {@code (state, event) -> (new state, commands, timers)}. Pure. */
    Decision<S> decide(S state, E event);

    /**
     * Keeps the workflow's read model (what an API or a KPI shows, in the workflow's own table) in step
     * with an accepted transition: called in the deciding transaction, after the batch's own writes, so
     * the read model commits with the state or not at all. Nothing by default.
     */
    default void project(Transition<S> transition, Reading reading) {}

    /**
     * The events a caller outside Finrelay may submit to this workflow through the generic events API,
     * each with the name of the permission it needs (the server's role matrix decides who has it).
     * Every other event is caused by the engine (a command's outcome, a timer), by an operator (through
     * the exception queue) or by a peer whose signature was checked, and a caller who submits it is
     * refused. None by default.
     */
    default Map<Class<? extends E>, String> externalInputs() {
        return Map.of();
    }

    /**
     * Whether an instance that has ended still takes this event, e.g. a bank returning a payment weeks
     * after the workflow that made it ended. Anything else sent to an ended instance is refused, as by default.
     */
    default boolean takesAfterEnd(E event) {
        return false;
    }

    /** The event a command's final outcome means for this workflow; empty if it means nothing. */
    default Optional<E> onCommandOutcome(S state, CommandOutcome outcome) {
        return Optional.empty();
    }

    /** The event an operator's retry of one of this workflow's incidents delivers (e.g. "revalidate"). */
    default Optional<E> onOperatorRetry(S state) {
        return Optional.empty();
    }
}
