package io.finrelay.model.bank;

import io.finrelay.model.Money;
import io.finrelay.model.ValidationException;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One movement on a bank account as the bank reported it, normalised from camt.052/053/054, MT940/942
 * or BAI2. A batched entry (one booking for many payments) is split into one line per transaction;
 * {@code entryNumber} and {@code transactionNumber} say where it came from.
 *
 * <p>Text fields are null when the bank did not send them, never blank.
 *
 * @param entryNumber         1-based position of the entry in its statement
 * @param transactionNumber   1-based position in a batched entry; 1 when the entry is not batched
 * @param transactionsInEntry how many transactions the entry holds (1 when not batched)
 * @param status              booked, pending or information only
 * @param bookingDate         the day the bank booked it; for MT940 lines without an entry date, the value date
 * @param valueDate           the day interest starts or stops; may be null (BAI2 without value date: as-of date)
 * @param amount              positive or zero; its direction is {@code direction}
 * @param direction           credit (money in) or debit (money out)
 * @param reversal            the line reverses an earlier one (camt RvslInd, MT940 RC/RD)
 * @param originalAmount      the instructed amount when another currency was paid, else null
 */
public record BankStatementLine(
        int entryNumber,
        int transactionNumber,
        int transactionsInEntry,
        EntryStatus status,
        LocalDate bookingDate,
        LocalDate valueDate,
        Money amount,
        Direction direction,
        boolean reversal,
        String bankReference,
        String entryReference,
        String endToEndId,
        String creditorReference,
        String remittanceText,
        String counterpartyName,
        String counterpartyAccount,
        String counterpartyBic,
        String bankTransactionCode,
        Money originalAmount,
        String additionalInfo) {

    public BankStatementLine {
        if (entryNumber < 1 || transactionNumber < 1 || transactionNumber > transactionsInEntry) {
            throw new ValidationException("transactionNumber", entryNumber + "/" + transactionNumber + "/" + transactionsInEntry,
                    "entry and transaction numbers start at 1 and the transaction lies within its entry");
        }
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(direction, "direction");
        if (amount.isNegative()) {
            throw new ValidationException("amount", amount, "a line amount is not negative; its direction carries the sign");
        }
        bankReference = blankToNull(bankReference);
        entryReference = blankToNull(entryReference);
        endToEndId = blankToNull(endToEndId);
        creditorReference = blankToNull(creditorReference);
        remittanceText = blankToNull(remittanceText);
        counterpartyName = blankToNull(counterpartyName);
        counterpartyAccount = blankToNull(counterpartyAccount);
        counterpartyBic = blankToNull(counterpartyBic);
        bankTransactionCode = blankToNull(bankTransactionCode);
        additionalInfo = blankToNull(additionalInfo);
    }

    /** The amount with its sign: negative for a debit. */
    public Money signedAmount() {
        return direction == Direction.DEBIT ? amount.negate() : amount;
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    public enum Direction { CREDIT, DEBIT }

    /** camt Sts BOOK/PDNG/INFO; MT940 and BAI2 lines are booked, MT942 lines too unless the bank says otherwise. */
    public enum EntryStatus { BOOKED, PENDING, INFORMATION }
}
