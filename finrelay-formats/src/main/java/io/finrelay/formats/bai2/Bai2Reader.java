package io.finrelay.formats.bai2;

import io.finrelay.formats.Amounts;
import io.finrelay.formats.ControlReport;
import io.finrelay.formats.FormatException;
import io.finrelay.formats.LimitedInputStream;
import io.finrelay.formats.StatementHandler;
import io.finrelay.formats.StatementReader;
import io.finrelay.formats.StatementTotals;
import io.finrelay.model.Money;
import io.finrelay.model.bank.BankBalance;
import io.finrelay.model.bank.BankStatement;
import io.finrelay.model.bank.BankStatementLine;
import io.finrelay.model.bank.BankStatementLine.Direction;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads BAI2 (Cash Management Balance Reporting Specification, version 2) files: one canonical
 * statement per account (03) record, a line per transaction detail (16) record, with the balance
 * and summary codes of the 03 record. Amounts carry no decimal point: the currency's minor unit
 * places it (USD cents).
 *
 * <p>Every trailer's control total and record count (49, 98, 99) is checked, and the 03 record's
 * summary totals (100 credits, 400 debits) against the details.
 */
public final class Bai2Reader implements StatementReader {
    public static final long MAX_BYTES = 64L * 1024 * 1024;
    private static final Currency DEFAULT_CURRENCY = Currency.getInstance("USD");

    @Override
    public ReadSummary read(String fileName, InputStream in, StatementHandler handler) {
        List<Bai2Record> records = Bai2Record.split(fileName, decode(fileName, in));
        return new FileParser(fileName, records, handler).parse();
    }

    private static String decode(String fileName, InputStream in) {
        try {
            byte[] bytes = new LimitedInputStream(in, MAX_BYTES, fileName).readAllBytes();
            try {
                return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
            } catch (CharacterCodingException e) {
                return new String(bytes, StandardCharsets.ISO_8859_1);
            }
        } catch (IOException e) {
            throw new FormatException(fileName, 0, null, "cannot read the file: " + e.getMessage(), e);
        }
    }

    private static final class FileParser {
        private final String fileName;
        private final List<Bai2Record> records;
        private final StatementHandler handler;
        private int next;
        private final List<String> mismatches = new ArrayList<>();
        private int checks;
        private int statements;
        private long lines;
        private ControlReport statementControls = ControlReport.none();

        FileParser(String fileName, List<Bai2Record> records, StatementHandler handler) {
            this.fileName = fileName;
            this.records = records;
            this.handler = handler;
        }

        ReadSummary parse() {
            Bai2Record header = expect("01");
            Bai2Fields f = new Bai2Fields(header, header.content());
            f.next();
            f.next();
            String created = f.next();
            f.next();
            String fileId = f.next();
            f.next();
            f.next();
            String version = f.next();
            if (!version.equals("2")) {
                throw header.error("version '" + version + "' is not BAI2 (version 2)");
            }
            date(header, created);
            long physical = header.physicalRecords();
            BigDecimal total = BigDecimal.ZERO;
            int groups = 0;
            while (peek("02")) {
                long[] groupRecords = new long[1];
                total = total.add(group(groupRecords));
                physical += groupRecords[0];
                groups++;
            }
            Bai2Record trailer = expect("99");
            physical += trailer.physicalRecords();
            Bai2Fields t = new Bai2Fields(trailer, trailer.content());
            check(trailer, "file control total", amount(trailer, t.next()), total);
            check(trailer, "number of groups", FileParser.integer(trailer, t.next()), groups);
            check(trailer, "number of records", integer(trailer, t.next()), physical);
            if (next < records.size()) {
                throw records.get(next).error("record after the file trailer 99");
            }
            ControlReport own = new ControlReport(mismatches, checks);
            return new ReadSummary("BAI2", fileId, statements, lines, statementControls.and(own));
        }

