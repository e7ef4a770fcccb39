package io.finrelay.engine.outbox;

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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The outbox table: commands from their transition until their final outcome. */
public final class OutboxStore {
    private final FieldSealer sealer;

    /** {@code sealer} seals sensitive payload fields at rest and opens them for the connectors. */
    public OutboxStore(FieldSealer sealer) {
        this.sealer = sealer;
    }

    public record NewCommand(TenantId tenantId, UUID commandId, UUID instanceId, long seq, String connector,
                             String type, String payloadJson, String correlationId, Instant createdAt,
                             String traceParent) {}

    /**
     * A command claimed by this node, with its instance's address. {@code replaces} is the id of the command an
     * operator's replay gave this one in place of, until a send under this id happened: the peer is asked about
     * that id first (null for every other command).
     */
    public record Claimed(CommandEnvelope envelope, long seq, int attemptsBefore, boolean lookupFirst,
                          Instant createdAt, UUID replaces, String traceParent) {}

    public void insert(Connection connection, List<NewCommand> commands) throws SQLException {
        MultiInsert insert = new MultiInsert();
        stage(insert, commands);
        insert.execute(connection);
    }

    /** Adds new commands to a multi-table insert that the caller executes in the deciding transaction. */
    public void stage(MultiInsert insert, List<NewCommand> commands) {
        MultiInsert.Table table = insert.into("outbox", "",
                Column.of("tenant_id", Type.UUID), Column.of("command_id", Type.UUID), Column.of("instance_id", Type.UUID),
                Column.of("seq", Type.INT8), Column.of("connector", Type.TEXT), Column.of("command_type", Type.TEXT),
                Column.of("payload", Type.JSONB), Column.of("status", Type.TEXT), Column.of("next_attempt_at", Type.TIMESTAMPTZ),
                Column.of("correlation_id", Type.TEXT), Column.of("created_at", Type.TIMESTAMPTZ),
                Column.of("trace_parent", Type.TEXT));
        for (NewCommand c : commands) {
            table.add(c.tenantId().value(), c.commandId(), c.instanceId(), c.seq(), c.connector(), c.type(),
                    sealer.sealJson(c.tenantId(), c.payloadJson()),
                    "READY", c.createdAt(), c.correlationId(), c.createdAt(), c.traceParent());
        }
    }

    /**
     * Claims up to {@code limit} deliverable commands: due, not held by another node, and first in
     * line for their instance (no earlier command of the same instance is still in the outbox), which
     * keeps the order per business object. The claim is committed before any call is made: it is the
     * written intent that lets a restart know a call may have happened. Its lease runs for {@code lease}
     * by the database's clock, the one clock every node shares, so a node whose own clock runs ahead cannot
     * take another's live claim for expired (see {@link #recoverExpired}).
     */
    public List<Claimed> claim(Connection connection, String node, Instant now, Duration lease, int limit)
            throws SQLException {
        try (PreparedStatement claim = connection.prepareStatement(
                "with next as (select o.tenant_id, o.command_id from outbox o "
                        + "where o.status in ('READY', 'UNKNOWN') and o.next_attempt_at <= ? "
                        + "and not exists (select 1 from outbox p where p.instance_id = o.instance_id "
                        + "and p.seq < o.seq and p.tenant_id = o.tenant_id) "
                        + "order by o.next_attempt_at limit ? for update of o skip locked) "
                        + "update outbox o set status = 'SENDING', claimed_by = ?, "
                        + "lease_until = clock_timestamp() + ? * interval '1 millisecond' from next "
                        + "where o.tenant_id = next.tenant_id and o.command_id = next.command_id "
                        + "returning o.tenant_id, o.command_id, o.instance_id, o.seq, o.connector, o.command_type, "
                        + "o.payload::text, o.correlation_id, o.attempts, o.lookup_first, o.created_at, "
                        + "(select w.workflow_type from workflow_instance w where w.tenant_id = o.tenant_id and w.id = o.instance_id), "
                        + "(select w.business_key from workflow_instance w where w.tenant_id = o.tenant_id and w.id = o.instance_id), "
                        + "o.replaces, o.trace_parent")) {
            claim.setTimestamp(1, Sql.ts(now));
            claim.setInt(2, limit);
            claim.setString(3, node);
            claim.setLong(4, lease.toMillis());
            List<Claimed> claimed = new ArrayList<>();
            try (ResultSet rs = claim.executeQuery()) {
                while (rs.next()) {
                    int attempts = rs.getInt(9);
                    TenantId tenant = new TenantId(rs.getObject(1, UUID.class));
                    CommandEnvelope envelope = new CommandEnvelope(tenant,
                            rs.getObject(2, UUID.class), rs.getObject(3, UUID.class), rs.getString(12),
                            rs.getString(13), rs.getString(5), rs.getString(6), sealer.openJson(tenant, rs.getString(7)),
                            rs.getString(8), attempts + 1);
                    claimed.add(new Claimed(envelope, rs.getLong(4), attempts, rs.getBoolean(10),
                            Sql.instant(rs.getTimestamp(11)), rs.getObject(14, UUID.class), rs.getString(15)));
                }
            }
            return claimed;
        }
    }

