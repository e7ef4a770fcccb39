package io.finrelay.workflows.expense;

import io.finrelay.model.bank.PaymentStatus;
import io.finrelay.workflows.expense.ExpenseEvent.*;
import io.finrelay.workflows.expense.ExpenseState.*;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders the expense workflow as a Mermaid state diagram by asking {@code decide} itself: every
 * sample state meets every sample event, and each accepted decision is an edge. The diagram cannot
 * drift from the code, because it IS the code's answers.
 */
final class StateMachineDiagram {
    private static final Instant AT = Instant.parse("2026-03-02T10:00:00Z");

    private StateMachineDiagram() {}

    /** Labelled sample events: one per event type, and one per data-dependent branch. */
    static Map<String, ExpenseEvent> labelledEvents() {
        ReferenceData ok = Samples.reference();
        Map<String, ExpenseEvent> events = new LinkedHashMap<>();
        ReferenceData invalid = new ReferenceData(null, ok.entity(), ok.policy(), ok.costCenters(), ok.accounts(),
                ok.taxCodes(), ok.fxRates(), List.of(), ok.projects());
        ReferenceData duplicate = new ReferenceData(ok.employee(), ok.entity(), ok.policy(), ok.costCenters(),
                ok.accounts(), ok.taxCodes(), ok.fxRates(), List.of("ER-0"), ok.projects());
        events.put("ReportApproved [valid]", new ReportApproved(Samples.claim(), ok));
        events.put("ReportApproved [invalid]", new ReportApproved(Samples.claim(), invalid));
        events.put("ReportApproved [duplicate]", new ReportApproved(Samples.claim(), duplicate));
        events.put("ValidationRetried [valid]", new ValidationRetried(ok));
        events.put("ValidationRetried [invalid]", new ValidationRetried(invalid));
        events.put("ValidationRetried [duplicate]", new ValidationRetried(duplicate));
        events.put("DuplicateReviewed [genuine]", new DuplicateReviewed("reviewer", true, ""));
        events.put("DuplicateReviewed [not genuine]", new DuplicateReviewed("reviewer", false, ""));
        events.put("JournalPosted", new JournalPosted("move-1", "JE-1"));
        events.put("PaymentScheduled", new PaymentScheduled("ER-2026-0001-P1", "RUN-1"));
        events.put("ReleaseRequested [enough releases]", new ReleaseRequested(new io.finrelay.workflows.governance.Actor("t.berger", List.of("treasurer")),
                io.finrelay.workflows.governance.DutyPolicy.defaults(), null, AT));
        events.put("PaymentReleased", new PaymentReleased("PAY-1"));
        events.put("PaymentStatusReported [ACCP]", status(PaymentStatus.ACCEPTED));
        events.put("PaymentStatusReported [ACSC]", status(PaymentStatus.SETTLED));
        events.put("PaymentStatusReported [RJCT]", status(PaymentStatus.REJECTED));
        events.put("PaymentReturnedByBank [AC04]", new PaymentReturnedByBank("ER-2026-0001-P1", "AC04", "closed account", "RTN-1", AT));
        events.put("PaymentRetried [valid]", new PaymentRetried(ok));
        events.put("PaymentRetried [invalid]", new PaymentRetried(invalid));
        events.put("PayableCleared", new PayableCleared("CLR-1"));
        events.put("StatusDelivered", new StatusDelivered());
        events.put("StepCancelled", new StepCancelled("post-journal", "operator"));
        return events;
    }

    private static PaymentStatusReported status(PaymentStatus status) {
        return new PaymentStatusReported("ER-2026-0001-P1", status, status == PaymentStatus.REJECTED ? "AC04" : null, "BNK-1", AT);
    }

    static List<ExpenseEvent> sampleEvents() {
        return List.copyOf(labelledEvents().values());
    }

    /** One sample of every state, at the stage of the case where that state occurs. */
    static List<ExpenseState> sampleStates() {
        ExpenseCase fresh = ExpenseCase.of(Samples.claim());
        Booking booking = ExpenseRules.book(Samples.claim(), Samples.reference());
        Booking fourEyes = new Booking(booking.legalEntityId(), booking.functionalCurrency(), booking.total(),
                booking.payee(), io.finrelay.model.Money.of("1.00", booking.functionalCurrency()), booking.journalId(),
                booking.conversions());
        ExpenseCase scheduled = fresh.booked(booking).posted("move-1").scheduled("ER-2026-0001-P1", "RUN-1");
        ExpenseCase firstOfTwo = fresh.booked(fourEyes).posted("move-1").scheduled("ER-2026-0001-P1", "RUN-1")
                .releasedBy("j.roth");
        List<ExpenseState> states = new ArrayList<>();
        states.add(new Received());
        states.add(new NeedsAttention(fresh, "unknown-employee", "employee unknown"));
        states.add(new PossibleDuplicate(fresh, List.of("ER-0"), Samples.reference()));
        states.add(new Posting(fresh.booked(booking)));
        ExpenseCase companyPaid = ExpenseCase.of(Samples.companyPaidClaim());
        states.add(new Posting(companyPaid.booked(ExpenseRules.book(Samples.companyPaidClaim(), Samples.reference()))));
        states.add(new Scheduling(fresh.booked(booking).posted("move-1")));
        states.add(new AwaitingRelease(scheduled));
        states.add(new AwaitingRelease(firstOfTwo));
        states.add(new Paying(scheduled.releasedBy("t.berger")));
        states.add(new PaymentRejected(scheduled.releasedBy("t.berger"), "AC04"));
        states.add(new PaymentReturned(scheduled.releasedBy("t.berger"), "AC04"));
        states.add(new ClearingPayable(scheduled.releasedBy("t.berger")));
        states.add(new ReportingStatus(scheduled, "PAID"));
        states.add(new ReportingStatus(scheduled, "REJECTED"));
        states.add(new ReportingStatus(companyPaid.posted("move-2"), "PAID_BY_COMPANY"));
        states.add(new Reimbursed(scheduled));
        states.add(new PaidByCompany(companyPaid.posted("move-2")));
        states.add(new Withdrawn(scheduled, "cancelled"));
        return states;
    }

    static String mermaid() {
        return io.finrelay.workflows.Mermaid.render(new ExpenseReimbursement(), sampleStates(), labelledEvents(),
                List.of("Reimbursed", "PaidByCompany", "Withdrawn"));
    }
}
