package io.finrelay.engine.audit;

import io.finrelay.engine.db.Database;
import io.finrelay.engine.db.MultiInsert;
import io.finrelay.engine.db.MultiInsert.Column;
import io.finrelay.engine.db.MultiInsert.Type;
import io.finrelay.engine.db.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Links committed audit rows into each tenant's hash chain, after the fact and off the engine's path.
 *
 * <p>Why after the fact: a chain written inside the engine's transactions would need each tenant's
 * head row locked by every transaction that audits, serialising a tenant's group commits. Instead
 * engine transactions append as before, and this sealer (one at a time across all nodes, by a
 * transaction-scoped advisory lock) appends seals for the rows it finds committed. Identity ids are
 * taken before commit, so rows commit out of id order; the chain's order is the seal's {@code seq},
 * and rows are found by the transaction that wrote them (see V1_1__audit_chain.sql): a pass reads
 * the rows of transactions not older than the oldest one still running at the last complete pass.
 */
public final class AuditSealer {
    /** The advisory lock held by a sealing or retention transaction ("audit" in ASCII). */
    static final long LOCK = 0x6175646974L;

    private final Database db;
    private final Clock clock;
    private final int batch;

    public AuditSealer(Database db, Clock clock, int batch) {
        this.db = db;
        this.clock = clock;
        this.batch = batch;
    }

    /** Seals every committed row not sealed yet, in passes of at most the batch size; returns how many. */
    public int sealAll() {
        int total = 0;
        for (int sealed = sealOnce(); sealed > 0; sealed = sealOnce()) {
            total += sealed;
            if (sealed < batch) {
                break;
            }
        }
        return total;
    }

    /** One pass in one transaction; returns how many rows it sealed (0 when another node is sealing). */
    public int sealOnce() {
        // Across tenants by design: the sealer chains every tenant's rows.
        return db.inSystem(c -> {
            if (!tryLock(c)) {
                return 0;
            }
            // Taken before the scan's snapshot: every transaction older than this had ended by then.
            long horizon = single(c, "select pg_snapshot_xmin(pg_current_snapshot())::text::bigint");
            long since = single(c, "select horizon from audit_seal_cursor");
            List<AuditChain.Row> rows = unsealed(c, since);
            seal(c, rows);
            if (rows.size() < batch) {
                try (PreparedStatement s = c.prepareStatement("update audit_seal_cursor set horizon = ?")) {
                    s.setLong(1, horizon);
                    s.executeUpdate();
                }
            }
            return rows.size();
        });
    }

    private List<AuditChain.Row> unsealed(Connection c, long since) throws SQLException {
        // Ordered by txid, so that the planner reads the recent tail through the txid index whatever
        // its statistics say (a fresh, fast-growing trail has none); ordered by id it would walk the
        // whole primary key to stop at the limit. The rows are sorted for chaining here. The seal check is a LATERAL probe with LIMIT 1, which the planner cannot turn into a hash
        // anti-join: as NOT EXISTS it scanned all of audit_seal on every pass (measured), a cost
        // growing with the trail; this way each recent row costs one probe of the unique index.
        try (PreparedStatement s = c.prepareStatement("select " + AuditChain.ROW_COLUMNS + " from audit_event e "
                + "left join lateral (select true as sealed from audit_seal s where s.tenant_id = e.tenant_id "
                + "and s.audit_id = e.id limit 1) seal on true where e.txid >= ? and seal.sealed is null order by e.txid limit ?")) {
            Sql.planEachTime(s);
            // The recent tail is a few hundred rows of a table that grows by thousands a second: its
            // statistics always lag, and a planner trusting them read the whole trail on every pass
            // (measured: 18 ms a pass and growing). This transaction only ever wants index access.
            try (PreparedStatement indexOnly = c.prepareStatement("set local enable_seqscan = off")) {
                indexOnly.execute();
            }
            s.setLong(1, since);
            s.setInt(2, batch);
            List<AuditChain.Row> rows = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(AuditChain.Row.read(rs, 1));
                }
            }
            rows.sort(Comparator.comparing(AuditChain.Row::tenantId).thenComparingLong(AuditChain.Row::id));
            return rows;
        }
    }

    private record Head(long seq, byte[] hash) {}

    private void seal(Connection c, List<AuditChain.Row> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        MultiInsert insert = new MultiInsert();
        MultiInsert.Table seals = insert.into("audit_seal", "", Column.of("tenant_id", Type.UUID),
                Column.of("seq", Type.INT8), Column.of("audit_id", Type.INT8), Column.of("prev_hash", Type.BYTEA),
                Column.of("hash", Type.BYTEA), Column.of("sealed_at", Type.TIMESTAMPTZ));
        Map<UUID, Head> heads = new LinkedHashMap<>();
        for (AuditChain.Row row : rows) {
            Head head = heads.containsKey(row.tenantId()) ? heads.get(row.tenantId()) : head(c, row.tenantId());
            long seq = head.seq() + 1;
            byte[] hash = AuditChain.link(head.hash(), seq, row);
            seals.add(row.tenantId(), seq, row.id(), head.hash(), hash, now);
            heads.put(row.tenantId(), new Head(seq, hash));
        }
        MultiInsert.Table headRows = insert.into("audit_chain_head",
                "on conflict (tenant_id) do update set seq = excluded.seq, hash = excluded.hash",
                Column.of("tenant_id", Type.UUID), Column.of("seq", Type.INT8), Column.of("hash", Type.BYTEA));
        heads.forEach((tenant, head) -> headRows.add(tenant, head.seq(), head.hash()));
        insert.execute(c);
    }

    /** The tenant's last seal, or its retention anchor, or the genesis of a new chain. */
    private static Head head(Connection c, UUID tenant) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select seq, hash from audit_chain_head where tenant_id = ?")) {
            s.setObject(1, tenant);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? new Head(rs.getLong(1), rs.getBytes(2)) : new Head(0, AuditChain.GENESIS);
            }
        }
    }

    static boolean tryLock(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select pg_try_advisory_xact_lock(?)")) {
            s.setLong(1, LOCK);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    static long single(Connection c, String sql) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
