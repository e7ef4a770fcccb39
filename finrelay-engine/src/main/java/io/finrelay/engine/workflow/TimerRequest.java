package io.finrelay.engine.workflow;

import java.time.Instant;
import java.util.Objects;

/**
 * A durable timer: at {@code dueAt} the engine delivers {@code event} to the instance. A timer of the
 * same name on the same instance replaces the earlier one. Timers live in the database and survive
 * restarts.
 */
public record TimerRequest(String name, Instant dueAt, WorkflowEvent event) {
    public TimerRequest {
        CommandRequest.requireText(name, "timer name");
        Objects.requireNonNull(dueAt, "dueAt");
        Objects.requireNonNull(event, "event");
    }
}
