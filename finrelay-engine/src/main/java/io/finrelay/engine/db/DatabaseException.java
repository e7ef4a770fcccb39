package io.finrelay.engine.db;

import java.sql.SQLException;

/** A database failure, unchecked, keeping PostgreSQL's SQLSTATE for the callers that branch on it. */
public final class DatabaseException extends RuntimeException {
    public DatabaseException(SQLException cause) {
        super(cause.getMessage(), cause);
    }

    public String sqlState() {
        return ((SQLException) getCause()).getSQLState();
    }

    /** Unique violation, deadlock, serialization or lock failure: the work may succeed if tried again. */
    public boolean isRetryable() {
        String state = sqlState();
        return state != null && (state.equals("23505") || state.equals("40P01") || state.equals("40001")
                || state.equals("55P03"));
    }
}
