package io.finrelay.engine.workflow;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a transition decided. Either the event is {@link Accepted} (new state, plus the commands to
 * send, timers to set or cancel and incidents to raise, all written in one transaction) or it is
 * {@link Rejected} (the state does not accept this event; nothing changes and the sender is told why).
 * An accepted decision may carry a {@code note}: a sentence for people saying why it went this way
 * (which approval rule routed an invoice, say), kept in the transition's audit record and so in the
 * instance's timeline.
 */
public sealed interface Decision<S extends WorkflowState> {

    record Accepted<S extends WorkflowState>(
            S newState,
            List<CommandRequest> commands,
            List<TimerRequest> timers,
            List<String> cancelledTimers,
            List<Incident> incidents,
            String note) implements Decision<S> {
        public Accepted {
            Objects.requireNonNull(newState, "newState");
            commands = List.copyOf(commands);
            timers = List.copyOf(timers);
            cancelledTimers = List.copyOf(cancelledTimers);
            incidents = List.copyOf(incidents);
        }

        public Accepted<S> send(CommandRequest command) {
            return new Accepted<>(newState, append(commands, command), timers, cancelledTimers, incidents, note);
        }

        public Accepted<S> send(String connector, String type, Object payload) {
            return send(new CommandRequest(connector, type, payload));
        }

        /** Sends a command of a declared kind with its typed payload. */
        public <P> Accepted<S> send(CommandType<P> command, P payload) {
            return send(command.request(payload));
        }

        public Accepted<S> schedule(TimerRequest timer) {
            return new Accepted<>(newState, commands, append(timers, timer), cancelledTimers, incidents, note);
        }

        public Accepted<S> cancelTimer(String name) {
            return new Accepted<>(newState, commands, timers, append(cancelledTimers, name), incidents, note);
        }

        public Accepted<S> raise(Incident incident) {
            return new Accepted<>(newState, commands, timers, cancelledTimers, append(incidents, incident), note);
        }

        /** Says why the decision went this way, for the timeline (a later note replaces an earlier one). */
        public Accepted<S> note(String sentence) {
            CommandRequest.requireText(sentence, "note");
            return new Accepted<>(newState, commands, timers, cancelledTimers, incidents, sentence);
        }

        private static <T> List<T> append(List<T> list, T item) {
            List<T> copy = new ArrayList<>(list);
            copy.add(Objects.requireNonNull(item));
            return copy;
        }
    }

    /** The event does not fit the state; {@code reason} is shown to the sender. */
    record Rejected<S extends WorkflowState>(String reason) implements Decision<S> {
        public Rejected {
            CommandRequest.requireText(reason, "reason");
        }
    }

    static <S extends WorkflowState> Accepted<S> moveTo(S newState) {
        return new Accepted<>(newState, List.of(), List.of(), List.of(), List.of(), null);
    }

    static <S extends WorkflowState> Rejected<S> reject(String reason) {
        return new Rejected<>(reason);
    }
}
