package io.finrelay.server.expense;

import io.finrelay.engine.db.Database;
import io.finrelay.model.id.TenantId;
import io.finrelay.server.tenancy.TenantSql;
import io.finrelay.workflows.expense.ExpenseReimbursement;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/**
 * The expense KPIs, read from the workflow's read model ({@link ExpenseReports}): the reimbursement
 * cycle time (from the platform's approval to the bank's settlement arriving) and the posting latency
 * (from the report's arrival in Finrelay to the ERP confirming the journal), with the reports by state
 * and the open exceptions by reason code.
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
                       Percentiles reimbursementCycleTime, Percentiles postingLatency, int posted, int paid,
                       List<Bucket> cycleTimeDistribution) {}

    /** How many reimbursements took at most {@code upTo} from approval to settlement (and more than the bucket before). */
    public record Bucket(String upTo, int reports) {}

    /** The distribution's buckets: from minutes (straight through) to a week and longer (held for a person). */
    private static final List<Map.Entry<String, Duration>> BUCKETS = List.of(Map.entry("1 min", Duration.ofMinutes(1)),
            Map.entry("10 min", Duration.ofMinutes(10)), Map.entry("1 h", Duration.ofHours(1)),
            Map.entry("8 h", Duration.ofHours(8)), Map.entry("1 d", Duration.ofDays(1)), Map.entry("3 d", Duration.ofDays(3)),
            Map.entry("7 d", Duration.ofDays(7)));

    static List<Bucket> distribution(List<Long> millis) {
        int[] counts = new int[BUCKETS.size() + 1];
        for (long m : millis) {
            int i = 0;
            while (i < BUCKETS.size() && m > BUCKETS.get(i).getValue().toMillis()) {
                i++;
            }
            counts[i]++;
        }
        List<Bucket> buckets = new ArrayList<>();
        for (int i = 0; i < BUCKETS.size(); i++) {
            buckets.add(new Bucket(BUCKETS.get(i).getKey(), counts[i]));
        }
        buckets.add(new Bucket("longer", counts[BUCKETS.size()]));
        return buckets;
    }

    private final Database db;
    private final ExpenseReports reports;

    public ExpenseKpis(Database db, ExpenseReports reports) {
        this.db = db;
        this.reports = reports;
    }

    public Kpis read(TenantId tenant) {
        Map<String, Integer> byState = new TreeMap<>();
        List<Long> cycle = new ArrayList<>();
        List<Long> posting = new ArrayList<>();
        List<ExpenseReports.Row> rows = reports.all(tenant);
        for (ExpenseReports.Row row : rows) {
            byState.merge(row.state(), 1, Integer::sum);
            if (row.postedAt() != null) {
                posting.add(Duration.between(row.receivedAt(), row.postedAt()).toMillis());
            }
            if (row.settledAt() != null) {
                cycle.add(Duration.between(row.approvedAt(), row.settledAt()).toMillis());
            }
        }
        return db.inTenant(tenant, c -> {
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
            return new Kpis(rows.size(), byState, exceptions, Percentiles.of(cycle), Percentiles.of(posting), posting.size(),
                    cycle.size(), distribution(cycle));
        });
    }
}
