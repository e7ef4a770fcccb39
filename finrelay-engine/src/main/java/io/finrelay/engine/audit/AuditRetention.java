package io.finrelay.engine.audit;

import io.finrelay.engine.db.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Removes audit records older than the retention period, with their seals, from the start of each
 * tenant's chain. Before removing, it stores the last removed seal's seq and hash as the tenant's
 * anchor, so that what remains still verifies from there. The only code allowed to delete audit
 * rows: the triggers let a DELETE pass only in a transaction that says it is the retention job.
 */
public final class AuditRetention {
    private static final int FETCH = 1_000;

    private final Database db;
    private final int chunk;

    /** {@code chunk} caps the seals removed per tenant and transaction, so no purge holds back vacuum long. */
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
     * Walks the tenant's oldest seals until the first record at or after the cutoff (or a seal without
     * its record: evidence is never purged), then cuts the chain after the last old one.
     */
    private long purgeTenant(Connection c, UUID tenant, Instant cutoff) throws SQLException {
        long lastSeq = 0;
        byte[] lastHash = null;
        long count = 0;
        try (PreparedStatement s = c.prepareStatement("select s.seq, s.hash, e.occurred_at from audit_chain_head h "
                + "join audit_seal s on s.tenant_id = h.tenant_id and s.seq > h.anchor_seq "
                + "left join audit_event e on e.tenant_id = s.tenant_id and e.id = s.audit_id "
                + "where h.tenant_id = ? order by s.seq limit ?")) {
            s.setFetchSize(FETCH);
            s.setObject(1, tenant);
            s.setInt(2, chunk);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    OffsetDateTime occurred = rs.getObject(3, OffsetDateTime.class);
                    if (occurred == null || !occurred.toInstant().isBefore(cutoff)) {
                        break;
                    }
                    lastSeq = rs.getLong(1);
                    lastHash = rs.getBytes(2);
                    count++;
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
        try (PreparedStatement s = c.prepareStatement("with gone as (delete from audit_seal where tenant_id = ? "
                + "and seq <= ? returning tenant_id, audit_id), rows as (delete from audit_event e using gone "
                + "where e.tenant_id = gone.tenant_id and e.id = gone.audit_id) "
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