        /** One group (02 ... 98); returns its control total and adds its physical records. */
        private BigDecimal group(long[] physical) {
            Bai2Record header = expect("02");
            Bai2Fields f = new Bai2Fields(header, header.content());
            f.next();
            f.next();
            f.next();
            LocalDate asOf = date(header, f.next());
            f.next();
            String currencyCode = f.next();
            Currency currency = currencyCode.isEmpty() ? DEFAULT_CURRENCY : Amounts.currency(currencyCode, header::error);
            physical[0] += header.physicalRecords();
            BigDecimal total = BigDecimal.ZERO;
            int accounts = 0;
            while (peek("03")) {
                long[] accountRecords = new long[1];
                total = total.add(new AccountParser(this, asOf, currency).parse(accountRecords));
                physical[0] += accountRecords[0];
                accounts++;
            }
            Bai2Record trailer = expect("98");
            physical[0] += trailer.physicalRecords();
            Bai2Fields t = new Bai2Fields(trailer, trailer.content());
            check(trailer, "group control total", amount(trailer, t.next()), total);
            check(trailer, "number of accounts", integer(trailer, t.next()), accounts);
            check(trailer, "number of records", integer(trailer, t.next()), physical[0]);
            return total;
        }

        static long integer(Bai2Record at, String text) {
            if (!text.matches("\\d{1,18}")) {
                throw at.error("'" + Bai2Record.shorten(text) + "' is not a whole number");
            }
            return Long.parseLong(text);
        }

        boolean peek(String code) {
            return next < records.size() && records.get(next).code().equals(code);
        }

        Bai2Record expect(String code) {
            if (next >= records.size()) {
                Bai2Record last = records.get(records.size() - 1);
                throw new FormatException(fileName, last.line(), code + " record",
                        "the file ends where a " + code + " record is expected (truncated?)");
            }
            Bai2Record record = records.get(next);
            if (!record.code().equals(code)) {
                throw record.error("a " + code + " record is expected here, found " + record.code());
            }
            next++;
            return record;
        }

        void check(Bai2Record at, String what, BigDecimal declared, BigDecimal computed) {
            checks++;
            if (declared.compareTo(computed) != 0) {
                mismatches.add(at.code() + " record at line " + at.line() + ": " + what + " declared "
                        + declared.toPlainString() + ", computed " + computed.toPlainString());
            }
        }

        void check(Bai2Record at, String what, long declared, long computed) {
            check(at, what, BigDecimal.valueOf(declared), BigDecimal.valueOf(computed));
        }

        void statementDone(ControlReport controls, long lineCount) {
            statements++;
            lines += lineCount;
            statementControls = statementControls.and(controls);
        }
    }

    /** One account: 03, its 16 details, 49. */
    private static final class AccountParser {
        private final FileParser file;
        private final LocalDate asOf;
        private Currency currency;
        private final List<BankBalance> balances = new ArrayList<>();
        private final Map<String, BigDecimal[]> summaries = new TreeMap<>();

        AccountParser(FileParser file, LocalDate asOf, Currency groupCurrency) {
            this.file = file;
            this.asOf = asOf;
            this.currency = groupCurrency;
        }

        BigDecimal parse(long[] physical) {
            Bai2Record record = file.expect("03");
            physical[0] += record.physicalRecords();
            Bai2Fields f = new Bai2Fields(record, String.join(",", withContinuations(record)));
            String account = f.next();
            if (account.isEmpty()) {
                throw record.error("the account number is empty");
            }
            String currencyCode = f.next();
            if (!currencyCode.isEmpty()) {
                currency = Amounts.currency(currencyCode, record::error);
            }
            BigDecimal total = summaries(record, f);
            String id = account + "-" + asOf;
            BankStatement header = new BankStatement(BankStatement.Kind.STATEMENT, id, null, account, currency, null, null,
                    asOf, asOf, balances, List.of(), 0, null);
            file.handler.begin(header);
            StatementTotals totals = new StatementTotals(id);
            int entry = 0;
            while (file.peek("16")) {
                Bai2Record detail = file.expect("16");
                physical[0] += detail.physicalRecords();
                Bai2Detail d = Bai2Detail.parse(detail, currency, asOf, ++entry);
                total = total.add(d.rawAmount());
                totals.add(d.line());
                file.handler.line(d.line());
            }
            Bai2Record trailer = file.expect("49");
            physical[0] += trailer.physicalRecords();
            Bai2Fields t = new Bai2Fields(trailer, trailer.content());
            file.check(trailer, "account control total", amountOf(trailer, t.next()), total);
            file.check(trailer, "number of records", FileParser.integer(trailer, t.next()), physical[0]);
            checkSummary(totals, "100", "credits", totals.credits(), totals.creditLines());
            checkSummary(totals, "400", "debits", totals.debits(), totals.debitLines());
            ControlReport controls = totals.finish(balances);
            file.handler.end(new BankStatement(BankStatement.Kind.STATEMENT, id, null, account, currency, null, null, asOf,
                    asOf, balances, List.of(), totals.lines(), null), controls);
            file.statementDone(controls, totals.lines());
            return total;
        }

