package io.finrelay.server.bank;

import io.finrelay.engine.db.DatabaseException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * One poller per channel (bank files, supplier invoices) across nodes: a PostgreSQL session advisory lock held, for the poll's
 * duration, on a connection of its own that reads no table. PostgreSQL drops it with the session, so a
 * node killed mid-poll holds no channel.
 */
public final class ChannelLock {
    private ChannelLock() {}

    /** Runs {@code work} while holding the lock {@code name}; empty, without running it, when another session holds it. */
    public static <T> Optional<T> ifFree(DataSource dataSource, String name, Supplier<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            if (!advisory(c, "select pg_try_advisory_lock(hashtextextended(?, 0))", name)) {
                return Optional.empty();
            }
            try {
                return Optional.of(work.get());
            } finally {
                advisory(c, "select pg_advisory_unlock(hashtextextended(?, 0))", name);
            }
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }

    private static boolean advisory(Connection c, String sql, String name) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, name);
            try (ResultSet r = s.executeQuery()) {
                return r.next() && r.getBoolean(1);
            }
        }
    }
}
