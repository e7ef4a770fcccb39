package io.finrelay.formats.iso20022.camt;

import io.finrelay.formats.StatementTotals;
import io.finrelay.formats.xml.XmlCursor;
import io.finrelay.model.Money;
import io.finrelay.model.bank.BankStatementLine;
import io.finrelay.model.bank.CreditorReference;
import io.finrelay.model.bank.BankStatementLine.Direction;
import io.finrelay.model.bank.BankStatementLine.EntryStatus;
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
    List<BankStatementLine> lines(XmlCursor x, StatementTotals totals) {
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
                lines.add(line(tx, i + 1, count, txAmount, txDirection));
            }
            totals.expect(sum.compareTo(amount.amount()) == 0, "entry " + number + " (line " + line + ") amount " + amount
                    + " differs from the sum of its transactions " + sum.toPlainString());
            return lines;
        }
        CamtTransaction only = count == 1 ? transactions.get(0) : null;
        return List.of(line(only, 1, 1, amount, direction));
    }

    private BankStatementLine line(CamtTransaction tx, int txNumber, int txCount, Money lineAmount, Direction lineDirection) {
        // The parties are those of the original payment; a reversal books the other way round.
        boolean paidToUs = (lineDirection == Direction.CREDIT) != reversal;
        Money original = instructedAmount;
        String btc = bankTransactionCode;
        String ref = bankReference;
        String text = info;
        if (tx == null) {
            return new BankStatementLine(number, txNumber, txCount, status, bookingDate, valueDate, lineAmount, lineDirection,
                    reversal, ref, entryReference, null, null, null, null, null, null, btc, otherCurrency(original, lineAmount),
                    text, null, null, null, null, null);
        }
        if (tx.instructedAmount() != null) {
            original = tx.instructedAmount();
        } else if (tx.amount() != null && !tx.amount().currency().equals(lineAmount.currency())) {
            original = tx.amount();
        }
        return new BankStatementLine(number, txNumber, txCount, status, bookingDate, valueDate, lineAmount, lineDirection,
                reversal, tx.bankReference() != null ? tx.bankReference() : ref, entryReference, tx.endToEndId(),
                tx.creditorReference() != null ? tx.creditorReference()
                        : CreditorReference.findIn(tx.remittanceText()).orElse(null), tx.remittanceText(),
                paidToUs ? tx.debtorName() : tx.creditorName(),
                paidToUs ? tx.debtorAccount() : tx.creditorAccount(),
                paidToUs ? tx.debtorBic() : tx.creditorBic(),
                tx.bankTransactionCode() != null ? tx.bankTransactionCode() : btc,
                otherCurrency(original, lineAmount),
                tx.info() != null ? tx.info() : text, tx.mandateId(), null, tx.instructionId(),
                tx.ultimateCounterparty(paidToUs), tx.returnDetails());
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
