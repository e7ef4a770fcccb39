package io.finrelay.bench;

import io.finrelay.engine.workflow.CommandOutcome;
import io.finrelay.engine.workflow.Decision;
import io.finrelay.engine.workflow.WorkflowDefinition;
import io.finrelay.engine.workflow.WorkflowEvent;
import io.finrelay.engine.workflow.WorkflowState;
import java.util.Optional;

/**
 * The workflow the engine benchmark runs: three transitions with two outbound commands, the shape
 * of an invoice that is posted to the ERP and then paid (approve -> post -> pay -> done).
 */
public final class BenchFlow implements WorkflowDefinition<BenchFlow.State, BenchFlow.Event> {
    public static final String TYPE = "bench-invoice";

    public sealed interface State extends WorkflowState {}

    public record New() implements State {}

    public record Posting(String invoice, String amount) implements State {}

    public record Paying(String invoice, String amount) implements State {}

    public record Done(String invoice) implements State {
        @Override
        public boolean isTerminal() {
            return true;
        }
    }

    public sealed interface Event extends WorkflowEvent {}

    public record Approved(String invoice, String amount, String currency) implements Event {}

    public record Posted(String reference) implements Event {}

    public record Paid(String reference) implements Event {}

    public record PostJournal(String invoice, String amount) {}

    public record Pay(String invoice, String amount) {}

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Class<State> stateType() {
        return State.class;
    }

    @Override
    public Class<Event> eventType() {
        return Event.class;
    }

    @Override
    public State initialState() {
        return new New();
    }

    @Override
    public Decision<State> decide(State state, Event event) {
        return switch (state) {
            case New n when event instanceof Approved a -> Decision.<State>moveTo(new Posting(a.invoice(), a.amount()))
                    .send("erp", "post-journal", new PostJournal(a.invoice(), a.amount()));
            case Posting p when event instanceof Posted -> Decision.<State>moveTo(new Paying(p.invoice(), p.amount()))
                    .send("bank", "pay", new Pay(p.invoice(), p.amount()));
            case Paying p when event instanceof Paid -> Decision.moveTo(new Done(p.invoice()));
            default -> Decision.reject(event.name() + " does not apply in " + state.name());
        };
    }

    @Override
    public Optional<Event> onCommandOutcome(State state, CommandOutcome outcome) {
        if (!(outcome instanceof CommandOutcome.Succeeded s)) {
            return Optional.empty();
        }
        return Optional.of(s.type().equals("post-journal") ? new Posted(s.resultJson()) : new Paid(s.resultJson()));
    }
}
