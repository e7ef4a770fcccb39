package io.finrelay.engine.audit;

import io.finrelay.engine.db.MultiInsert;
import io.finrelay.engine.db.MultiInsert.Column;
import io.finrelay.engine.db.MultiInsert.Type;
import io.finrelay.engine.db.Sql;
import io.finrelay.engine.json.Json;
import io.finrelay.model.id.TenantId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Appends to and reads the audit trail. It never updates or deletes a row (the database refuses
 * both, see V1_1__audit_chain.sql); {@link AuditSealer} chains the rows, {@link AuditVerifier}
 * checks the chain and {@link AuditRetention} is the one job that removes old rows.
 */
public final class AuditTrail {

    /** A stored audit record as read back for a timeline. */
    public record Entry(long id, UUID instanceId, String correlationId, Instant occurredAt, String actor,
                        String kind, String detailJson) {}

    /**
     * A page of a tenant's trail.
     *
     * @param after         the id of the last entry of the previous page (exclusive), or null
     * @param newestFirst   highest id first; {@code after} then pages backwards
     * @param correlationId only entries of this correlation id, or null
     * @param kind          only entries of this kind (e.g. {@code transition}), or null
     */
    public record PageQuery(Long after, int limit, boolean newestFirst, String correlationId, String kind) {
        public PageQuery {
            if (limit < 1) {
                throw new IllegalArgumentException("limit must be positive, got " + limit);
            }
        }
    }

    public void append(Connection connection, List<AuditRecord> records) throws SQLException {
        MultiInsert insert = new MultiInsert();
        stage(insert, records);
        insert.execute(connection);
    }

    /** Adds the records to a multi-table insert that the caller executes in its transaction. */
    public void stage(MultiInsert insert, List<AuditRecord> records) {
        MultiInsert.Table table = insert.into("audit_event", "",
                Column.of("tenant_id", Type.UUID), Column.of("instance_id", Type.UUID),
                Column.of("correlation_id", Type.TEXT), Column.of("occurred_at", Type.TIMESTAMPTZ),
                Column.of("actor", Type.TEXT), Column.of("kind", Type.TEXT), Column.of("detail", Type.JSONB));
        for (AuditRecord r : records) {
            table.add(r.tenantId().value(), r.instanceId(), r.correlationId(), r.occurredAt(), r.actor(), r.kind(),
                    Json.write(r.detail()));
        }
    }

    public List<Entry> page(Connection connection, TenantId tenant, PageQuery query) throws SQLException {
        StringBuilder sql = new StringBuilder("select id, instance_id, correlation_id, occurred_at, actor, kind, "
                + "detail::text from audit_event where tenant_id = ?");
        List<Object> args = new ArrayList<>(List.of(tenant.value()));
        if (query.after() != null) {
            sql.append(query.newestFirst() ? " and id < ?" : " and id > ?");
            args.add(query.after());
        }
        if (query.correlationId() != null) {
            sql.append(" and correlation_id = ?");
            args.add(query.correlationId());
        }
        if (query.kind() != null) {
            sql.append(" and kind = ?");
            args.add(query.kind());
        }
        sql.append(query.newestFirst() ? " order by id desc" : " order by id").append(" limit ?");
        args.add(query.limit());
        try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                select.setObject(i + 1, args.get(i));
            }
            return entries(select);
        }
    }

    /** The timeline of one instance, oldest first. */
    public List<Entry> timeline(Connection connection, TenantId tenant, UUID instanceId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "select id, instance_id, correlation_id, occurred_at, actor, kind, detail::text from audit_event "
                        + "where tenant_id = ? and instance_id = ? order by id")) {
            select.setObject(1, tenant.value());
            select.setObject(2, instanceId);
            return entries(select);
        }
    }

    private static List<Entry> entries(PreparedStatement select) throws SQLException {
        List<Entry> entries = new ArrayList<>();
        try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                entries.add(new Entry(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3),
                        Sql.instant(rs.getTimestamp(4)), rs.getString(5), rs.getString(6), rs.getString(7)));
            }
        }
        return entries;
    }
}
