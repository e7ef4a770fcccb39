package io.finrelay.engine.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Brings a database to the current schema with Flyway. Every module ships its versioned scripts
 * under {@code classpath:db/migration}: the engine owns versions 1.x, the server 2.x and later.
 * Because each module owns a range, a new engine migration (1.1) is released after the server's 3.0
 * already ran on existing databases; migrations therefore apply out of order, each range in order.
 * After every migrate, {@code classpath:db/callback/afterMigrate.sql} (the engine's) puts row-level
 * security on every table with a tenant_id column, so no module's new table can slip past it.
 * Run this as the schema owner; the application's transactions then run as roles that own nothing
 * (see {@link Database}).
 */
public final class Migrations {
    /** The advisory lock's name, apart from the channels' and runs' names (tenant ids and connection names). */
    private static final String LOCK = "finrelay:migrate";

    private Migrations() {}

    /**
     * Applies all pending migrations; returns how many were applied. Nodes starting together on one database migrate
     * it one after the other: Flyway's own lock covers its migrations but not the after-migrate script, whose grants
     * failed a node with "tuple concurrently updated" when two ran at once. The lock is a session advisory lock on a
     * connection of its own, released when the migration ends (or with the session, should that die first).
     */
    public static int migrate(DataSource dataSource) {
        try (Connection lock = dataSource.getConnection()) {
            lock.setAutoCommit(true);
            advisory(lock, "select pg_advisory_lock(hashtextextended(?, 0))");
            try {
                return Flyway.configure()
                        .dataSource(dataSource)
                        .locations("classpath:db/migration", "classpath:db/callback")
                        .failOnMissingLocations(true)
                        .outOfOrder(true)
                        .load()
                        .migrate()
                        .migrationsExecuted;
            } finally {
                advisory(lock, "select pg_advisory_unlock(hashtextextended(?, 0))");
            }
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }

    private static void advisory(Connection c, String sql) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, LOCK);
            s.execute();
        }
    }
}
