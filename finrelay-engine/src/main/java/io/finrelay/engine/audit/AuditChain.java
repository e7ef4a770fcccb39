package io.finrelay.engine.audit;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * The one definition of the chain's hashes; the sealer and the verifier both call these, so they
 * cannot drift apart.
 *
 * <p>A link covers a range of a tenant's rows, those one sealer pass found: {@link #range} is
 * {@code SHA-256(tag || prev_hash || first_seq || last_seq || (audit id || row hash) for each row in
 * chain order)}, where a row's hash is {@link #rowHash}, {@code SHA-256(canonical bytes of the row)}.
 * The per-row hashes are kept in the link, so a verifier that recomputes them names the row that no
 * longer matches. Links written before ranges (V1_10 carried them over) cover one row each and hash
 * as {@link #link}: {@code SHA-256(prev_hash || seq || canonical bytes of the row)}.
 *
 * <p>The row's bytes are its fields in a fixed order, each string length-prefixed (so no two rows
 * share an encoding), the time as UTC microseconds (PostgreSQL's precision) and the detail as
 * PostgreSQL's own jsonb text, which is normalised (key order, spacing) and so reads back the same.
 */
public final class AuditChain {
    /** The hash before a tenant's first seal. */
    public static final byte[] GENESIS = new byte[32];

    /** The columns {@link Row#read} expects, in order, for an {@code audit_event} aliased {@code e}. */
    static final String ROW_COLUMNS =
            "e.tenant_id, e.id, e.instance_id, e.correlation_id, e.occurred_at, e.actor, e.kind, e.detail::text";

    private AuditChain() {}

    /** An audit row as the chain sees it. */
    public record Row(UUID tenantId, long id, UUID instanceId, String correlationId, Instant occurredAt,
                      String actor, String kind, String detailJson) {
        /** Reads {@link #ROW_COLUMNS} starting at column {@code first}. */
        static Row read(ResultSet rs, int first) throws SQLException {
            return new Row(rs.getObject(first, UUID.class), rs.getLong(first + 1), rs.getObject(first + 2, UUID.class),
                    rs.getString(first + 3), rs.getObject(first + 4, OffsetDateTime.class).toInstant(),
                    rs.getString(first + 5), rs.getString(first + 6), rs.getString(first + 7));
        }
    }

    /** Where a range link's bytes begin: no per-row link (which begins with a hash) can be read as one. */
    private static final byte[] RANGE_TAG = "finrelay-audit-range-v1".getBytes(StandardCharsets.US_ASCII);

    /** The length of a SHA-256 hash, and of each row's hash in a link's {@code row_hashes}. */
    public static final int HASH_BYTES = 32;

    /** A per-row link, as sealed before ranges (V1_1 to V1_2); still verified as such. */
    public static byte[] link(byte[] prevHash, long seq, Row row) {
        MessageDigest sha = sha256();
        sha.update(prevHash);
        sha.update(longBytes(seq));
        canonical(sha, row);
        return sha.digest();
    }

    /** The hash of one row's canonical bytes, as a range link lists it. */
    public static byte[] rowHash(Row row) {
        MessageDigest sha = sha256();
        canonical(sha, row);
        return sha.digest();
    }

    /**
     * The hash of a link covering rows {@code firstSeq..lastSeq}: {@code auditIds[i]} is the row at
     * {@code firstSeq + i} and {@code rowHashes} holds their {@link #rowHash}es back to back.
     */
    public static byte[] range(byte[] prevHash, long firstSeq, long lastSeq, long[] auditIds, byte[] rowHashes) {
        if (auditIds.length != lastSeq - firstSeq + 1 || rowHashes.length != auditIds.length * HASH_BYTES) {
            throw new IllegalArgumentException("a link of seqs " + firstSeq + ".." + lastSeq + " needs that many ids and hashes");
        }
        MessageDigest sha = sha256();
        sha.update(RANGE_TAG);
        sha.update(prevHash);
        sha.update(longBytes(firstSeq));
        sha.update(longBytes(lastSeq));
        for (int i = 0; i < auditIds.length; i++) {
            sha.update(longBytes(auditIds[i]));
            sha.update(rowHashes, i * HASH_BYTES, HASH_BYTES);
        }
        return sha.digest();
    }

    private static void canonical(MessageDigest sha, Row row) {
        sha.update(uuidBytes(row.tenantId()));
        sha.update(longBytes(row.id()));
        sha.update(row.instanceId() == null ? new byte[] {0} : concat(new byte[] {1}, uuidBytes(row.instanceId())));
        text(sha, row.correlationId());
        sha.update(longBytes(ChronoUnit.MICROS.between(Instant.EPOCH, row.occurredAt())));
        text(sha, row.actor());
        text(sha, row.kind());
        text(sha, row.detailJson());
    }

    private static void text(MessageDigest sha, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        sha.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
        sha.update(bytes);
    }

    private static byte[] longBytes(long value) {
        return ByteBuffer.allocate(8).putLong(value).array();
    }

    private static byte[] uuidBytes(UUID value) {
        return ByteBuffer.allocate(16).putLong(value.getMostSignificantBits()).putLong(value.getLeastSignificantBits()).array();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = new byte[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
