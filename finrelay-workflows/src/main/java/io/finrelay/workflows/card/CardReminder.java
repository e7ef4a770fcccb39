package io.finrelay.workflows.card;

import io.finrelay.engine.workflow.CommandOutcome;
import io.finrelay.engine.workflow.CommandType;
import io.finrelay.engine.workflow.Decision;
import io.finrelay.engine.workflow.WorkflowDefinition;
import io.finrelay.engine.workflow.WorkflowEvent;
import io.finrelay.engine.workflow.WorkflowState;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * The reminder to a card holder whose card transaction has found no expense line within the tenant's grace
 * period. One instance per transaction (the business key is the transaction id), so however often the
 * sweep finds the transaction unmatched, the holder is reminded once: the inbox keeps the second finding
 * out, and the outbox delivers the one reminder with retries under one idempotency key.
 *
 * <pre>
 *   New --GraceExpired--> Reminding   (card-reminder to the expense platform)
 *   Reminding --(the reminder's outcome)--> Reminded
 * </pre>
 */
public final class CardReminder implements WorkflowDefinition<CardReminder.State, CardReminder.Event> {
    public static final String TYPE = "card-reminder";
    /** The expense platform, the same connector the expense workflow reports statuses through. */
    public static final String CONNECTOR = "expense-platform";

    /**
     * What the holder is reminded of: the transaction, the card (masked), the merchant, when and how much,
     * and by when an expense line was due ({@code dueBy}: the posting date plus the grace period).
     */
    public record Reminder(String transactionId, String employeeId, String holderName, String cardAccount,
                           String merchant, LocalDate transactionDate, BigDecimal amount, String currency,
                           LocalDate dueBy) {
        public Reminder {
            Objects.requireNonNull(transactionId, "transactionId");
            Objects.requireNonNull(employeeId, "employeeId");
            Objects.requireNonNull(cardAccount, "cardAccount");
            Objects.requireNonNull(merchant, "merchant");
            Objects.requireNonNull(transactionDate, "transactionDate");
            Objects.requireNonNull(amount, "amount");
            Objects.requireNonNull(currency, "currency");
            Objects.requireNonNull(dueBy, "dueBy");
        }
    }

    public static final CommandType<Reminder> REMIND = new CommandType<>(CONNECTOR, "card-reminder", Reminder.class);

    public sealed interface State extends WorkflowState {}

    public record New() implements State {}

    public record Reminding(Reminder reminder) implements State {}

    public record Reminded(Reminder reminder) implements State {
        @Override
        public boolean isTerminal() {
            return true;
        }
    }

    public sealed interface Event extends WorkflowEvent {}

    public record GraceExpired(Reminder reminder) implements Event {}

    /** The expense platform took the reminder (or an operator resolved or cancelled it). */
    public record Delivered() implements Event {}

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
            case New n when event instanceof GraceExpired g -> Decision.<State>moveTo(new Reminding(g.reminder()))
                    .send(REMIND, g.reminder());
            case Reminding r when event instanceof Delivered -> Decision.moveTo(new Reminded(r.reminder()));
            default -> Decision.reject(event.name() + " does not apply to a card reminder in state " + state.name());
        };
    }

    @Override
    public Optional<Event> onCommandOutcome(State state, CommandOutcome outcome) {
        // An operator who cancels the reminder settles it as well: it is not sent again.
        return state instanceof Reminding && REMIND.type().equals(outcome.type())
                ? Optional.of(new Delivered()) : Optional.empty();
    }
}
