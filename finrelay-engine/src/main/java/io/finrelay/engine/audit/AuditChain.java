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
 * The one definition of a seal's hash: {@code SHA-256(prev_hash || seq || canonical bytes of the row)}.
 * The sealer and the verifier both call {@link #link}, so they cannot drift apart.
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

    public static byte[] link(byte[] prevHash, long seq, Row row) {
        MessageDigest sha = sha256();
        sha.update(prevHash);
        sha.update(longBytes(seq));
        sha.update(uuidBytes(row.tenantId()));
        sha.update(longBytes(row.id()));
        sha.update(row.instanceId() == null ? new byte[] {0} : concat(new byte[] {1}, uuidBytes(row.instanceId())));
        text(sha, row.correlationId());
        sha.update(longBytes(ChronoUnit.MICROS.between(Instant.EPOCH, row.occurredAt())));
        text(sha, row.actor());
        text(sha, row.kind());
        text(sha, row.detailJson());
        return sha.digest();
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
