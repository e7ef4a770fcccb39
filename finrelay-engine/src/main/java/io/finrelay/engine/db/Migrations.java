package io.finrelay.engine.db;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Brings a database to the current schema with Flyway. Every module ships its versioned scripts
 * under {@code classpath:db/migration}: the engine owns versions 1.x, the server 2.x and later.
 */
public final class Migrations {
    private Migrations() {}

    /** Applies all pending migrations; returns how many were applied. */
    public static int migrate(DataSource dataSource) {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .failOnMissingLocations(true)
                .load()
                .migrate()
                .migrationsExecuted;
    }
}
