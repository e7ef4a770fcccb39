package io.finrelay.connectors.kafka;

import io.finrelay.engine.workflow.CommandRequest;
import io.finrelay.engine.workflow.Decision;
import io.finrelay.engine.workflow.TransitionHook;
import io.finrelay.engine.workflow.WorkflowDefinition;
import io.finrelay.engine.workflow.WorkflowEvent;
import io.finrelay.engine.workflow.WorkflowState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An expense report reduced to what the Kafka tests need: it is paid and so reimbursed. The {@link #ANNOUNCE}
 * hook announces every report that enters Reimbursed as {@code io.finrelay.expense.reimbursed}, as the server's
 * business events do.
 */
public final class ReportFlow implements WorkflowDefinition<ReportFlow.State, ReportFlow.Event> {
    public static final String TYPE = "expense-reimbursement";

    public sealed interface State extends WorkflowState {}

    public record Open() implements State {}

    public record Reimbursed(String employee, String amount, String currency) implements State {
        @Override
        public boolean isTerminal() {
            return true;
        }
    }

    public sealed interface Event extends WorkflowEvent {}

    public record PaymentSettled(String employee, String amount, String currency) implements Event {}

    /** Announces the reimbursed reports. */
    public static final TransitionHook ANNOUNCE = new TransitionHook() {
        @Override
        public List<CommandRequest> commandsFor(io.finrelay.model.id.TenantId tenant, String workflowType,
                                                io.finrelay.engine.workflow.Transition<? extends WorkflowState> t,
                                                java.time.Instant at) {
            if (!(t.to() instanceof Reimbursed r) || t.from() instanceof Reimbursed) {
                return List.of();
            }
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("reportId", t.businessKey());
            data.put("employeeId", r.employee());
            data.put("amount", r.amount());
            data.put("currency", r.currency());
            return List.of(BusinessEvent.PUBLISH.request(
                    new BusinessEvent("io.finrelay.expense.reimbursed", t.businessKey(), at, data)));
        }

        @Override
        public boolean adds(String commandType) {
            return commandType.equals(BusinessEvent.PUBLISH.type());
        }
    };

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
        return new Open();
    }

    @Override
    public Decision<State> decide(State state, Event event) {
        return switch (state) {
            case Open o -> switch (event) {
                case PaymentSettled p -> Decision.moveTo(new Reimbursed(p.employee(), p.amount(), p.currency()));
            };
            case Reimbursed r -> new Decision.Rejected<>("already reimbursed");
        };
    }
}
