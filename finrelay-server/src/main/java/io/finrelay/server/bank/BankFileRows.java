package io.finrelay.server.bank;

import com.fasterxml.jackson.core.type.TypeReference;
import io.finrelay.engine.db.Sql;
import io.finrelay.engine.json.Json;
import io.finrelay.formats.channel.BankFileFormat;
import io.finrelay.formats.channel.ReceivedFile;
import io.finrelay.model.Money;
import io.finrelay.model.bank.BankStatement;
import io.finrelay.model.bank.BankStatementLine;
import io.finrelay.server.security.TenantScope;
import io.finrelay.server.tenancy.TenantSql;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** The SQL of {@code bank_file} and {@code bank_statement_line}; every statement goes through {@link TenantSql}. */
final class BankFileRows {
    private static final TypeReference<Map<String, BigDecimal>> TOTALS = new TypeReference<>() {};
    private static final TypeReference<List<String>> PROBLEMS = new TypeReference<>() {};
    private static final String COLUMNS = "id, connection, name, sha256, size_bytes, format, status, message_id, "
            + "statements, lines, credits::text, debits::text, problems::text, received_at, unregistered_accounts::text";

    private BankFileRows() {}

    static void insert(Connection c, TenantScope scope, UUID id, ReceivedFile f) throws SQLException {
        insert(c, scope, id, f, List.of());
    }

    static void insert(Connection c, TenantScope scope, UUID id, ReceivedFile f, List<String> unregisteredAccounts)
            throws SQLException {
        try (PreparedStatement insert = TenantSql.prepare(c, scope, "insert into bank_file (tenant_id, id, connection, name, "
                + "sha256, size_bytes, format, status, message_id, statements, lines, credits, debits, problems, received_at, "
                + "unregistered_accounts) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?::jsonb, ?, ?::jsonb)")) {
            insert.setObject(2, id);
            insert.setString(3, f.connection());
            insert.setString(4, f.name());
            insert.setString(5, f.sha256());
            insert.setLong(6, f.sizeBytes());
            insert.setString(7, f.format() == null ? null : f.format().name());
            insert.setString(8, f.status().name());
            insert.setString(9, f.messageId());
            insert.setInt(10, f.statements());
            insert.setLong(11, f.lines());
            insert.setString(12, Json.write(f.credits()));
            insert.setString(13, Json.write(f.debits()));
            insert.setString(14, Json.write(f.problems()));
            insert.setTimestamp(15, Sql.ts(f.receivedAt()));
            insert.setString(16, Json.write(unregisteredAccounts));
            insert.executeUpdate();
        }
    }

    /**
     * The tenant's imported file with this content, through whichever connection (or the API) it came:
     * a file's identity is its content per tenant.
     */
    static Optional<BankFileView> importedCopy(Connection c, TenantScope scope, String sha256) throws SQLException {
        try (PreparedStatement select = TenantSql.prepare(c, scope, "select " + COLUMNS + " from bank_file "
                + "where tenant_id = ? and sha256 = ? and status = 'IMPORTED'")) {
            select.setString(2, sha256);
            return readAll(select).stream().findFirst();
        }
    }

    /** The tenant's imported ISO 20022 file (camt, pain.002) with this message id, if there is one. */
    static Optional<BankFileView> importedMessage(Connection c, TenantScope scope, BankFileFormat format,
                                                  String messageId) throws SQLException {
        if (messageId == null || (format != BankFileFormat.CAMT && format != BankFileFormat.PAIN_002)) {
            return Optional.empty();
        }
        try (PreparedStatement select = TenantSql.prepare(c, scope, "select " + COLUMNS + " from bank_file "
                + "where tenant_id = ? and message_id = ? and format = ? and status = 'IMPORTED'")) {
            select.setString(2, messageId);
            select.setString(3, format.name());
            return readAll(select).stream().findFirst();
        }
    }

    /** Newest first, before the id {@code before} (keyset paging; ids are time-ordered). */
    static List<BankFileView> list(Connection c, TenantScope scope, UUID before, String status, int limit)
            throws SQLException {
        try (PreparedStatement select = TenantSql.prepare(c, scope, "select " + COLUMNS + " from bank_file "
                + "where tenant_id = ? and id < ? and (?::text is null or status = ?) order by id desc limit ?")) {
            select.setObject(2, before == null ? new UUID(-1L, -1L) : before);
            select.setString(3, status);
            select.setString(4, status);
            select.setInt(5, limit);
            return readAll(select);
        }
    }

    static Optional<BankFileView> find(Connection c, TenantScope scope, UUID id) throws SQLException {
        try (PreparedStatement select = TenantSql.prepare(c, scope, "select " + COLUMNS + " from bank_file "
                + "where tenant_id = ? and id = ?")) {
            select.setObject(2, id);
            return readAll(select).stream().findFirst();
        }
    }

    static PreparedStatement prepareLineInsert(Connection c, TenantScope scope) throws SQLException {
        return TenantSql.prepare(c, scope, "insert into bank_statement_line (tenant_id, file_id, line_no, statement_id, "
                + "account, entry_number, transaction_number, entry_status, booking_date, value_date, amount, currency, "
                + "direction, reversal, bank_reference, end_to_end_id, creditor_reference, remittance, counterparty_name, "
                + "counterparty_account, bank_transaction_code, line, return_reason_code, return_reason_text, "
                + "original_end_to_end_id, original_payment_id, mandate_reference, creditor_id, customer_reference, "
                + "ultimate_counterparty) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, "
                + "?, ?, ?, ?, ?, ?, ?, ?)");
    }

