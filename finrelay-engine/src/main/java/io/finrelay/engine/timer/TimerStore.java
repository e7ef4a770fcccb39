package io.finrelay.engine.timer;

import io.finrelay.engine.db.MultiInsert;
import io.finrelay.engine.db.MultiInsert.Column;
import io.finrelay.engine.db.MultiInsert.Type;
import io.finrelay.engine.db.Sql;
import io.finrelay.model.id.TenantId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Durable timers: rows that wait for their due time, whatever restarts happen in between. */
public final class TimerStore {

    /** A timer to set; {@code eventFormat} is the version of the workflow's stored format the event is in. */
    public record NewTimer(TenantId tenantId, UUID instanceId, String name, Instant dueAt, String eventType,
                           String eventJson, int eventFormat) {}

    public record TimerKey(TenantId tenantId, UUID instanceId, String name) {}

    public record InstanceKey(TenantId tenantId, UUID instanceId) {}

    /** A due timer claimed for firing, with the address of its instance. */
    public record DueTimer(TenantId tenantId, UUID instanceId, String workflowType, String businessKey,
                           String correlationId, String name, Instant dueAt, String eventType, String eventJson,
                           int eventFormat) {}

    /**
     * When a parked timer is due: not before an operator re-arms it ({@link #rearm}). A timer whose event this
     * node cannot read (stored by newer code) is kept with its event as it was, at this time, rather than lost.
     */
    public static final Instant PARKED = Instant.parse("9999-12-31T00:00:00Z");

    /**
     * Makes a parked timer due at {@code now}, so that the next firing reads its event again (on a node that
     * can). False if the instance has no such parked timer (it was replaced, cancelled or re-armed since).
     */
    public boolean rearm(Connection connection, TenantId tenant, UUID instanceId, String name, Instant now)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "update timer set due_at = ? where tenant_id = ? and instance_id = ? and name = ? and due_at = ?")) {
            update.setTimestamp(1, Sql.ts(now));
            update.setObject(2, tenant.value());
            update.setObject(3, instanceId);
            update.setString(4, name);
            update.setTimestamp(5, Sql.ts(PARKED));
            return update.executeUpdate() == 1;
        }
    }

    /** Sets timers; a timer of the same name on the same instance is replaced. */
    public void upsert(Connection connection, List<NewTimer> timers) throws SQLException {
        MultiInsert insert = new MultiInsert();
        stage(insert, timers);
        insert.execute(connection);
    }

    /** Adds timers to a multi-table insert that the caller executes in the deciding transaction. */
    public void stage(MultiInsert insert, List<NewTimer> timers) {
        MultiInsert.Table table = insert.into("timer", "on conflict (tenant_id, instance_id, name) do update "
                        + "set due_at = excluded.due_at, event_type = excluded.event_type, event = excluded.event, "
                        + "event_format = excluded.event_format",
                Column.of("tenant_id", Type.UUID), Column.of("instance_id", Type.UUID), Column.of("name", Type.TEXT),
                Column.of("due_at", Type.TIMESTAMPTZ), Column.of("event_type", Type.TEXT), Column.of("event", Type.JSONB),
                Column.of("event_format", Type.INT4));
        for (NewTimer t : timers) {
            table.add(t.tenantId().value(), t.instanceId(), t.name(), t.dueAt(), t.eventType(), t.eventJson(),
                    t.eventFormat());
        }
    }

    public void cancel(Connection connection, List<TimerKey> keys) throws SQLException {
        if (keys.isEmpty()) {
            return;
        }
        try (PreparedStatement delete = connection.prepareStatement(
                "delete from timer where tenant_id = ? and instance_id = ? and name = ?")) {
            for (TimerKey key : keys) {
                delete.setObject(1, key.tenantId().value());
                delete.setObject(2, key.instanceId());
                delete.setString(3, key.name());
                delete.addBatch();
            }
            delete.executeBatch();
        }
    }

    /** Removes every timer of instances that have ended. */
    public void cancelAll(Connection connection, List<InstanceKey> instances) throws SQLException {
        if (instances.isEmpty()) {
            return;
        }
        try (PreparedStatement delete = connection.prepareStatement(
                "delete from timer where tenant_id = ? and instance_id = ?")) {
            for (InstanceKey key : instances) {
                delete.setObject(1, key.tenantId().value());
                delete.setObject(2, key.instanceId());
                delete.addBatch();
            }
            delete.executeBatch();
        }
    }

    /**
     * Claims up to {@code limit} timers due at {@code now}, skipping those another node holds, and
     * deletes them; the caller fires them in the same transaction, so each fires exactly once.
     */
    public List<DueTimer> claimDue(Connection connection, Instant now, int limit) throws SQLException {
        try (PreparedStatement claim = connection.prepareStatement(
                "with due as (select tenant_id, instance_id, name from timer where due_at <= ? "
                        + "order by due_at limit ? for update skip locked) "
                        + "delete from timer t using due where t.tenant_id = due.tenant_id "
                        + "and t.instance_id = due.instance_id and t.name = due.name "
                        + "returning t.tenant_id, t.instance_id, t.name, t.due_at, t.event_type, t.event::text, t.event_format, "
                        + "(select w.workflow_type from workflow_instance w where w.tenant_id = t.tenant_id and w.id = t.instance_id), "
                        + "(select w.business_key from workflow_instance w where w.tenant_id = t.tenant_id and w.id = t.instance_id), "
                        + "(select w.correlation_id from workflow_instance w where w.tenant_id = t.tenant_id and w.id = t.instance_id)")) {
            claim.setTimestamp(1, Sql.ts(now));
            claim.setInt(2, limit);
            List<DueTimer> due = new ArrayList<>();
            try (ResultSet rs = claim.executeQuery()) {
                while (rs.next()) {
                    due.add(new DueTimer(new TenantId(rs.getObject(1, UUID.class)), rs.getObject(2, UUID.class),
                            rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(3),
                            Sql.instant(rs.getTimestamp(4)), rs.getString(5), rs.getString(6), rs.getInt(7)));
                }
            }
            return due;
        }
    }

    /** When the next timer is due, if any: the poller sleeps until then (or until woken). */
    public java.util.Optional<Instant> nextDue(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("select min(due_at) from timer");
             ResultSet rs = select.executeQuery()) {
            rs.next();
            return java.util.Optional.ofNullable(Sql.instant(rs.getTimestamp(1)));
        }
    }
}
