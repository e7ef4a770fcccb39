package io.finrelay.workflows.expense;

import io.finrelay.engine.workflow.Decision;
import io.finrelay.engine.workflow.Incident;
import io.finrelay.model.Money;
import io.finrelay.workflows.expense.ExpenseEvent.DuplicateReviewed;
import io.finrelay.workflows.expense.ExpenseEvent.JournalPosted;
import io.finrelay.workflows.expense.ExpenseEvent.PayableCleared;
import io.finrelay.workflows.expense.ExpenseEvent.PaymentReleased;
import io.finrelay.workflows.expense.ExpenseEvent.PaymentRetried;
import io.finrelay.workflows.expense.ExpenseEvent.PaymentReturnedByBank;
import io.finrelay.workflows.expense.ExpenseEvent.PaymentScheduled;
import io.finrelay.workflows.expense.ExpenseEvent.PaymentStatusReported;
import io.finrelay.workflows.expense.ExpenseEvent.ReleaseRequested;
import io.finrelay.workflows.expense.ExpenseEvent.ReportApproved;
import io.finrelay.workflows.expense.ExpenseEvent.StatusDelivered;
import io.finrelay.workflows.expense.ExpenseEvent.StepCancelled;
import io.finrelay.workflows.expense.ExpenseEvent.ValidationRetried;
import io.finrelay.workflows.expense.ExpenseState.AwaitingRelease;
import io.finrelay.workflows.expense.ExpenseState.ClearingPayable;
import io.finrelay.workflows.expense.ExpenseState.NeedsAttention;
import io.finrelay.workflows.expense.ExpenseState.PaidByCompany;
import io.finrelay.workflows.expense.ExpenseState.Paying;
import io.finrelay.workflows.expense.ExpenseState.PaymentRejected;
import io.finrelay.workflows.expense.ExpenseState.PaymentReturned;
import io.finrelay.workflows.expense.ExpenseState.PossibleDuplicate;
import io.finrelay.workflows.expense.ExpenseState.Posting;
import io.finrelay.workflows.expense.ExpenseState.Received;
import io.finrelay.workflows.expense.ExpenseState.Reimbursed;
import io.finrelay.workflows.expense.ExpenseState.ReportingStatus;
import io.finrelay.workflows.expense.ExpenseState.Scheduling;
import io.finrelay.workflows.expense.ExpenseState.Withdrawn;
import io.finrelay.workflows.governance.DutyPolicy;
import io.finrelay.workflows.governance.Refusal;
import io.finrelay.workflows.governance.ReleaseFacts;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The expense workflow's transitions, {@code (state, event) -> Decision}: pure. */
final class ExpenseDecisions {
    /** The final statuses the expense platform is told: reimbursed, or posted with nothing to reimburse. */
    static final String PAID = "PAID";
    static final String PAID_BY_COMPANY = "PAID_BY_COMPANY";

    private ExpenseDecisions() {}

    static Decision<ExpenseState> decide(ExpenseState state, ExpenseEvent event) {
        if (event instanceof StepCancelled cancelled && !state.isTerminal() && !(state instanceof Received)) {
            ExpenseCase c = ExpenseState.caseOf(state);
            return Decision.moveTo(new Withdrawn(c, cancelled.actor() + " cancelled " + cancelled.commandType()));
        }
        return switch (state) {
            case Received r when event instanceof ReportApproved a -> validated(ExpenseCase.of(a.claim()), a.reference());
            case NeedsAttention n when event instanceof ValidationRetried v -> validated(n.c(), v.reference());
            case PossibleDuplicate d when event instanceof ValidationRetried v -> validated(d.c(), v.reference());
            case PossibleDuplicate d when event instanceof DuplicateReviewed review -> reviewed(d, review);
            case Posting p when event instanceof JournalPosted j -> posted(p.c().posted(j.erpRef()));
            case Scheduling s when event instanceof PaymentScheduled ps ->
                    Decision.moveTo(new AwaitingRelease(s.c().scheduled(ps.obligationId(), ps.paymentRun())));
            case AwaitingRelease a when event instanceof ReleaseRequested r -> release(a.c(), r);
            case Paying p when event instanceof PaymentReleased r -> Decision.moveTo(new Paying(p.c().withBankRef(r.paymentRef())));
            case Paying p when event instanceof PaymentStatusReported s -> bankSays(p.c(), s);
            case PaymentRejected r when event instanceof PaymentRetried retried -> reissue(r.c(), retried.reference());
            case PaymentReturned r when event instanceof PaymentRetried retried -> reissue(r.c(), retried.reference());
            case Paying p when event instanceof PaymentReturnedByBank b -> returned(p.c(), b);
            case ReportingStatus rs when event instanceof PaymentReturnedByBank b -> returned(rs.c(), b);
            case Reimbursed r when event instanceof PaymentReturnedByBank b -> returned(r.c(), b);
            case ClearingPayable cp when event instanceof PaymentReleased -> Decision.moveTo(cp);
            case ClearingPayable cp when event instanceof PayableCleared -> report(cp.c(), PAID, "reimbursed to "
                    + cp.c().booking().payee().name());
            case ReportingStatus rs when event instanceof StatusDelivered -> Decision.moveTo(switch (rs.status()) {
                case PAID -> new Reimbursed(rs.c());
                case PAID_BY_COMPANY -> new PaidByCompany(rs.c());
                default -> new Withdrawn(rs.c(), rs.status());
            });
            default -> Decision.reject(event.name() + " does not apply in state " + state.name());
        };
    }

