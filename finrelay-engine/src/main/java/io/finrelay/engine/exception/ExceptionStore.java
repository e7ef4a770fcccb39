package io.finrelay.engine.exception;

import io.finrelay.engine.db.Sql;
import io.finrelay.engine.json.Json;
import io.finrelay.model.id.TenantId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Rows of the exception table; always read and written within a tenant. */
public final class ExceptionStore {

    public void insert(Connection connection, List<ExceptionRecord> records) throws SQLException {
        if (records.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "insert into exception (tenant_id, id, instance_id, command_id, kind, code, reason, context, status, owner, "
                        + "correlation_id, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?)")) {
            for (ExceptionRecord r : records) {
                insert.setObject(1, r.tenantId().value());
                insert.setObject(2, r.id());
                insert.setObject(3, r.instanceId());
                insert.setObject(4, r.commandId());
                insert.setString(5, r.kind().name());
                insert.setString(6, r.code());
                insert.setString(7, r.reason());
                insert.setString(8, Json.write(r.context()));
                insert.setString(9, r.status().name());
                insert.setString(10, r.owner());
                insert.setString(11, r.correlationId());
                insert.setTimestamp(12, Sql.ts(r.createdAt()));
                insert.setTimestamp(13, Sql.ts(r.updatedAt()));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static final String COLUMNS = "tenant_id, id, instance_id, command_id, kind, code, reason, context::text, "
            + "status, owner, correlation_id, created_at, updated_at";

    public Optional<ExceptionRecord> find(Connection connection, TenantId tenant, UUID id, boolean forUpdate)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("select " + COLUMNS
                + " from exception where tenant_id = ? and id = ?" + (forUpdate ? " for update" : ""))) {
            select.setObject(1, tenant.value());
            select.setObject(2, id);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    /** Exceptions of a tenant, newest first; {@code status} null means all. */
    public List<ExceptionRecord> list(Connection connection, TenantId tenant, ExceptionRecord.Status status,
                                      UUID instanceId, int limit) throws SQLException {
        StringBuilder sql = new StringBuilder("select " + COLUMNS + " from exception where tenant_id = ?");
        if (status != null) {
            sql.append(" and status = ?");
        }
        if (instanceId != null) {
            sql.append(" and instance_id = ?");
        }
        sql.append(" order by created_at desc, id limit ?");
        try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
            int i = 1;
            select.setObject(i++, tenant.value());
            if (status != null) {
                select.setString(i++, status.name());
            }
            if (instanceId != null) {
                select.setObject(i++, instanceId);
            }
            select.setInt(i, limit);
            List<ExceptionRecord> records = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    records.add(read(rs));
                }
            }
            return records;
        }
    }

    public void updateStatus(Connection connection, ExceptionRecord record, ExceptionRecord.Status status,
                             java.time.Instant at) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "update exception set status = ?, updated_at = ? where tenant_id = ? and id = ?")) {
            update.setString(1, status.name());
            update.setTimestamp(2, Sql.ts(at));
            update.setObject(3, record.tenantId().value());
            update.setObject(4, record.id());
            update.executeUpdate();
        }
    }

    @SuppressWarnings("unchecked")
    private static ExceptionRecord read(ResultSet rs) throws SQLException {
        Map<String, String> context = new LinkedHashMap<>(Json.read(rs.getString(8), Map.class));
        return new ExceptionRecord(new TenantId(rs.getObject(1, UUID.class)), rs.getObject(2, UUID.class),
                rs.getObject(3, UUID.class), rs.getObject(4, UUID.class),
                ExceptionRecord.Kind.valueOf(rs.getString(5)), rs.getString(6), rs.getString(7), context,
                ExceptionRecord.Status.valueOf(rs.getString(9)), rs.getString(10), rs.getString(11),
                Sql.instant(rs.getTimestamp(12)), Sql.instant(rs.getTimestamp(13)));
    }
}
