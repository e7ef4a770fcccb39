package io.finrelay.workflows.invoice;

import io.finrelay.engine.workflow.CommandOutcome;
import io.finrelay.engine.workflow.CommandType;
import io.finrelay.engine.workflow.Decision;
import io.finrelay.engine.workflow.Reading;
import io.finrelay.engine.workflow.Transition;
import io.finrelay.engine.workflow.WorkflowDefinition;
import io.finrelay.engine.workflow.WorkflowEvent;
import io.finrelay.engine.workflow.WorkflowState;
import io.finrelay.model.Money;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A payment run of supplier invoices: one pain.001 for one debtor account, currency and execution
 * date, sent through the tenant's bank connection by ONE outbox command, so a run's file is written
 * once however often the command is retried (the connector finds the file it wrote). The invoices in
 * it were moved to {@code Paying} by the run before it opened; the bank's pain.002 answers them one by one.
 *
 * <pre>
 *   New --Opened--> Sending --FileSent--> Sent
 *                   Sending --SendCancelled--> Cancelled   (an operator sent it by hand)
 * </pre>
 *
 * The run's payments become expected debits of its account when it opens ({@link RunPayment}), in the
 * transaction that writes its command: an item exists exactly when the file's command does.
 */
public final class PaymentRun implements WorkflowDefinition<PaymentRun.State, PaymentRun.Event> {
    public static final String TYPE = "payment-run";
    public static final String BANK_FILES = "bank-files";

    /** Writes the run's pain.001 and sends it through the tenant's bank connection. */
    public static final CommandType<PaymentFile> SEND_FILE = new CommandType<>(BANK_FILES, "send-pain001", PaymentFile.class);

    private final RunPayment.Store payments;
    private final PaymentRunView.Store views;

    /** For tests and diagrams: no read model is written. */
    public PaymentRun() {
        this(null, null);
    }

    /**
     * {@code payments}: where the run's payments are written as reconciliation expects them; {@code views}: where
     * the run's read model is.
     */
    public PaymentRun(RunPayment.Store payments, PaymentRunView.Store views) {
        this.payments = payments;
        this.views = views;
    }

    /**
     * One credit transfer of the file ({@code iban}: the payee's, sealed at rest; {@code erpRef}: the
     * ERP's payable line it pays, when the ERP named one).
     */
    public record Line(String invoiceId, String endToEndId, String payeeName, String iban, Money amount,
                       String remittance, String erpRef) {
        public Line {
            Objects.requireNonNull(endToEndId, "endToEndId");
            Objects.requireNonNull(iban, "iban");
            Objects.requireNonNull(amount, "amount");
        }
    }

    /**
     * The file to send: its message id (at most 30 characters), the tenant's bank connection, the name
     * the bank knows the sender by, the debtor account and its legal entity, the lines, and who released
     * the run (they may not confirm its payments' matches on the statement).
     */
    public record PaymentFile(String runId, String messageId, String connection, String initiatingParty,
                              String debtorIban, String debtorBic, String debtorName, String currency,
                              LocalDate executionDate, List<Line> lines, String legalEntity, String releasedBy) {
        public PaymentFile {
            Objects.requireNonNull(runId, "runId");
            Objects.requireNonNull(messageId, "messageId");
            lines = List.copyOf(lines);
        }

        public Money total() {
            return lines.stream().map(Line::amount).reduce(Money::plus).orElseThrow();
        }
    }

    public sealed interface State extends WorkflowState {}

    public record New() implements State {}

    public record Sending(PaymentFile file) implements State {}

    public record Sent(PaymentFile file, String fileName) implements State {
        @Override
        public boolean isTerminal() {
            return true;
        }
    }

    public record Cancelled(PaymentFile file, String actor) implements State {
        @Override
        public boolean isTerminal() {
            return true;
        }
    }

    public sealed interface Event extends WorkflowEvent {}

    public record Opened(PaymentFile file) implements Event {}

    public record FileSent(String fileName) implements Event {}

    public record SendCancelled(String actor) implements Event {}

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
    public void project(Transition<State> transition, Reading reading) {
        if (payments != null) {
            RunPayment.ofRun(transition).ifPresent(p -> payments.write(reading, p));
        }
        if (views != null && !(transition.to() instanceof New)) {
            views.write(reading, PaymentRunView.of(transition));
        }
    }

    @Override
    public Decision<State> decide(State state, Event event) {
        return switch (state) {
            case New n when event instanceof Opened o && o.file().lines().isEmpty() ->
                    Decision.reject("a payment run needs at least one payment");
            case New n when event instanceof Opened o -> Decision.<State>moveTo(new Sending(o.file())).send(SEND_FILE, o.file());
            case Sending s when event instanceof FileSent f -> Decision.moveTo(new Sent(s.file(), f.fileName()));
            case Sending s when event instanceof SendCancelled c -> Decision.moveTo(new Cancelled(s.file(), c.actor()));
            default -> Decision.reject(event.name() + " does not apply to a payment run in state " + state.name());
        };
    }

    @Override
    public Optional<Event> onCommandOutcome(State state, CommandOutcome outcome) {
        if (!SEND_FILE.type().equals(outcome.type())) {
            return Optional.empty();
        }
        return switch (outcome) {
            case CommandOutcome.Succeeded s -> Optional.of(new FileSent(fileName(s.resultJson())));
            case CommandOutcome.ResolvedByOperator r -> Optional.of(new FileSent(r.resultJson().isBlank()
                    ? "sent by hand: " + r.actor() : fileName(r.resultJson())));
            case CommandOutcome.Cancelled c -> Optional.of(new SendCancelled(c.actor()));
        };
    }

    private static String fileName(String resultJson) {
        try {
            String name = new com.fasterxml.jackson.databind.ObjectMapper().readTree(resultJson).path("fileName").asText("");
            return name.isEmpty() ? resultJson : name;
        } catch (java.io.IOException e) {
            return resultJson;
        }
    }
}
