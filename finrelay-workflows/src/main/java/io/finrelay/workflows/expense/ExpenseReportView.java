package io.finrelay.workflows.expense;

import io.finrelay.engine.workflow.Reading;
import io.finrelay.engine.workflow.Transition;
import io.finrelay.workflows.expense.ExpenseState.ClearingPayable;
import io.finrelay.workflows.expense.ExpenseState.Posting;
import io.finrelay.workflows.expense.ExpenseState.ReportingStatus;
import io.finrelay.workflows.expense.ExpenseState.Scheduling;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What the API and the KPIs show of a report, written by its transitions (see
 * {@link ExpenseReimbursement#project}) into the server's read model, so that nobody reads the
 * workflow's stored state to find it.
 *
 * @param total the report's amount: the sum of its lines, in {@code currency}
 * @param reimbursable what the report reimburses to the employee: the sum of the lines paid out of pocket, in
 *                     {@code currency} (the lines paid by company card are the card issuer's, settled apart)
 * @param obligationId the report's current payment (treasury obligation), or null before it is scheduled
 * @param reached the milestone this transition reached, if any: the ERP confirmed the journal
 *                ({@code POSTED}) or the bank settled the payment ({@code SETTLED})
 * @param takenIn the report's lines (in {@code currency}, with who paid each) on the transition that took the
 *                report in, which the card matcher reads; empty on every later one (a report's lines never change)
 */
public record ExpenseReportView(UUID instanceId, String reportId, String employeeId, String state, Instant approvedAt,
                                BigDecimal total, BigDecimal reimbursable, String currency, String obligationId,
                                Optional<Milestone> reached, List<Claim.Line> takenIn) {

    public ExpenseReportView {
        takenIn = List.copyOf(takenIn);
    }

    public enum Milestone { POSTED, SETTLED }

    /** Where the server writes the view, in the deciding transaction (a failure is an unchecked DatabaseException). */
    public interface Store {
        void write(Reading reading, ExpenseReportView view);
    }

    static ExpenseReportView of(Transition<ExpenseState> t) {
        ExpenseCase c = ExpenseState.caseOf(t.to());
        Claim claim = c.claim();
        // The ERP confirmed the journal: on to treasury, or (every line paid by company card) straight to the platform.
        Optional<Milestone> reached = t.from() instanceof Posting && (t.to() instanceof Scheduling
                || t.to() instanceof ReportingStatus) ? Optional.of(Milestone.POSTED)
                : t.to() instanceof ClearingPayable && !(t.from() instanceof ClearingPayable) ? Optional.of(Milestone.SETTLED)
                : Optional.empty();
        return new ExpenseReportView(t.instanceId(), claim.reportId(), claim.employeeId(), t.to().name(), claim.approvedAt(),
                claim.total().amount(), claim.reimbursableTotal().amount(), claim.currency(), c.obligationId(), reached,
                t.from() instanceof ExpenseState.Received ? claim.lines() : List.of());
    }
}
