package io.finrelay.workflows.expense;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;
import io.finrelay.engine.json.Json;
import io.finrelay.engine.workflow.CommandOutcome;
import io.finrelay.engine.workflow.Decision;
import io.finrelay.engine.workflow.Incident;
import io.finrelay.engine.workflow.WorkflowDefinition;
import io.finrelay.engine.workflow.WorkflowEvent;
import io.finrelay.engine.workflow.WorkflowState;
import io.finrelay.model.Money;
import io.finrelay.workflows.governance.Actor;
import io.finrelay.workflows.governance.BankDetailChange;
import io.finrelay.workflows.governance.DutyPolicy;
import io.finrelay.workflows.governance.Refusal;
import io.finrelay.workflows.governance.ReleaseFacts;
import io.finrelay.workflows.port.JournalEntryJson;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Expense to reimbursement: an approved report is validated against the tenant's master data,
 * checked for duplicate claims, posted to the ERP, paid through treasury after a segregation-of-duties
 * release, cleared in the ERP when the bank settles, and its status reported back. Every step is a
 * state; {@link #decide} is pure (time comes in events; master data comes in the answer to the
 * {@code resolve} command).
 */
public final class ExpenseReimbursement implements WorkflowDefinition<ExpenseReimbursement.State, ExpenseReimbursement.Event> {
    public static final String TYPE = "expense-reimbursement";

    /** Connectors the workflow addresses, and their command types. */
    public static final String REFERENCE = "expense-reference";
    public static final String RESOLVE = "resolve";
    public static final String ERP = "expense-erp";
    public static final String POST_JOURNAL = "post-journal";
    public static final String CLEAR_PAYABLE = "clear-payable";
    public static final String TREASURY = "treasury";
    public static final String CREATE_OBLIGATION = "create-obligation";
    public static final String RELEASE_PAYMENT = "release-payment";
    public static final String EXPENSE_PLATFORM = "expense-platform";
    public static final String REPORT_STATUS = "report-status";

    // ---- states --------------------------------------------------------------------------------

    public sealed interface State extends WorkflowState {}

    /** Before the first event. */
    public record Received() implements State {}

    /** Master data is being looked up for the report. */
    public record Validating(ExpenseCase c) implements State {}

    /** Validation failed; an operator fixes master data or mapping and retries. */
    public record NeedsAttention(ExpenseCase c, String code, String reason) implements State {}

    /** The report looks like an earlier one: never posted automatically. */
    public record PossibleDuplicate(ExpenseCase c, List<String> earlierReports, ReferenceData reference) implements State {}

    public record Posting(ExpenseCase c) implements State {}

    /** The reimbursement obligation is with treasury, to be scheduled into a payment run. */
    public record Scheduling(ExpenseCase c) implements State {}

    public record AwaitingRelease(ExpenseCase c) implements State {}

    /** Released; waiting for the bank's verdict. */
    public record Paying(ExpenseCase c) implements State {}

    public record PaymentRejected(ExpenseCase c, String reasonCode) implements State {}

    /** After a rejection: fresh bank details are looked up for a new payment. */
    public record Reissuing(ExpenseCase c) implements State {}

    public record ClearingPayable(ExpenseCase c) implements State {}

    /** The final status is being reported to the expense platform. */
    public record ReportingStatus(ExpenseCase c, String status) implements State {}

    public record Reimbursed(ExpenseCase c) implements State {
        @Override
        public boolean isTerminal() {
            return true;
        }
    }

    public record Withdrawn(ExpenseCase c, String reason) implements State {
        @Override
        public boolean isTerminal() {
            return true;
        }
    }

    // ---- events --------------------------------------------------------------------------------

    public sealed interface Event extends WorkflowEvent {}

    /** The engine records when it arrived (the instance's creation and the audit trail). */
    public record ReportApproved(Claim claim) implements Event {}

    public record ReferenceResolved(ReferenceData reference) implements Event {}

    /** An operator fixed something and asks the workflow to look again. */
    public record ValidationRetried() implements Event {}

    /** A person reviewed a possible duplicate: genuine (post it) or not (reject the report). */
    public record DuplicateReviewed(String reviewer, boolean genuine, String note) implements Event {}

    public record JournalPosted(String erpRef, String number) implements Event {}

    public record PaymentScheduled(String obligationId, String paymentRun) implements Event {}

