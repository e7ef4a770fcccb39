package io.finrelay.engine.audit;

import io.finrelay.engine.db.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Removes audit records older than the retention period, with the links that seal them, from the
 * start of each tenant's chain, a whole link at a time. Before removing, it stores the last removed
 * link's last seq and hash as the tenant's anchor, so that what remains still verifies from there. The only code allowed to delete audit
 * rows: the triggers let a DELETE pass only in a transaction that says it is the retention job.
 */
public final class AuditRetention {
    private static final int FETCH = 1_000;

    private final Database db;
    private final int chunk;

    /** {@code chunk} caps the links removed per tenant and transaction, so no purge holds back vacuum long. */
    public AuditRetention(Database db, int chunk) {
        this.db = db;
        this.chunk = chunk;
    }

    /** Removes the sealed records that occurred before {@code cutoff}; returns how many. */
    public long purgeBefore(Instant cutoff) {
        long total = 0;
        for (long removed = purgeChunk(cutoff); removed > 0; removed = purgeChunk(cutoff)) {
            total += removed;
        }
        return total;
    }

    private long purgeChunk(Instant cutoff) {
        // Across tenants by design: retention applies to every tenant's trail.
        return db.inSystem(c -> {
            // Waits for a running sealer: the anchor and the head must not move under each other.
            try (PreparedStatement s = c.prepareStatement(
                    "select pg_advisory_xact_lock(?), set_config('finrelay.audit_retention', 'on', true)")) {
                s.setLong(1, AuditSealer.LOCK);
                s.execute();
            }
            long removed = 0;
            for (UUID tenant : tenants(c)) {
                removed += purgeTenant(c, tenant, cutoff);
            }
            return removed;
        });
    }

    private static List<UUID> tenants(Connection c) throws SQLException {
        List<UUID> tenants = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("select tenant_id from audit_chain_head order by tenant_id");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                tenants.add(rs.getObject(1, UUID.class));
            }
        }
        return tenants;
    }

    /**
     * Walks the tenant's oldest links until the first that covers a record at or after the cutoff (or
     * lists a record that is gone: evidence is never purged), then cuts the chain after the last old one.
     * A link goes whole, with every record it lists.
     */
    private long purgeTenant(Connection c, UUID tenant, Instant cutoff) throws SQLException {
        long lastSeq = 0;
        byte[] lastHash = null;
        long count = 0;
        try (PreparedStatement s = c.prepareStatement("select l.last_seq, l.hash, cardinality(l.audit_ids), "
                + "r.present, r.old from audit_chain_head h "
                + "join audit_link l on l.tenant_id = h.tenant_id and l.last_seq > h.anchor_seq "
                + "cross join lateral (select count(e.id) as present, count(e.id) filter (where e.occurred_at < ?) as old "
                + "from unnest(l.audit_ids) u(id) left join audit_event e on e.tenant_id = l.tenant_id and e.id = u.id) r "
                + "where h.tenant_id = ? order by l.last_seq limit ?")) {
            s.setFetchSize(FETCH);
            s.setObject(1, cutoff.atOffset(java.time.ZoneOffset.UTC));
            s.setObject(2, tenant);
            s.setInt(3, chunk);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    long listed = rs.getLong(3);
                    if (rs.getLong(4) != listed || rs.getLong(5) != listed) {
                        break;
                    }
                    lastSeq = rs.getLong(1);
                    lastHash = rs.getBytes(2);
                    count += listed;
                }
            }
        }
        if (count == 0) {
            return 0;
        }
        cut(c, tenant, lastSeq, lastHash);
        return count;
    }

    private static void cut(Connection c, UUID tenant, long seq, byte[] hash) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("with gone as (delete from audit_link where tenant_id = ? "
                + "and last_seq <= ? returning tenant_id, audit_ids), rows as (delete from audit_event e using gone "
                + "cross join lateral unnest(gone.audit_ids) u(id) where e.tenant_id = gone.tenant_id and e.id = u.id) "
                + "update audit_chain_head set anchor_seq = ?, anchor_hash = ? where tenant_id = ?")) {
            s.setObject(1, tenant);
            s.setLong(2, seq);
            s.setLong(3, seq);
            s.setBytes(4, hash);
            s.setObject(5, tenant);
            s.executeUpdate();
        }
    }
}