    /** Binds parameters 2 and up; parameter 1, the tenant, stays bound from {@link #prepareLineInsert}. */
    static void bindLine(PreparedStatement insert, UUID fileId, int lineNo, BankStatement statement, BankStatementLine line,
                         String lineJson) throws SQLException {
        insert.setObject(2, fileId);
        insert.setInt(3, lineNo);
        insert.setString(4, statement.statementId());
        insert.setString(5, statement.account());
        insert.setInt(6, line.entryNumber());
        insert.setInt(7, line.transactionNumber());
        insert.setString(8, line.status().name());
        insert.setObject(9, line.bookingDate());
        insert.setObject(10, line.valueDate());
        insert.setBigDecimal(11, line.amount().amount());
        insert.setString(12, line.amount().currencyCode());
        insert.setString(13, line.direction().name());
        insert.setBoolean(14, line.reversal());
        insert.setString(15, line.bankReference());
        insert.setString(16, line.endToEndId());
        insert.setString(17, line.creditorReference());
        insert.setString(18, line.remittanceText());
        insert.setString(19, line.counterpartyName());
        insert.setString(20, line.counterpartyAccount());
        insert.setString(21, line.bankTransactionCode());
        insert.setString(22, lineJson);
        BankStatementLine.ReturnDetails ret = line.returnDetails();
        insert.setString(23, ret == null ? null : ret.reasonCode());
        insert.setString(24, ret == null ? null : ret.reasonText());
        insert.setString(25, ret == null ? null : ret.originalEndToEndId());
        insert.setString(26, ret == null ? null : ret.originalPaymentId());
        insert.setString(27, line.mandateReference());
        insert.setString(28, line.creditorId());
        insert.setString(29, line.customerReference());
        insert.setString(30, line.ultimateCounterparty());
    }

    /** The whole canonical line; amounts as decimal strings with their currency, dates as ISO text. */
    static Map<String, Object> lineJson(BankStatementLine line) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("entryNumber", line.entryNumber());
        json.put("transactionNumber", line.transactionNumber());
        json.put("transactionsInEntry", line.transactionsInEntry());
        json.put("status", line.status().name());
        json.put("bookingDate", text(line.bookingDate()));
        json.put("valueDate", text(line.valueDate()));
        json.put("amount", money(line.amount()));
        json.put("direction", line.direction().name());
        json.put("reversal", line.reversal());
        json.put("bankReference", line.bankReference());
        json.put("entryReference", line.entryReference());
        json.put("endToEndId", line.endToEndId());
        json.put("creditorReference", line.creditorReference());
        json.put("remittanceText", line.remittanceText());
        json.put("counterpartyName", line.counterpartyName());
        json.put("counterpartyAccount", line.counterpartyAccount());
        json.put("counterpartyBic", line.counterpartyBic());
        json.put("bankTransactionCode", line.bankTransactionCode());
        json.put("originalAmount", line.originalAmount() == null ? null : money(line.originalAmount()));
        json.put("additionalInfo", line.additionalInfo());
        json.put("mandateReference", line.mandateReference());
        json.put("creditorId", line.creditorId());
        json.put("customerReference", line.customerReference());
        json.put("ultimateCounterparty", line.ultimateCounterparty());
        BankStatementLine.ReturnDetails ret = line.returnDetails();
        if (ret != null) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("reasonCode", ret.reasonCode());
            details.put("reasonText", ret.reasonText());
            details.put("originalEndToEndId", ret.originalEndToEndId());
            details.put("originalPaymentId", ret.originalPaymentId());
            details.values().removeIf(Objects::isNull);
            json.put("returnDetails", details);
        }
        json.values().removeIf(Objects::isNull);
        return json;
    }

    private static Map<String, Object> money(Money money) {
        return Map.of("amount", money.amount(), "currency", money.currencyCode());
    }

    private static String text(LocalDate date) {
        return date == null ? null : date.toString();
    }

    private static List<BankFileView> readAll(PreparedStatement select) throws SQLException {
        List<BankFileView> rows = new ArrayList<>();
        try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                rows.add(new BankFileView(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getLong(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getInt(9), rs.getLong(10),
                        read(rs.getString(11), TOTALS), read(rs.getString(12), TOTALS), read(rs.getString(13), PROBLEMS),
                        Sql.instant(rs.getTimestamp(14)), read(rs.getString(15), PROBLEMS)));
            }
        }
        return rows;
    }

    static ReceivedFile receivedFile(TenantScope scope, BankFileView v) {
        return new ReceivedFile(scope.tenantId(), v.connection(), v.name(), v.sha256(), v.sizeBytes(),
                v.format() == null ? null : BankFileFormat.valueOf(v.format()), ReceivedFile.Status.valueOf(v.status()),
                v.messageId(), v.statements(), v.lines(), v.credits(), v.debits(), v.problems(), v.receivedAt());
    }

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return Json.mapper().readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable jsonb in bank_file: " + json, e);
        }
    }
}
