package io.finrelay.bench;

import com.zaxxer.hikari.HikariDataSource;
import io.finrelay.engine.EngineMetrics;
import io.finrelay.engine.WorkflowEngine;
import io.finrelay.engine.db.Database;
import io.finrelay.engine.db.Migrations;
import io.finrelay.engine.inbox.InboxKey;
import io.finrelay.engine.outbox.ConnectorRegistry;
import io.finrelay.engine.outbox.RetryPolicy;
import io.finrelay.engine.runtime.InboundEvent;
import io.finrelay.engine.runtime.Input;
import io.finrelay.engine.runtime.Receipt;
import io.finrelay.engine.runtime.WorkflowRegistry;
import io.finrelay.model.id.TenantId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Committed workflow transitions per second next to the raw single-row insert+commit rate of the
 * same PostgreSQL: the limit for durable work. Both are measured in the same run, with the same
 * number of concurrent producers, each on a fresh database.
 */
final class EngineBench {

    /** One measurement. */
    record Result(int producers, double rawCommitsPerSecond, double transitionsPerSecond, double workflowsPerSecond,
                  double commitsPerWorkflow, long workflows) {
        double ratio() {
            return transitionsPerSecond / rawCommitsPerSecond;
        }
    }

    private static final TenantId TENANT = TenantId.of("be000000-0000-4000-8000-000000000001");

    private final BenchDatabase databases;
    private final Duration duration;
    private final EngineMetrics metrics;
    private final io.finrelay.engine.EngineTracing tracing;

    EngineBench(BenchDatabase databases, Duration duration) {
        this(databases, duration, EngineMetrics.NONE);
    }

    /** {@code metrics}: who the engine tells what it did (the server's Micrometer binding, or nobody). */
    EngineBench(BenchDatabase databases, Duration duration, EngineMetrics metrics) {
        this(databases, duration, metrics, io.finrelay.engine.EngineTracing.NONE);
    }

    /** {@code tracing}: where transitions and deliveries make spans (the server's Micrometer Tracing binding, or nowhere). */
    EngineBench(BenchDatabase databases, Duration duration, EngineMetrics metrics, io.finrelay.engine.EngineTracing tracing) {
        this.databases = databases;
        this.duration = duration;
        this.metrics = metrics;
        this.tracing = tracing;
    }

    Result run(int producers) throws Exception {
        double raw = rawCommits(producers);
        try (HikariDataSource ds = databases.fresh("bench_engine", producers + 8)) {
            Migrations.migrate(ds);
            return engine(ds, producers, raw);
        }
    }