    /**
     * Someone asks to release the payment. The server brings the facts the duty rules need (the
     * tenant's policy, the releaser's roles, the payee's last bank-detail change), so the decision
     * stays pure and is taken under the instance's lock, against the releases recorded so far. The
     * facts are left out of the JSON form, which the inbox hashes: a retry under the same
     * Idempotency-Key is the same request even though its facts were looked up at another moment.
     */
    public record ReleaseRequested(Actor releaser, @JsonIgnore DutyPolicy policy, @JsonIgnore BankDetailChange payeeBankChange,
                                   @JsonIgnore Instant at) implements Event {
        public ReleaseRequested {
            Objects.requireNonNull(releaser, "releaser");
            Objects.requireNonNull(at, "at");
            policy = policy == null ? DutyPolicy.defaults() : policy;
        }
    }

    public record PaymentReleased(String paymentRef) implements Event {}

    /** The bank's word on the payment: ACCEPTED, SETTLED, REJECTED or RETURNED (with an ISO reason code). */
    public record PaymentStatusReported(String obligationId, String status, String reasonCode, String bankRef,
                                        Instant at) implements Event {}

    /** An operator asks for a new payment after a bank rejection (e.g. the IBAN was corrected). */
    public record PaymentRetried() implements Event {}

    public record PayableCleared(String clearingRef) implements Event {}

    public record StatusDelivered() implements Event {}

    /** An operator gave up one of the report's commands. */
    public record StepCancelled(String commandType, String actor) implements Event {}

    // ---- command payloads ----------------------------------------------------------------------

    public record ResolveReference(Claim claim) {}

    public record Obligation(String obligationId, String reportId, String legalEntityId, Booking.Payee payee,
                             BigDecimal amount, String currency, LocalDate requestedDate, String remittance) {}

    public record Release(String obligationId, List<String> releasedBy) {}

    public record ClearPayable(String reportId, String legalEntityId, String journalRef, String paymentRef,
                               BigDecimal amount, String currency, String status) {}

