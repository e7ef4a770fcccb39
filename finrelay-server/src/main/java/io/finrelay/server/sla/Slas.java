package io.finrelay.server.sla;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finrelay.engine.db.Database;
import io.finrelay.engine.exception.ExceptionStore;
import io.finrelay.server.audit.AuditLog;
import io.finrelay.server.security.TenantScope;
import io.finrelay.server.tenancy.TenantSql;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.stereotype.Component;

/** The tenants' SLA policies, as stored ({@code sla_policy}), and the SLA figures of the partner overview. */
@Component
public class Slas {
    /** The SLA of a tenant's open exceptions now: past their deadline, due soon, and workflow steps overdue. */
    @Schema(name = "SlaFigures", description = "The SLA of a tenant's open exceptions now")
    public record Figures(
            @Schema(description = "whether the tenant has set an SLA policy (PUT .../policies/sla); without one nothing is breached or due")
            boolean policySet,
            @Schema(description = "open exceptions past the deadline their reason code has", example = "3") long breached,
            @Schema(description = "open exceptions within dueSoonWithin of their deadline", example = "5") long dueSoon,
            @Schema(description = "open stuck-* exceptions: workflow steps past the stuck monitors' thresholds", example = "1")
            long stepsOverdue) {
        public static final Figures NONE = new Figures(false, 0, 0, 0);
    }

    private final Database db;
    private final AuditLog audit;
    private final ObjectMapper json;
    private final Clock clock;

    public Slas(Database db, AuditLog audit, ObjectMapper json, Clock clock) {
        this.db = db;
        this.audit = audit;
        this.json = json;
        this.clock = clock;
    }

    /** The tenant's policy; {@link SlaPolicy#none()} while it has set none. */
    public SlaPolicy policy(TenantScope scope) {
        return db.inTenant(scope.tenantId(), c -> read(c, scope));
    }

    private SlaPolicy read(Connection c, TenantScope scope) throws SQLException {
        try (PreparedStatement select = TenantSql.prepare(c, scope, "select policy::text from sla_policy where tenant_id = ?")) {
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? parse(rs.getString(1)) : SlaPolicy.none();
            }
        }
    }

    /** Replaces the tenant's policy (checked: {@link SlaPolicy#parse}) and audits the change, in one transaction. */
    public SlaPolicy set(TenantScope scope, SlaPolicy body, String correlationId) {
        SlaPolicy next = SlaPolicy.parse(body);
        db.inTenant(scope.tenantId(), c -> {
            SlaPolicy before = read(c, scope);
            try (PreparedStatement upsert = TenantSql.prepare(c, scope, "insert into sla_policy (tenant_id, policy, "
                    + "updated_by, updated_at) values (?, ?::jsonb, ?, ?) on conflict (tenant_id) do update set "
                    + "policy = excluded.policy, updated_by = excluded.updated_by, updated_at = excluded.updated_at")) {
                upsert.setString(2, json.writeValueAsString(next));
                upsert.setString(3, scope.principal().actor());
                upsert.setTimestamp(4, Timestamp.from(clock.instant()));
                upsert.executeUpdate();
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            audit.configurationChanged(c, scope, "policies/sla", before.isSet() ? before : null, next, correlationId);
            return null;
        });
        return next;
    }

    /** The exception queue's filter for an SLA standing, at {@code now}. */
    public static List<ExceptionStore.CreatedWindow> windows(SlaPolicy policy, SlaPolicy.Standing standing, Instant now) {
        return policy.windows(standing, now);
    }

    /**
     * The SLA figures of many tenants in one statement (the partner overview): for each tenant with a policy its
     * open exceptions past their deadline and due soon, and for every tenant its open {@code stuck-*} exceptions
     * (workflow steps past the stuck monitors' thresholds). Works outside the tenant wall on the ids the caller
     * passes, like {@code PartnerHealth}; a tenant that is not in the answer has no open exception counted.
     */
    public static Map<UUID, Figures> figures(Connection c, Array tenantIds, Instant now) throws SQLException {
        java.util.Set<UUID> set = withPolicy(c, tenantIds);
        // The deadline of an exception: its code's own time, else the tenant's (durations as ISO 8601, which
        // PostgreSQL reads as intervals); e.created_at + interval < now is the same test as SlaPolicy.standing.
        String deadline = "e.created_at + coalesce((p.policy->'byCode'->>e.code)::interval, "
                + "(p.policy->>'exceptionResolveWithin')::interval)";
        try (PreparedStatement s = c.prepareStatement("select e.tenant_id, "
                + "count(*) filter (where p.tenant_id is not null and " + deadline + " < ?::timestamptz), "
                + "count(*) filter (where p.tenant_id is not null and " + deadline + " >= ?::timestamptz and " + deadline
                + " < ?::timestamptz + (p.policy->>'dueSoonWithin')::interval), "
                + "count(*) filter (where e.code like 'stuck-%') "
                + "from exception e left join sla_policy p on p.tenant_id = e.tenant_id "
                + "where e.status = 'OPEN' and e.tenant_id = any(?) group by 1")) {
            Timestamp at = Timestamp.from(now);
            s.setTimestamp(1, at);
            s.setTimestamp(2, at);
            s.setTimestamp(3, at);
            s.setArray(4, tenantIds);
            Map<UUID, Figures> figures = new HashMap<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    UUID tenant = r.getObject(1, UUID.class);
                    figures.put(tenant, new Figures(set.contains(tenant), r.getLong(2), r.getLong(3), r.getLong(4)));
                }
            }
            for (UUID tenant : set) {
                figures.putIfAbsent(tenant, new Figures(true, 0, 0, 0));
            }
            return figures;
        }
    }

    /** Which tenants of the list have a policy. */
    private static java.util.Set<UUID> withPolicy(Connection c, Array tenantIds) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select tenant_id from sla_policy where tenant_id = any(?)")) {
            s.setArray(1, tenantIds);
            java.util.Set<UUID> set = new java.util.HashSet<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    set.add(r.getObject(1, UUID.class));
                }
            }
            return set;
        }
    }

    private SlaPolicy parse(String stored) {
        try {
            return json.readValue(stored, SlaPolicy.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored SLA policy is not readable", e);
        }
    }
}
