package io.finrelay.server.expense;

import io.finrelay.engine.db.Database;
import io.finrelay.model.id.TenantId;
import io.finrelay.server.tenancy.TenantSql;
import io.finrelay.workflows.expense.ExpenseReimbursement;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/**
 * The expense KPIs, read from the workflow's own records: the reimbursement cycle time (from the
 * platform's approval to the bank's settlement arriving) and the posting latency (from the report's
 * arrival in Finrelay to the ERP confirming the journal), with the reports by state and the open
 * exceptions by reason code.
 */
@Component
public class ExpenseKpis {
    /** Median and 95th percentile (nearest rank) of a set of durations, in milliseconds. */
    public record Percentiles(int count, Long medianMillis, Long p95Millis) {
        static Percentiles of(List<Long> values) {
            List<Long> sorted = values.stream().sorted().toList();
            return new Percentiles(sorted.size(), rank(sorted, 0.50), rank(sorted, 0.95));
        }

        private static Long rank(List<Long> sorted, double p) {
            return sorted.isEmpty() ? null : sorted.get((int) Math.max(0, Math.ceil(p * sorted.size()) - 1));
        }
    }

    public record Kpis(int reports, Map<String, Integer> byState, Map<String, Integer> openExceptionsByReason,
                       Percentiles reimbursementCycleTime, Percentiles postingLatency, int posted, int paid) {}

    private final Database db;

    public ExpenseKpis(Database db) {
        this.db = db;
    }

    public Kpis read(TenantId tenant) {
        return db.inTenant(tenant, c -> {
            Map<String, Integer> byState = new TreeMap<>();
            List<Long> cycle = new ArrayList<>();
            List<Long> posting = new ArrayList<>();
            int reports = 0;
            int posted = 0;
            try (PreparedStatement select = TenantSql.prepare(c, tenant, "select i.state_name, i.created_at, "
                    + "(i.state->'c'->'claim'->>'approvedAt')::timestamptz, "
                    + "(select min(a.occurred_at) from audit_event a where a.tenant_id = i.tenant_id and a.instance_id = i.id "
                    + "and a.kind = 'transition' and a.detail->>'to' = 'Scheduling'), "
                    + "(select min(a.occurred_at) from audit_event a where a.tenant_id = i.tenant_id and a.instance_id = i.id "
                    + "and a.kind = 'transition' and a.detail->>'to' = 'ClearingPayable') "
                    + "from workflow_instance i where i.tenant_id = ? and i.workflow_type = ?")) {
                select.setString(2, ExpenseReimbursement.TYPE);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        reports++;
                        byState.merge(rs.getString(1), 1, Integer::sum);
                        Timestamp created = rs.getTimestamp(2);
                        Timestamp approved = rs.getTimestamp(3);
                        Timestamp journal = rs.getTimestamp(4);
                        Timestamp settled = rs.getTimestamp(5);
                        if (journal != null) {
                            posted++;
                            posting.add(Duration.between(created.toInstant(), journal.toInstant()).toMillis());
                        }
                        if (settled != null && approved != null) {
                            cycle.add(Duration.between(approved.toInstant(), settled.toInstant()).toMillis());
                        }
                    }
                }
            }
            Map<String, Integer> exceptions = new TreeMap<>();
            try (PreparedStatement select = TenantSql.prepare(c, tenant, "select e.code, count(*) from exception e "
                    + "where e.tenant_id = ? and e.status = 'OPEN' and e.instance_id in (select i.id from workflow_instance i "
                    + "where i.tenant_id = e.tenant_id and i.workflow_type = ?) group by e.code")) {
                select.setString(2, ExpenseReimbursement.TYPE);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        exceptions.put(rs.getString(1), rs.getInt(2));
                    }
                }
            }
            return new Kpis(reports, byState, exceptions, Percentiles.of(cycle), Percentiles.of(posting), posted,
                    cycle.size());
        });
    }
}
