package io.finrelay.server.card;

import io.finrelay.engine.db.Database;
import io.finrelay.formats.card.CardTransactionFile.CardTransaction;
import io.finrelay.reconciliation.card.CardMatcher;
import io.finrelay.server.security.TenantScope;
import io.finrelay.server.tenancy.TenantSql;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Repository;

/**
 * The SQL of the corporate card transactions: taking a file in once per transaction id, listing them,
 * and what the matching, the reminders and the accruals read and write. Every statement runs in the
 * tenant ({@link TenantSql}).
 */
@Repository
public class CardTransactions {
    private static final String COLUMNS = "transaction_id, card_account, employee_id, holder_name, transaction_date, "
            + "posting_date, settlement_date, merchant_name, mcc, billing_amount, billing_currency, original_amount, "
            + "original_currency, source, received_at, status, matched_report_id, matched_line_id, match_basis, "
            + "match_score, matched_at, reminded_at, line_claimed_as_cash";

    /**
     * A stored transaction with what has become of it; {@code lineClaimedAsCash}: the line it matched says the
     * employee paid out of pocket (null while unmatched, or matched before lines said who paid them).
     */
    public record Stored(CardTransaction transaction, String source, Instant receivedAt, String status,
                         String matchedReportId, String matchedLineId, String matchBasis, BigDecimal matchScore,
                         Instant matchedAt, Instant remindedAt, Boolean lineClaimedAsCash) {}

    /** What a file did: the transactions new to the tenant, and the ids it already had (nothing changed for those). */
    public record Intake(List<String> inserted, List<String> duplicates) {}

    private final Database db;

    public CardTransactions(Database db) {
        this.db = db;
    }

    /**
     * Takes the transactions in, in one transaction: each id the tenant does not have yet is inserted,
     * unmatched; an id it has (or one repeated in the same file) is left as it was.
     */
    public Intake insert(TenantScope scope, List<CardTransaction> transactions, String source, Instant now) {
        return db.inTenant(scope.tenantId(), c -> {
            List<String> inserted = new ArrayList<>();
            List<String> duplicates = new ArrayList<>();
            try (PreparedStatement insert = TenantSql.prepare(c, scope, "insert into card_transaction (tenant_id, "
                    + "transaction_id, card_account, employee_id, holder_name, transaction_date, posting_date, "
                    + "settlement_date, merchant_name, mcc, billing_amount, billing_currency, original_amount, "
                    + "original_currency, source, received_at, status) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                    + "?, ?, 'UNMATCHED') on conflict (tenant_id, transaction_id) do nothing")) {
                for (CardTransaction t : transactions) {
                    insert.setString(2, t.transactionId());
                    insert.setString(3, t.cardAccount());
                    insert.setString(4, t.employeeId());
                    insert.setString(5, t.holderName());
                    insert.setObject(6, t.transactionDate());
                    insert.setObject(7, t.postingDate());
                    insert.setObject(8, t.settlementDate());
                    insert.setString(9, t.merchantName());
                    insert.setString(10, t.mcc());
                    insert.setBigDecimal(11, t.billingAmount());
                    insert.setString(12, t.billingCurrency());
                    insert.setBigDecimal(13, t.originalAmount());
                    insert.setString(14, t.originalCurrency());
                    insert.setString(15, source);
                    insert.setTimestamp(16, Timestamp.from(now));
                    (insert.executeUpdate() == 1 ? inserted : duplicates).add(t.transactionId());
                }
            }
            return new Intake(inserted, duplicates);
        });
    }

