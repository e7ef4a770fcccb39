package io.finrelay.model.bank;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Currency;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A bank's report of one account over a period: a statement (camt.053, MT940, BAI2), an intraday
 * report (camt.052, MT942) or a notification of single movements (camt.054).
 *
 * <p>Streaming importers hand out the lines one by one and a statement whose {@code lines} is empty;
 * {@code lineCount} then still says how many there were.
 *
 * @param statementId     the bank's id of the statement (camt Stmt/Id, MT940 :20:, BAI2 account + date)
 * @param sequenceNumber  electronic or legal sequence number (camt ElctrncSeqNb, MT940 :28C:), or null
 * @param account         the account's IBAN, or the bank's account number when it is not an IBAN
 * @param currency        the account currency, or null when the bank did not say
 * @param servicerBic     the account servicer's BIC, or null
 * @param createdAt       when the bank created it, or null
 */
public record BankStatement(
        Kind kind,
        String statementId,
        String sequenceNumber,
        String account,
        Currency currency,
        String servicerBic,
        OffsetDateTime createdAt,
        LocalDate fromDate,
        LocalDate toDate,
        List<BankBalance> balances,
        List<BankStatementLine> lines,
        long lineCount,
        String additionalInfo) {

    public BankStatement {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(statementId, "statementId");
        Objects.requireNonNull(account, "account");
        balances = List.copyOf(balances);
        lines = List.copyOf(lines);
        if (!lines.isEmpty() && lines.size() != lineCount) {
            throw new IllegalArgumentException("lineCount " + lineCount + " but " + lines.size() + " lines");
        }
    }

    /** The first balance of a type, if the bank sent one. */
    public Optional<BankBalance> balance(BankBalance.Type type) {
        return balances.stream().filter(b -> b.type() == type).findFirst();
    }

    /** A copy with the lines attached (used by the collecting reader). */
    public BankStatement withLines(List<BankStatementLine> newLines) {
        return new BankStatement(kind, statementId, sequenceNumber, account, currency, servicerBic, createdAt,
                fromDate, toDate, balances, newLines, newLines.size(), additionalInfo);
    }

    public enum Kind {
        /** End-of-period booked statement: camt.053, MT940, BAI2. */
        STATEMENT,
        /** Intraday report: camt.052, MT942. */
        INTRADAY_REPORT,
        /** Debit/credit notification: camt.054. */
        NOTIFICATION
    }
}
