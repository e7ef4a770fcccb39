package io.finrelay.server.bank;

import io.finrelay.engine.db.Sql;
import io.finrelay.server.security.TenantScope;
import io.finrelay.server.tenancy.TenantSql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The SQL of {@code house_bank_account}; every statement goes through {@link TenantSql}. */
final class HouseBankAccountRows {
    private static final String COLUMNS = "iban, legal_entity, currency, bic, name, created_at, updated_at";

    private HouseBankAccountRows() {}

    /** A house bank account as stored. */
    record Row(String iban, String legalEntity, String currency, String bic, String name, Instant createdAt,
               Instant updatedAt) {}

    /** An account as statements name it, in the electronic form house accounts are kept in (no spaces, upper case). */
    static String normalized(String account) {
        return account.replaceAll("[\\s\\u00A0]+", "").toUpperCase(Locale.ROOT);
    }

    static boolean exists(Connection c, TenantScope scope, String iban) throws SQLException {
        try (PreparedStatement select = TenantSql.prepare(c, scope,
                "select 1 from house_bank_account where tenant_id = ? and iban = ?")) {
            select.setString(2, iban);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next();
            }
        }
    }

    static Optional<Row> find(Connection c, TenantScope scope, String iban) throws SQLException {
        try (PreparedStatement select = TenantSql.prepare(c, scope,
                "select " + COLUMNS + " from house_bank_account where tenant_id = ? and iban = ? for update")) {
            select.setString(2, iban);
            List<Row> rows = readAll(select);
            return rows.stream().findFirst();
        }
    }

    /** In IBAN order, after {@code after} (keyset paging). */
    static List<Row> list(Connection c, TenantScope scope, String after, int limit) throws SQLException {
        try (PreparedStatement select = TenantSql.prepare(c, scope, "select " + COLUMNS + " from house_bank_account "
                + "where tenant_id = ? and iban > ? order by iban limit ?")) {
            select.setString(2, after == null ? "" : after);
            select.setInt(3, limit);
            return readAll(select);
        }
    }

    static void upsert(Connection c, TenantScope scope, Row row) throws SQLException {
        try (PreparedStatement upsert = TenantSql.prepare(c, scope, "insert into house_bank_account (tenant_id, iban, "
                + "legal_entity, currency, bic, name, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?) "
                + "on conflict (tenant_id, iban) do update set legal_entity = excluded.legal_entity, "
                + "currency = excluded.currency, bic = excluded.bic, name = excluded.name, updated_at = excluded.updated_at")) {
            upsert.setString(2, row.iban());
            upsert.setString(3, row.legalEntity());
            upsert.setString(4, row.currency());
            upsert.setString(5, row.bic());
            upsert.setString(6, row.name());
            upsert.setTimestamp(7, Sql.ts(row.createdAt()));
            upsert.setTimestamp(8, Sql.ts(row.updatedAt()));
            upsert.executeUpdate();
        }
    }

    private static List<Row> readAll(PreparedStatement select) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                rows.add(new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        Sql.instant(rs.getTimestamp(6)), Sql.instant(rs.getTimestamp(7))));
            }
        }
        return rows;
    }
}
