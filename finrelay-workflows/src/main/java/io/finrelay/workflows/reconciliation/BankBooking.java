package io.finrelay.workflows.reconciliation;

import io.finrelay.engine.workflow.CommandOutcome;
import io.finrelay.engine.workflow.CommandType;
import io.finrelay.engine.workflow.Decision;
import io.finrelay.engine.workflow.WorkflowDefinition;
import io.finrelay.engine.workflow.WorkflowEvent;
import io.finrelay.engine.workflow.WorkflowState;
import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/**
 * A statement line that a tenant's rule books (a bank charge, interest, a tax), posted to the ERP:
 * the line's amount on the rule's GL account and cost center, against the bank account's ledger
 * account that the ERP keeps for the house account. ONE outbox command per line, so a line is booked
 * once however often it is handed over (the instance is keyed by the line).
 *
 * <pre>
 *   New --Booked--> Posting --Posted--> Posted
 *                   Posting --PostingCancelled--> Cancelled   (an operator booked it by hand)
 * </pre>
 */
public final class BankBooking implements WorkflowDefinition<BankBooking.State, BankBooking.Event> {
    public static final String TYPE = "reconciliation-booking";
    /** The same connector as the clearings: the tenant's ERP. */
    public static final String ERP = ReconciliationMatch.ERP;
    public static final String POST_BANK_BOOKING = "post-bank-booking";

    /**
     * The line and what the rule says about it. {@code direction} is the line's (DEBIT: money left the
     * account, so the GL account is debited); {@code account} is the house account's IBAN.
     */
    public record Line(String lineId, String account, String bookingDate, BigDecimal amount, String currency,
                       String direction, String bankReference, String text, String ruleName, String glAccount,
                       String costCenter) {
        public Line {
            Objects.requireNonNull(lineId, "lineId");
            Objects.requireNonNull(glAccount, "glAccount");
        }
    }

    /** Books a line to the rule's GL account in the ERP. */
    public static final CommandType<Line> POST = new CommandType<>(ERP, POST_BANK_BOOKING, Line.class);

    public sealed interface State extends WorkflowState {}

    public record New() implements State {}

    public record Posting(Line line) implements State {}

    public record Posted(Line line, String journalRef) implements State {
        @Override
        public boolean isTerminal() {
            return true;
        }
    }

    public record Cancelled(Line line, String actor) implements State {
        @Override
        public boolean isTerminal() {
            return true;
        }
    }

    public sealed interface Event extends WorkflowEvent {}

    public record Booked(Line line) implements Event {}

    public record PostingDone(String journalRef) implements Event {}

    public record PostingCancelled(String actor) implements Event {}

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
            case New n when event instanceof Booked b ->
                    Decision.<State>moveTo(new Posting(b.line())).send(POST, b.line());
            case Posting p when event instanceof PostingDone d -> Decision.moveTo(new Posted(p.line(), d.journalRef()));
            case Posting p when event instanceof PostingCancelled c -> Decision.moveTo(new Cancelled(p.line(), c.actor()));
            default -> Decision.reject(event.name() + " does not apply to a bank booking in state " + state.name());
        };
    }

    @Override
    public Optional<Event> onCommandOutcome(State state, CommandOutcome outcome) {
        if (!POST_BANK_BOOKING.equals(outcome.type())) {
            return Optional.empty();
        }
        return switch (outcome) {
            case CommandOutcome.Succeeded s -> Optional.of(new PostingDone(journalRef(s.resultJson())));
            case CommandOutcome.ResolvedByOperator r -> Optional.of(new PostingDone(
                    r.resultJson().isBlank() ? "manual:" + r.actor() : journalRef(r.resultJson())));
            case CommandOutcome.Cancelled c -> Optional.of(new PostingCancelled(c.actor()));
        };
    }

    private static String journalRef(String resultJson) {
        return ReconciliationMatch.ref(resultJson, "journalRef");
    }
}
