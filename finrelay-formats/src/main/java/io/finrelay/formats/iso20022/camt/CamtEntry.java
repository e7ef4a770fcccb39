package io.finrelay.formats.iso20022.camt;

import io.finrelay.formats.LineSignals;
import io.finrelay.formats.StatementTotals;
import io.finrelay.formats.xml.XmlCursor;
import io.finrelay.model.Money;
import io.finrelay.model.bank.BankStatementLine;
import io.finrelay.model.bank.BankStatementLine.Direction;
import io.finrelay.model.bank.BankStatementLine.EntryStatus;
import io.finrelay.model.bank.BankStatementLine.ReturnDetails;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** One Ntry with its transaction details, read in full (an entry is small) and split into lines. */
final class CamtEntry {
    private final int number;
    private Money amount;
    private Direction direction;
    private boolean reversal;
    private EntryStatus status;
    private LocalDate bookingDate;
    private LocalDate valueDate;
    private String entryReference;
    private String bankReference;
    private String bankTransactionCode;
    private String info;
    private Money instructedAmount;
    private Integer batchCount;
    private final List<CamtTransaction> transactions = new ArrayList<>(1);
    private int line;

    private CamtEntry(int number) {
        this.number = number;
    }

    Money amount() {
        return amount;
    }

    Direction direction() {
        return direction;
    }

    static CamtEntry read(XmlCursor x, int number) {
        CamtEntry entry = new CamtEntry(number);
        entry.line = x.line();
        String indicator = null;
        String statusCode = null;
        while (x.nextChild()) {
            switch (x.name()) {
                case "NtryRef" -> entry.entryReference = x.text();
                case "Amt" -> entry.amount = CamtReader.money(x);
                case "CdtDbtInd" -> indicator = x.text();
                case "RvslInd" -> entry.reversal = bool(x.text());
                case "Sts" -> statusCode = x.deepText();
                case "BookgDt" -> entry.bookingDate = CamtParts.dateChoice(x);
                case "ValDt" -> entry.valueDate = CamtParts.dateChoice(x);
                case "AcctSvcrRef" -> entry.bankReference = x.text();
                case "BkTxCd" -> entry.bankTransactionCode = CamtParts.bankTransactionCode(x);
                case "AmtDtls" -> entry.instructedAmount = CamtTransaction.instructedAmount(x);
                case "NtryDtls" -> entry.details(x);
                case "AddtlNtryInf" -> entry.info = x.text();
                default -> x.skip();
            }
        }
        if (entry.amount == null) {
            throw x.error("entry " + number + " has no Amt");
        }
        entry.direction = direction(x, indicator);
        entry.status = statusCode == null ? EntryStatus.BOOKED : CamtReader.status(statusCode, x);
        return entry;
    }

    private void details(XmlCursor x) {
        while (x.nextChild()) {
            switch (x.name()) {
                case "Btch" -> {
                    while (x.nextChild()) {
                        if ("NbOfTxs".equals(x.name())) {
                            String text = x.text();
                            try {
                                batchCount = Integer.valueOf(text);
                            } catch (NumberFormatException e) {
                                throw x.error("NbOfTxs '" + text + "' is not a number");
                            }
                        } else {
                            x.skip();
                        }
                    }
                }
                case "TxDtls" -> transactions.add(CamtTransaction.read(x));
                default -> x.skip();
            }
        }
    }

    /**
     * The canonical lines of this entry. A batch is split when every transaction names its own
     * amount in the entry's currency; otherwise (a bank that lists parties but not amounts) the
     * entry stays one line, because inventing a split would misstate money.
     */
    List<BankStatementLine> lines(XmlCursor x, StatementTotals totals, String ownAccount) {
        int count = transactions.size();
        if (batchCount != null && count > 1) {
            totals.expect(batchCount == count, "entry " + number + " (line " + line + ") declares " + batchCount
                    + " transactions in its batch but details " + count);
        }
        if (count > 1 && transactions.stream().allMatch(t -> t.amountIn(amount.currency()) != null)) {
            List<BankStatementLine> lines = new ArrayList<>(count);
            BigDecimal sum = BigDecimal.ZERO;
            for (int i = 0; i < count; i++) {
                CamtTransaction tx = transactions.get(i);
                Direction txDirection = tx.direction() == null ? direction : tx.direction();
                Money txAmount = tx.amountIn(amount.currency());
                sum = sum.add(txDirection == direction ? txAmount.amount() : txAmount.amount().negate());
                lines.add(line(tx, i + 1, count, txAmount, txDirection, ownAccount));
            }
            totals.expect(sum.compareTo(amount.amount()) == 0, "entry " + number + " (line " + line + ") amount " + amount
                    + " differs from the sum of its transactions " + sum.toPlainString());
            return lines;
        }
        CamtTransaction only = count == 1 ? transactions.get(0) : null;
        return List.of(line(only, 1, 1, amount, direction, ownAccount));
    }

