package io.finrelay.engine.runtime;

import io.finrelay.engine.db.MultiInsert;
import io.finrelay.engine.db.MultiInsert.Column;
import io.finrelay.engine.db.MultiInsert.Type;
import io.finrelay.engine.db.Sql;
import io.finrelay.engine.json.FieldSealer;
import io.finrelay.model.id.TenantId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Reads and writes workflow_instance rows for the event processor. */
final class InstanceStore {
    private final FieldSealer sealer;

    /** {@code sealer} seals sensitive state fields at rest; the processor works on opened states. */
    InstanceStore(FieldSealer sealer) {
        this.sealer = sealer;
    }

    /**
     * Locks the existing instances among {@code refs} and returns them. The refs come sorted and are
     * locked in that order, one primary-key probe each, so that concurrent batches cannot deadlock.
     */
    Map<InstanceRef, InstanceRow> lockAll(Connection connection, java.util.SortedSet<InstanceRef> refs) throws SQLException {
        Map<InstanceRef, InstanceRow> rows = new HashMap<>();
        if (refs.isEmpty()) {
            return rows;
        }
        UUID[] tenants = refs.stream().map(r -> r.tenantId().value()).toArray(UUID[]::new);
        String[] types = refs.stream().map(InstanceRef::workflowType).toArray(String[]::new);
        String[] keys = refs.stream().map(InstanceRef::businessKey).toArray(String[]::new);
        try (PreparedStatement select = connection.prepareStatement(
                "select w.tenant_id, w.workflow_type, w.business_key, w.id, w.correlation_id, w.state_name, "
                        + "w.state, w.ended, w.version, w.next_seq, w.state_format "
                        + "from unnest(?::uuid[], ?::text[], ?::text[]) with ordinality as k(tenant_id, workflow_type, business_key, ord) "
                        + "cross join lateral (select tenant_id, workflow_type, business_key, id, correlation_id, state_name, "
                        + "state::text as state, ended, version, next_seq, state_format from workflow_instance i "
                        + "where i.business_key = k.business_key and i.workflow_type = k.workflow_type "
                        + "and i.tenant_id = k.tenant_id for update) w order by k.ord")) {
            select.setArray(1, Sql.uuids(connection, tenants));
            select.setArray(2, Sql.texts(connection, types));
            select.setArray(3, Sql.texts(connection, keys));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    InstanceRef ref = new InstanceRef(new TenantId(rs.getObject(1, UUID.class)), rs.getString(2),
                            rs.getString(3));
                    rows.put(ref, new InstanceRow(ref, rs.getObject(4, UUID.class), rs.getString(5), true,
                            rs.getString(6), sealer.openJson(ref.tenantId(), rs.getString(7)), rs.getInt(11), rs.getBoolean(8),
                            rs.getLong(9), rs.getLong(10)));
                }
            }
        }
        return rows;
    }

    /** Adds the new instances among {@code rows} to a multi-table insert the caller executes. */
    void stageNew(MultiInsert insert, List<InstanceRow> rows, Instant now) {
        MultiInsert.Table table = insert.into("workflow_instance", "",
                Column.of("tenant_id", Type.UUID), Column.of("id", Type.UUID), Column.of("workflow_type", Type.TEXT),
                Column.of("business_key", Type.TEXT), Column.of("state_name", Type.TEXT), Column.of("state", Type.JSONB),
                Column.of("ended", Type.BOOL), Column.of("version", Type.INT8), Column.of("next_seq", Type.INT8),
                Column.of("correlation_id", Type.TEXT), Column.of("created_at", Type.TIMESTAMPTZ),
                Column.of("updated_at", Type.TIMESTAMPTZ), Column.of("state_format", Type.INT4));
        for (InstanceRow row : rows) {
            if (!row.persisted) {
                table.add(row.ref.tenantId().value(), row.id, row.ref.workflowType(), row.ref.businessKey(), row.stateName,
                        sealer.sealJson(row.ref.tenantId(), row.stateJson), row.ended, row.version, row.nextSeq, row.correlationId, row.createdAt, now,
                        row.stateFormat);
            }
        }
    }

    /** Updates the changed, already stored instances, with the version as a second guard. */
    void updateExisting(Connection connection, List<InstanceRow> rows, Instant now) throws SQLException {
        if (rows.stream().noneMatch(r -> r.persisted)) {
            return;
        }
        try (PreparedStatement update = connection.prepareStatement(
                "update workflow_instance set state_name = ?, state = ?::jsonb, ended = ?, version = ?, "
                        + "next_seq = ?, updated_at = ?, state_format = ? where tenant_id = ? and id = ? and version = ?")) {
            for (InstanceRow row : rows) {
                if (row.persisted) {
                    update.setString(1, row.stateName);
                    update.setString(2, sealer.sealJson(row.ref.tenantId(), row.stateJson));
                    update.setBoolean(3, row.ended);
                    update.setLong(4, row.version);
                    update.setLong(5, row.nextSeq);
                    update.setTimestamp(6, Sql.ts(now));
                    update.setInt(7, row.stateFormat);
                    update.setObject(8, row.ref.tenantId().value());
                    update.setObject(9, row.id);
                    update.setLong(10, row.loadedVersion);
                    update.addBatch();
                }
            }
            for (int count : update.executeBatch()) {
                if (count != 1) {
                    throw new ConcurrentChangeException("a workflow instance changed under its row lock");
                }
            }
        }
    }
}