    /** The limit: each producer inserts one row and commits, as fast as PostgreSQL lets it. */
    private double rawCommits(int producers) throws Exception {
        try (HikariDataSource ds = databases.fresh("bench_raw", producers)) {
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute("create table raw_commit (tenant_id uuid not null, id uuid not null, payload jsonb not null, "
                        + "primary key (tenant_id, id))");
            }
            AtomicLong commits = new AtomicLong();
            long end = System.nanoTime() + duration.toNanos();
            List<Thread> threads = new ArrayList<>();
            long start = System.nanoTime();
            for (int p = 0; p < producers; p++) {
                threads.add(Thread.ofPlatform().start(() -> {
                    try (Connection c = ds.getConnection(); PreparedStatement insert = c.prepareStatement(
                            "insert into raw_commit (tenant_id, id, payload) values (?, ?, ?::jsonb)")) {
                        c.setAutoCommit(false);
                        while (System.nanoTime() < end) {
                            insert.setObject(1, TENANT.value());
                            insert.setObject(2, UUID.randomUUID());
                            insert.setString(3, "{\"invoice\":\"INV-1\",\"amount\":\"1250.00\"}");
                            insert.executeUpdate();
                            c.commit();
                            commits.incrementAndGet();
                        }
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
            return commits.get() / seconds(System.nanoTime() - start);
        }
    }

    /**
     * Producers submit approvals for {@code duration}; each waits for its commit. The engine's
     * dispatcher meanwhile runs every workflow to its end against zero-latency peers. The clock stops
     * when the last workflow has ended, so transitions still queued are paid for.
     */
    private Result engine(HikariDataSource ds, int producers, double raw) throws Exception {
        ConnectorRegistry connectors = new ConnectorRegistry()
                .register(new InstantPeer("erp"), RetryPolicy.DEFAULT)
                .register(new InstantPeer("bank"), RetryPolicy.DEFAULT);
        long commitsBefore = commits(ds);
        AtomicLong submitted = new AtomicLong();
        long start;
        try (WorkflowEngine engine = WorkflowEngine.builder(new Database(ds), new WorkflowRegistry(List.of(new BenchFlow())))
                .connectors(connectors)
                .clock(Clock.systemUTC())
                .config(config())
                .metrics(metrics)
                .tracing(tracing)
                .build()
                .start()) {
            long end = System.nanoTime() + duration.toNanos();
            List<Thread> threads = new ArrayList<>();
            start = System.nanoTime();
            for (int p = 0; p < producers; p++) {
                int producer = p;
                threads.add(Thread.ofPlatform().start(() -> {
                    long n = 0;
                    while (System.nanoTime() < end) {
                        String invoice = "INV-" + producer + "-" + (++n);
                        Receipt receipt = engine.submit(new InboundEvent(new InboxKey(TENANT, "bench", invoice),
                                BenchFlow.TYPE, invoice, new Input.Domain(new BenchFlow.Approved(invoice, "1250.00", "EUR")),
                                "bench-" + invoice, "bench"));
                        if (!(receipt instanceof Receipt.Accepted)) {
                            throw new IllegalStateException("unexpected receipt " + receipt);
                        }
                        submitted.incrementAndGet();
                    }
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (count(ds, "select count(*) from workflow_instance where ended") < submitted.get()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("workflows did not finish within 5 minutes");
                }
                Thread.sleep(20);
            }
        }
        double elapsed = seconds(System.nanoTime() - start);
        if (Boolean.getBoolean("bench.stats")) {
            printTableStats(ds);
        }
        long transitions = count(ds, "select count(*) from audit_event where kind = 'transition'");
        long workflows = submitted.get();
        long commits = commits(ds) - commitsBefore;
        return new Result(producers, raw, transitions / elapsed, workflows / elapsed, (double) commits / workflows,
                workflows);
    }

    /** With -Dbench.stats=true: how PostgreSQL reached the tables (to spot a wrong plan). */
    private static void printTableStats(HikariDataSource ds) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            // As the schema owner, for this transaction only: a pooled connection may sit in the
            // engine's system role, which may not create pg_stat_statements.
            c.setAutoCommit(false);
            s.execute("set local role none");
            s.execute("select pg_stat_clear_snapshot()");
            try (ResultSet rs = s.executeQuery("select relname, seq_scan, seq_tup_read, idx_scan, idx_tup_fetch, n_tup_ins, "
                    + "n_tup_upd, n_tup_hot_upd, n_tup_del from pg_stat_user_tables order by relname")) {
                System.err.println("  table: seq_scan seq_tup_read idx_scan idx_tup_fetch ins upd hot_upd del");
                while (rs.next()) {
                    System.err.printf("  %s: %d %d %d %d %d %d %d %d%n", rs.getString(1), rs.getLong(2), rs.getLong(3),
                            rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9));
                }
            }
            s.execute("create extension if not exists pg_stat_statements");
            try (ResultSet rs = s.executeQuery("select calls, round(total_exec_time::numeric, 0), round(mean_exec_time::numeric, 3), "
                    + "rows, left(regexp_replace(query, '\\s+', ' ', 'g'), 110) from pg_stat_statements "
                    + "where dbid = (select oid from pg_database where datname = current_database()) "
                    + "order by total_exec_time desc limit 14")) {
                System.err.println("  calls total_ms mean_ms rows query");
                while (rs.next()) {
                    System.err.printf("  %d %s %s %d %s%n", rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                            rs.getString(5));
                }
            }
            try (ResultSet rs = s.executeQuery("select indexrelname, idx_scan, idx_tup_read, idx_tup_fetch "
                    + "from pg_stat_user_indexes order by idx_tup_read desc limit 6")) {
                while (rs.next()) {
                    System.err.printf("  index %s: scans %d read %d fetched %d%n", rs.getString(1), rs.getLong(2),
                            rs.getLong(3), rs.getLong(4));
                }
            }
            c.commit();
        }
    }

    /** Committed transactions in this database so far (PostgreSQL's own counter, polling included). */
    private static long commits(HikariDataSource ds) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            // As the schema owner, for this transaction only: a pooled connection may sit in the
            // engine's system role, which may not create pg_stat_statements.
            c.setAutoCommit(false);
            s.execute("set local role none");
            s.execute("select pg_stat_clear_snapshot()");
            try (ResultSet rs = s.executeQuery("select xact_commit from pg_stat_database where datname = current_database()")) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The engine's defaults, with overrides for experiments: -Dbench.committers=N -Dbench.dispatchers=N. */
    private static WorkflowEngine.Config config() {
        WorkflowEngine.Config d = WorkflowEngine.Config.defaults("bench");
        return new WorkflowEngine.Config(d.node(), Integer.getInteger("bench.committers", d.committers()), d.maxBatch(),
                Integer.getInteger("bench.dispatchers", d.dispatchWorkers()), d.dispatchBatch(), d.lease(),
                Duration.ofMillis(50));
    }

    private static long count(HikariDataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