    private static Decision<ExpenseState> validated(ExpenseCase c, ReferenceData ref) {
        if (ref == null) {
            return Decision.reject("the report's master data was not looked up");
        }
        List<Finding> findings = ExpenseRules.validate(c.claim(), ref);
        if (!findings.isEmpty()) {
            Finding first = findings.getFirst();
            String reason = String.join("; ", findings.stream().map(Finding::reason).toList());
            Map<String, String> context = new LinkedHashMap<>(first.context());
            context.put("findings", String.join(",", findings.stream().map(Finding::code).distinct().toList()));
            return Decision.<ExpenseState>moveTo(new NeedsAttention(c, first.code(), reason))
                    .raise(new Incident(first.code(), reason, context));
        }
        if (!ref.earlierDuplicates().isEmpty()) {
            String reason = "possible duplicate of report(s) " + String.join(", ", ref.earlierDuplicates())
                    + ": same employee, amount, date and merchant, or the same receipt";
            return Decision.<ExpenseState>moveTo(new PossibleDuplicate(c, ref.earlierDuplicates(), ref))
                    .raise(new Incident("possible-duplicate", reason, Map.of("reportId", c.reportId(),
                            "earlierReports", String.join(",", ref.earlierDuplicates()))));
        }
        return post(c, ref);
    }

    private static Decision<ExpenseState> post(ExpenseCase c, ReferenceData ref) {
        Booking booking = ExpenseRules.book(c.claim(), ref);
        return Decision.<ExpenseState>moveTo(new Posting(c.booked(booking)))
                .send(ExpenseCommands.POST_JOURNAL, ExpenseRules.journal(c.claim(), ref, booking));
    }

    private static Decision<ExpenseState> reviewed(PossibleDuplicate d, DuplicateReviewed review) {
        if (review.reviewer() == null || review.reviewer().isBlank()) {
            return Decision.reject("a duplicate review must name the reviewer");
        }
        if (review.genuine()) {
            return post(d.c(), d.reference());
        }
        return report(d.c(), "REJECTED", "duplicate of " + String.join(", ", d.earlierReports()) + " (reviewed by "
                + review.reviewer() + ")");
    }

    /**
     * The journal is in the ERP: the employee's out-of-pocket part goes to treasury; a report whose every line
     * was paid by company card owes the employee nothing, so no obligation is made and no payment released (the
     * card issuer's settlement pays those lines), and the platform is told it is done.
     */
    private static Decision<ExpenseState> posted(ExpenseCase c) {
        if (c.booking().total().isZero()) {
            return report(c, PAID_BY_COMPANY, "posted; nothing to reimburse: all " + c.claim().lines().size()
                    + " line(s) were paid by company card");
        }
        return schedule(c);
    }

    private static Decision<ExpenseState> schedule(ExpenseCase c) {
        return Decision.<ExpenseState>moveTo(new Scheduling(c)).send(ExpenseCommands.CREATE_OBLIGATION, obligation(c));
    }

    /** The obligation a case in {@code Scheduling} sends to treasury (and reconciliation expects, {@link ReimbursementPayment}). */
    static ExpenseCommands.Obligation obligation(ExpenseCase c) {
        Booking b = c.booking();
        return new ExpenseCommands.Obligation(c.nextObligationId(), c.reportId(), b.legalEntityId(), b.payee(), b.total().amount(),
                b.functionalCurrency(), c.claim().approvedAt().atZone(ZoneOffset.UTC).toLocalDate(),
                "Expense report " + c.reportId());
    }

    private static Decision<ExpenseState> release(ExpenseCase c, ReleaseRequested r) {
        Booking b = c.booking();
        Money amount = b.total();
        // A release decided without its facts read (no master data port: tests, replays) is judged by the default policy.
        DutyPolicy policy = r.factsKnown() ? r.policy() : DutyPolicy.defaults();
        Optional<Refusal> refusal = policy.release(new ReleaseFacts("report " + c.reportId(), r.releaser(), c.claim().submitter(),
                c.claim().approver(), c.releasedBy(), amount, b.fourEyesThreshold(), r.payeeBankChange(), r.at()));
        if (refusal.isPresent()) {
            // The reason carries the rule id (Refusal's text form), so the API and the audit can name it.
            return Decision.reject(refusal.get().toString());
        }
        ExpenseCase released = c.releasedBy(r.releaser().name());
        if (released.releasedBy().size() < r.policy().releasesRequired(amount, b.fourEyesThreshold())) {
            return Decision.moveTo(new AwaitingRelease(released));
        }
        return Decision.<ExpenseState>moveTo(new Paying(released)).send(ExpenseCommands.RELEASE_PAYMENT,
                new ExpenseCommands.Release(released.obligationId(), released.releasedBy()));
    }

