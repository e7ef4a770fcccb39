package io.finrelay.engine.inbox;

import io.finrelay.engine.db.MultiInsert;
import io.finrelay.engine.db.MultiInsert.Column;
import io.finrelay.engine.db.MultiInsert.Type;
import io.finrelay.engine.db.Sql;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The inbox: every inbound event and every idempotent request is recorded under its {@link InboxKey}
 * with a hash of its payload and its first result, in the same transaction as its effect.
 *
 * <p>A key is "in flight" while a transaction holds a transaction-scoped advisory lock on it; a second
 * transaction that cannot take the lock is told {@link Claim.InFlight} instead of waiting. Once the
 * first transaction commits, the row is there and every later delivery is a {@link Claim.Repeat}.
 */
public final class Inbox {

    /** A key and the hash of the payload that came with it. */
    public record Entry(InboxKey key, byte[] payloadHash) {
        public Entry {
            if (payloadHash == null || payloadHash.length != 32) {
                throw new IllegalArgumentException("payload hash must be a SHA-256 digest");
            }
        }
    }

    /** A processed entry to store with its first result. */
    public record Outcome(Entry entry, String resultJson, UUID instanceId, String correlationId, Instant receivedAt) {}

    public static byte[] hash(String payload) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(payload.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /**
     * Claims the keys of a batch, in one round trip for the locks and one for the lookup. Must run in
     * the transaction that will record the outcomes. Duplicate keys within one batch are the caller's
     * to notice (the same transaction holds both locks).
     */
    public Map<InboxKey, Claim> claim(Connection connection, List<Entry> entries) throws SQLException {
        Map<InboxKey, Claim> claims = new HashMap<>();
        if (entries.isEmpty()) {
            return claims;
        }
        // One round trip: try each key's lock and read its row, one primary-key probe per key (lateral:
        // a batch is small, the table is not, and its statistics may lag behind its growth). A row committed between this
        // statement's snapshot and its lock attempt is caught by the primary key at record time
        // (the batch then fails and is re-applied one by one, where the row is seen).
        try (PreparedStatement claim = connection.prepareStatement(
                "select k.ord, pg_try_advisory_xact_lock(hashtextextended(k.lock_text, 7)), i.payload_hash, i.result::text "
                        + "from unnest(?::text[], ?::uuid[], ?::text[], ?::text[]) with ordinality "
                        + "as k(lock_text, tenant_id, source, dedup_key, ord) "
                        + "left join lateral (select payload_hash, result from inbox i where i.tenant_id = k.tenant_id "
                        + "and i.source = k.source and i.dedup_key = k.dedup_key) i on true order by k.ord")) {
            Sql.planEachTime(claim);
            claim.setArray(1, Sql.texts(connection, entries.stream().map(e -> e.key().lockText()).toArray(String[]::new)));
            claim.setArray(2, Sql.uuids(connection, entries.stream().map(e -> e.key().tenantId().value()).toArray(UUID[]::new)));
            claim.setArray(3, Sql.texts(connection, entries.stream().map(e -> e.key().source()).toArray(String[]::new)));
            claim.setArray(4, Sql.texts(connection, entries.stream().map(e -> e.key().key()).toArray(String[]::new)));
            try (ResultSet rs = claim.executeQuery()) {
                while (rs.next()) {
                    Entry entry = entries.get(rs.getInt(1) - 1);
                    byte[] storedHash = rs.getBytes(3);
                    Claim result;
                    if (storedHash != null) {
                        result = Arrays.equals(storedHash, entry.payloadHash())
                                ? new Claim.Repeat(rs.getString(4)) : new Claim.PayloadMismatch();
                    } else if (!rs.getBoolean(2)) {
                        result = new Claim.InFlight();
                    } else {
                        result = new Claim.Fresh();
                    }
                    claims.putIfAbsent(entry.key(), result);
                }
            }
        }
        return claims;
    }

    /** Stores the first results of freshly processed entries. */
    public void record(Connection connection, List<Outcome> outcomes) throws SQLException {
        MultiInsert insert = new MultiInsert();
        stage(insert, outcomes);
        insert.execute(connection);
    }

    /** Adds the results to a multi-table insert that the caller executes in the claiming transaction. */
    public void stage(MultiInsert insert, List<Outcome> outcomes) {
        MultiInsert.Table table = insert.into("inbox", "",
                Column.of("tenant_id", Type.UUID), Column.of("source", Type.TEXT), Column.of("dedup_key", Type.TEXT),
                Column.of("payload_hash", Type.BYTEA), Column.of("result", Type.JSONB), Column.of("instance_id", Type.UUID),
                Column.of("correlation_id", Type.TEXT), Column.of("received_at", Type.TIMESTAMPTZ));
        for (Outcome o : outcomes) {
            InboxKey key = o.entry().key();
            table.add(key.tenantId().value(), key.source(), key.key(), o.entry().payloadHash(), o.resultJson(),
                    o.instanceId(), o.correlationId(), o.receivedAt());
        }
    }
}
