package io.finrelay.server.expense;

import io.finrelay.server.tenancy.TenantSql;
import io.finrelay.engine.db.Database;
import io.finrelay.engine.db.DatabaseException;
import io.finrelay.engine.workflow.Reading;
import io.finrelay.model.id.TenantId;
import io.finrelay.workflows.expense.ExpenseReportView;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The expense read model ({@code expense_report}): written by the workflow's transitions in the
 * deciding transaction, read by the API and the KPIs.
 */
public final class ExpenseReports implements ExpenseReportView.Store {
    /** One report as the KPIs read it. */
    public record Row(String state, Instant receivedAt, Instant approvedAt, Instant postedAt, Instant settledAt) {}

    private final Database db;

    public ExpenseReports(Database db) {
        this.db = db;
    }

    @Override
    public void write(Reading r, ExpenseReportView view) {
        Timestamp now = Timestamp.from(r.now());
        boolean posted = view.reached().filter(m -> m == ExpenseReportView.Milestone.POSTED).isPresent();
        boolean settled = view.reached().filter(m -> m == ExpenseReportView.Milestone.SETTLED).isPresent();
        try (PreparedStatement upsert = TenantSql.prepare(r.connection(), r.tenant(), "insert into expense_report "
                + "(tenant_id, report_id, instance_id, employee_id, state_name, approved_at, received_at, posted_at, "
                + "settled_at, updated_at, obligation_id, total, currency, reimbursable) "
                + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                + "on conflict (tenant_id, report_id) do update "
                + "set state_name = excluded.state_name, updated_at = excluded.updated_at, "
                + "total = excluded.total, currency = excluded.currency, reimbursable = excluded.reimbursable, "
                + "obligation_id = excluded.obligation_id, "
                + "posted_at = coalesce(expense_report.posted_at, excluded.posted_at), "
                + "settled_at = coalesce(expense_report.settled_at, excluded.settled_at)")) {
            upsert.setString(2, view.reportId());
            upsert.setObject(3, view.instanceId());
            upsert.setString(4, view.employeeId());
            upsert.setString(5, view.state());
            upsert.setTimestamp(6, Timestamp.from(view.approvedAt()));
            upsert.setTimestamp(7, now);
            upsert.setTimestamp(8, posted ? now : null);
            upsert.setTimestamp(9, settled ? now : null);
            upsert.setTimestamp(10, now);
            upsert.setString(11, view.obligationId());
            upsert.setBigDecimal(12, view.total());
            upsert.setString(13, view.currency());
            upsert.setBigDecimal(14, view.reimbursable());
            upsert.executeUpdate();
            if (!view.takenIn().isEmpty()) {
                insertLines(r, view);
            }
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }

    /** The report's lines, once, on the transition that took it in (a repeat changes nothing). */
    private static void insertLines(Reading r, ExpenseReportView view) throws SQLException {
        try (PreparedStatement insert = TenantSql.prepare(r.connection(), r.tenant(), "insert into expense_report_line "
                + "(tenant_id, report_id, line_id, line_date, merchant, amount, currency, company_paid) "
                + "values (?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing")) {
            for (io.finrelay.workflows.expense.Claim.Line line : view.takenIn()) {
                insert.setString(2, view.reportId());
                insert.setString(3, line.lineId());
                insert.setObject(4, line.date());
                insert.setString(5, line.merchant());
                insert.setBigDecimal(6, line.grossAmount().amount());
                insert.setString(7, view.currency());
                insert.setBoolean(8, line.companyPaid());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /**
     * A report as a list shows it: whose, how much ({@code total}: all its lines; {@code reimbursable}: those the
     * employee paid out of pocket, the rest was paid by company card), where it stands.
     */
    public record Summary(String reportId, UUID instanceId, String employeeId, java.math.BigDecimal total,
                          java.math.BigDecimal reimbursable, String currency, String state, Instant approvedAt,
                          Instant updatedAt) {}

    /** The tenant's reports in {@code state} (all states when null), the longest waiting first, at most {@code limit}. */
    public List<Summary> list(TenantId tenant, String state, int limit) {
        return db.inTenant(tenant, c -> {
            List<Summary> rows = new ArrayList<>();
            try (PreparedStatement select = TenantSql.prepare(c, tenant, "select report_id, instance_id, employee_id, total, "
                    + "currency, state_name, approved_at, updated_at, reimbursable from expense_report where tenant_id = ? "
                    + "and (?::text is null or state_name = ?) order by approved_at, report_id limit ?")) {
                select.setString(2, state);
                select.setString(3, state);
                select.setInt(4, limit);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new Summary(rs.getString(1), rs.getObject(2, UUID.class), rs.getString(3),
                                atMinorUnit(rs.getBigDecimal(4), rs.getString(5)), atMinorUnit(rs.getBigDecimal(9), rs.getString(5)),
                                rs.getString(5), rs.getString(6), instant(rs.getTimestamp(7)),
                                instant(rs.getTimestamp(8))));
                    }
                }
            }
            return rows;
        });
    }

    /** Every report of the tenant, for the KPIs. */
    public List<Row> all(TenantId tenant) {
        return db.inTenant(tenant, c -> {
            List<Row> rows = new ArrayList<>();
            try (PreparedStatement select = TenantSql.prepare(c, tenant, "select state_name, received_at, approved_at, "
                    + "posted_at, settled_at from expense_report where tenant_id = ?");
                 ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(rs.getString(1), instant(rs.getTimestamp(2)), instant(rs.getTimestamp(3)),
                            instant(rs.getTimestamp(4)), instant(rs.getTimestamp(5))));
                }
            }
            return rows;
        });
    }

    /** An amount as money is written: at its currency's minor unit ({@code 86.40 EUR}, not {@code 86.4}). */
    private static java.math.BigDecimal atMinorUnit(java.math.BigDecimal amount, String currency) {
        // The read model keeps what the claim summed: never more decimals than the currency has, so this only pads.
        return amount == null || currency == null ? amount
                : io.finrelay.model.Money.rounded(amount, java.util.Currency.getInstance(currency)).amount();
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
