package io.finrelay.workflows.expense;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.finrelay.engine.json.Json;
import io.finrelay.engine.workflow.CommandOutcome;
import io.finrelay.engine.workflow.Decision;
import io.finrelay.engine.workflow.Reading;
import io.finrelay.engine.workflow.StoredDocument;
import io.finrelay.engine.workflow.StoredFormat;
import io.finrelay.engine.workflow.Transition;
import io.finrelay.engine.workflow.WorkflowDefinition;
import io.finrelay.workflows.expense.ExpenseEvent.JournalPosted;
import io.finrelay.workflows.expense.ExpenseEvent.PayableCleared;
import io.finrelay.workflows.expense.ExpenseEvent.PaymentReleased;
import io.finrelay.workflows.expense.ExpenseEvent.PaymentRetried;
import io.finrelay.workflows.expense.ExpenseEvent.PaymentScheduled;
import io.finrelay.workflows.expense.ExpenseEvent.ReleaseRequested;
import io.finrelay.workflows.expense.ExpenseEvent.ReportApproved;
import io.finrelay.workflows.expense.ExpenseEvent.StatusDelivered;
import io.finrelay.workflows.expense.ExpenseEvent.StepCancelled;
import io.finrelay.workflows.expense.ExpenseEvent.ValidationRetried;
import io.finrelay.workflows.expense.ExpenseState.AwaitingRelease;
import io.finrelay.workflows.expense.ExpenseState.NeedsAttention;
import io.finrelay.workflows.expense.ExpenseState.PaymentRejected;
import io.finrelay.workflows.expense.ExpenseState.PaymentReturned;
import io.finrelay.workflows.expense.ExpenseState.PossibleDuplicate;
import io.finrelay.workflows.expense.ExpenseState.Received;
import io.finrelay.workflows.governance.Actor;
import java.util.Optional;

/**
 * Expense to reimbursement: an approved report is validated against the tenant's master data,
 * checked for duplicate claims, posted to the ERP, paid through treasury after a segregation-of-duties
 * release, cleared in the ERP when the bank settles, and its status reported back. States are in
 * {@link ExpenseState}, events in {@link ExpenseEvent}, commands in {@link ExpenseCommands}, the
 * transitions in {@link ExpenseDecisions}. {@link #decide} is pure: time comes in events, master data
 * (and a release's duty facts) comes in the events that need it, read by {@link #enrich} in the deciding
 * transaction.
 */
public final class ExpenseReimbursement implements WorkflowDefinition<ExpenseState, ExpenseEvent> {
    public static final String TYPE = "expense-reimbursement";

    private final Optional<ExpenseReferencePort.Source> reference;
    private final Optional<ExpenseReportView.Store> views;
    private final Optional<ReimbursementPayment.Store> payments;

    /** Without master data or read models: events must come with their reference data (tests, replays). */
    public ExpenseReimbursement() {
        this.reference = Optional.empty();
        this.views = Optional.empty();
        this.payments = Optional.empty();
    }

