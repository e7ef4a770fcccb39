package io.finrelay.server.kpi;

import io.finrelay.engine.db.Database;
import io.finrelay.engine.outbox.ConnectorRegistry;
import io.finrelay.server.sla.Slas;
import io.finrelay.server.tenancy.Tenant;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.swagger.v3.oas.annotations.media.Schema;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The health of a partner's tenants at a glance, for the partner overview: per tenant its backlog
 * (commands not delivered yet, by status, and the oldest one's age), the oldest workflow instance not
 * ended yet, its open exceptions by age ({@link ExceptionAges}), its connectors' circuit
 * breakers, when its last bank statement arrived, and its SLA breaches ({@link Slas#figures}).
 *
 * <p>It reads across the partner's tenants at once, ONE statement per figure for all of them (a partner
 * with hundreds of tenants costs six queries, not six per tenant), so it works outside the tenant wall
 * ({@link Database#inSystem}) and binds the tenants itself: every statement filters {@code tenant_id =
 * any(?)} on the list the caller passes, which is only ever the tenants of the partner the access check
 * admitted ({@code HealthController}). The breakers are this node's (resilience4j keeps them in memory per
 * node): a breaker that has not been used since the node started is not listed.
 */
@Component
public class PartnerHealth {
    /** Commands not delivered yet: how many, by status, and since when the oldest waits. */
    public record Backlog(@Schema(description = "commands not delivered yet") long waiting,
                          @Schema(description = "by status: READY, SENDING, UNKNOWN (the peer is asked first), EXCEPTION")
                          Map<String, Long> byStatus,
                          @Schema(description = "when the oldest of them was written; null when none waits") Instant oldestSince,
                          @Schema(description = "its age in seconds; null when none waits", example = "5400") Long oldestAgeSeconds) {}

    /** The oldest workflow instance not ended yet: it waits for a peer, a timer or a person. */
    public record Waiting(UUID instanceId, @Schema(example = "invoice-to-pay") String workflowType,
                          @Schema(example = "INV-2026-0117") String businessKey,
                          @Schema(example = "AwaitingApproval") String state,
                          @Schema(description = "when it began") Instant began,
                          @Schema(description = "its last step") Instant lastStepAt,
                          @Schema(description = "seconds since it began", example = "86400") long ageSeconds) {}

    /** A connector's circuit breaker for the tenant, as this node sees it. */
    public record Breaker(@Schema(example = "erp") String connector,
                          @Schema(allowableValues = {"CLOSED", "OPEN", "HALF_OPEN", "DISABLED", "FORCED_OPEN", "METRICS_ONLY"})
                          String state) {}

    public record TenantHealth(UUID tenantId, @Schema(example = "Acme Logistik GmbH") String name,
                               @Schema(example = "ACTIVE") String status, Backlog backlog,
                               @Schema(description = "left out when no instance waits") Waiting oldestWaiting,
                               TenantKpis.ExceptionFigures exceptions, List<Breaker> breakers,
                               @Schema(description = "when the newest imported bank statement file arrived; null when none has")
                               Instant lastStatementAt,
                               @Schema(description = "the SLA of its open exceptions (issue 13)") Slas.Figures sla) {}

    private final Database db;
    private final ConnectorRegistry connectors;

    public PartnerHealth(Database db, ConnectorRegistry connectors) {
        this.db = db;
        this.connectors = connectors;
    }

    /** The health of {@code tenants}, all of one partner the caller was admitted to, in the order given. */
    public List<TenantHealth> read(List<Tenant> tenants, Instant now) {
        if (tenants.isEmpty()) {
            return List.of();
        }
        Figures f = db.inSystem(c -> {
            Array ids = c.createArrayOf("uuid", tenants.stream().map(t -> t.id().value()).toArray());
            Figures read = new Figures();
            backlog(c, ids, read);
            waiting(c, ids, read, now);
            exceptions(c, ids, read, now);
            statements(c, ids, read);
            read.sla.putAll(Slas.figures(c, ids, now));
            return read;
        });
        Map<UUID, List<Breaker>> breakers = breakers(tenants);
        List<TenantHealth> health = new ArrayList<>();
        for (Tenant t : tenants) {
            UUID id = t.id().value();
            Map<String, Long> byStatus = f.commands.getOrDefault(id, new TreeMap<>());
            Instant oldest = f.oldestCommand.get(id);
            long[] ages = f.exceptionAges.getOrDefault(id, new long[ExceptionAges.NAMES.size()]);
            health.add(new TenantHealth(id, t.name(), t.status(), new Backlog(byStatus.values().stream()
                    .mapToLong(Long::longValue).sum(), byStatus, oldest, oldest == null ? null : age(oldest, now)),
                    f.waiting.get(id), new TenantKpis.ExceptionFigures(java.util.Arrays.stream(ages).sum(), ExceptionAges.of(ages)),
                    breakers.getOrDefault(id, List.of()), f.lastStatement.get(id), f.sla.getOrDefault(id, Slas.Figures.NONE)));
        }
        return health;
    }

    /** What the statements read, by tenant id. */
    private static final class Figures {
        final Map<UUID, Map<String, Long>> commands = new HashMap<>();
        final Map<UUID, Instant> oldestCommand = new HashMap<>();
        final Map<UUID, Waiting> waiting = new HashMap<>();
        final Map<UUID, long[]> exceptionAges = new HashMap<>();
        final Map<UUID, Instant> lastStatement = new HashMap<>();
        final Map<UUID, Slas.Figures> sla = new HashMap<>();
    }

    private static void backlog(Connection c, Array ids, Figures f) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select tenant_id, status, count(*), min(created_at) from outbox "
                + "where tenant_id = any(?) group by 1, 2")) {
            s.setArray(1, ids);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    UUID tenant = r.getObject(1, UUID.class);
                    f.commands.computeIfAbsent(tenant, k -> new TreeMap<>()).put(r.getString(2), r.getLong(3));
                    Instant since = r.getTimestamp(4).toInstant();
                    f.oldestCommand.merge(tenant, since, (a, b) -> a.isBefore(b) ? a : b);
                }
            }
        }
    }

    /**
     * Per tenant the instance not ended that began longest ago. workflow_instance has no index but its primary
     * key, on purpose (every step rewrites the row in place, HOT, which another index on a changing column would
     * prevent); its ids are time-ordered, so the primary key (tenant_id, id) lists a tenant's instances by when
     * they began, and each tenant's probe stops at its first instance not ended: it reads the tenant's ended
     * instances older than that one, not the tenant's whole history and no sort (BENCHMARKS.md, console pages).
     */
    private static void waiting(Connection c, Array ids, Figures f, Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select t.id, w.id, w.workflow_type, w.business_key, w.state_name, "
                + "w.created_at, w.updated_at from unnest(?) as t(id) cross join lateral (select i.id, i.workflow_type, "
                + "i.business_key, i.state_name, i.created_at, i.updated_at from workflow_instance i "
                + "where i.tenant_id = t.id and not i.ended order by i.id limit 1) w")) {
            s.setArray(1, ids);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    Instant began = r.getTimestamp(6).toInstant();
                    f.waiting.put(r.getObject(1, UUID.class), new Waiting(r.getObject(2, UUID.class), r.getString(3),
                            r.getString(4), r.getString(5), began, r.getTimestamp(7).toInstant(), age(began, now)));
                }
            }
        }
    }

    private static void exceptions(Connection c, Array ids, Figures f, Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select tenant_id, " + ExceptionAges.columns() + " from exception "
                + "where status = 'OPEN' and tenant_id = any(?) group by tenant_id")) {
            int next = ExceptionAges.bind(s, 1, now);
            s.setArray(next, ids);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    long[] counts = new long[ExceptionAges.NAMES.size()];
                    for (int i = 0; i < counts.length; i++) {
                        counts[i] = r.getLong(i + 2);
                    }
                    f.exceptionAges.put(r.getObject(1, UUID.class), counts);
                }
            }
        }
    }

    private static void statements(Connection c, Array ids, Figures f) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select tenant_id, max(received_at) from bank_file "
                + "where tenant_id = any(?) and status = 'IMPORTED' and statements > 0 group by 1")) {
            s.setArray(1, ids);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    f.lastStatement.put(r.getObject(1, UUID.class), r.getTimestamp(2).toInstant());
                }
            }
        }
    }

    /** The node's breakers of these tenants (named {@code <tenant>:<connector>}), by connector. */
    private Map<UUID, List<Breaker>> breakers(List<Tenant> tenants) {
        Map<String, UUID> byPrefix = new HashMap<>();
        for (Tenant t : tenants) {
            byPrefix.put(t.id() + ":", t.id().value());
        }
        Map<UUID, List<Breaker>> found = new HashMap<>();
        for (CircuitBreaker b : connectors.breakers().getAllCircuitBreakers()) {
            int colon = b.getName().indexOf(':');
            UUID tenant = colon < 0 ? null : byPrefix.get(b.getName().substring(0, colon + 1));
            if (tenant != null) {
                found.computeIfAbsent(tenant, k -> new ArrayList<>())
                        .add(new Breaker(b.getName().substring(colon + 1), b.getState().name()));
            }
        }
        found.values().forEach(list -> list.sort(java.util.Comparator.comparing(Breaker::connector)));
        return found;
    }

    private static long age(Instant since, Instant now) {
        return Math.max(0, Duration.between(since, now).toSeconds());
    }
}
