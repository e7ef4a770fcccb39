package io.finrelay.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariDataSource;
import io.finrelay.sandbox.world.Api;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What the benchmark counts, from the database and the peers' own records rather than from what it
 * sent: reports Reimbursed, transitions in the audit trail, and per peer exactly one journal, one
 * clearing, one released obligation, one settled payment and one PAID status per report.
 */
final class BenchChecks {
    /** The instances so far: reimbursed, and stuck in a state that needs a person (which fails the run). */
    record Progress(long instances, long reimbursed, long stuck, long openExceptions) {}

    /** Each peer's count of effects; each equals the number of reports, or the run fails. */
    record Peers(int journals, int clearings, int releasedObligations, int settledPayments, int paidStatuses) {}

    private BenchChecks() {}

    static Progress progress(HikariDataSource ds, UUID tenant) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement s = c.prepareStatement("select count(*), "
                + "count(*) filter (where state_name = 'Reimbursed'), "
                + "count(*) filter (where state_name in ('NeedsAttention', 'PossibleDuplicate', 'PaymentRejected', 'Withdrawn')), "
                + "(select count(*) from exception e where e.tenant_id = ? and e.status = 'OPEN') "
                + "from workflow_instance where tenant_id = ? and workflow_type = ?")) {
            s.setObject(1, tenant);
            s.setObject(2, tenant);
            s.setString(3, ExpenseBench.TYPE);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return new Progress(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4));
            }
        }
    }

    static long transitions(HikariDataSource ds, UUID tenant) throws SQLException {
        return ExpenseBench.count(ds, "select count(*) from audit_event where tenant_id = ? and kind = 'transition'", tenant);
    }

    /** Counts every effect at the peers and in the database; throws unless each report has exactly one of each. */
    static Peers verify(HikariDataSource ds, UUID tenant, Map<String, String> urls, List<ObjectNode> sent) throws SQLException {
        Set<String> ids = new HashSet<>();
        sent.forEach(r -> ids.add(r.get("reportId").asText()));
        Progress progress = progress(ds, tenant);
        require(progress.reimbursed() == ids.size() && progress.instances() == ids.size() && progress.openExceptions() == 0,
                "database: " + progress);
        JsonNode erp = new Api(urls.get("erp"), null).get("/_sandbox/state").require(200).body();
        // The journal names its report in its memo: "Expense report BENCH-0000001: <purpose>".
        int journals = once(erp.path("journals"), j -> j.path("description").asText()
                .replaceFirst("^Expense report ([^:]+):.*$", "$1"), ids, "journal");
        int clearings = once(erp.path("clearings"), c -> c.path("reportId").asText(), ids, "clearing");
        JsonNode treasury = new Api(urls.get("treasury"), null).get("/_sandbox/state").require(200).body();
        int released = once(filter(treasury.path("obligations"), o -> o.path("status").asText().equals("RELEASED")),
                o -> o.path("reportId").asText(), ids, "released obligation");
        JsonNode bank = new Api(urls.get("bank"), null).get("/_sandbox/state").require(200).body();
        int settled = once(filter(bank.path("payments"), p -> p.path("status").asText().equals("ACSC")),
                p -> p.path("endToEndId").asText(), ids, "settled payment");
        JsonNode platform = new Api(urls.get("expense-platform"), null).get("/_sandbox/state").require(200).body();
        int paid = 0;
        for (String id : ids) {
            JsonNode statuses = platform.path("paymentStatuses").path(id);
            require(statuses.size() == 1 && statuses.get(0).path("status").asText().equals("PAID"),
                    "expense platform: report " + id + " has statuses " + statuses);
            paid++;
        }
        return new Peers(journals, clearings, released, settled, paid);
    }

    private static List<JsonNode> filter(JsonNode all, java.util.function.Predicate<JsonNode> keep) {
        List<JsonNode> out = new java.util.ArrayList<>();
        all.forEach(n -> {
            if (keep.test(n)) {
                out.add(n);
            }
        });
        return out;
    }

    private static int once(Iterable<JsonNode> records, java.util.function.Function<JsonNode, String> report, Set<String> ids,
                            String what) {
        Map<String, Integer> seen = new HashMap<>();
        records.forEach(r -> seen.merge(report.apply(r), 1, Integer::sum));
        for (String id : ids) {
            require(seen.getOrDefault(id, 0) == 1, "report " + id + " has " + seen.getOrDefault(id, 0) + " " + what + "(s)");
        }
        require(seen.size() == ids.size(), what + "s for reports that were never sent: " + seen.keySet());
        return seen.values().stream().mapToInt(Integer::intValue).sum();
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException("the benchmark's count does not add up: " + message);
        }
    }
}
