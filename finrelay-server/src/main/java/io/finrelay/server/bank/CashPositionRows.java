package io.finrelay.server.bank;

import io.finrelay.engine.db.Sql;
import io.finrelay.model.bank.BankBalance;
import io.finrelay.model.bank.BankStatement;
import io.finrelay.server.security.TenantScope;
import io.finrelay.server.tenancy.TenantSql;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The SQL of {@code cash_position}: the latest balance per account and currency, taken from the
 * statements as they are imported (in the import's transaction) and read with the account's legal entity;
 * and of {@code cash_balance}, the same balances kept by day.
 */
final class CashPositionRows {
    /** The balance a statement's position is taken from, best first: booked over available, closing over interim. */
    private static final List<BankBalance.Type> PREFERRED = List.of(BankBalance.Type.CLOSING_BOOKED,
            BankBalance.Type.INTERIM_CLOSING_BOOKED, BankBalance.Type.CLOSING_AVAILABLE, BankBalance.Type.INTERIM_AVAILABLE);

    private CashPositionRows() {}

    /** A position as read, with the legal entity of its house bank account (null when the account is not registered). */
    record Row(String account, String legalEntity, String currency, BigDecimal balance, String balanceType,
               Instant asOf, String statementId, UUID fileId) {}

    /** The balance of a statement that says where the account stands at its end, if it has one. */
    static Optional<BankBalance> positionOf(BankStatement statement) {
        for (BankBalance.Type type : PREFERRED) {
            Optional<BankBalance> latest = statement.balances().stream().filter(b -> b.type() == type)
                    .max(Comparator.comparing(BankBalance::date));
            if (latest.isPresent()) {
                return latest;
            }
        }
        return Optional.empty();
    }

    /**
     * Makes the statement's balance the account's position unless the position already holds a newer
     * one: a later balance date wins, then a final (end-of-day statement) balance over an intraday one,
     * then the later creation time, so an older file that arrives late changes nothing.
     */
    static void offer(Connection c, TenantScope scope, UUID fileId, BankStatement statement) throws SQLException {
        Optional<BankBalance> found = positionOf(statement);
        if (found.isEmpty()) {
            return;
        }
        BankBalance balance = found.get();
        boolean isFinal = statement.kind() == BankStatement.Kind.STATEMENT
                && (balance.type() == BankBalance.Type.CLOSING_BOOKED || balance.type() == BankBalance.Type.CLOSING_AVAILABLE);
        // Without the bank's creation time: the end of the day for a final balance, its start for an intraday one.
        Instant asOf = statement.createdAt() != null ? statement.createdAt().toInstant()
                : (isFinal ? balance.date().plusDays(1) : balance.date()).atStartOfDay(ZoneOffset.UTC).toInstant();
        try (PreparedStatement upsert = TenantSql.prepare(c, scope, "insert into cash_position (tenant_id, account, "
                + "currency, balance, balance_type, balance_date, final, as_of, statement_id, file_id) "
                + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (tenant_id, account, currency) do update set "
                + "balance = excluded.balance, balance_type = excluded.balance_type, balance_date = excluded.balance_date, "
                + "final = excluded.final, as_of = excluded.as_of, statement_id = excluded.statement_id, "
                + "file_id = excluded.file_id where (excluded.balance_date, excluded.final, excluded.as_of) "
                + "> (cash_position.balance_date, cash_position.final, cash_position.as_of)")) {
            upsert.setString(2, HouseBankAccountRows.normalized(statement.account()));
            upsert.setString(3, balance.amount().currencyCode());
            upsert.setBigDecimal(4, balance.amount().amount());
            upsert.setString(5, balance.type().name());
            upsert.setObject(6, balance.date());
            upsert.setBoolean(7, isFinal);
            upsert.setTimestamp(8, Sql.ts(asOf));
            upsert.setString(9, statement.statementId());
            upsert.setObject(10, fileId);
            upsert.executeUpdate();
        }
        // The day's balance kept by day as well (the position keeps only the newest), by the same rule.
        try (PreparedStatement history = TenantSql.prepare(c, scope, "insert into cash_balance (tenant_id, account, "
                + "currency, balance_date, balance, final, as_of) values (?, ?, ?, ?, ?, ?, ?) "
                + "on conflict (tenant_id, account, currency, balance_date) do update set balance = excluded.balance, "
                + "final = excluded.final, as_of = excluded.as_of "
                + "where (excluded.final, excluded.as_of) > (cash_balance.final, cash_balance.as_of)")) {
            history.setString(2, HouseBankAccountRows.normalized(statement.account()));
            history.setString(3, balance.amount().currencyCode());
            history.setObject(4, balance.date());
            history.setBigDecimal(5, balance.amount().amount());
            history.setBoolean(6, isFinal);
            history.setTimestamp(7, Sql.ts(asOf));
            history.executeUpdate();
        }
    }

    /** The tenant's positions by legal entity (unregistered accounts last), account and currency. */
    static List<Row> list(Connection c, TenantScope scope) throws SQLException {
        try (PreparedStatement select = TenantSql.prepare(c, scope, "select p.account, h.legal_entity, p.currency, "
                + "p.balance, p.balance_type, p.as_of, p.statement_id, p.file_id from cash_position p "
                + "left join house_bank_account h on h.tenant_id = p.tenant_id and h.iban = p.account "
                + "where p.tenant_id = ? order by h.legal_entity nulls last, p.account, p.currency")) {
            List<Row> rows = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBigDecimal(4),
                            rs.getString(5), Sql.instant(rs.getTimestamp(6)), rs.getString(7), rs.getObject(8, UUID.class)));
                }
            }
            return rows;
        }
    }
}
