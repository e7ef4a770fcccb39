package io.finrelay.formats.mt940;

import io.finrelay.formats.Amounts;
import io.finrelay.formats.ControlReport;
import io.finrelay.formats.StatementHandler;
import io.finrelay.formats.StatementTotals;
import io.finrelay.model.Money;
import io.finrelay.model.bank.BankBalance;
import io.finrelay.model.bank.BankStatement;
import io.finrelay.model.bank.BankStatementLine;
import io.finrelay.model.bank.BankStatementLine.Direction;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One MT940/942 message turned into a canonical statement, handed to the handler line by line. */
final class Mt940Statement {
    private static final Pattern BALANCE = Pattern.compile("([CD])(\\d{6})([A-Z]{3})(\\d{1,15}(,\\d*)?)\\s*");
    private static final Pattern SUM_OF_ENTRIES = Pattern.compile("(\\d{1,5})([A-Z]{3})(\\d{1,15}(,\\d*)?)\\s*");
    private static final Pattern FLOOR_LIMIT = Pattern.compile("([A-Z]{3})([CD]?)(\\d{1,15}(,\\d*)?)\\s*");

    private final String fileName;
    private final List<BankBalance> balances = new ArrayList<>();
    private String id;
    private String sequence;
    private String account;
    private Currency currency;
    private OffsetDateTime createdAt;
    private String info;
    private boolean intraday;
    private Integer declaredDebits;
    private BigDecimal declaredDebitSum;
    private Integer declaredCredits;
    private BigDecimal declaredCreditSum;
    private long lineCount;
    private ControlReport controls;

    private Mt940Statement(String fileName) {
        this.fileName = fileName;
    }

    long lineCount() {
        return lineCount;
    }

    ControlReport controls() {
        return controls;
    }

    boolean intraday() {
        return intraday;
    }

    static Mt940Statement parse(String fileName, List<Mt940Field> fields, StatementHandler handler) {
        Mt940Statement s = new Mt940Statement(fileName);
        s.run(fields, handler);
        return s;
    }

    private void run(List<Mt940Field> fields, StatementHandler handler) {
        for (Mt940Field f : fields) {
            if (f.tag().startsWith("13") || f.tag().equals("34F") || f.tag().startsWith("90")) {
                intraday = true;
            }
        }
        StatementTotals totals = null;
        int entry = 0;
        for (int i = 0; i < fields.size(); i++) {
            Mt940Field f = fields.get(i);
            switch (f.tag()) {
                case "20" -> id = f.first().strip();
                case "25" -> account = f.first().strip();
                case "28", "28C" -> sequence = f.first().strip();
                case "13", "13D" -> createdAt = dateTime(f);
                case "34F" -> floorLimit(f);
                case "60F", "60M" -> balances.add(balance(f, f.tag().equals("60F")
                        ? BankBalance.Type.OPENING_BOOKED : BankBalance.Type.INTERIM_OPENING_BOOKED));
                case "62F", "62M" -> balances.add(balance(f, f.tag().equals("62F")
                        ? BankBalance.Type.CLOSING_BOOKED : BankBalance.Type.INTERIM_CLOSING_BOOKED));
                case "64" -> balances.add(balance(f, BankBalance.Type.CLOSING_AVAILABLE));
                case "65", "65F" -> balances.add(balance(f, BankBalance.Type.FORWARD_AVAILABLE));
                case "90D", "90C" -> declared(f);
                case "61" -> {
                    if (totals == null) {
                        totals = begin(f, handler);
                    }
                    Mt940Field details = i + 1 < fields.size() && fields.get(i + 1).tag().equals("86") ? fields.get(++i) : null;
                    BankStatementLine line = Mt940Line.parse(f, details, ++entry, currency);
                    totals.add(line);
                    handler.line(line);
                }
                case "86" -> info = Mt940Details.freeText(f.lines());
                default -> {
                    // :21: related reference and bank-specific fields carry nothing canonical
                }
            }
        }
        if (totals == null) {
            totals = begin(fields.get(0), handler);
        }
        if (!intraday && balances.stream().noneMatch(b -> b.type() == BankBalance.Type.CLOSING_BOOKED
                || b.type() == BankBalance.Type.INTERIM_CLOSING_BOOKED)) {
            throw fields.get(fields.size() - 1).error("MT940 statement " + id + " has no closing balance :62F: or :62M:");
        }
        checkDeclared(totals);
        lineCount = totals.lines();
        controls = totals.finish(balances);
        handler.end(header(lineCount), controls);
    }

    private StatementTotals begin(Mt940Field at, StatementHandler handler) {
        if (id == null || account == null) {
            throw at.error("statement needs :20: and :25: before its lines");
        }
        if (currency == null) {
            throw at.error("statement " + id + " has no opening balance :60F:/:60M: (nor :34F: floor limit) to give its currency");
        }
        handler.begin(header(0));
        return new StatementTotals(id);
    }

