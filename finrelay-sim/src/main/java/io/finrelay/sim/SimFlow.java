package io.finrelay.sim;

import io.finrelay.engine.workflow.CommandOutcome;
import io.finrelay.engine.workflow.Decision;
import io.finrelay.engine.workflow.TimerRequest;
import io.finrelay.engine.workflow.WorkflowDefinition;
import io.finrelay.engine.workflow.WorkflowEvent;
import io.finrelay.engine.workflow.WorkflowState;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The workflow the simulator runs: an approved supplier invoice has funds reserved at the treasury,
 * its journal posted to the ERP, waits for its due date (a timer), is paid at the bank and ends when
 * the bank's settlement notice arrives (an inbound event that may overtake the payment's own answer).
 * Three peers, a timer and inbound events: every part of the engine a fault can hit.
 */
public final class SimFlow implements WorkflowDefinition<SimFlow.State, SimFlow.Event> {
    public static final String TYPE = "sim-invoice-payment";
    public static final String TREASURY = "treasury";
    public static final String ERP = "erp";
    public static final String BANK = "bank";

    public sealed interface State extends WorkflowState {}

    public record New() implements State {}

    public record Reserving(String invoice, long amountMinor, Instant dueAt) implements State {}

    public record Posting(String invoice, long amountMinor, Instant dueAt, String reservation) implements State {}

    public record AwaitingDueDate(String invoice, long amountMinor, String reservation, String journal) implements State {}

    public record Paying(String invoice, long amountMinor, String reservation, String journal) implements State {}

    public record AwaitingSettlement(String invoice, String payment) implements State {}

    public record Settled(String invoice, String payment) implements State {
        @Override
        public boolean isTerminal() {
            return true;
        }
    }

    public record Abandoned(String invoice, String step) implements State {
        @Override
        public boolean isTerminal() {
            return true;
        }
    }

    public sealed interface Event extends WorkflowEvent {}

    public record InvoiceApproved(String invoice, String vendor, long amountMinor, Instant dueAt) implements Event {}

    public record FundsReserved(String reference) implements Event {}

    public record JournalPosted(String reference) implements Event {}

    public record DueDateReached() implements Event {}

    public record PaymentSent(String reference) implements Event {}

    /** The bank's notice that the payment left the account; {@code payment} is the bank's reference. */
    public record PaymentSettled(String invoice, String payment) implements Event {}

    public record StepAbandoned(String step) implements Event {}

    /** A command's payload: the business object is the invoice, in every command. */
    public record InvoiceCommand(String invoice, long amountMinor, String currency) {}

    @Override
    public Map<Class<? extends Event>, String> externalInputs() {
        return Map.of(InvoiceApproved.class, "submit-events", PaymentSettled.class, "submit-events");
    }

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
            case New n when event instanceof InvoiceApproved a ->
                    Decision.<State>moveTo(new Reserving(a.invoice(), a.amountMinor(), a.dueAt()))
                            .send(TREASURY, "reserve-funds", command(a.invoice(), a.amountMinor()));
            case Reserving r when event instanceof FundsReserved f ->
                    Decision.<State>moveTo(new Posting(r.invoice(), r.amountMinor(), r.dueAt(), f.reference()))
                            .send(ERP, "post-journal", command(r.invoice(), r.amountMinor()));
            case Posting p when event instanceof JournalPosted j ->
                    Decision.<State>moveTo(new AwaitingDueDate(p.invoice(), p.amountMinor(), p.reservation(), j.reference()))
                            .schedule(new TimerRequest("due-date", p.dueAt(), new DueDateReached()));
            case AwaitingDueDate a when event instanceof DueDateReached ->
                    Decision.<State>moveTo(new Paying(a.invoice(), a.amountMinor(), a.reservation(), a.journal()))
                            .send(BANK, "pay", command(a.invoice(), a.amountMinor()));
            case Paying p when event instanceof PaymentSent s -> Decision.moveTo(new AwaitingSettlement(p.invoice(), s.reference()));
            // The settlement notice overtook the payment's answer (lost, or not yet recorded): the bank has paid.
            case Paying p when event instanceof PaymentSettled s -> Decision.moveTo(new Settled(p.invoice(), s.payment()));
            case AwaitingSettlement a when event instanceof PaymentSettled s -> Decision.moveTo(new Settled(a.invoice(), s.payment()));
            case Reserving r when event instanceof StepAbandoned s -> Decision.moveTo(new Abandoned(r.invoice(), s.step()));
            case Posting p when event instanceof StepAbandoned s -> Decision.moveTo(new Abandoned(p.invoice(), s.step()));
            case Paying p when event instanceof StepAbandoned s -> Decision.moveTo(new Abandoned(p.invoice(), s.step()));
            default -> Decision.reject(event.name() + " does not apply in state " + state.name());
        };
    }

    private static InvoiceCommand command(String invoice, long amountMinor) {
        return new InvoiceCommand(invoice, amountMinor, "EUR");
    }

    @Override
    public Optional<Event> onCommandOutcome(State state, CommandOutcome outcome) {
        return switch (outcome) {
            case CommandOutcome.Succeeded s -> Optional.of(succeeded(s.type(), reference(s.resultJson())));
            // An operator who resolves a payment says it was made outside: nothing more will come from the bank.
            case CommandOutcome.ResolvedByOperator r when r.type().equals("pay") && state instanceof Paying p ->
                    Optional.of(new PaymentSettled(p.invoice(), "manual:" + r.actor()));
            case CommandOutcome.ResolvedByOperator r -> Optional.of(succeeded(r.type(), "manual:" + r.actor()));
            case CommandOutcome.Cancelled c -> Optional.of(new StepAbandoned(c.type()));
        };
    }

    private static Event succeeded(String type, String reference) {
        return switch (type) {
            case "reserve-funds" -> new FundsReserved(reference);
            case "post-journal" -> new JournalPosted(reference);
            default -> new PaymentSent(reference);
        };
    }

    /** The peers answer {"reference":"..."}. */
    static String reference(String resultJson) {
        String marker = "\"reference\":\"";
        int start = resultJson.indexOf(marker);
        if (start < 0) {
            return resultJson;
        }
        int from = start + marker.length();
        return resultJson.substring(from, resultJson.indexOf('"', from));
    }
}
