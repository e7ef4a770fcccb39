package io.finrelay.engine.audit;

import io.finrelay.engine.db.Database;
import io.finrelay.model.id.TenantId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Recomputes a tenant's audit chain from its anchor (the genesis, or where retention cut it) in seal
 * order and names the first record that does not fit. A link covers a range of seals (one per row):
 * each row's hash is recomputed and compared with the one the link lists, which names the row that
 * was edited or deleted; then the link's own hash over what it lists, which reveals an edited link.
 * It streams: a tenant's millions of rows pass through a cursor a thousand at a time and only the
 * running hash and the current link stay in memory.
 */
public final class AuditVerifier {
    private static final int FETCH = 1_000;
    /** Links are fetched fewer at a time: one lists a whole sealer pass's rows. */
    private static final int LINK_FETCH = 50;

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
        // Two streams over the same links in one snapshot: the links themselves, and the rows they
        // list (with the row where it still exists), in chain order. A link's ids and hashes are read
        // once, not once per row.
        try (PreparedStatement links = c.prepareStatement("select first_seq, last_seq, audit_ids, row_hashes, "
                + "prev_hash, hash from audit_link where tenant_id = ? and last_seq > ? order by last_seq");
             PreparedStatement rows = c.prepareStatement("select l.last_seq, u.id, e.id, " + AuditChain.ROW_COLUMNS
                + " from audit_link l cross join lateral unnest(l.audit_ids) with ordinality u(id, ord) "
                + "left join audit_event e on e.tenant_id = l.tenant_id and e.id = u.id "
                + "where l.tenant_id = ? and l.last_seq > ? order by l.last_seq, u.ord")) {
            links.setFetchSize(LINK_FETCH);
            rows.setFetchSize(FETCH);
            for (PreparedStatement s : List.of(links, rows)) {
                s.setObject(1, tenant.value());
                s.setLong(2, head.anchorSeq);
            }
            try (ResultSet linkRs = links.executeQuery(); ResultSet rowRs = rows.executeQuery()) {
                while (walk.broken.isEmpty() && linkRs.next()) {
                    Link link = new Link(linkRs.getLong(1), linkRs.getLong(2), (Long[]) linkRs.getArray(3).getArray(),
                            linkRs.getBytes(4), linkRs.getBytes(5), linkRs.getBytes(6));
                    List<Listed> listed = new ArrayList<>(link.ids.length);
                    while (listed.size() < link.ids.length && rowRs.next()) {
                        rowRs.getLong(3);
                        boolean gone = rowRs.wasNull();
                        listed.add(new Listed(rowRs.getLong(2), gone ? null : AuditChain.Row.read(rowRs, 4)));
                    }
                    walk.broken = check(link, listed, walk);
                }
            }
        }
        return walk;
    }

    /** A link as stored; {@code rowHashes} is null for a per-row seal of V1_1. */
    private record Link(long firstSeq, long lastSeq, Long[] ids, byte[] rowHashes, byte[] prevHash, byte[] hash) {
        long auditId(int i) {
            return i < ids.length ? ids[i] : 0;
        }
    }

    /** A row a link lists, and the row itself ({@code null} when it is gone). */
    private record Listed(long auditId, AuditChain.Row row) {}

    private static Optional<Break> check(Link link, List<Listed> listed, Walk walk) {
        long first = link.firstSeq;
        Long firstId = link.ids.length > 0 ? link.ids[0] : null;
        if (first != walk.seq + 1) {
            return Optional.of(new Break(Problem.MISSING_SEAL, walk.seq + 1, null,
                    "seals " + (walk.seq + 1) + " to " + (first - 1) + " are missing"));
        }
        if (!Arrays.equals(link.prevHash, walk.hash)) {
            return Optional.of(new Break(Problem.BROKEN_LINK, first, firstId,
                    "seal " + first + " does not link to the hash of seal " + walk.seq));
        }
        int count = link.ids.length;
        boolean legacy = link.rowHashes == null;
        if (count != link.lastSeq - first + 1 || listed.size() != count || count == 0 || (legacy && count != 1)
                || (!legacy && link.rowHashes.length != count * AuditChain.HASH_BYTES)) {
            return Optional.of(new Break(Problem.BROKEN_LINK, first, firstId, "seals " + first + " to " + link.lastSeq
                    + " do not list one record and one hash per seal: the seal was edited"));
        }
        long[] ids = new long[count];
        for (int i = 0; i < count; i++) {
            ids[i] = link.auditId(i);
            long seq = first + i;
            Listed row = listed.get(i);
            if (row.row() == null) {
                return Optional.of(new Break(Problem.MISSING_RECORD, seq, ids[i],
                        "audit record " + ids[i] + " (seal " + seq + ") is missing"));
            }
            boolean matches = legacy
                    ? Arrays.equals(AuditChain.link(link.prevHash, seq, row.row()), link.hash)
                    : Arrays.equals(AuditChain.rowHash(row.row()), Arrays.copyOfRange(link.rowHashes,
                            i * AuditChain.HASH_BYTES, (i + 1) * AuditChain.HASH_BYTES));
            if (!matches) {
                return Optional.of(new Break(Problem.ALTERED_RECORD, seq, ids[i],
                        "audit record " + ids[i] + " (seal " + seq + ") does not match its seal"));
            }
            walk.verified++;
        }
        if (!legacy && !Arrays.equals(AuditChain.range(link.prevHash, first, link.lastSeq, ids, link.rowHashes), link.hash)) {
            walk.verified -= count;
            return Optional.of(new Break(Problem.BROKEN_LINK, first, firstId, "the hash of seals " + first + " to "
                    + link.lastSeq + " does not match the records and hashes they list: the seal was edited"));
        }
        walk.seq = link.lastSeq;
        walk.hash = link.hash;
        return Optional.empty();
    }

    /**
     * Rows without a seal: pending ones (after the sealer's position and not sealed early), and the
     * lowest id of one the sealer has passed (null if none): that one was inserted behind the
     * application's back, since the sealer seals every row up to its position. A merge, in id order,
     * of the tenant's rows with the ids its links list: both streamed, nothing held in memory.
     */
    private record Unsealed(long pending, Long firstForeignId) {}

    private static Unsealed unsealed(Connection c, TenantId tenant) throws SQLException {
        long doneTxid;
        long doneId;
        try (PreparedStatement s = c.prepareStatement("select done_txid, done_id from audit_seal_cursor");
             ResultSet rs = s.executeQuery()) {
            rs.next();
            doneTxid = rs.getLong(1);
            doneId = rs.getLong(2);
        }
        long pending = 0;
        Long firstForeign = null;
        try (PreparedStatement events = c.prepareStatement(
                "select id, txid from audit_event where tenant_id = ? order by id");
             PreparedStatement sealed = c.prepareStatement("select u.id from audit_link l "
                + "cross join lateral unnest(l.audit_ids) u(id) where l.tenant_id = ? order by u.id")) {
            events.setFetchSize(FETCH);
            sealed.setFetchSize(FETCH);
            events.setObject(1, tenant.value());
            sealed.setObject(1, tenant.value());
            try (ResultSet e = events.executeQuery(); ResultSet l = sealed.executeQuery()) {
                boolean more = l.next();
                while (e.next()) {
                    long id = e.getLong(1);
                    while (more && l.getLong(1) < id) {
                        more = l.next();
                    }
                    if (more && l.getLong(1) == id) {
                        continue;
                    }
                    long txid = e.getLong(2);
                    boolean passed = txid < doneTxid || (txid == doneTxid && id <= doneId);
                    if (!passed) {
                        pending++;
                    } else if (firstForeign == null) {
                        firstForeign = id;
                    }
                }
            }
        }
        return new Unsealed(pending, firstForeign);
    }
}
