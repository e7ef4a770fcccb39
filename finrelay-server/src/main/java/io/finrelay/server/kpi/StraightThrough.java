package io.finrelay.server.kpi;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The one definition of the expense workflow's straight-through rate, used by the tenant's KPIs
 * ({@code GET .../kpis}) and the operator's metric ({@code finrelay_expense_straight_through_ratio}): of
 * the reports reimbursed (the bank settled their payment) in a period, the share whose workflow never
 * had an exception, so that nobody had to act on them. A period without a reimbursed report has no rate.
 */
public final class StraightThrough {
    /**
     * The count of the rows of {@code expense_report r} that needed nobody, as a select-list expression
     * (the query groups the reports it counts; {@code e} names the exception table inside).
     */
    public static final String NEEDED_NOBODY = "count(*) filter (where not exists (select 1 from exception e "
            + "where e.tenant_id = r.tenant_id and e.instance_id = r.instance_id))";

    /** Which reports are counted: those whose payment the bank settled in [?, ?). */
    public static final String SETTLED_IN = "r.settled_at >= ? and r.settled_at < ?";

    private StraightThrough() {}

    /** The rate, as a share between 0 and 1 with four decimals; null when nothing was reimbursed. */
    public static BigDecimal rate(long reimbursed, long neededNobody) {
        if (reimbursed <= 0) {
            return null;
        }
        return BigDecimal.valueOf(neededNobody).divide(BigDecimal.valueOf(reimbursed), 4, RoundingMode.HALF_EVEN);
    }
}
