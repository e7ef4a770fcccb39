package io.finrelay.engine.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * Inserts rows into several tables in ONE round trip: each table's rows travel as one array per
 * column and are unnested by a data-modifying CTE. A batch of decisions writes its outbox, audit,
 * inbox and instance rows this way, so its cost in round trips does not grow with the tables it
 * touches (on a busy two-core machine, each round trip is a context switch both ways).
 */
public final class MultiInsert {

    /** How a column travels: as an array of {@code arrayType}, turned into its column type by {@code cast}. */
    public enum Type {
        UUID("uuid", ""), TEXT("text", ""), JSONB("text", "::jsonb"), BOOL("bool", ""), INT8("int8", ""),
        INT4("int4", ""), TIMESTAMPTZ("text", "::timestamptz"), BYTEA("text", "");

        final String arrayType;
        final String cast;

        Type(String arrayType, String cast) {
            this.arrayType = arrayType;
            this.cast = cast;
        }
    }

    public record Column(String name, Type type) {
        public static Column of(String name, Type type) {
            return new Column(name, type);
        }
    }

    /** The rows for one table. */
    public static final class Table {
        private final String name;
        private final List<Column> columns;
        private final String suffix;
        private final List<Object[]> rows = new ArrayList<>();

        private Table(String name, List<Column> columns, String suffix) {
            this.name = name;
            this.columns = columns;
            this.suffix = suffix;
        }

        /** Adds a row; values in column order (UUID, String, Boolean, Long, Integer, Instant, byte[] or null). */
        public Table add(Object... values) {
            if (values.length != columns.size()) {
                throw new IllegalArgumentException(name + " takes " + columns.size() + " values, got " + values.length);
            }
            rows.add(values);
            return this;
        }

        boolean isEmpty() {
            return rows.isEmpty();
        }

        private String sql() {
            StringBuilder names = new StringBuilder();
            StringBuilder select = new StringBuilder();
            StringBuilder arrays = new StringBuilder();
            for (int i = 0; i < columns.size(); i++) {
                Column c = columns.get(i);
                String sep = i == 0 ? "" : ", ";
                names.append(sep).append(c.name());
                select.append(sep).append(c.type() == Type.BYTEA ? "decode(x." + c.name() + ", 'hex')" : "x." + c.name() + c.type().cast);
                arrays.append(sep).append("?::").append(c.type().arrayType).append("[]");
            }
            return "insert into " + name + " (" + names + ") select " + select + " from unnest(" + arrays + ") as x("
                    + names + ")" + (suffix.isEmpty() ? "" : " " + suffix);
        }

        private int bind(Connection connection, PreparedStatement statement, int index) throws SQLException {
            for (int col = 0; col < columns.size(); col++) {
                Type type = columns.get(col).type();
                Object[] values = new Object[rows.size()];
                for (int row = 0; row < rows.size(); row++) {
                    values[row] = convert(rows.get(row)[col], type);
                }
                statement.setArray(index++, connection.createArrayOf(type.arrayType, values));
            }
            return index;
        }

        private static Object convert(Object value, Type type) {
            if (value == null) {
                return null;
            }
            return switch (type) {
                case TIMESTAMPTZ -> ((Instant) value).toString();
                case BYTEA -> HexFormat.of().formatHex((byte[]) value);
                case UUID -> (UUID) value;
                default -> value;
            };
        }
    }

    private final List<Table> tables = new ArrayList<>();

    /** A table to insert into; {@code suffix} is e.g. an {@code on conflict} clause, or empty. */
    public Table into(String table, String suffix, Column... columns) {
        Table t = new Table(table, List.of(columns), suffix);
        tables.add(t);
        return t;
    }

    /** Runs every non-empty table's insert in one statement. */
    public void execute(Connection connection) throws SQLException {
        List<Table> pending = tables.stream().filter(t -> !t.isEmpty()).toList();
        if (pending.isEmpty()) {
            return;
        }
        StringBuilder sql = new StringBuilder();
        for (int i = 0; i < pending.size() - 1; i++) {
            sql.append(i == 0 ? "with " : ", ").append("w").append(i).append(" as (").append(pending.get(i).sql()).append(")");
        }
        sql.append(pending.size() > 1 ? " " : "").append(pending.get(pending.size() - 1).sql());
        try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            int index = 1;
            for (Table table : pending) {
                index = table.bind(connection, statement, index);
            }
            statement.executeUpdate();
        }
    }
}
