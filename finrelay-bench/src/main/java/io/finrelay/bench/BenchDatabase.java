package io.finrelay.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * The PostgreSQL a benchmark runs on: the embedded one (durability on, as shipped) unless
 * {@code FINRELAY_BENCH_DB_URL} names a server (e.g. jdbc:postgresql://localhost:5432/postgres?user=postgres).
 * Every measurement gets a fresh database on it, so no run inherits another's bloat.
 */
final class BenchDatabase implements AutoCloseable {
    private final EmbeddedPostgres embedded;
    private final String baseUrl;
    private int counter;

    BenchDatabase() throws IOException {
        String external = System.getenv("FINRELAY_BENCH_DB_URL");
        if (external != null && !external.isBlank()) {
            embedded = null;
            baseUrl = external;
        } else {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
            if (Boolean.getBoolean("bench.stats")) {
                builder.setServerConfig("shared_preload_libraries", "pg_stat_statements");
            }
            embedded = builder
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setServerConfig("max_connections", "100")
                    .start();
            baseUrl = "jdbc:postgresql://localhost:" + embedded.getPort() + "/postgres?user=postgres";
        }
    }

    String describe() {
        return embedded != null ? "embedded PostgreSQL (fsync=on, synchronous_commit=on)" : baseUrl.replaceAll("password=[^&]*", "password=***");
    }

    HikariDataSource fresh(String purpose, int poolSize) throws SQLException {
        return pool(freshUrl(purpose), poolSize);
    }

    /** A fresh database's JDBC URL, for a peer that makes its own connection pool (DBOS). */
    String freshUrl(String purpose) throws SQLException {
        String name = purpose + "_" + (++counter);
        try (HikariDataSource admin = pool(baseUrl, 1); Connection c = admin.getConnection(); Statement s = c.createStatement()) {
            s.execute("create database " + name);
        }
        return baseUrl.replaceFirst("/[^/?]+(\\?|$)", "/" + name + "$1");
    }

    /** Committed transactions in this database so far (PostgreSQL's own counter, polling included). */
    static long commits(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            // As the schema owner, for this transaction only: a pooled connection may sit in the
            // engine's system role.
            c.setAutoCommit(false);
            s.execute("set local role none");
            s.execute("select pg_stat_clear_snapshot()");
            try (ResultSet rs = s.executeQuery("select xact_commit from pg_stat_database where datname = current_database()")) {
                rs.next();
                long commits = rs.getLong(1);
                c.commit();
                return commits;
            }
        }
    }

    static long count(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Polls {@code sql} (a count) until it reaches {@code expected}; fails after {@code patience}. */
    static void awaitCount(DataSource ds, String sql, long expected, Duration patience, String what)
            throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (count(ds, sql) < expected) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(what + " did not finish within " + patience);
            }
            Thread.sleep(20);
        }
    }

    static HikariDataSource pool(String url, int size) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url + (url.contains("?") ? "&" : "?") + "reWriteBatchedInserts=true" + System.getProperty("bench.urlExtra", ""));
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(size);
        return new HikariDataSource(config);
    }

    @Override
    public void close() throws IOException {
        if (embedded != null) {
            embedded.close();
        }
    }
}