    /**
     * The bank's status (ISO 20022, one mapping: {@code PaymentStatus}): settled clears the payable;
     * rejected or cancelled stops the payment for an operator; any other status leaves it paying.
     */
    private static Decision<ExpenseState> bankSays(ExpenseCase c, PaymentStatusReported s) {
        if (!s.obligationId().equals(c.obligationId())) {
            return Decision.reject("status for payment " + s.obligationId() + ", but the current payment is "
                    + c.obligationId());
        }
        ExpenseCase now = c.withBankRef(s.bankRef());
        return switch (s.status()) {
            case RECEIVED, TECHNICALLY_ACCEPTED, ACCEPTED, PENDING -> Decision.moveTo(new Paying(now));
            case SETTLED -> Decision.<ExpenseState>moveTo(new ClearingPayable(now)).send(ExpenseCommands.CLEAR_PAYABLE,
                    new ExpenseCommands.ClearPayable(c.reportId(), c.booking().legalEntityId(), c.journalRef(),
                            now.bankRef(), c.booking().total().amount(), c.booking().functionalCurrency(), "PAID"));
            case REJECTED, CANCELLED -> {
                String reason = "the bank " + s.status().name().toLowerCase(Locale.ROOT) + " payment " + c.obligationId()
                        + " with reason code " + s.reasonCode();
                yield Decision.<ExpenseState>moveTo(new PaymentRejected(now, s.reasonCode()))
                        .raise(new Incident("bank-rejected", reason, Map.of("reportId", c.reportId(),
                                "reasonCode", String.valueOf(s.reasonCode()), "obligationId", c.obligationId(),
                                "iban", c.booking().payee().iban())));
            }
            case PARTIALLY_ACCEPTED, UNKNOWN -> Decision.reject("payment status " + s.status()
                    + " does not say what became of payment " + c.obligationId());
        };
    }

    /**
     * The money came back: the report waits for corrected bank details and an operator's retry, which
     * pays again under a new obligation. Never silently ignored, also after the report was reimbursed.
     */
    private static Decision<ExpenseState> returned(ExpenseCase c, PaymentReturnedByBank b) {
        if (!b.obligationId().equals(c.obligationId())) {
            return Decision.reject("return of payment " + b.obligationId() + ", but the current payment is " + c.obligationId());
        }
        String reason = "the bank returned payment " + c.obligationId() + " of report " + c.reportId() + " ("
                + b.reasonCode() + (b.reasonText() == null ? "" : " " + b.reasonText())
                + "): correct the employee's bank details, then retry to pay again";
        return Decision.<ExpenseState>moveTo(new PaymentReturned(c.withBankRef(b.bankRef()), b.reasonCode()))
                .raise(new Incident("payment-returned", reason, Map.of("reportId", c.reportId(),
                        "reasonCode", String.valueOf(b.reasonCode()), "obligationId", c.obligationId(),
                        "iban", c.booking().payee().iban())));
    }

    private static Decision<ExpenseState> reissue(ExpenseCase c, ReferenceData ref) {
        if (ref == null) {
            return Decision.reject("the payee's master data was not looked up");
        }
        List<Finding> findings = ExpenseRules.validate(c.claim(), ref).stream()
                .filter(f -> f.code().endsWith("employee") || f.code().equals("invalid-bank-details")).toList();
        if (!findings.isEmpty()) {
            Finding first = findings.getFirst();
            return Decision.<ExpenseState>moveTo(new PaymentRejected(c, "unchanged"))
                    .raise(new Incident(first.code(), first.reason(), first.context()));
        }
        Booking b = c.booking();
        ReferenceData.Employee e = ref.employee();
        Booking rebooked = new Booking(b.legalEntityId(), b.functionalCurrency(), b.total(),
                new Booking.Payee(e.holderName() == null ? e.name() : e.holderName(), e.iban(), e.bic()),
                b.fourEyesThreshold(), b.journalId(), b.conversions());
        return schedule(c.reissued(rebooked));
    }

    private static Decision<ExpenseState> report(ExpenseCase c, String status, String detail) {
        return Decision.<ExpenseState>moveTo(new ReportingStatus(c, status)).send(ExpenseCommands.REPORT_STATUS,
                new ExpenseCommands.StatusUpdate(c.reportId(), status, detail));
    }
}
