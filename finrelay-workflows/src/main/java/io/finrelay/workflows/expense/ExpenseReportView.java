package io.finrelay.workflows.expense;

import io.finrelay.engine.workflow.Reading;
import io.finrelay.engine.workflow.Transition;
import io.finrelay.workflows.expense.ExpenseState.ClearingPayable;
import io.finrelay.workflows.expense.ExpenseState.Posting;
import io.finrelay.workflows.expense.ExpenseState.Scheduling;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * What the API and the KPIs show of a report, written by its transitions (see
 * {@link ExpenseReimbursement#project}) into the server's read model, so that nobody reads the
 * workflow's stored state to find it.
 *
 * @param total what the report reimburses: the sum of its lines, in {@code currency}
 * @param obligationId the report's current payment (treasury obligation), or null before it is scheduled
 * @param reached the milestone this transition reached, if any: the ERP confirmed the journal
 *                ({@code POSTED}) or the bank settled the payment ({@code SETTLED})
 */
public record ExpenseReportView(UUID instanceId, String reportId, String employeeId, String state, Instant approvedAt,
                                BigDecimal total, String currency, String obligationId, Optional<Milestone> reached) {

    public enum Milestone { POSTED, SETTLED }

    /** Where the server writes the view, in the deciding transaction (a failure is an unchecked DatabaseException). */
    public interface Store {
        void write(Reading reading, ExpenseReportView view);
    }

    static ExpenseReportView of(Transition<ExpenseState> t) {
        ExpenseCase c = ExpenseState.caseOf(t.to());
        Claim claim = c.claim();
        Optional<Milestone> reached = t.from() instanceof Posting && t.to() instanceof Scheduling ? Optional.of(Milestone.POSTED)
                : t.to() instanceof ClearingPayable && !(t.from() instanceof ClearingPayable) ? Optional.of(Milestone.SETTLED)
                : Optional.empty();
        return new ExpenseReportView(t.instanceId(), claim.reportId(), claim.employeeId(), t.to().name(), claim.approvedAt(),
                claim.total(), claim.currency(), c.obligationId(), reached);
    }
}