    private BankStatementLine line(CamtTransaction tx, int txNumber, int txCount, Money lineAmount, Direction lineDirection,
            String ownAccount) {
        Money original = instructedAmount;
        if (tx == null) {
            ReturnDetails returned = LineSignals.isReturnCode(bankTransactionCode)
                    ? new ReturnDetails(LineSignals.reasonCodeIn(info), returnWords(info, bankTransactionCode), null, null)
                    : null;
            return new BankStatementLine(number, txNumber, txCount, status, bookingDate, valueDate, lineAmount, lineDirection,
                    reversal, bankReference, entryReference, null, null, null, null, null, null, bankTransactionCode,
                    otherCurrency(original, lineAmount), info, null, null, null, null, returned);
        }
        if (tx.instructedAmount() != null) {
            original = tx.instructedAmount();
        } else if (tx.amount() != null && !tx.amount().currency().equals(lineAmount.currency())) {
            original = tx.amount();
        }
        String btc = tx.bankTransactionCode() != null ? tx.bankTransactionCode() : bankTransactionCode;
        String text = tx.info() != null ? tx.info() : info;
        String remittance = tx.remittanceText();
        boolean debtorSide = counterpartyIsDebtor(tx, lineDirection, ownAccount);
        return new BankStatementLine(number, txNumber, txCount, status, bookingDate, valueDate, lineAmount, lineDirection,
                reversal, tx.bankReference() != null ? tx.bankReference() : bankReference, entryReference, tx.endToEndId(),
                LineSignals.creditorReference(tx.creditorReference(), remittance), remittance,
                debtorSide ? tx.debtorName() : tx.creditorName(),
                debtorSide ? tx.debtorAccount() : tx.creditorAccount(),
                debtorSide ? tx.debtorBic() : tx.creditorBic(),
                btc, otherCurrency(original, lineAmount), text,
                tx.mandateId(), tx.creditorId(), tx.instructionId(),
                debtorSide ? tx.ultimateDebtorName() : tx.ultimateCreditorName(),
                returnDetails(tx, btc, text));
    }

    /**
     * Whether the counterparty is the transaction's debtor. The parties are those of the payment: for
     * money in, the debtor; a reversal books the other way round. Banks differ in how they present a
     * return (the original parties, or the returning party as a new debtor), so a side that holds the
     * statement's own account is not the counterparty when the other side does not.
     */
    private boolean counterpartyIsDebtor(CamtTransaction tx, Direction lineDirection, String ownAccount) {
        boolean debtor = (lineDirection == Direction.CREDIT) != reversal;
        String chosen = debtor ? tx.debtorAccount() : tx.creditorAccount();
        String other = debtor ? tx.creditorAccount() : tx.debtorAccount();
        if (sameAccount(chosen, ownAccount) && other != null && !sameAccount(other, ownAccount)) {
            return !debtor;
        }
        return debtor;
    }

    private static boolean sameAccount(String a, String b) {
        return a != null && b != null && a.replace(" ", "").equalsIgnoreCase(b.replace(" ", ""));
    }

    /**
     * Set when the bank says the transaction returns an earlier payment: RtrInf is present or the bank
     * transaction code is a return. The references of a returned payment are those it carries (the
     * EPC and DK guides have R-transactions repeat the original's end-to-end id and instruction id).
     */
    private static ReturnDetails returnDetails(CamtTransaction tx, String btc, String text) {
        CamtTransaction.ReturnInfo info = tx.returnInfo();
        if (info == null && !LineSignals.isReturnCode(btc)) {
            return null;
        }
        String code = info == null ? null : info.code();
        String words = info == null ? null : info.text();
        if (code == null && words == null) {
            code = LineSignals.reasonCodeIn(text);
            words = returnWords(text, btc);
        } else if (code == null) {
            code = LineSignals.reasonCodeIn(words); // a proprietary reason that names the ISO code
        }
        String originalPayment = tx.instructionId() != null ? tx.instructionId() : tx.paymentInformationId();
        return new ReturnDetails(code, words, tx.endToEndId(), originalPayment);
    }

    private static String returnWords(String text, String btc) {
        if (text != null && !text.isBlank()) {
            return text;
        }
        return btc == null || btc.isBlank() ? "returned payment" : "returned payment (" + btc + ")";
    }

    private static Money otherCurrency(Money original, Money lineAmount) {
        return original == null || original.currency().equals(lineAmount.currency()) ? null : original;
    }

    static Direction direction(XmlCursor x, String indicator) {
        if ("CRDT".equals(indicator)) {
            return Direction.CREDIT;
        }
        if ("DBIT".equals(indicator)) {
            return Direction.DEBIT;
        }
        throw x.error("CdtDbtInd '" + indicator + "' is neither CRDT nor DBIT");
    }

    static boolean bool(String text) {
        return "true".equals(text) || "1".equals(text);
    }
}
