package io.finrelay.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

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
        String name = purpose + "_" + (++counter);
        try (HikariDataSource admin = pool(baseUrl, 1); Connection c = admin.getConnection(); Statement s = c.createStatement()) {
            s.execute("create database " + name);
        }
        return pool(baseUrl.replaceFirst("/[^/?]+(\\?|$)", "/" + name + "$1"), poolSize);
    }

    private static HikariDataSource pool(String url, int size) {
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
