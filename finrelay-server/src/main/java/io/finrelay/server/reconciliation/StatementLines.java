package io.finrelay.server.reconciliation;

import io.finrelay.model.Money;
import io.finrelay.model.bank.BankStatementLine;
import io.finrelay.reconciliation.Line;
import io.finrelay.server.security.TenantScope;
import io.finrelay.server.tenancy.TenantSql;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;

/**
 * Where the reconciliation reads statement lines: booked lines of the tenant's registered house bank
 * accounts that no run has dealt with yet. The ONE query that depends on the bank-file tables of the
 * bankfiles work (RECON.md section 3): {@code house_bank_account(tenant_id, iban, legal_entity, ...)}
 * and the return and SEPA columns of {@code bank_statement_line}. Lines of unregistered accounts are
 * not reconciled.
 */
final class StatementLines {
    private static final String SELECT = "select l.file_id, l.line_no, l.account, h.legal_entity, l.entry_number, "
            + "l.transaction_number, coalesce((l.line->>'transactionsInEntry')::int, l.transaction_number) as in_entry, "
            + "l.entry_status, l.booking_date, l.value_date, l.amount, l.currency, l.direction, l.reversal, "
            + "l.bank_reference, l.line->>'entryReference' as entry_reference, l.end_to_end_id, l.creditor_reference, "
            + "l.remittance, l.counterparty_name, l.counterparty_account, l.line->>'counterpartyBic' as counterparty_bic, "
            + "l.bank_transaction_code, (l.line->'originalAmount'->>'amount')::numeric as original_amount, "
            + "l.line->'originalAmount'->>'currency' as original_currency, l.line->>'additionalInfo' as additional_info, l.mandate_reference, l.creditor_id, "
            + "l.customer_reference, l.ultimate_counterparty, l.return_reason_code, l.return_reason_text, "
            + "l.original_end_to_end_id, l.original_payment_id "
            + "from bank_statement_line l join house_bank_account h on h.tenant_id = l.tenant_id and h.iban = l.account ";

    private StatementLines() {}

    /** The id a line has in matches and rejected pairs: {@code <fileId>:<lineNo>}. */
    static String id(String fileId, int lineNo) {
        return fileId + ":" + lineNo;
    }

    /** Booked lines of registered accounts without an outcome yet, in file and line order. */
    static List<Line> unreconciled(Connection c, TenantScope scope) throws SQLException {
        try (PreparedStatement select = TenantSql.prepare(c, scope, SELECT + "where l.tenant_id = ? "
                + "and l.entry_status = 'BOOKED' and not exists (select 1 from recon_line r where r.tenant_id = l.tenant_id "
                + "and r.file_id = l.file_id and r.line_no = l.line_no) order by l.file_id, l.line_no")) {
            List<Line> lines = new ArrayList<>();
            try (ResultSet r = select.executeQuery()) {
                while (r.next()) {
                    lines.add(new Line(id(r.getString("file_id"), r.getInt("line_no")), r.getString("account"),
                            r.getString("legal_entity"), line(r)));
                }
            }
            return lines;
        }
    }

    private static BankStatementLine line(ResultSet r) throws SQLException {
        BankStatementLine.ReturnDetails returned = r.getString("return_reason_code") == null
                && r.getString("original_end_to_end_id") == null ? null
                : new BankStatementLine.ReturnDetails(r.getString("return_reason_code"), r.getString("return_reason_text"),
                        r.getString("original_end_to_end_id"), r.getString("original_payment_id"));
        return new BankStatementLine(r.getInt("entry_number"), r.getInt("transaction_number"), r.getInt("in_entry"),
                BankStatementLine.EntryStatus.valueOf(r.getString("entry_status")), date(r.getDate("booking_date")),
                date(r.getDate("value_date")), Money.of(r.getBigDecimal("amount"), Currency.getInstance(r.getString("currency").trim())),
                BankStatementLine.Direction.valueOf(r.getString("direction")), r.getBoolean("reversal"),
                r.getString("bank_reference"), r.getString("entry_reference"), r.getString("end_to_end_id"),
                r.getString("creditor_reference"), r.getString("remittance"), r.getString("counterparty_name"),
                r.getString("counterparty_account"), r.getString("counterparty_bic"), r.getString("bank_transaction_code"),
                originalAmount(r), r.getString("additional_info"), r.getString("mandate_reference"), r.getString("creditor_id"),
                r.getString("customer_reference"), r.getString("ultimate_counterparty"), returned);
    }

    /** What the payer instructed, in its own currency (camt AmtDtls/InstdAmt): how a foreign invoice is found. */
    private static Money originalAmount(ResultSet r) throws SQLException {
        java.math.BigDecimal amount = r.getBigDecimal("original_amount");
        String currency = r.getString("original_currency");
        return amount == null || currency == null ? null : Money.of(amount, Currency.getInstance(currency));
    }

    private static LocalDate date(Date d) {
        return d == null ? null : d.toLocalDate();
    }
}
