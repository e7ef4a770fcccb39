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
 * @param mandateReference    the SEPA direct-debit mandate (camt MndtId, MT940 :86: MREF+), or null
 * @param creditorId          the SEPA creditor identifier (camt CdtrSchmeId, MT940 CRED+), or null
 * @param customerReference   the account holder's own reference (camt InstrId, MT940 KREF+), or null
 * @param ultimateCounterparty the party the payment was really for or from (camt UltmtDbtr/UltmtCdtr,
 *                            MT940 ABWA+/ABWE+), or null
 * @param returnDetails       set when the line returns or rejects an earlier payment, else null
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
        String additionalInfo,
        String mandateReference,
        String creditorId,
        String customerReference,
        String ultimateCounterparty,
        ReturnDetails returnDetails) {

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
        mandateReference = blankToNull(mandateReference);
        creditorId = blankToNull(creditorId);
        customerReference = blankToNull(customerReference);
        ultimateCounterparty = blankToNull(ultimateCounterparty);
    }

    /** Whether the line gives money back for an earlier payment (a return or a reject after booking). */
    public boolean isReturn() {
        return returnDetails != null;
    }

    /** The amount with its sign: negative for a debit. */
    public Money signedAmount() {
        return direction == Direction.DEBIT ? amount.negate() : amount;
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    public enum Direction { CREDIT, DEBIT }

    /**
     * Why and for which payment a line returns money: the ISO 20022 reason (ExternalReturnReason1Code
     * such as {@code AC04} closed account, from camt {@code RtrInf}; mapped from MT940 {@code :86:}
     * return texts and BAI2 return type codes), and the original payment's references so the return
     * can be tied to what was sent.
     *
     * @param reasonCode          the ISO reason code, or null when the bank gave only text
     * @param reasonText          the bank's words, or null
     * @param originalEndToEndId  the returned payment's end-to-end id, or null
     * @param originalPaymentId   the returned payment's instruction or message reference, or null
     */
    public record ReturnDetails(String reasonCode, String reasonText, String originalEndToEndId, String originalPaymentId) {
        public ReturnDetails {
            reasonCode = blankToNull(reasonCode);
            reasonText = blankToNull(reasonText);
            originalEndToEndId = blankToNull(originalEndToEndId);
            originalPaymentId = blankToNull(originalPaymentId);
            if (reasonCode == null && reasonText == null) {
                throw new ValidationException("returnDetails", "", "a return names its reason, by code or in words");
            }
        }
    }

    /** camt Sts BOOK/PDNG/INFO; MT940 and BAI2 lines are booked, MT942 lines too unless the bank says otherwise. */
    public enum EntryStatus { BOOKED, PENDING, INFORMATION }
}
