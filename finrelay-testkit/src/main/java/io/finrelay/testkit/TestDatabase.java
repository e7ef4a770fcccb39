package io.finrelay.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * One real PostgreSQL per test JVM (embedded, from Maven-delivered binaries), started on a free port
 * at first use and stopped when the JVM exits. Each test class takes a database of its own with
 * {@link #newDatabase}, so classes never see each other's rows and no test needs cleaning up.
 * Durability stays on (fsync, synchronous_commit) so that tests run against the settings we ship.
 */
public final class TestDatabase {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static volatile EmbeddedPostgres server;

    private TestDatabase() {}

    public static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder()
                        .setServerConfig("fsync", "on")
                        .setServerConfig("synchronous_commit", "on")
                        .setServerConfig("max_connections", "200")
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("could not start the embedded PostgreSQL for tests", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.close();
                } catch (IOException ignored) {
                    // the JVM is exiting; the data directory is temporary
                }
            }));
        }
        return server;
    }

    /** A fresh, empty database on the shared server, named after {@code purpose}. */
    public static DataSource newDatabase(String purpose) {
        String name = (purpose.replaceAll("[^A-Za-z0-9]", "_") + "_" + COUNTER.incrementAndGet()).toLowerCase(java.util.Locale.ROOT);
        try (Connection c = server().getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create test database " + name, e);
        }
        return dataSource(name);
    }

    public static PGSimpleDataSource dataSource(String name) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] {"localhost"});
        ds.setPortNumbers(new int[] {server().getPort()});
        ds.setDatabaseName(name);
        ds.setUser("postgres");
        ds.setReWriteBatchedInserts(true);
        return ds;
    }

    /** The JDBC URL of a database on the shared server, for a child process to connect to. */
    public static String jdbcUrl(String name) {
        return "jdbc:postgresql://localhost:" + server().getPort() + "/" + name + "?user=postgres&reWriteBatchedInserts=true";
    }
}