    /** The tenant's transactions, newest first, optionally of one status, card account or settlement day. */
    public List<Stored> list(TenantScope scope, String status, String cardAccount, LocalDate settlementDate, int limit) {
        return db.inTenant(scope.tenantId(), c -> {
            try (PreparedStatement select = TenantSql.prepare(c, scope, "select " + COLUMNS + " from card_transaction "
                    + "where tenant_id = ? and (?::text is null or status = ?) and (?::text is null or card_account = ?) "
                    + "and (?::date is null or settlement_date = ?) order by transaction_date desc, transaction_id limit ?")) {
                select.setString(2, status);
                select.setString(3, status);
                select.setString(4, cardAccount);
                select.setString(5, cardAccount);
                select.setObject(6, settlementDate);
                select.setObject(7, settlementDate);
                select.setInt(8, limit);
                List<Stored> out = new ArrayList<>();
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        out.add(stored(rs));
                    }
                }
                return out;
            }
        });
    }

    private static Stored stored(ResultSet rs) throws SQLException {
        CardTransaction t = new CardTransaction(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getObject(5, LocalDate.class), rs.getObject(6, LocalDate.class), rs.getObject(7, LocalDate.class),
                rs.getString(8), rs.getString(9), rs.getBigDecimal(10), rs.getString(11).trim(), rs.getBigDecimal(12),
                rs.getString(13) == null ? null : rs.getString(13).trim());
        return new Stored(t, rs.getString(14), instant(rs, 15), rs.getString(16), rs.getString(17), rs.getString(18),
                rs.getString(19), rs.getBigDecimal(20), instant(rs, 21), instant(rs, 22),
                rs.getObject(23) == null ? null : rs.getBoolean(23));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    // ---- matching ------------------------------------------------------------------------------------

    /**
     * Matches the tenant's unmatched transactions to the expense lines of their holders that no transaction
     * has taken, in one transaction: the unmatched rows are locked first, so a second node matching the same
     * tenant waits and then finds them matched. Returns the matches made.
     */
    public List<CardMatcher.Match> match(TenantScope scope, CardMatcher.Settings settings, Instant now) {
        return db.inTenant(scope.tenantId(), c -> {
            List<CardMatcher.Charge> charges = new ArrayList<>();
            Set<String> holders = new LinkedHashSet<>();
            try (PreparedStatement select = TenantSql.prepare(c, scope, "select transaction_id, employee_id, "
                    + "transaction_date, merchant_name, billing_amount, billing_currency, original_amount, original_currency "
                    + "from card_transaction where tenant_id = ? and status = 'UNMATCHED' and billing_amount > 0 "
                    + "order by transaction_id for update")) {
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        charges.add(new CardMatcher.Charge(rs.getString(1), rs.getString(2), rs.getObject(3, LocalDate.class),
                                rs.getString(4), rs.getBigDecimal(5), rs.getString(6).trim(), rs.getBigDecimal(7),
                                rs.getString(8) == null ? null : rs.getString(8).trim()));
                        holders.add(rs.getString(2));
                    }
                }
            }
            if (charges.isEmpty()) {
                return List.<CardMatcher.Match>of();
            }
            List<CardMatcher.Match> matches = CardMatcher.match(charges, openLines(c, scope, holders), settings);
            // The tenant comes first (TenantSql binds it as parameter 1), so the row is named in a CTE.
            try (PreparedStatement update = TenantSql.prepare(c, scope, "with target as (select tenant_id, transaction_id "
                    + "from card_transaction where tenant_id = ? and transaction_id = ?) update card_transaction t set "
                    + "status = 'MATCHED', matched_report_id = ?, matched_line_id = ?, match_basis = ?, match_score = ?, "
                    + "matched_at = ?, line_claimed_as_cash = ? from target where t.tenant_id = target.tenant_id "
                    + "and t.transaction_id = target.transaction_id")) {
                for (CardMatcher.Match m : matches) {
                    update.setString(2, m.charge().transactionId());
                    update.setString(3, m.line().reportId());
                    update.setString(4, m.line().lineId());
                    update.setString(5, m.basis().name());
                    update.setBigDecimal(6, BigDecimal.valueOf(m.score()).setScale(4, java.math.RoundingMode.HALF_EVEN));
                    update.setTimestamp(7, Timestamp.from(now));
                    update.setBoolean(8, m.lineClaimedAsCash());
                    update.addBatch();
                }
                update.executeBatch();
            }
            return matches;
        });
    }

    /**
     * The lines of the holders' expense reports that no transaction has taken yet, with who paid each, from the
     * expense read model (written by the transition that took each report in: the workflow's state is not read).
     */
    private static List<CardMatcher.ExpenseLine> openLines(Connection c, TenantScope scope, Set<String> holders)
            throws SQLException {
        List<CardMatcher.ExpenseLine> out = new ArrayList<>();
        try (PreparedStatement select = TenantSql.prepare(c, scope, "select r.report_id, l.line_id, r.employee_id, "
                + "l.line_date, l.merchant, l.amount, l.currency, l.company_paid from expense_report r "
                + "join expense_report_line l on l.tenant_id = r.tenant_id and l.report_id = r.report_id "
                + "where r.tenant_id = ? and r.employee_id = any (?) and not exists (select 1 from card_transaction t "
                + "where t.tenant_id = r.tenant_id and t.matched_report_id = r.report_id and t.matched_line_id = l.line_id)")) {
            select.setArray(2, c.createArrayOf("text", holders.toArray()));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    out.add(new CardMatcher.ExpenseLine(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getObject(4, LocalDate.class), rs.getString(5), rs.getBigDecimal(6), rs.getString(7),
                            rs.getBoolean(8)));
                }
            }
        }
        return out;
    }

    // ---- reminders and accruals ----------------------------------------------------------------------

    /** An unmatched charge, with its holder's legal entity (null when the holder is no known employee). */
    public record Unmatched(CardTransaction transaction, String legalEntityId, Instant remindedAt) {}

    /**
     * The unmatched charges and refunds posted on or before {@code postedBy}, with their holders' legal
     * entities; {@code unremindedOnly}: those not yet reminded.
     */
    public List<Unmatched> unmatched(TenantScope scope, LocalDate postedBy, boolean unremindedOnly) {
        return db.inTenant(scope.tenantId(), c -> {
            try (PreparedStatement select = TenantSql.prepare(c, scope, "select " + prefixed() + ", m.legal_entity_id::text "
                    + "from card_transaction t left join master_data m on m.tenant_id = t.tenant_id and m.kind = 'employee' "
                    + "and m.key = t.employee_id where t.tenant_id = ? and t.status = 'UNMATCHED' and t.posting_date <= ? "
                    + "and (not ? or t.reminded_at is null) order by t.transaction_id")) {
                select.setObject(2, postedBy);
                select.setBoolean(3, unremindedOnly);
                List<Unmatched> out = new ArrayList<>();
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        Stored s = stored(rs);
                        out.add(new Unmatched(s.transaction(), rs.getString(24), s.remindedAt()));
                    }
                }
                return out;
            }
        });
    }

    private static String prefixed() {
        return "t." + COLUMNS.replace(", ", ", t.");
    }

    /** Records that the holder has been reminded of these transactions (the reminders are submitted). */
    public void reminded(TenantScope scope, List<String> transactionIds, Instant now) {
        if (transactionIds.isEmpty()) {
            return;
        }
        db.inTenant(scope.tenantId(), c -> {
            try (PreparedStatement update = TenantSql.prepare(c, scope, "with target as (select tenant_id, transaction_id "
                    + "from card_transaction where tenant_id = ? and transaction_id = any (?) and reminded_at is null) "
                    + "update card_transaction t set reminded_at = ? from target where t.tenant_id = target.tenant_id "
                    + "and t.transaction_id = target.transaction_id")) {
                update.setArray(2, c.createArrayOf("text", transactionIds.toArray()));
                update.setTimestamp(3, Timestamp.from(now));
                update.executeUpdate();
            }
            return null;
        });
    }

    /** The legal entities whose accrual of {@code period} has been submitted. */
    public Set<String> accrued(TenantScope scope, String period) {
        return db.inTenant(scope.tenantId(), c -> {
            try (PreparedStatement select = TenantSql.prepare(c, scope, "select legal_entity_id::text from card_accrual "
                    + "where tenant_id = ? and period = ?")) {
                select.setString(2, period);
                Set<String> out = new LinkedHashSet<>();
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
                return out;
            }
        });
    }

    /** Records that a legal entity's accrual of {@code period} has been submitted. */
    public void accrualSubmitted(TenantScope scope, String period, String legalEntityId, int transactions, Instant now) {
        db.inTenant(scope.tenantId(), c -> {
            try (PreparedStatement insert = TenantSql.prepare(c, scope, "insert into card_accrual (tenant_id, period, "
                    + "legal_entity_id, transactions, submitted_at) values (?, ?, ?::uuid, ?, ?) on conflict do nothing")) {
                insert.setString(2, period);
                insert.setString(3, legalEntityId);
                insert.setInt(4, transactions);
                insert.setTimestamp(5, Timestamp.from(now));
                insert.executeUpdate();
            }
            return null;
        });
    }
}
