package io.finrelay.engine.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.UUID;

/** Small JDBC helpers shared by the engine's stores. */
public final class Sql {
    private Sql() {}

    public static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    public static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    public static void setJson(PreparedStatement statement, int index, String json) throws SQLException {
        if (json == null) {
            statement.setNull(index, Types.OTHER);
        } else {
            statement.setObject(index, json, Types.OTHER);
        }
    }

    /**
     * Plans this statement on every execution instead of caching a generic plan. For lookups into
     * tables that grow fast from empty: a plan cached while the inbox held a few rows (a sequential
     * scan) stays cached on the pooled connection long after the table has grown.
     */
    public static void planEachTime(PreparedStatement statement) throws SQLException {
        statement.unwrap(org.postgresql.PGStatement.class).setPrepareThreshold(0);
    }

    public static java.sql.Array uuids(Connection connection, UUID[] values) throws SQLException {
        return connection.createArrayOf("uuid", values);
    }

    public static java.sql.Array texts(Connection connection, String[] values) throws SQLException {
        return connection.createArrayOf("text", values);
    }
}
