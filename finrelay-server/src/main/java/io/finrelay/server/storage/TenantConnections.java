package io.finrelay.server.storage;

import io.finrelay.engine.db.Database;
import io.finrelay.server.security.TenantScope;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * A connection of one's own, for work that must hold its transaction across calls (the bank file
 * ledger streams a file's lines into one transaction between {@code begin} and {@code record}).
 * It is behind the tenant wall from its first statement: auto-commit off, the scope's tenant entered.
 * Only storage code opens connections (an ArchUnit rule); {@link Database} does it for everything else.
 */
public final class TenantConnections {
    private TenantConnections() {}

    /** A connection in a new transaction inside the scope's tenant; the caller commits or rolls back and closes it. */
    public static Connection open(DataSource dataSource, TenantScope scope) throws SQLException {
        Connection c = dataSource.getConnection();
        try {
            c.setAutoCommit(false);
            Database.enterTenant(c, scope.tenantId());
            return c;
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }
}
