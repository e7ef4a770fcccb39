package io.finrelay.engine.db;

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
    private Migrations() {}

    /** Applies all pending migrations; returns how many were applied. */
    public static int migrate(DataSource dataSource) {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration", "classpath:db/callback")
                .failOnMissingLocations(true)
                .outOfOrder(true)
                .load()
                .migrate()
                .migrationsExecuted;
    }
}
