package io.finrelay.workflows.invoice;

import io.finrelay.engine.workflow.Decision;
import io.finrelay.engine.workflow.WorkflowDefinition;
import io.finrelay.engine.workflow.WorkflowEvent;
import io.finrelay.engine.workflow.WorkflowState;
import io.finrelay.model.invoice.RuleViolation;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Invoice to pay (issue 11), started: only its first step exists so far. A supplier invoice taken in
 * by the intake arrives with what the EN 16931 checks found; it is {@link Validated} when nothing
 * was found and its dates make sense, else {@link Invalid} (terminal, naming the rules). Supplier
 * resolution, duplicate detection, matching, approval, posting and payment are not built yet, and
 * the definition is not registered with the server's engine.
 *
 * <pre>
 *   Received --Arrived(no findings)--> Validated
 *   Received --Arrived(findings)-----> Invalid
 * </pre>
 */
public final class InvoiceToPay implements WorkflowDefinition<InvoiceToPay.State, InvoiceToPay.Event> {
    public static final String TYPE = "invoice-to-pay";

    /** What the workflow needs of the canonical invoice (the full record stays with the intake). */
    public record InvoiceFacts(String invoiceId, String seller, String number, String kind, BigDecimal payable,
                               String currency, LocalDate issueDate, LocalDate dueDate) {
        public InvoiceFacts {
            Objects.requireNonNull(invoiceId, "invoiceId");
            Objects.requireNonNull(number, "number");
            Objects.requireNonNull(payable, "payable");
            Objects.requireNonNull(issueDate, "issueDate");
        }
    }

    // ---- states --------------------------------------------------------------------------------

    public sealed interface State extends WorkflowState {}

    /** Before the invoice arrived. */
    public record Received() implements State {}

    /** The invoice passed the checks; the next steps (supplier, duplicates, matching) are still to come. */
    public record Validated(InvoiceFacts f) implements State {}

    /** The invoice breaks rules and is not paid; the findings name them. */
    public record Invalid(InvoiceFacts f, List<RuleViolation> findings) implements State {
        public Invalid {
            findings = List.copyOf(findings);
        }

        @Override
        public boolean isTerminal() {
            return true;
        }
    }

    // ---- events --------------------------------------------------------------------------------

    public sealed interface Event extends WorkflowEvent {}

    /** The intake took the invoice in; {@code findings}: the rules it broke (empty when none). */
    public record Arrived(InvoiceFacts f, List<RuleViolation> findings) implements Event {
        public Arrived {
            findings = List.copyOf(findings);
        }
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
        return new Received();
    }

    @Override
    public Decision<State> decide(State state, Event event) {
        return switch (state) {
            case Received r when event instanceof Arrived a -> validate(a);
            default -> Decision.reject(event.name() + " does not apply to an invoice in state " + state.name());
        };
    }

    private static Decision<State> validate(Arrived a) {
        List<RuleViolation> findings = new ArrayList<>(a.findings());
        InvoiceFacts f = a.f();
        if (f.dueDate() != null && f.dueDate().isBefore(f.issueDate())) {
            findings.add(new RuleViolation("FR-INV-01", "BT-9 Payment due date", "the due date " + f.dueDate()
                    + " is before the issue date " + f.issueDate()));
        }
        return findings.isEmpty() ? Decision.moveTo(new Validated(f)) : Decision.moveTo(new Invalid(f, findings));
    }
}
