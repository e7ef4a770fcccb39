package io.finrelay.sim;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.finrelay.engine.db.Migrations;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The database one lane of runs shares (a schema per seed would cost more than the run): a copy of the
 * migrated template on the simulation's own embedded PostgreSQL, emptied before each run so that a run
 * finds the same tables whichever seeds ran before it (a replayed seed sees what it saw the first time;
 * no autovacuum changes them behind its back). The
 * nodes share one pool, which stands for the server's side of the connections; the simulation itself
 * reads and arranges through an admin connection of its own that no fault touches.
 */
public final class SimDatabase implements AutoCloseable {
    private final HikariDataSource pool;
    private final Connection admin;
    private final String tables;

    /**
     * Starts the simulation's own PostgreSQL and migrates a template database once; each lane's database
     * is then a copy of it ({@link #lane}).
     */
    static EmbeddedPostgres startServer() {
        EmbeddedPostgres server;
        try {
            // The simulation crashes nodes and cuts connections, never the database's machine: a commit that
            // PostgreSQL acknowledged stays whether or not it reached the disk. Not flushing (fsync, commits,
            // the truncation between runs) makes a run several times faster on a busy machine and changes
            // nothing the engine can see; the rest of the suite keeps the testkit's durable server.
            server = EmbeddedPostgres.builder()
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    .setServerConfig("autovacuum", "off")
                    .setServerConfig("max_connections", "300")
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the simulation's PostgreSQL", e);
        }
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("create database simulation_template");
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the simulation's template database", e);
        }
        Migrations.migrate(server.getDatabase("postgres", "simulation_template"));
        return server;
    }

    /** The database of one lane: seeds run one after the other on it, lanes side by side. */
    static SimDatabase lane(EmbeddedPostgres server, int lane) {
        String name = "simulation_" + lane;
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("create database " + name + " template simulation_template");
        } catch (SQLException e) {
            throw new IllegalStateException("could not create " + name, e);
        }
        return new SimDatabase(server.getDatabase("postgres", name), name);
    }

    private SimDatabase(DataSource plain, String name) {
        HikariConfig config = new HikariConfig();
        config.setDataSource(plain);
        config.setMaximumPoolSize(8);
        config.setMinimumIdle(2);
        config.setConnectionTimeout(5_000);
        config.setPoolName(name);
        pool = new HikariDataSource(config);
        try {
            admin = plain.getConnection();
            List<String> names = new ArrayList<>();
            try (Statement s = admin.createStatement(); ResultSet rs = s.executeQuery(
                    "select tablename from pg_tables where schemaname = current_schema() "
                            + "and tablename not in ('flyway_schema_history', 'audit_seal_cursor') order by tablename")) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            tables = String.join(", ", names);
        } catch (SQLException e) {
            throw new IllegalStateException("could not prepare the simulation's database", e);
        }
    }

    public DataSource pool() {
        return pool;
    }

    /** Empties every engine table (the audit trail's append-only triggers set aside for it) before a run. */
    public void reset() {
        try (Statement s = admin.createStatement()) {
            s.execute("set session_replication_role = replica");
            s.execute("truncate " + tables + " restart identity");
            s.execute("set session_replication_role = origin");
        } catch (SQLException e) {
            throw new IllegalStateException("could not empty the simulation's tables", e);
        }
    }

    /** Ends one backend as a server restart or a network cut would, and waits until it is gone. */
    public void terminate(int backendPid) {
        try (PreparedStatement end = admin.prepareStatement("select pg_terminate_backend(?, 5000)");
             PreparedStatement alive = admin.prepareStatement("select count(*) from pg_stat_activity where pid = ?")) {
            end.setInt(1, backendPid);
            alive.setInt(1, backendPid);
            for (int attempt = 0; attempt < 12; attempt++) {
                try (ResultSet rs = end.executeQuery()) {
                    if (rs.next() && rs.getBoolean(1)) {
                        return;
                    }
                }
                try (ResultSet rs = alive.executeQuery()) {
                    if (rs.next() && rs.getLong(1) == 0) {
                        return; // gone already
                    }
                }
            }
            throw new IllegalStateException("backend " + backendPid + " still running after a minute");
        } catch (SQLException e) {
            throw new IllegalStateException("could not end backend " + backendPid, e);
        }
    }

    /** Drops every connection but the admin's, as a restart of PostgreSQL does; the pool then opens new ones. */
    public void dropAllConnections() {
        try (Statement s = admin.createStatement()) {
            s.execute("select pg_terminate_backend(pid, 5000) from pg_stat_activity "
                    + "where datname = current_database() and pid <> pg_backend_pid()");
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop the connections", e);
        }
        pool.getHikariPoolMXBean().softEvictConnections();
    }

    public Connection admin() {
        return admin;
    }

    public long count(String sql, Object... args) {
        try (PreparedStatement s = admin.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    public int update(String sql, Object... args) {
        try (PreparedStatement s = admin.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** Rows of {@code sql}, each as its columns' text. */
    public List<List<String>> rows(String sql, Object... args) {
        try (PreparedStatement s = admin.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            List<List<String>> rows = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<String> row = new ArrayList<>(columns);
                    for (int i = 1; i <= columns; i++) {
                        row.add(rs.getString(i));
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    @Override
    public void close() {
        pool.close();
        try {
            admin.close();
        } catch (SQLException ignored) {
            // closing anyway
        }
    }
}