        private static List<String> withContinuations(Bai2Record record) {
            List<String> all = new ArrayList<>();
            all.add(record.content());
            all.addAll(record.continuations());
            return all;
        }

        /** The (type code, amount, item count, funds type) groups of an 03 record; returns the sum of their amounts. */
        private BigDecimal summaries(Bai2Record record, Bai2Fields f) {
            BigDecimal total = BigDecimal.ZERO;
            while (!f.atEnd()) {
                String code = f.next();
                String amountText = f.next();
                String count = f.next();
                String funds = f.next();
                Bai2Detail.skipFundsDetails(f, funds, record);
                if (code.isEmpty()) {
                    continue;
                }
                if (!code.matches("\\d{3}")) {
                    throw record.error("type code '" + Bai2Record.shorten(code) + "' is not three digits");
                }
                if (amountText.isEmpty()) {
                    continue;
                }
                BigDecimal raw = amountOf(record, amountText);
                total = total.add(raw);
                Money amount = Money.of(raw.movePointLeft(currency.getDefaultFractionDigits()), currency);
                BankBalance.Type type = balanceType(code);
                if (type != null) {
                    balances.add(new BankBalance(type, code, asOf, amount));
                } else {
                    summaries.put(code, new BigDecimal[] {amount.amount(),
                            count.isEmpty() ? null : BigDecimal.valueOf(FileParser.integer(record, count))});
                }
            }
            return total;
        }

        private void checkSummary(StatementTotals totals, String code, String what, BigDecimal sum, long count) {
            BigDecimal[] declared = summaries.get(code);
            if (declared == null) {
                return;
            }
            totals.expect(declared[0].compareTo(sum) == 0, "summary " + code + " declares total " + what + " "
                    + declared[0].toPlainString() + ", details sum to " + sum.toPlainString());
            if (declared[1] != null) {
                totals.expect(declared[1].longValue() == count, "summary " + code + " declares " + declared[1] + " " + what
                        + ", details hold " + count);
            }
        }

        /** Balance codes of the BAI2 status range that map to canonical balances; others are summaries or ignored. */
        private static BankBalance.Type balanceType(String code) {
            return switch (code) {
                case "010" -> BankBalance.Type.OPENING_BOOKED;
                case "015" -> BankBalance.Type.CLOSING_BOOKED;
                case "040" -> BankBalance.Type.OPENING_AVAILABLE;
                case "045" -> BankBalance.Type.CLOSING_AVAILABLE;
                case "060" -> BankBalance.Type.INTERIM_AVAILABLE;
                default -> Integer.parseInt(code) < 100 ? BankBalance.Type.OTHER : null;
            };
        }
    }

    /** Shared whole-number parsing for the record readers. */
    static final class FileParserAccess {
        private FileParserAccess() {
        }

        static long integer(Bai2Record at, String text) {
            return FileParser.integer(at, text);
        }
    }

    static BigDecimal amountOf(Bai2Record at, String text) {
        if (text.isEmpty()) {
            return BigDecimal.ZERO;
        }
        if (!text.matches("[+-]?\\d{1,18}")) {
            throw at.error("amount '" + Bai2Record.shorten(text) + "' is not a signed whole number of minor units");
        }
        return new BigDecimal(text.startsWith("+") ? text.substring(1) : text);
    }

    static BigDecimal amount(Bai2Record at, String text) {
        return amountOf(at, text);
    }

    static LocalDate date(Bai2Record at, String yymmdd) {
        if (!yymmdd.matches("\\d{6}")) {
            throw at.error("date '" + Bai2Record.shorten(yymmdd) + "' is not YYMMDD");
        }
        try {
            return LocalDate.of(2000 + Integer.parseInt(yymmdd.substring(0, 2)), Integer.parseInt(yymmdd.substring(2, 4)),
                    Integer.parseInt(yymmdd.substring(4, 6)));
        } catch (DateTimeException e) {
            throw at.error("date '" + yymmdd + "' does not exist");
        }
    }

    static BankStatementLine.Direction direction(Bai2Record at, String code) {
        int value = Integer.parseInt(code);
        if (value >= 100 && value <= 399) {
            return Direction.CREDIT;
        }
        if (value >= 400 && value <= 699) {
            return Direction.DEBIT;
        }
        throw at.error("type code " + code + " is not a credit (100-399) or debit (400-699) detail");
    }
}
