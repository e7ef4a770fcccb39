package io.finrelay.server.monitors;

import io.finrelay.model.id.TenantId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * One monitor round at a time across all nodes: a PostgreSQL session advisory lock held on a
 * connection of its own for the round (as the reconciliation's run lock), released by PostgreSQL if
 * the node dies. The connection reads no table; the list of tenants is read in the system role.
 */
final class MonitorLock implements AutoCloseable {
    private static final String NAME = "finrelay:stuck-monitors";
    private final Connection connection;

    private MonitorLock(Connection connection) {
        this.connection = connection;
    }

    /** The lock, waiting for a round elsewhere to end when {@code wait}; empty when another node holds it. */
    static Optional<MonitorLock> acquire(DataSource dataSource, boolean wait) throws SQLException {
        Connection c = dataSource.getConnection();
        try {
            c.setAutoCommit(true);
            try (PreparedStatement lock = c.prepareStatement(wait ? "select true from pg_advisory_lock(hashtextextended(?, 0))"
                    : "select pg_try_advisory_lock(hashtextextended(?, 0))")) {
                lock.setString(1, NAME);
                try (ResultSet r = lock.executeQuery()) {
                    if (r.next() && r.getBoolean(1)) {
                        return Optional.of(new MonitorLock(c));
                    }
                }
            }
            c.close();
            return Optional.empty();
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** Every tenant's id (the tenant table has no tenant wall: it holds names, reached by id). */
    static List<TenantId> tenants(io.finrelay.engine.db.Database db) {
        return db.inSystem(c -> {
            List<TenantId> out = new ArrayList<>();
            try (PreparedStatement select = c.prepareStatement("select id from tenant order by id");
                 ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    out.add(new TenantId(rs.getObject(1, UUID.class)));
                }
            }
            return out;
        });
    }

    @Override
    public void close() throws SQLException {
        try (PreparedStatement unlock = connection.prepareStatement("select pg_advisory_unlock(hashtextextended(?, 0))")) {
            unlock.setString(1, NAME);
            unlock.execute();
        } finally {
            connection.close();
        }
    }
}
