package io.finrelay.server.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.finrelay.engine.audit.AuditRecord;
import io.finrelay.engine.audit.AuditTrail;
import io.finrelay.engine.db.Database;
import io.finrelay.model.id.TenantId;
import io.finrelay.server.security.TenantScope;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * What the server records in the tenant's audit trail beside the engine's own records: changes of
 * configuration, logins, refused permissions and operator actions, each with the state before and
 * after (as JSON, omitted where there is none). Rows go through the engine's {@link AuditTrail}, so
 * they are sealed into the same chain. Prefer the {@link Connection} forms inside the transaction
 * that makes the change: the change and its record then commit together or not at all.
 */
@Component
public class AuditLog {
    /** A change of a tenant's settings; {@code detail.setting} names which (the kinds are listed in docs/security.md). */
    public static final String CONFIGURATION_CHANGED = "configuration.changed";

    private final Database db;
    private final Clock clock;
    private final ObjectMapper json;
    private final AuditTrail trail = new AuditTrail();

    public AuditLog(Database db, Clock clock, ObjectMapper json) {
        this.db = db;
        this.clock = clock;
        this.json = json;
    }

    /** Records an action of the scope's caller, in the caller's transaction. */
    public void append(Connection c, TenantScope scope, String kind, Object before, Object after, String correlationId)
            throws SQLException {
        append(c, scope.tenantId(), scope.principal().actor(), kind, before, after, correlationId);
    }

    /**
     * Records a change of the tenant's settings in the caller's transaction: {@code setting} names
     * which one ({@code connectors/erp}, {@code expense/settings}...). Secrets must already be left
     * out of {@code before} and {@code after}: the trail is read by auditors and kept for years.
     */
    public void configurationChanged(Connection c, TenantScope scope, String setting, Object before, Object after,
                                     String correlationId) throws SQLException {
        append(c, scope.tenantId(), scope.principal().actor(), CONFIGURATION_CHANGED, Map.of("setting", setting),
                before, after, correlationId);
    }

    /** Records an action in the caller's transaction, for events without a scope (a login, a refusal). */
    public void append(Connection c, TenantId tenant, String actor, String kind, Object before, Object after,
                       String correlationId) throws SQLException {
        append(c, tenant, actor, kind, Map.of(), before, after, correlationId);
    }

    private void append(Connection c, TenantId tenant, String actor, String kind, Map<String, Object> about,
                        Object before, Object after, String correlationId) throws SQLException {
        Map<String, Object> detail = new LinkedHashMap<>(about);
        if (before != null) {
            detail.put("before", json.valueToTree(before));
        }
        if (after != null) {
            detail.put("after", json.valueToTree(after));
        }
        trail.append(c, List.of(new AuditRecord(tenant, null, correlationId, clock.instant(), actor, kind, detail)));
    }

    /** Records an action of the scope's caller in a transaction of its own. */
    public void append(TenantScope scope, String kind, Object before, Object after, String correlationId) {
        db.inTenant(scope.tenantId(), c -> {
            append(c, scope, kind, before, after, correlationId);
            return null;
        });
    }

    /** Records an action in a transaction of its own, for events without a scope (a login, a refusal). */
    public void append(TenantId tenant, String actor, String kind, Object before, Object after, String correlationId) {
        db.inTenant(tenant, c -> {
            append(c, tenant, actor, kind, before, after, correlationId);
            return null;
        });
    }

    /** Records a prepared record (a login: its own detail shape) in a transaction of its own, in the record's tenant. */
    public void record(AuditRecord record) {
        db.inTenant(record.tenantId(), c -> {
            trail.append(c, List.of(record));
            return null;
        });
    }
}
