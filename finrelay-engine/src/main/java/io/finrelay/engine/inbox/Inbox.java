package io.finrelay.engine.inbox;

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
        String[] lockTexts = entries.stream().map(e -> e.key().lockText()).toArray(String[]::new);
        try (PreparedStatement lock = connection.prepareStatement(
                "select ord, pg_try_advisory_xact_lock(hashtextextended(k, 7)) "
                        + "from unnest(?::text[]) with ordinality as t(k, ord) order by ord")) {
            lock.setArray(1, Sql.texts(connection, lockTexts));
            try (ResultSet rs = lock.executeQuery()) {
                while (rs.next()) {
                    if (!rs.getBoolean(2)) {
                        claims.put(entries.get(rs.getInt(1) - 1).key(), new Claim.InFlight());
                    }
                }
            }
        }
        Map<InboxKey, byte[]> hashes = new HashMap<>();
        for (Entry entry : entries) {
            hashes.putIfAbsent(entry.key(), entry.payloadHash());
        }
        UUID[] tenants = entries.stream().map(e -> e.key().tenantId().value()).toArray(UUID[]::new);
        String[] sources = entries.stream().map(e -> e.key().source()).toArray(String[]::new);
        String[] keys = entries.stream().map(e -> e.key().key()).toArray(String[]::new);
        try (PreparedStatement find = connection.prepareStatement(
                "select i.tenant_id, i.source, i.dedup_key, i.payload_hash, i.result::text from inbox i "
                        + "join unnest(?::uuid[], ?::text[], ?::text[]) as k(tenant_id, source, dedup_key) "
                        + "using (tenant_id, source, dedup_key)")) {
            find.setArray(1, Sql.uuids(connection, tenants));
            find.setArray(2, Sql.texts(connection, sources));
            find.setArray(3, Sql.texts(connection, keys));
            try (ResultSet rs = find.executeQuery()) {
                while (rs.next()) {
                    InboxKey key = new InboxKey(new io.finrelay.model.id.TenantId(rs.getObject(1, UUID.class)),
                            rs.getString(2), rs.getString(3));
                    boolean samePayload = Arrays.equals(rs.getBytes(4), hashes.get(key));
                    claims.put(key, samePayload ? new Claim.Repeat(rs.getString(5)) : new Claim.PayloadMismatch());
                }
            }
        }
        for (Entry entry : entries) {
            claims.putIfAbsent(entry.key(), new Claim.Fresh());
        }
        return claims;
    }

    /** Stores the first results of freshly processed entries (one batched round trip). */
    public void record(Connection connection, List<Outcome> outcomes) throws SQLException {
        if (outcomes.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "insert into inbox (tenant_id, source, dedup_key, payload_hash, result, instance_id, correlation_id, received_at) "
                        + "values (?, ?, ?, ?, ?::jsonb, ?, ?, ?)")) {
            for (Outcome outcome : outcomes) {
                InboxKey key = outcome.entry().key();
                insert.setObject(1, key.tenantId().value());
                insert.setString(2, key.source());
                insert.setString(3, key.key());
                insert.setBytes(4, outcome.entry().payloadHash());
                insert.setString(5, outcome.resultJson());
                insert.setObject(6, outcome.instanceId());
                insert.setString(7, outcome.correlationId());
                insert.setTimestamp(8, Sql.ts(outcome.receivedAt()));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }
}
