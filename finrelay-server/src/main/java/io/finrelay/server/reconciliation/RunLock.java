package io.finrelay.server.reconciliation;

import io.finrelay.model.id.TenantId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * One reconciliation run per tenant, across nodes: a PostgreSQL session advisory lock held on a
 * connection of its own for the run's duration. The connection reads no table (it only holds the
 * lock), and PostgreSQL releases the lock when the session ends, so a killed process never leaves a
 * tenant locked.
 */
final class RunLock implements AutoCloseable {
    private final Connection connection;
    private final String name;

    private RunLock(Connection connection, String name) {
        this.connection = connection;
        this.name = name;
    }

    /** The tenant's lock, or empty when another run holds it and {@code wait} is false. */
    static java.util.Optional<RunLock> acquire(DataSource dataSource, TenantId tenant, boolean wait) throws SQLException {
        String name = "reconciliation:" + tenant.value();
        Connection c = dataSource.getConnection();
        try {
            c.setAutoCommit(true);
            try (PreparedStatement lock = c.prepareStatement(wait ? "select true from pg_advisory_lock(hashtextextended(?, 0))"
                    : "select pg_try_advisory_lock(hashtextextended(?, 0))")) {
                lock.setString(1, name);
                try (ResultSet r = lock.executeQuery()) {
                    if (r.next() && r.getBoolean(1)) {
                        return java.util.Optional.of(new RunLock(c, name));
                    }
                }
            }
            c.close();
            return java.util.Optional.empty();
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    @Override
    public void close() throws SQLException {
        try (PreparedStatement unlock = connection.prepareStatement("select pg_advisory_unlock(hashtextextended(?, 0))")) {
            unlock.setString(1, name);
            unlock.execute();
        } finally {
            connection.close();
        }
    }
}
