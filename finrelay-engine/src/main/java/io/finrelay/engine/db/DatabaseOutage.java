package io.finrelay.engine.db;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;

/**
 * Tells a failure of the database itself (down, restarting, refusing or dropping connections, out of
 * connection slots) from a failure of the work. The first says nothing about the request or the round
 * that met it: the caller answers 503 or waits and tries again, and nothing was applied (the
 * transaction never committed). Found anywhere in the cause chain, since pools and drivers wrap it.
 */
public final class DatabaseOutage {
    private static final int MAX_DEPTH = 16;

    private DatabaseOutage() {}

    /** True when {@code failure}, or one of its causes, says the database cannot be reached. */
    public static boolean isOutage(Throwable failure) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < MAX_DEPTH; depth++, t = t.getCause()) {
            // HikariCP's "connection is not available" and the driver's refused or broken connection.
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                    || t instanceof SQLRecoverableException) {
                return true;
            }
            if (t instanceof SQLException sql && unavailable(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /**
     * SQLSTATE class 08 (connection exception), 57P01-57P03 (the server is shutting down, crashed, or
     * cannot accept connections yet) and 53300 (too many connections).
     */
    static boolean unavailable(String sqlState) {
        return sqlState != null && (sqlState.startsWith("08") || sqlState.equals("57P01") || sqlState.equals("57P02")
                || sqlState.equals("57P03") || sqlState.equals("53300"));
    }
}
