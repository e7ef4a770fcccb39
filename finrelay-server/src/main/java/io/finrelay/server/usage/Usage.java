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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Usage per tenant and month, for partner billing. The figures are counted where their events happen,
 * in the transactions that make them (migration V6_6: triggers on workflow_instance, bank_file and
 * supplier_invoice; {@link ApiCallMeter} for API calls), into {@code usage_count}: durable and exact.
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

    private final Database db;

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
     * Counts one API call of {@code tenant} answered at {@code at}, in a transaction of its own. That commit does
     * not wait for its WAL flush ({@code synchronous_commit off} for this transaction only): a request should not
     * pay a disk flush for its own count. A crash of Finrelay loses nothing (the commit is PostgreSQL's at once);
     * only a crash of PostgreSQL's machine could lose the last few hundred milliseconds of counts, never corrupt them.
     */
    public void apiCall(TenantId tenant, Instant at) {
        db.inTenant(tenant, c -> {
            try (java.sql.Statement set = c.createStatement()) {
                set.execute("set local synchronous_commit to off");
            }
            try (PreparedStatement s = c.prepareStatement("select usage_add(?, ?, ?, 1)")) {
                s.setObject(1, tenant.value());
                s.setTimestamp(2, java.sql.Timestamp.from(at));
                s.setString(3, API_CALLS);
                s.execute();
            }
            return null;
        });
    }
}
