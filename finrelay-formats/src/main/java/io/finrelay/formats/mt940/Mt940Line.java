package io.finrelay.formats.mt940;

import io.finrelay.formats.LineSignals;
import io.finrelay.model.Money;
import io.finrelay.model.bank.BankStatementLine;
import io.finrelay.model.bank.BankStatementLine.Direction;
import io.finrelay.model.bank.BankStatementLine.EntryStatus;
import java.time.LocalDate;
import java.util.Currency;

/**
 * Field :61: (statement line) with its :86:. Layout: value date YYMMDD, optional entry date MMDD,
 * mark (C, D, RC reversal of credit, RD reversal of debit), optional funds code letter, amount,
 * transaction type (N/F/S + 3), customer reference up to {@code //}, bank reference, then an
 * optional second line of supplementary details.
 */
final class Mt940Line {
    private Mt940Line() {
    }

    static BankStatementLine parse(Mt940Field f, Mt940Field details, int entry, Currency currency) {
        String s = f.first();
        int i = 0;
        if (s.length() < 6 || !digits(s, 0, 6)) {
            throw f.error("statement line '" + Mt940Reader.shorten(s) + "' does not start with a YYMMDD value date");
        }
        LocalDate valueDate = Mt940Statement.date(f, s.substring(0, 6));
        i = 6;
        LocalDate bookingDate = valueDate;
        if (s.length() >= 10 && digits(s, 6, 10)) {
            bookingDate = entryDate(f, valueDate, s.substring(6, 10));
            i = 10;
        }
        boolean reversal = s.startsWith("R", i);
        if (reversal) {
            i++;
        }
        if (i >= s.length() || (s.charAt(i) != 'C' && s.charAt(i) != 'D')) {
            throw f.error("statement line has no debit/credit mark (C, D, RC, RD) at column " + (i + 1));
        }
        // RC, the reversal of a credit, takes money out: a debit; RD brings it back: a credit.
        boolean creditMark = s.charAt(i) == 'C';
        Direction direction = creditMark != reversal ? Direction.CREDIT : Direction.DEBIT;
        i++;
        if (i < s.length() && s.charAt(i) >= 'A' && s.charAt(i) <= 'Z') {
            i++; // funds code, the third letter of the currency code
        }
        int amountStart = i;
        while (i < s.length() && ((s.charAt(i) >= '0' && s.charAt(i) <= '9') || s.charAt(i) == ',')) {
            i++;
        }
        if (i == amountStart) {
            throw f.error("statement line has no amount at column " + (amountStart + 1));
        }
        Money amount = Mt940Statement.amount(f, s.substring(amountStart, i), currency);
        while (i < s.length() && s.charAt(i) == ' ') {
            i++;
        }
        String type = s.substring(i, Math.min(i + 4, s.length())).strip();
        i = Math.min(i + 4, s.length());
        String rest = s.substring(i);
        int split = rest.indexOf("//");
        String customerRef = (split >= 0 ? rest.substring(0, split) : rest).strip();
        String bankRef = split >= 0 ? rest.substring(split + 2).strip() : null;
        bankRef = "NONREF".equals(bankRef) ? null : bankRef;
        String supplementary = f.lines().size() > 1 ? String.join(" ", f.lines().subList(1, f.lines().size())).strip() : null;

        Mt940Details d = details == null ? new Mt940Details() : Mt940Details.parse(details);
        String counterpartyAccount = d.counterpartyAccount;
        if (counterpartyAccount == null && supplementary != null && supplementary.matches("[A-Z]{2}\\d{2}[A-Z0-9]{11,30}")) {
            counterpartyAccount = supplementary; // Rabobank puts the counter IBAN there
        }
        String code = d.code != null ? d.code : type;
        String info = join(d.bookingText, supplementary != null && !supplementary.equals(counterpartyAccount) ? supplementary : null);
        // The counterparty's ultimate party: the ultimate debtor of money in, the ultimate creditor of money out.
        boolean paidToUs = direction == Direction.CREDIT != reversal;
        return new BankStatementLine(entry, 1, 1, EntryStatus.BOOKED, bookingDate, valueDate, amount, direction, reversal,
                bankRef, "NONREF".equals(customerRef) ? null : customerRef, d.endToEndId,
                LineSignals.creditorReference(d.creditorReference, d.remittance), d.remittance,
                d.counterpartyName, counterpartyAccount, d.counterpartyBic, type.isEmpty() ? code : code.equals(type) ? type
                : code + "/" + type, null, info, d.mandateReference, d.creditorId,
                d.customerReference,
                paidToUs ? d.ultimateDebtor : d.ultimateCreditor, d.returnDetails(type));
    }

    /** The entry date MMDD carries no year: take the one closest to the value date (year ends). */
    private static LocalDate entryDate(Mt940Field f, LocalDate valueDate, String mmdd) {
        LocalDate best = null;
        int month = Integer.parseInt(mmdd.substring(0, 2));
        int day = Integer.parseInt(mmdd.substring(2, 4));
        for (int year = valueDate.getYear() - 1; year <= valueDate.getYear() + 1; year++) {
            LocalDate candidate;
            try {
                candidate = LocalDate.of(year, month, day);
            } catch (java.time.DateTimeException e) {
                continue; // 29 February of a year without it
            }
            if (best == null || Math.abs(candidate.toEpochDay() - valueDate.toEpochDay())
                    < Math.abs(best.toEpochDay() - valueDate.toEpochDay())) {
                best = candidate;
            }
        }
        if (best == null) {
            throw f.error("entry date '" + mmdd + "' is not a MMDD date");
        }
        return best;
    }

    private static boolean digits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static String join(String a, String b) {
        if (a == null) {
            return b;
        }
        return b == null ? a : a + "; " + b;
    }
}