    /**
     * Events that need master data get it from {@code reference}, in the deciding transaction; each
     * transition writes the report's {@link ExpenseReportView} to {@code views}, and what it says of the
     * reimbursement's payment ({@link ReimbursementPayment}) to {@code payments}, in the same transaction.
     */
    public ExpenseReimbursement(ExpenseReferencePort.Source reference, ExpenseReportView.Store views,
                                ReimbursementPayment.Store payments) {
        this.reference = Optional.of(reference);
        this.views = Optional.of(views);
        this.payments = Optional.of(payments);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Class<ExpenseState> stateType() {
        return ExpenseState.class;
    }

    @Override
    public Class<ExpenseEvent> eventType() {
        return ExpenseEvent.class;
    }

    @Override
    public ExpenseState initialState() {
        return new Received();
    }

    /**
     * Version 3: a claim line's gross amount, the booking's total and its four-eyes threshold are
     * {@link io.finrelay.model.Money} (they were numbers in the claim's and the functional currency). Version 2: each claim line says who paid it ({@link Claim.Line#paymentType}) and the expense policy in a
     * stored reference names the card clearing account. A version-1 state was written before the platform said
     * who paid, when every line was reimbursed to the employee: its lines read as {@link PaymentType#CASH} (as they
     * were booked and paid), and a stored policy as having no card clearing account (none of its lines needs one).
     * A change to a state record or to {@link ExpenseCase} raises the version and adds the step from the version
     * before (see {@link StoredFormat}); {@code StoredStatesTest} fails until it does.
     */
    @Override
    public StoredFormat storedFormat() {
        return StoredFormat.version(3).from(1, ExpenseReimbursement::linesPaidInCash)
                .from(2, ExpenseReimbursement::amountsAsMoney);
    }

    /**
     * The step from version 2 to 3 (pure): a claim line's gross amount was a bare number in the claim's currency, and
     * the booking's total and four-eyes threshold were in its functional currency; each is now
     * {@link io.finrelay.model.Money}, the amount with its currency.
     */
    private static StoredDocument amountsAsMoney(StoredDocument document) {
        if (document.kind() != StoredDocument.Kind.STATE) {
            return document;
        }
        JsonNode claim = document.json().path("c").path("claim");
        for (JsonNode line : claim.path("lines")) {
            if (line instanceof ObjectNode l) {
                asMoney(l, "grossAmount", claim.path("currency").asText());
            }
        }
        if (document.json().path("c").path("booking") instanceof ObjectNode booking) {
            asMoney(booking, "total", booking.path("functionalCurrency").asText());
            asMoney(booking, "fourEyesThreshold", booking.path("functionalCurrency").asText());
        }
        return document;
    }

    /** {@code field} of {@code node}, a bare amount, as Money in {@code currency}; anything else stays as it is. */
    private static void asMoney(ObjectNode node, String field, String currency) {
        JsonNode amount = node.get(field);
        if (amount != null && amount.isValueNode() && !amount.isNull()) {
            ObjectNode money = node.objectNode();
            money.set("amount", amount);
            money.put("currency", currency);
            node.set(field, money);
        }
    }

    /** The step from version 1 to 2 (pure): every stored line paid in cash, every stored policy without a card account. */
    private static StoredDocument linesPaidInCash(StoredDocument document) {
        if (document.kind() != StoredDocument.Kind.STATE) {
            return document;
        }
        JsonNode lines = document.json().path("c").path("claim").path("lines");
        for (JsonNode line : lines) {
            if (line instanceof ObjectNode l && !l.has("paymentType")) {
                l.put("paymentType", PaymentType.CASH.name());
            }
        }
        if (document.json().path("reference").path("policy") instanceof ObjectNode policy
                && !policy.has("cardClearingAccount")) {
            policy.putNull("cardClearingAccount");
        }
        return document;
    }

    /**
     * Reads the report's master data for the events that validate it (the report arriving, an
     * operator's retry of validation or of a rejected payment), when the state will take them.
     */
    @Override
    public ExpenseEvent enrich(ExpenseState state, ExpenseEvent event, Reading reading) {
        if (reference.isEmpty()) {
            return event;
        }
        ExpenseReferencePort port = reference.get().in(reading);
        return switch (event) {
            case ReportApproved a when a.reference() == null && state instanceof Received ->
                    new ReportApproved(a.claim(), ReferenceLookup.resolve(port, reading.now(), a.claim()));
            case ValidationRetried r when r.reference() == null
                    && (state instanceof NeedsAttention || state instanceof PossibleDuplicate) ->
                    new ValidationRetried(ReferenceLookup.resolve(port, reading.now(), ExpenseState.caseOf(state).claim()));
            case PaymentRetried r when r.reference() == null
                    && (state instanceof PaymentRejected || state instanceof PaymentReturned) ->
                    new PaymentRetried(ReferenceLookup.resolve(port, reading.now(), ExpenseState.caseOf(state).claim()));
            case ReleaseRequested r when !r.factsKnown() && state instanceof AwaitingRelease a -> releaseFacts(port, a, r);
            default -> event;
        };
    }

    /** The duty facts of a release, as they are when it is decided. */
    private static ReleaseRequested releaseFacts(ExpenseReferencePort port, AwaitingRelease state, ReleaseRequested r) {
        Actor releaser = r.rolesFromSetUp() ? new Actor(r.releaser().name(), port.releaseRoles(r.releaser().name()))
                : r.releaser();
        return new ReleaseRequested(releaser, port.dutyPolicy(),
                port.lastBankDetailChange(state.c().claim().employeeId()).orElse(null), r.at(), r.rolesFromSetUp());
    }

    @Override
    public void project(Transition<ExpenseState> transition, Reading reading) {
        if (views.isPresent() && !(transition.to() instanceof Received)) {
            views.get().write(reading, ExpenseReportView.of(transition));
        }
        if (payments.isPresent() && !(transition.to() instanceof Received)) {
            ReimbursementPayment.of(transition).ifPresent(p -> payments.get().write(reading, p));
        }
    }

    @Override
    public Decision<ExpenseState> decide(ExpenseState state, ExpenseEvent event) {
        return ExpenseDecisions.decide(state, event);
    }

    /** The case a (non-initial) state carries. */
    public static ExpenseCase caseOf(ExpenseState state) {
        return ExpenseState.caseOf(state);
    }

    @Override
    public Optional<ExpenseEvent> onCommandOutcome(ExpenseState state, CommandOutcome outcome) {
        return switch (outcome) {
            case CommandOutcome.Succeeded s -> Optional.of(succeeded(s.type(), s.resultJson()));
            case CommandOutcome.ResolvedByOperator r -> resolvedByOperator(r);
            case CommandOutcome.Cancelled c -> Optional.of(new StepCancelled(c.type(), c.actor()));
        };
    }

    private static ExpenseEvent succeeded(String type, String resultJson) {
        JsonNode result = read(resultJson);
        if (type.equals(ExpenseCommands.POST_JOURNAL.type())) {
            return new JournalPosted(result.path("erpRef").asText(), result.path("number").asText());
        } else if (type.equals(ExpenseCommands.CREATE_OBLIGATION.type())) {
            return new PaymentScheduled(result.path("obligationId").asText(), result.path("paymentRun").asText(""));
        } else if (type.equals(ExpenseCommands.RELEASE_PAYMENT.type())) {
            return new PaymentReleased(result.path("paymentId").asText(""));
        } else if (type.equals(ExpenseCommands.CLEAR_PAYABLE.type())) {
            return new PayableCleared(result.path("clearingId").asText(""));
        } else if (type.equals(ExpenseCommands.REPORT_STATUS.type())) {
            return new StatusDelivered();
        }
        throw new IllegalArgumentException("unknown command type " + type);
    }

    /** An operator who did a step by hand: the workflow carries on as if the peer had confirmed it. */
    private static Optional<ExpenseEvent> resolvedByOperator(CommandOutcome.ResolvedByOperator r) {
        String manual = "manual:" + r.actor();
        String type = r.type();
        if (type.equals(ExpenseCommands.POST_JOURNAL.type())) {
            return Optional.of(new JournalPosted(manual, manual));
        } else if (type.equals(ExpenseCommands.RELEASE_PAYMENT.type())) {
            return Optional.of(new PaymentReleased(manual));
        } else if (type.equals(ExpenseCommands.CLEAR_PAYABLE.type())) {
            return Optional.of(new PayableCleared(manual));
        } else if (type.equals(ExpenseCommands.REPORT_STATUS.type())) {
            return Optional.of(new StatusDelivered());
        }
        return Optional.empty();
    }

    private static JsonNode read(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("a peer answered with unreadable JSON: " + json, e);
        }
    }

    /** A bank return reaches a reimbursed report: money paid can come back weeks later. */
    @Override
    public boolean takesAfterEnd(ExpenseEvent event) {
        return event instanceof ExpenseEvent.PaymentReturnedByBank;
    }

    @Override
    public Optional<ExpenseEvent> onOperatorRetry(ExpenseState state) {
        return switch (state) {
            case NeedsAttention n -> Optional.of(new ValidationRetried(null));
            case PossibleDuplicate d -> Optional.of(new ValidationRetried(null));
            case PaymentRejected p -> Optional.of(new PaymentRetried(null));
            case PaymentReturned p -> Optional.of(new PaymentRetried(null));
            default -> Optional.empty();
        };
    }
}
