package io.finrelay.engine.runtime;

import io.finrelay.engine.db.Database;
import io.finrelay.engine.db.Sql;
import io.finrelay.engine.json.FieldSealer;
import io.finrelay.engine.json.Json;
import io.finrelay.engine.workflow.StoredDocument;
import io.finrelay.model.id.TenantId;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Reads workflow instances, always within one tenant. */
public final class InstanceQueries {
    private static final String COLUMNS = "tenant_id, id, workflow_type, business_key, state_name, state::text, ended, "
            + "version, correlation_id, created_at, updated_at, state_format";
    private final Database db;
    private final FieldSealer sealer;
    private final WorkflowRegistry registry;

    /** {@code registry} brings states stored by an older version of their workflow to the current one. */
    public InstanceQueries(Database db, FieldSealer sealer, WorkflowRegistry registry) {
        this.db = db;
        this.sealer = sealer;
        this.registry = registry;
    }

    public Optional<InstanceView> find(TenantId tenant, UUID id) {
        return db.inTenant(tenant, c -> {
            try (PreparedStatement select = c.prepareStatement(
                    "select " + COLUMNS + " from workflow_instance where tenant_id = ? and id = ?")) {
                select.setObject(1, tenant.value());
                select.setObject(2, id);
                try (ResultSet rs = select.executeQuery()) {
                    return rs.next() ? Optional.of(read(rs)) : Optional.<InstanceView>empty();
                }
            }
        });
    }

    public Optional<InstanceView> findByBusinessKey(TenantId tenant, String workflowType, String businessKey) {
        return db.inTenant(tenant, c -> {
            try (PreparedStatement select = c.prepareStatement("select " + COLUMNS
                    + " from workflow_instance where tenant_id = ? and workflow_type = ? and business_key = ?")) {
                select.setObject(1, tenant.value());
                select.setString(2, workflowType);
                select.setString(3, businessKey);
                try (ResultSet rs = select.executeQuery()) {
                    return rs.next() ? Optional.of(read(rs)) : Optional.<InstanceView>empty();
                }
            }
        });
    }

    /**
     * What to list: each part that is not null narrows it. {@code before} is the paging cursor, the
     * last id of the previous page (ids are time-ordered, so the next page holds the older ones);
     * {@code createdFrom} (inclusive) and {@code createdTo} (exclusive) bound when the instances began.
     */
    public record Filter(String workflowType, String state, String businessKey, String correlationId, UUID before,
                         java.time.Instant createdFrom, java.time.Instant createdTo) {
        public static final Filter ALL = new Filter(null, null, null, null, null, null, null);
    }

    /** Instances of a tenant, newest first (ids are time-ordered), optionally of one type and/or in one state. */
    public List<InstanceView> list(TenantId tenant, String workflowType, String state, int limit) {
        return list(tenant, new Filter(workflowType, state, null, null, null, null, null), limit);
    }

    /**
     * Instances of a tenant, newest first, narrowed by {@code filter}. A business key is found through
     * the natural key's index, a correlation id through its own (migration V4_6), and pages by the
     * primary key, so a page costs the same with a hundred or a hundred thousand instances.
     */
    public List<InstanceView> list(TenantId tenant, Filter filter, int limit) {
        return db.inTenant(tenant, c -> {
            StringBuilder sql = new StringBuilder("select " + COLUMNS + " from workflow_instance where tenant_id = ?");
            List<Object> values = new ArrayList<>();
            values.add(tenant.value());
            narrow(sql, values, "workflow_type", filter.workflowType());
            narrow(sql, values, "state_name", filter.state());
            narrow(sql, values, "business_key", filter.businessKey());
            narrow(sql, values, "correlation_id", filter.correlationId());
            if (filter.before() != null) {
                sql.append(" and id < ?");
                values.add(filter.before());
            }
            if (filter.createdFrom() != null) {
                sql.append(" and created_at >= ?");
                values.add(Sql.ts(filter.createdFrom()));
            }
            if (filter.createdTo() != null) {
                sql.append(" and created_at < ?");
                values.add(Sql.ts(filter.createdTo()));
            }
            sql.append(" order by id desc limit ?"); // ids are time-ordered: newest first
            values.add(limit);
            try (PreparedStatement select = c.prepareStatement(sql.toString())) {
                for (int i = 0; i < values.size(); i++) {
                    select.setObject(i + 1, values.get(i));
                }
                List<InstanceView> views = new ArrayList<>();
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        views.add(read(rs));
                    }
                }
                return views;
            }
        });
    }

    private static void narrow(StringBuilder sql, List<Object> values, String column, String value) {
        if (value != null) {
            sql.append(" and ").append(column).append(" = ?");
            values.add(value);
        }
    }

    private InstanceView read(ResultSet rs) throws SQLException {
        TenantId tenant = new TenantId(rs.getObject(1, UUID.class));
        String type = rs.getString(3);
        String stateName = rs.getString(5);
        String stateJson = sealer.openJson(tenant, rs.getString(6));
        int format = rs.getInt(12);
        Optional<WorkflowRegistry.Registered<?, ?>> workflow = registry.find(type);
        if (workflow.isPresent() && !workflow.get().format().isCurrent(format)) {
            // Readers of a view (APIs, read models) know the current records only: show an older state as the
            // current version reads it. One this node cannot read is shown as stored; its next event parks.
            try {
                StoredDocument current = workflow.get().currentState(stateName, stateJson, format);
                stateName = current.name();
                stateJson = Json.write(current.json());
            } catch (RuntimeException unreadable) {
                // as stored
            }
        }
        return new InstanceView(tenant, rs.getObject(2, UUID.class), type, rs.getString(4), stateName, stateJson,
                rs.getBoolean(7), rs.getLong(8),
                rs.getString(9), Sql.instant(rs.getTimestamp(10)), Sql.instant(rs.getTimestamp(11)), format);
    }
}
