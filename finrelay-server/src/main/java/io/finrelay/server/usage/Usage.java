package io.finrelay.server.usage;

import io.finrelay.engine.db.Database;
import io.finrelay.model.id.TenantId;
import io.finrelay.server.tenancy.Tenant;
import io.swagger.v3.oas.annotations.media.Schema;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Usage per tenant and month, for partner billing. The figures are counted where their events happen,
 * in the transactions that make them (migration V6_6: triggers on workflow_instance, bank_file and
 * supplier_invoice; {@link ApiCallMeter} for API calls, committed before the request ends), into
 * {@code usage_count}: durable and exact.
 * Reading sums a month's shards for all of a partner's tenants in one statement, outside the tenant
 * wall, bound to the tenants the caller was admitted to (as {@code PartnerHealth} does).
 */
@Component
public class Usage {
    public static final String WORKFLOWS_STARTED = "workflows-started";
    public static final String BANK_FILES = "bank-files";
    public static final String INVOICES = "invoices";
    public static final String API_CALLS = "api-calls";

    /** One tenant's figures of the month. */
    public record TenantUsage(UUID tenantId, @Schema(example = "Acme Logistik GmbH") String name,
                              @Schema(description = "workflow instances created (expense reports, invoices, payments...)",
                                      example = "412") long workflowsStarted,
                              @Schema(description = "bank files received (statements, status reports), whatever became of them",
                                      example = "31") long bankFiles,
                              @Schema(description = "supplier invoices taken in", example = "187") long invoices,
                              @Schema(description = "API requests to the tenant that it was admitted to and answered "
                                      + "(not those refused before: 401, or 404 for another tenant's caller)",
                                      example = "12840") long apiCalls) {}

    private static final Logger log = LoggerFactory.getLogger(Usage.class);

    private final Database db;
    private final GroupedCounts<Month> apiCalls = new GroupedCounts<>(this::write);

    public Usage(Database db) {
        this.db = db;
    }

    /** The figures of {@code tenants} (all of one partner the caller was admitted to) in {@code month}, in the order given. */
    public List<TenantUsage> read(List<Tenant> tenants, YearMonth month) {
        if (tenants.isEmpty()) {
            return List.of();
        }
        Map<UUID, Map<String, Long>> counts = db.inSystem(c -> {
            Array ids = c.createArrayOf("uuid", tenants.stream().map(t -> t.id().value()).toArray());
            Map<UUID, Map<String, Long>> read = new HashMap<>();
            try (PreparedStatement s = c.prepareStatement("select tenant_id, metric, sum(count) from usage_count "
                    + "where tenant_id = any(?) and month = ? group by 1, 2")) {
                s.setArray(1, ids);
                s.setObject(2, month.atDay(1));
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        read.computeIfAbsent(r.getObject(1, UUID.class), k -> new HashMap<>()).put(r.getString(2), r.getLong(3));
                    }
                }
            }
            return read;
        });
        List<TenantUsage> usage = new ArrayList<>(tenants.size());
        for (Tenant t : tenants) {
            Map<String, Long> of = counts.getOrDefault(t.id().value(), Map.of());
            usage.add(new TenantUsage(t.id().value(), t.name(), of.getOrDefault(WORKFLOWS_STARTED, 0L),
                    of.getOrDefault(BANK_FILES, 0L), of.getOrDefault(INVOICES, 0L), of.getOrDefault(API_CALLS, 0L)));
        }
        return usage;
    }

    /**
     * Counts one API call of {@code tenant} answered at {@code at}; returns once the count is committed. Calls
     * answered at the same moment are counted in one transaction ({@link GroupedCounts}: one {@code usage_add}
     * per tenant and month with the number of calls), so a burst of requests (a treasurer releasing a list of
     * payments) costs one commit, not one each. That commit does not wait for its WAL flush
     * ({@code synchronous_commit off} for this transaction only): a request should not pay a disk flush for
     * its own count. A crash of Finrelay loses nothing (the commit is PostgreSQL's at once); only a crash of
     * PostgreSQL's machine could lose the last few hundred milliseconds of counts, never corrupt them. Should
     * the write fail, its calls go uncounted and the failure is logged.
     */
    public void apiCall(TenantId tenant, Instant at) {
        apiCalls.add(new Month(tenant.value(), YearMonth.from(at.atZone(ZoneOffset.UTC))));
    }

    /** A tenant's month, in the order the counts are written (the rows' lock order). */
    private record Month(UUID tenant, YearMonth month) implements Comparable<Month> {
        private static final Comparator<Month> ORDER = Comparator.comparing(Month::tenant).thenComparing(Month::month);

        @Override
        public int compareTo(Month other) {
            return ORDER.compare(this, other);
        }
    }

    private void write(SortedMap<Month, Long> calls) {
        try {
            db.inSystem(c -> {
                try (java.sql.Statement set = c.createStatement()) {
                    set.execute("set local synchronous_commit to off");
                }
                try (PreparedStatement s = c.prepareStatement("select usage_add(?, ?, ?, ?)")) {
                    for (Map.Entry<Month, Long> e : calls.entrySet()) {
                        s.setObject(1, e.getKey().tenant());
                        s.setTimestamp(2, java.sql.Timestamp.from(e.getKey().month().atDay(1).atStartOfDay(ZoneOffset.UTC)
                                .toInstant()));
                        s.setString(3, API_CALLS);
                        s.setLong(4, e.getValue());
                        s.execute();
                    }
                }
                return null;
            });
        } catch (RuntimeException e) {
            log.warn("{} API call(s) of {} tenant-month(s) not counted for usage: {}",
                    calls.values().stream().mapToLong(Long::longValue).sum(), calls.size(), e.toString());
        }
    }
}