    /**
     * Commands left SENDING by a node that died: whether the call happened is unknown, so they are
     * marked UNKNOWN and the peer will be asked before anything is sent again. At its restart a node
     * recovers its own claims at once; any node recovers claims whose lease has run out by the database's
     * clock (never by its own: clocks of nodes drift apart).
     */
    public int recoverOwn(Connection connection, String node) throws SQLException {
        return markUnknown(connection, "claimed_by = ?", node);
    }

    public int recoverExpired(Connection connection) throws SQLException {
        return markUnknown(connection, "lease_until < clock_timestamp()", null);
    }

    private int markUnknown(Connection connection, String condition, String node) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "update outbox set status = 'UNKNOWN', lookup_first = true, claimed_by = null, lease_until = null, "
                        + "last_error = 'delivery interrupted: outcome unknown' where status = 'SENDING' and " + condition)) {
            if (node != null) {
                update.setString(1, node);
            }
            return update.executeUpdate();
        }
    }

    /**
     * Makes this node's claimed commands that were attempted but whose outcome was never recorded
     * UNKNOWN, to be looked up first; those no longer SENDING under its claim are left as they are.
     * Returns how many it changed.
     */
    public int recoverUnrecorded(Connection connection, String node, List<Claimed> attempted) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "update outbox set status = 'UNKNOWN', lookup_first = true, claimed_by = null, lease_until = null, "
                        + "last_error = 'outcome not recorded: the database was unreachable' "
                        + "where tenant_id = ? and command_id = ? and status = 'SENDING' and claimed_by = ?")) {
            for (Claimed c : attempted) {
                update.setObject(1, c.envelope().tenantId().value());
                update.setObject(2, c.envelope().commandId());
                update.setString(3, node);
                update.addBatch();
            }
            int changed = 0;
            for (int n : update.executeBatch()) {
                changed += Math.max(0, n);
            }
            return changed;
        }
    }

    /** Hands back claimed commands that were not attempted, as they were before the claim. */
    public void release(Connection connection, List<Claimed> claimed) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "update outbox set status = case when lookup_first then 'UNKNOWN' else 'READY' end, claimed_by = null, "
                        + "lease_until = null where tenant_id = ? and command_id = ? and status = 'SENDING'")) {
            for (Claimed c : claimed) {
                update.setObject(1, c.envelope().tenantId().value());
                update.setObject(2, c.envelope().commandId());
                update.addBatch();
            }
            update.executeBatch();
        }
    }

    /** Puts a claimed command back to wait for its next attempt. */
    public void reschedule(Connection connection, CommandEnvelope command, String status, boolean lookupFirst,
                           int attempts, Instant nextAttemptAt, String lastError) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "update outbox set status = ?, lookup_first = ?, attempts = ?, next_attempt_at = ?, last_error = ?, "
                        + "claimed_by = null, lease_until = null where tenant_id = ? and command_id = ?")) {
            update.setString(1, status);
            update.setBoolean(2, lookupFirst);
            update.setInt(3, attempts);
            update.setTimestamp(4, Sql.ts(nextAttemptAt));
            update.setString(5, truncate(lastError));
            update.setObject(6, command.tenantId().value());
            update.setObject(7, command.commandId());
            update.executeUpdate();
        }
    }

    /** A command's final outcome, to move it out of the outbox. */
    public record Finished(TenantId tenantId, UUID commandId, String outcome, String resultJson, Integer attempts) {}

    /** Moves a command out of the outbox into outbox_done with its final outcome. */
    public boolean finish(Connection connection, TenantId tenant, UUID commandId, String outcome, String resultJson,
                          Integer attempts, Instant finishedAt) throws SQLException {
        return finishAll(connection, List.of(new Finished(tenant, commandId, outcome, resultJson, attempts)), finishedAt) == 1;
    }

    /**
     * What the peer answered to a finished command (opened, compact JSON), if it has finished; "{}" when it
     * answered nothing.
     */
    public Optional<String> finishedResult(Connection connection, TenantId tenant, UUID commandId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "select result::text from outbox_done where tenant_id = ? and command_id = ?")) {
            select.setObject(1, tenant.value());
            select.setObject(2, commandId);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String result = rs.getString(1);
                // Compact, as a connector hands it over (PostgreSQL's jsonb text puts spaces after colons).
                return Optional.of(result == null ? "{}" : io.finrelay.engine.json.Json.write(
                        io.finrelay.engine.json.Json.read(sealer.openJson(tenant, result),
                                com.fasterxml.jackson.databind.JsonNode.class)));
            }
        }
    }

    /** Moves finished commands to outbox_done in one batched round trip; returns how many moved. */
    public int finishAll(Connection connection, List<Finished> finished, Instant finishedAt) throws SQLException {
        if (finished.isEmpty()) {
            return 0;
        }
        try (PreparedStatement move = connection.prepareStatement(
                "with gone as (delete from outbox where tenant_id = ? and command_id = ? returning *) "
                        + "insert into outbox_done (tenant_id, command_id, instance_id, seq, connector, command_type, payload, "
                        + "outcome, result, attempts, correlation_id, created_at, finished_at, trace_parent) "
                        + "select tenant_id, command_id, instance_id, seq, connector, command_type, payload, ?, ?::jsonb, "
                        + "coalesce(?, attempts), correlation_id, created_at, ?, trace_parent from gone")) {
            for (Finished f : finished) {
                move.setObject(1, f.tenantId().value());
                move.setObject(2, f.commandId());
                move.setString(3, f.outcome());
                // A peer's answer may echo what it was sent (a payee's IBAN): sealed at rest like the payload.
                Sql.setJson(move, 4, sealer.sealJson(f.tenantId(), f.resultJson()));
                move.setObject(5, f.attempts(), java.sql.Types.INTEGER);
                move.setTimestamp(6, Sql.ts(finishedAt));
                move.addBatch();
            }
            int moved = 0;
            for (int count : move.executeBatch()) {
                moved += count;
            }
            return moved;
        }
    }

    /** A command as stored, for operators and tests. */
    public record Row(TenantId tenantId, UUID commandId, UUID instanceId, long seq, String connector, String type,
                      String payloadJson, String status, int attempts, boolean lookupFirst, Instant nextAttemptAt,
                      String lastError, String correlationId) {}

    public Optional<Row> find(Connection connection, TenantId tenant, UUID commandId, boolean forUpdate)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "select tenant_id, command_id, instance_id, seq, connector, command_type, payload::text, status, attempts, "
                        + "lookup_first, next_attempt_at, last_error, correlation_id from outbox "
                        + "where tenant_id = ? and command_id = ?" + (forUpdate ? " for update" : ""))) {
            select.setObject(1, tenant.value());
            select.setObject(2, commandId);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Row(new TenantId(rs.getObject(1, UUID.class)), rs.getObject(2, UUID.class),
                        rs.getObject(3, UUID.class), rs.getLong(4), rs.getString(5), rs.getString(6), rs.getString(7),
                        rs.getString(8), rs.getInt(9), rs.getBoolean(10), Sql.instant(rs.getTimestamp(11)),
                        rs.getString(12), rs.getString(13)));
            }
        }
    }

    /**
     * Gives a command a new id (a new idempotency key) in place, keeping its place in line. The new command waits
     * as UNKNOWN: its first attempt asks the peer whether the old id took effect, and sends under the new id only
     * when the peer has no record of it (the old id's last answer may have followed the peer's commit).
     */
    public void replaceId(Connection connection, Row row, UUID newId, Instant now) throws SQLException {
        finish(connection, row.tenantId(), row.commandId(), "REPLACED", "{\"replacedBy\":\"" + newId + "\"}", null, now);
        insert(connection, List.of(new NewCommand(row.tenantId(), newId, row.instanceId(), row.seq(), row.connector(),
                row.type(), row.payloadJson(), row.correlationId(), now, null)));
        try (PreparedStatement update = connection.prepareStatement(
                "update outbox set status = 'UNKNOWN', lookup_first = true, replaces = ? "
                        + "where tenant_id = ? and command_id = ?")) {
            update.setObject(1, row.commandId());
            update.setObject(2, row.tenantId().value());
            update.setObject(3, newId);
            update.executeUpdate();
        }
    }

    /** The replaced id was asked about and the command sent under its own id: later look-ups ask about that one. */
    public void forgetReplaced(Connection connection, List<CommandEnvelope> sent) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "update outbox set replaces = null where tenant_id = ? and command_id = ?")) {
            for (CommandEnvelope c : sent) {
                update.setObject(1, c.tenantId().value());
                update.setObject(2, c.commandId());
                update.addBatch();
            }
            update.executeBatch();
        }
    }

    static String truncate(String text) {
        return text == null || text.length() <= 2000 ? text : text.substring(0, 2000) + "...";
    }
}
