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

/** Appends to and reads the audit trail. It never updates or deletes a row. */
public final class AuditTrail {

    /** A stored audit record as read back for a timeline. */
    public record Entry(long id, UUID instanceId, String correlationId, Instant occurredAt, String actor,
                        String kind, String detailJson) {}

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

    /** The timeline of one instance, oldest first. */
    public List<Entry> timeline(Connection connection, TenantId tenant, UUID instanceId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "select id, instance_id, correlation_id, occurred_at, actor, kind, detail::text from audit_event "
                        + "where tenant_id = ? and instance_id = ? order by id")) {
            select.setObject(1, tenant.value());
            select.setObject(2, instanceId);
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
}