    private BankStatement header(long lines) {
        LocalDate from = balances.stream().filter(b -> b.type() == BankBalance.Type.OPENING_BOOKED
                || b.type() == BankBalance.Type.INTERIM_OPENING_BOOKED).map(BankBalance::date).findFirst().orElse(null);
        LocalDate to = balances.stream().filter(b -> b.type() == BankBalance.Type.CLOSING_BOOKED
                || b.type() == BankBalance.Type.INTERIM_CLOSING_BOOKED).map(BankBalance::date).findFirst().orElse(null);
        return new BankStatement(intraday ? BankStatement.Kind.INTRADAY_REPORT : BankStatement.Kind.STATEMENT, id,
                sequence, account, currency, null, createdAt, from, to, balances, List.of(), lines, info);
    }

    private BankBalance balance(Mt940Field f, BankBalance.Type type) {
        Matcher m = BALANCE.matcher(f.first());
        if (!m.matches()) {
            throw f.error("balance '" + Mt940Reader.shorten(f.first()) + "' is not mark, YYMMDD date, currency, amount");
        }
        Currency ccy = Amounts.currency(m.group(3), f::error);
        if (currency == null) {
            currency = ccy;
        }
        Money amount = amount(f, m.group(4), ccy);
        return new BankBalance(type, f.tag(), date(f, m.group(2)), m.group(1).equals("D") ? amount.negate() : amount);
    }

    private void floorLimit(Mt940Field f) {
        Matcher m = FLOOR_LIMIT.matcher(f.first());
        if (!m.matches()) {
            throw f.error("floor limit '" + Mt940Reader.shorten(f.first()) + "' is not currency, mark, amount");
        }
        if (currency == null) {
            currency = Amounts.currency(m.group(1), f::error);
        }
    }

    private void declared(Mt940Field f) {
        Matcher m = SUM_OF_ENTRIES.matcher(f.first());
        if (!m.matches()) {
            throw f.error("'" + Mt940Reader.shorten(f.first()) + "' is not number of entries, currency, amount");
        }
        BigDecimal sum = amount(f, m.group(3), Amounts.currency(m.group(2), f::error)).amount();
        int count = Integer.parseInt(m.group(1));
        if (f.tag().equals("90D")) {
            declaredDebits = count;
            declaredDebitSum = sum;
        } else {
            declaredCredits = count;
            declaredCreditSum = sum;
        }
    }

    private void checkDeclared(StatementTotals totals) {
        if (declaredDebits != null) {
            totals.expect(declaredDebits == totals.debitLines() && declaredDebitSum.compareTo(totals.debits()) == 0,
                    ":90D: declares " + declaredDebits + " debits of " + declaredDebitSum.toPlainString() + ", found "
                            + totals.debitLines() + " of " + totals.debits().toPlainString());
        }
        if (declaredCredits != null) {
            totals.expect(declaredCredits == totals.creditLines() && declaredCreditSum.compareTo(totals.credits()) == 0,
                    ":90C: declares " + declaredCredits + " credits of " + declaredCreditSum.toPlainString() + ", found "
                            + totals.creditLines() + " of " + totals.credits().toPlainString());
        }
    }

    /** A SWIFT amount: digits with a decimal comma, which some banks leave out ({@code 500}) or end with ({@code 500,}). */
    static Money amount(Mt940Field f, String text, Currency ccy) {
        String plain = text.replace(',', '.');
        if (plain.endsWith(".")) {
            plain = plain.substring(0, plain.length() - 1);
        }
        return Amounts.money(Amounts.decimal(plain, false, f::error), ccy, f::error);
    }

    static LocalDate date(Mt940Field f, String yymmdd) {
        try {
            // SWIFT years are two digits; statements are about the recent past, so 20yy.
            return LocalDate.of(2000 + Integer.parseInt(yymmdd.substring(0, 2)), Integer.parseInt(yymmdd.substring(2, 4)),
                    Integer.parseInt(yymmdd.substring(4, 6)));
        } catch (DateTimeException | NumberFormatException e) {
            throw f.error("'" + yymmdd + "' is not a YYMMDD date");
        }
    }

    private static OffsetDateTime dateTime(Mt940Field f) {
        String text = f.first().strip();
        if (!text.matches("\\d{10}([+-]\\d{4})?")) {
            throw f.error("'" + Mt940Reader.shorten(text) + "' is not a YYMMDDHHMM[+-hhmm] date-time");
        }
        LocalDate day = date(f, text.substring(0, 6));
        try {
            ZoneOffset offset = text.length() > 10
                    ? ZoneOffset.ofHoursMinutes(Integer.parseInt(text.substring(10, 13)),
                    (text.charAt(10) == '-' ? -1 : 1) * Integer.parseInt(text.substring(13, 15)))
                    : ZoneOffset.UTC;
            return day.atTime(Integer.parseInt(text.substring(6, 8)), Integer.parseInt(text.substring(8, 10))).atOffset(offset);
        } catch (DateTimeException e) {
            throw f.error("'" + text + "' is not a valid date-time");
        }
    }

    String fileName() {
        return fileName;
    }
}
