package io.finrelay.engine.audit;

import io.finrelay.engine.db.Database;
import io.finrelay.model.id.TenantId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Recomputes a tenant's audit chain from its anchor (the genesis, or where retention cut it) in seal
 * order and names the first record that does not fit. It streams: a tenant's millions of rows pass
 * through a cursor a thousand at a time and only the running hash stays in memory.
 */
public final class AuditVerifier {
    private static final int FETCH = 1_000;

    /** What can be wrong with a record of the chain. */
    public enum Problem {
        /** The row's content no longer hashes to its seal: edited (or its seal's hash was). */
        ALTERED_RECORD,
        /** The seal is there, its row is gone. */
        MISSING_RECORD,
        /** A seal does not point to the hash before it: a seal was edited or forged. */
        BROKEN_LINK,
        /** Seals are missing between the anchor and the head: removed from the middle. */
        MISSING_SEAL,
        /** The chain ends before its recorded head: the latest seals were removed. */
        TRUNCATED,
        /** A row the sealer passed over long ago and never sealed: written behind the application's back. */
        UNSEALED_RECORD
    }

    /** The first thing found wrong; {@code auditId} is the audit_event id where there is one. */
    public record Break(Problem problem, Long seq, Long auditId, String detail) {}

    /**
     * The outcome of one verification.
     *
     * @param anchorSeq  where verification started (0 without retention)
     * @param anchorHash the hash it started from, hex
     * @param verified   seals checked and found intact
     * @param headSeq    the last seal's seq, and {@code headHash} its hash (hex): publish it to detect a
     *                   rewrite of the whole chain later
     * @param pending    rows committed too recently to be sealed yet
     * @param firstBreak the first record found wrong, if any
     */
    public record Result(TenantId tenantId, long anchorSeq, String anchorHash, long verified, long headSeq,
                         String headHash, long pending, Optional<Break> firstBreak) {
        public boolean intact() {
            return firstBreak.isEmpty();
        }
    }

    private final Database db;

    public AuditVerifier(Database db) {
        this.db = db;
    }

    public Result verify(TenantId tenant) {
        // One snapshot for head, seals and rows, so that a seal appended meanwhile is not "truncated".
        return db.inTenantSnapshot(tenant, c -> {
            Head head = head(c, tenant);
            Walk walk = walk(c, tenant, head);
            Optional<Break> broken = walk.broken;
            if (broken.isEmpty() && (walk.seq != head.seq || !Arrays.equals(walk.hash, head.hash))) {
                broken = Optional.of(new Break(Problem.TRUNCATED, walk.seq + 1, null,
                        "the chain ends at seq " + walk.seq + " but its head is seq " + head.seq));
            }
            Unsealed unsealed = unsealed(c, tenant);
            if (broken.isEmpty() && unsealed.firstForeignId() != null) {
                broken = Optional.of(new Break(Problem.UNSEALED_RECORD, null, unsealed.firstForeignId(),
                        "audit record " + unsealed.firstForeignId() + " was never sealed although the sealer has passed it"));
            }
            HexFormat hex = HexFormat.of();
            return new Result(tenant, head.anchorSeq, hex.formatHex(head.anchorHash), walk.verified, walk.seq,
                    hex.formatHex(walk.hash), unsealed.pending(), broken);
        });
    }

    private record Head(long seq, byte[] hash, long anchorSeq, byte[] anchorHash) {}

    private static Head head(Connection c, TenantId tenant) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "select seq, hash, anchor_seq, anchor_hash from audit_chain_head where tenant_id = ?")) {
            s.setObject(1, tenant.value());
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? new Head(rs.getLong(1), rs.getBytes(2), rs.getLong(3), rs.getBytes(4))
                        : new Head(0, AuditChain.GENESIS, 0, AuditChain.GENESIS);
            }
        }
    }

    /** The running state of a walk along the seals: last good seq and hash, and the first break. */
    private static final class Walk {
        long seq;
        byte[] hash;
        long verified;
        Optional<Break> broken = Optional.empty();

        Walk(long seq, byte[] hash) {
            this.seq = seq;
            this.hash = hash;
        }
    }

    private static Walk walk(Connection c, TenantId tenant, Head head) throws SQLException {
        Walk walk = new Walk(head.anchorSeq, head.anchorHash);
        try (PreparedStatement s = c.prepareStatement("select s.seq, s.audit_id, s.prev_hash, s.hash, e.id, "
                + AuditChain.ROW_COLUMNS + " from audit_seal s left join audit_event e "
                + "on e.tenant_id = s.tenant_id and e.id = s.audit_id "
                + "where s.tenant_id = ? and s.seq > ? order by s.seq")) {
            s.setFetchSize(FETCH);
            s.setObject(1, tenant.value());
            s.setLong(2, head.anchorSeq);
            try (ResultSet rs = s.executeQuery()) {
                while (walk.broken.isEmpty() && rs.next()) {
                    walk.broken = check(rs, walk);
                }
            }
        }
        return walk;
    }

    private static Optional<Break> check(ResultSet rs, Walk walk) throws SQLException {
        long seq = rs.getLong(1);
        long auditId = rs.getLong(2);
        if (seq != walk.seq + 1) {
            return Optional.of(new Break(Problem.MISSING_SEAL, walk.seq + 1, null,
                    "seals " + (walk.seq + 1) + " to " + (seq - 1) + " are missing"));
        }
        if (!Arrays.equals(rs.getBytes(3), walk.hash)) {
            return Optional.of(new Break(Problem.BROKEN_LINK, seq, auditId,
                    "seal " + seq + " does not link to the hash of seal " + walk.seq));
        }
        rs.getLong(5);
        if (rs.wasNull()) {
            return Optional.of(new Break(Problem.MISSING_RECORD, seq, auditId,
                    "audit record " + auditId + " (seal " + seq + ") is missing"));
        }
        byte[] hash = rs.getBytes(4);
        if (!Arrays.equals(AuditChain.link(walk.hash, seq, AuditChain.Row.read(rs, 6)), hash)) {
            return Optional.of(new Break(Problem.ALTERED_RECORD, seq, auditId,
                    "audit record " + auditId + " (seal " + seq + ") does not match its seal"));
        }
        walk.seq = seq;
        walk.hash = hash;
        walk.verified++;
        return Optional.empty();
    }

    /**
     * Rows without a seal: pending ones (written by a transaction the sealer has not passed yet), and
     * the lowest id of one the sealer has passed (null if none): that one was inserted behind the
     * application's back, since the sealer seals every row of the transactions it passes.
     */
    private record Unsealed(long pending, Long firstForeignId) {}

    private static Unsealed unsealed(Connection c, TenantId tenant) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select count(*) filter (where e.txid >= h.horizon), "
                + "min(e.id) filter (where e.txid < h.horizon) from audit_event e, audit_seal_cursor h "
                + "where e.tenant_id = ? and not exists (select 1 from audit_seal s where s.tenant_id = e.tenant_id "
                + "and s.audit_id = e.id)")) {
            s.setObject(1, tenant.value());
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return new Unsealed(rs.getLong(1), rs.getObject(2, Long.class));
            }
        }
    }
}
