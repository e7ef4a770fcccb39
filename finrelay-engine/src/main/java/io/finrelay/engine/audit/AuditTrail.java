package io.finrelay.engine.audit;

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
        if (records.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "insert into audit_event (tenant_id, instance_id, correlation_id, occurred_at, actor, kind, detail) "
                        + "values (?, ?, ?, ?, ?, ?, ?::jsonb)")) {
            for (AuditRecord record : records) {
                insert.setObject(1, record.tenantId().value());
                insert.setObject(2, record.instanceId());
                insert.setString(3, record.correlationId());
                insert.setTimestamp(4, Sql.ts(record.occurredAt()));
                insert.setString(5, record.actor());
                insert.setString(6, record.kind());
                insert.setString(7, Json.write(record.detail()));
                insert.addBatch();
            }
            insert.executeBatch();
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
