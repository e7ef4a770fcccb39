package io.finrelay.engine.exception;

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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Rows of the exception table; always read and written within a tenant. */
public final class ExceptionStore {

    public void insert(Connection connection, List<ExceptionRecord> records) throws SQLException {
        MultiInsert insert = new MultiInsert();
        stage(insert, records);
        insert.execute(connection);
    }

    /** Adds the records to a multi-table insert that the caller executes in its transaction. */
    public void stage(MultiInsert insert, List<ExceptionRecord> records) {
        MultiInsert.Table table = insert.into("exception", "",
                Column.of("tenant_id", Type.UUID), Column.of("id", Type.UUID), Column.of("instance_id", Type.UUID),
                Column.of("command_id", Type.UUID), Column.of("kind", Type.TEXT), Column.of("code", Type.TEXT),
                Column.of("reason", Type.TEXT), Column.of("context", Type.JSONB), Column.of("status", Type.TEXT),
                Column.of("owner", Type.TEXT), Column.of("correlation_id", Type.TEXT),
                Column.of("created_at", Type.TIMESTAMPTZ), Column.of("updated_at", Type.TIMESTAMPTZ));
        for (ExceptionRecord r : records) {
            table.add(r.tenantId().value(), r.id(), r.instanceId(), r.commandId(), r.kind().name(), r.code(), r.reason(),
                    Json.write(r.context()), r.status().name(), r.owner(), r.correlationId(), r.createdAt(), r.updatedAt());
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
        return list(connection, tenant, new Filter(status, instanceId, null, null, null), limit);
    }

    /**
     * What to list: each part that is not null narrows it. {@code code} is the reason's code (e.g.
     * {@code permanent-failure}), {@code owner} who works it (blank: nobody), {@code createdBefore} how old
     * an exception must at least be (its age in the queue).
     */
    public record Filter(ExceptionRecord.Status status, UUID instanceId, String code, String owner,
                         java.time.Instant createdBefore, List<CreatedWindow> createdIn) {
        public Filter(ExceptionRecord.Status status, UUID instanceId, String code, String owner,
                      java.time.Instant createdBefore) {
            this(status, instanceId, code, owner, createdBefore, null);
        }

        public Filter {
            createdIn = createdIn == null ? null : List.copyOf(createdIn);
        }
    }

    /**
     * When an exception of some codes was created: {@code [from, before)} ({@code from} null for no lower bound).
     * A filter's windows are alternatives (an exception is listed when it falls in any of them), which is how a
     * deadline that depends on the reason code (an SLA) becomes a query: one window per code with a deadline of its
     * own, and one for every other code ({@code others}: the codes named are excluded instead).
     */
    public record CreatedWindow(List<String> codes, boolean others, java.time.Instant from, java.time.Instant before) {
        public CreatedWindow {
            codes = List.copyOf(codes);
            java.util.Objects.requireNonNull(before, "before");
        }
    }

    /** Newest first, narrowed by {@code filter}. */
    public List<ExceptionRecord> list(Connection connection, TenantId tenant, Filter filter, int limit) throws SQLException {
        StringBuilder sql = new StringBuilder("select " + COLUMNS + " from exception where tenant_id = ?");
        List<Object> values = new ArrayList<>();
        values.add(tenant.value());
        if (filter.status() != null) {
            sql.append(" and status = ?");
            values.add(filter.status().name());
        }
        if (filter.instanceId() != null) {
            sql.append(" and instance_id = ?");
            values.add(filter.instanceId());
        }
        if (filter.code() != null) {
            sql.append(" and code = ?");
            values.add(filter.code());
        }
        if (filter.owner() != null) {
            if (filter.owner().isBlank()) {
                sql.append(" and owner is null");
            } else {
                sql.append(" and owner = ?");
                values.add(filter.owner());
            }
        }
        if (filter.createdBefore() != null) {
            sql.append(" and created_at < ?");
            values.add(Sql.ts(filter.createdBefore()));
        }
        if (filter.createdIn() != null) {
            if (filter.createdIn().isEmpty()) {
                sql.append(" and false");
            } else {
                List<String> windows = new ArrayList<>();
                for (CreatedWindow w : filter.createdIn()) {
                    StringBuilder one = new StringBuilder("(");
                    if (w.others()) {
                        one.append("not (code = any(?))");
                    } else {
                        one.append("code = any(?)");
                    }
                    values.add(connection.createArrayOf("text", w.codes().toArray()));
                    if (w.from() != null) {
                        one.append(" and created_at >= ?");
                        values.add(Sql.ts(w.from()));
                    }
                    one.append(" and created_at < ?)");
                    values.add(Sql.ts(w.before()));
                    windows.add(one.toString());
                }
                sql.append(" and (").append(String.join(" or ", windows)).append(")");
            }
        }
        sql.append(" order by created_at desc, id limit ?");
        values.add(limit);
        try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < values.size(); i++) {
                select.setObject(i + 1, values.get(i));
            }
            List<ExceptionRecord> records = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    records.add(read(rs));
                }
            }
            return records;
        }
    }

    /** Gives the exception an owner (null: nobody), whatever its status. */
    public void updateOwner(Connection connection, ExceptionRecord record, String owner, java.time.Instant at)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "update exception set owner = ?, updated_at = ? where tenant_id = ? and id = ?")) {
            update.setString(1, owner);
            update.setTimestamp(2, Sql.ts(at));
            update.setObject(3, record.tenantId().value());
            update.setObject(4, record.id());
            update.executeUpdate();
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