    public record StatusUpdate(String reportId, String status, String detail) {}

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
        if (event instanceof StepCancelled cancelled && !state.isTerminal() && !(state instanceof Received)) {
            ExpenseCase c = caseOf(state);
            return Decision.moveTo(new Withdrawn(c, cancelled.actor() + " cancelled " + cancelled.commandType()));
        }
        return switch (state) {
            case Received r when event instanceof ReportApproved a -> resolve(ExpenseCase.of(a.claim()));
            case Validating v when event instanceof ReferenceResolved r -> validated(v.c(), r.reference());
            case NeedsAttention n when event instanceof ValidationRetried -> resolve(n.c());
            case PossibleDuplicate d when event instanceof ValidationRetried -> resolve(d.c());
            case PossibleDuplicate d when event instanceof DuplicateReviewed review -> reviewed(d, review);
            case Posting p when event instanceof JournalPosted j -> schedule(p.c().posted(j.erpRef()));
            case Scheduling s when event instanceof PaymentScheduled ps ->
                    Decision.moveTo(new AwaitingRelease(s.c().scheduled(ps.obligationId(), ps.paymentRun())));
            case AwaitingRelease a when event instanceof ReleaseRequested r -> release(a.c(), r);
            case Paying p when event instanceof PaymentReleased r -> Decision.moveTo(new Paying(p.c().withBankRef(r.paymentRef())));
            case Paying p when event instanceof PaymentStatusReported s -> bankSays(p.c(), s);
            case PaymentRejected r when event instanceof PaymentRetried -> resolveForReissue(r.c());
            case Reissuing r when event instanceof ReferenceResolved ref -> reissue(r.c(), ref.reference());
            case ClearingPayable cp when event instanceof PaymentReleased -> Decision.moveTo(cp);
            case ClearingPayable cp when event instanceof PayableCleared -> report(cp.c(), "PAID", "reimbursed to "
                    + cp.c().booking().payee().name());
            case ReportingStatus rs when event instanceof StatusDelivered -> Decision.moveTo(
                    rs.status().equals("PAID") ? new Reimbursed(rs.c()) : new Withdrawn(rs.c(), rs.status()));
            default -> Decision.reject(event.name() + " does not apply in state " + state.name());
        };
    }

    private static Decision<State> resolve(ExpenseCase c) {
        return Decision.<State>moveTo(new Validating(c)).send(REFERENCE, RESOLVE, new ResolveReference(c.claim()));
    }

    private static Decision<State> validated(ExpenseCase c, ReferenceData ref) {
        List<Finding> findings = ExpenseRules.validate(c.claim(), ref);
        if (!findings.isEmpty()) {
            Finding first = findings.getFirst();
            String reason = String.join("; ", findings.stream().map(Finding::reason).toList());
            Map<String, String> context = new LinkedHashMap<>(first.context());
            context.put("findings", String.join(",", findings.stream().map(Finding::code).distinct().toList()));
            return Decision.<State>moveTo(new NeedsAttention(c, first.code(), reason))
                    .raise(new Incident(first.code(), reason, context));
        }
        if (!ref.earlierDuplicates().isEmpty()) {
            String reason = "possible duplicate of report(s) " + String.join(", ", ref.earlierDuplicates())
                    + ": same employee, amount, date and merchant, or the same receipt";
            return Decision.<State>moveTo(new PossibleDuplicate(c, ref.earlierDuplicates(), ref))
                    .raise(new Incident("possible-duplicate", reason, Map.of("reportId", c.reportId(),
                            "earlierReports", String.join(",", ref.earlierDuplicates()))));
        }
        return post(c, ref);
    }

    private static Decision<State> post(ExpenseCase c, ReferenceData ref) {
        Booking booking = ExpenseRules.book(c.claim(), ref);
        JsonNode journal = journalJson(ExpenseRules.journal(c.claim(), ref, booking));
        return Decision.<State>moveTo(new Posting(c.booked(booking))).send(ERP, POST_JOURNAL, journal);
    }

    private static JsonNode journalJson(io.finrelay.model.ledger.JournalEntry entry) {
        try {
            return Json.mapper().readTree(JournalEntryJson.write(entry));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("the journal codec wrote unreadable JSON", e);
        }
    }

    private static Decision<State> reviewed(PossibleDuplicate d, DuplicateReviewed review) {
        if (review.reviewer() == null || review.reviewer().isBlank()) {
            return Decision.reject("a duplicate review must name the reviewer");
        }
        if (review.genuine()) {
            return post(d.c(), d.reference());
        }
        return report(d.c(), "REJECTED", "duplicate of " + String.join(", ", d.earlierReports()) + " (reviewed by "
                + review.reviewer() + ")");
    }

    private static Decision<State> schedule(ExpenseCase c) {
        Booking b = c.booking();
        String obligationId = c.nextObligationId();
        return Decision.<State>moveTo(new Scheduling(c)).send(TREASURY, CREATE_OBLIGATION, new Obligation(obligationId,
                c.reportId(), b.legalEntityId(), b.payee(), b.total(), b.functionalCurrency(),
                c.claim().approvedAt().atZone(ZoneOffset.UTC).toLocalDate(), "Expense report " + c.reportId()));
    }

    private static Decision<State> release(ExpenseCase c, ReleaseRequested r) {
        Booking b = c.booking();
        Money amount = Money.rounded(b.total(), Currency.getInstance(b.functionalCurrency()));
        Optional<Refusal> refusal = r.policy().release(new ReleaseFacts("report " + c.reportId(), r.releaser(), c.claim().submitter(),
                c.claim().approver(), c.releasedBy(), amount, b.fourEyesThreshold(), r.payeeBankChange(), r.at()));
        if (refusal.isPresent()) {
            // The reason carries the rule id (Refusal's text form), so the API and the audit can name it.
            return Decision.reject(refusal.get().toString());
        }
        ExpenseCase released = c.releasedBy(r.releaser().name());
        if (released.releasedBy().size() < r.policy().releasesRequired(amount, b.fourEyesThreshold())) {
            return Decision.moveTo(new AwaitingRelease(released));
        }
        return Decision.<State>moveTo(new Paying(released))
                .send(TREASURY, RELEASE_PAYMENT, new Release(released.obligationId(), released.releasedBy()));
    }

    private static Decision<State> bankSays(ExpenseCase c, PaymentStatusReported s) {
        if (!s.obligationId().equals(c.obligationId())) {
            return Decision.reject("status for payment " + s.obligationId() + ", but the current payment is "
                    + c.obligationId());
        }
        ExpenseCase now = c.withBankRef(s.bankRef());
        return switch (s.status()) {
            case "ACCEPTED" -> Decision.moveTo(new Paying(now));
            case "SETTLED" -> Decision.<State>moveTo(new ClearingPayable(now)).send(ERP, CLEAR_PAYABLE, new ClearPayable(
                    c.reportId(), c.booking().legalEntityId(), c.journalRef(), now.bankRef(), c.booking().total(),
                    c.booking().functionalCurrency(), "PAID"));
            case "REJECTED", "RETURNED" -> {
                String reason = "the bank " + s.status().toLowerCase(java.util.Locale.ROOT) + " payment " + c.obligationId()
                        + " with reason code " + s.reasonCode();
                yield Decision.<State>moveTo(new PaymentRejected(now, s.reasonCode()))
                        .raise(new Incident("bank-rejected", reason, Map.of("reportId", c.reportId(),
                                "reasonCode", String.valueOf(s.reasonCode()), "obligationId", c.obligationId(),
                                "iban", c.booking().payee().iban())));
            }
            default -> Decision.reject("unknown payment status " + s.status());
        };
    }

    private static Decision<State> resolveForReissue(ExpenseCase c) {
        return Decision.<State>moveTo(new Reissuing(c)).send(REFERENCE, RESOLVE, new ResolveReference(c.claim()));
    }

    private static Decision<State> reissue(ExpenseCase c, ReferenceData ref) {
        List<Finding> findings = ExpenseRules.validate(c.claim(), ref).stream()
                .filter(f -> f.code().endsWith("employee") || f.code().equals("invalid-bank-details")).toList();
        if (!findings.isEmpty()) {
            Finding first = findings.getFirst();
            return Decision.<State>moveTo(new PaymentRejected(c, "unchanged"))
                    .raise(new Incident(first.code(), first.reason(), first.context()));
        }
        Booking b = c.booking();
        ReferenceData.Employee e = ref.employee();
        Booking rebooked = new Booking(b.legalEntityId(), b.functionalCurrency(), b.total(),
                new Booking.Payee(e.holderName() == null ? e.name() : e.holderName(), e.iban(), e.bic()),
                b.fourEyesThreshold(), b.journalId(), b.conversions());
        return schedule(c.reissued(rebooked));
    }

    private static Decision<State> report(ExpenseCase c, String status, String detail) {
        return Decision.<State>moveTo(new ReportingStatus(c, status))
                .send(EXPENSE_PLATFORM, REPORT_STATUS, new StatusUpdate(c.reportId(), status, detail));
    }

    /** The case a (non-initial) state carries. */
    public static ExpenseCase caseOf(State state) {
        return switch (state) {
            case Received r -> throw new IllegalArgumentException("no case before the report arrived");
            case Validating s -> s.c();
            case NeedsAttention s -> s.c();
            case PossibleDuplicate s -> s.c();
            case Posting s -> s.c();
            case Scheduling s -> s.c();
            case AwaitingRelease s -> s.c();
            case Paying s -> s.c();
            case PaymentRejected s -> s.c();
            case Reissuing s -> s.c();
            case ClearingPayable s -> s.c();
            case ReportingStatus s -> s.c();
            case Reimbursed s -> s.c();
            case Withdrawn s -> s.c();
        };
    }

    @Override
    public Optional<Event> onCommandOutcome(State state, CommandOutcome outcome) {
        return switch (outcome) {
            case CommandOutcome.Succeeded s -> Optional.of(succeeded(s.type(), s.resultJson()));
            case CommandOutcome.ResolvedByOperator r -> resolvedByOperator(r);
            case CommandOutcome.Cancelled c -> Optional.of(new StepCancelled(c.type(), c.actor()));
        };
    }

    private static Event succeeded(String type, String resultJson) {
        JsonNode result = read(resultJson);
        return switch (type) {
            case RESOLVE -> new ReferenceResolved(Json.read(resultJson, ReferenceData.class));
            case POST_JOURNAL -> new JournalPosted(result.path("erpRef").asText(), result.path("number").asText());
            case CREATE_OBLIGATION -> new PaymentScheduled(result.path("obligationId").asText(),
                    result.path("paymentRun").asText(""));
            case RELEASE_PAYMENT -> new PaymentReleased(result.path("paymentId").asText(""));
            case CLEAR_PAYABLE -> new PayableCleared(result.path("clearingId").asText(""));
            case REPORT_STATUS -> new StatusDelivered();
            default -> throw new IllegalArgumentException("unknown command type " + type);
        };
    }

    /** An operator who did a step by hand: the workflow carries on as if the peer had confirmed it. */
    private static Optional<Event> resolvedByOperator(CommandOutcome.ResolvedByOperator r) {
        String manual = "manual:" + r.actor();
        return switch (r.type()) {
            case POST_JOURNAL -> Optional.of(new JournalPosted(manual, manual));
            case CREATE_OBLIGATION -> Optional.empty();
            case RELEASE_PAYMENT -> Optional.of(new PaymentReleased(manual));
            case CLEAR_PAYABLE -> Optional.of(new PayableCleared(manual));
            case REPORT_STATUS -> Optional.of(new StatusDelivered());
            default -> Optional.empty();
        };
    }

    private static JsonNode read(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("a peer answered with unreadable JSON: " + json, e);
        }
    }

    @Override
    public Optional<Event> onOperatorRetry(State state) {
        return switch (state) {
            case NeedsAttention n -> Optional.of(new ValidationRetried());
            case PossibleDuplicate d -> Optional.of(new ValidationRetried());
            case PaymentRejected p -> Optional.of(new PaymentRetried());
            default -> Optional.empty();
        };
    }
}
