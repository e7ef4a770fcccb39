package io.finrelay.formats.bai2;

import io.finrelay.model.Money;
import io.finrelay.model.bank.BankStatementLine;
import io.finrelay.model.bank.CreditorReference;
import io.finrelay.model.bank.BankStatementLine.EntryStatus;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A 16 (transaction detail) record: type code, amount, funds type with its extra fields, bank
 * reference, customer reference, text. Continuation (88) lines either fill fields the 16 record
 * left out, or continue its text; lines shaped {@code EREF: value} (as some US banks send) are
 * mapped to canonical fields.
 */
record Bai2Detail(BankStatementLine line, BigDecimal rawAmount) {
    private static final Pattern KEYED = Pattern.compile("^([A-Z]{4}): ?(.*)$");

    static Bai2Detail parse(Bai2Record record, Currency currency, LocalDate asOf, int entry) {
        Parsed main = Parsed.of(record, record.content(), asOf);
        Map<String, String> keyed = new LinkedHashMap<>();
        List<String> more = new ArrayList<>();
        Parsed p = main;
        if (main.text == null && !record.continuations().isEmpty()) {
            p = Parsed.of(record, record.content() + "," + String.join(",", record.continuations()), asOf);
        } else {
            for (String continuation : record.continuations()) {
                Matcher m = KEYED.matcher(continuation.strip());
                if (m.matches()) {
                    keyed.putIfAbsent(m.group(1), m.group(2).strip());
                } else {
                    more.add(continuation.strip());
                }
            }
        }
        String text = p.text == null ? "" : p.text.strip();
        for (String piece : more) {
            text = text.isEmpty() ? piece : text + " " + piece;
        }
        Money amount = Money.of(p.raw.movePointLeft(currency.getDefaultFractionDigits()), currency);
        BankStatementLine.Direction direction = Bai2Reader.direction(record, p.code);
        boolean credit = direction == BankStatementLine.Direction.CREDIT;
        String remittance = keyed.containsKey("REMI") ? keyed.get("REMI") : text;
        String name = credit ? keyed.get("DBNM") : keyed.get("CRNM");
        String account = credit ? keyed.get("DACT") : keyed.get("CACT");
        String endToEnd = keyed.get("EREF");
        String info = keyed.containsKey("REMI") && !text.isEmpty() ? text : null;
        BankStatementLine line = new BankStatementLine(entry, 1, 1, EntryStatus.BOOKED, asOf, p.valueDate, amount, direction,
                false, p.bankReference, p.customerReference, endToEnd, CreditorReference.findIn(remittance).orElse(null),
                remittance, name, account, null, p.code, null,
                info, null, null, null, null, null);
        return new Bai2Detail(line, p.raw);
    }

    /** Skips what a funds type adds: V value date and time, S three amounts, D a list of distributions. */
    static LocalDate skipFundsDetails(Bai2Fields f, String funds, Bai2Record record) {
        switch (funds) {
            case "", "0", "1", "2", "Z" -> {
                return null;
            }
            case "V" -> {
                LocalDate date = Bai2Reader.date(record, f.next());
                f.next();
                return date;
            }
            case "S" -> {
                for (int i = 0; i < 3; i++) {
                    Bai2Reader.amountOf(record, f.next());
                }
                return null;
            }
            case "D" -> {
                long count = Bai2Reader.FileParserAccess.integer(record, f.next());
                if (count > 1000) {
                    throw record.error("distributed availability lists " + count + " distributions");
                }
                for (long i = 0; i < count; i++) {
                    f.next();
                    Bai2Reader.amountOf(record, f.next());
                }
                return null;
            }
            default -> throw record.error("funds type '" + Bai2Record.shorten(funds) + "' is not 0, 1, 2, S, V, D or Z");
        }
    }

    private static final class Parsed {
        String code;
        BigDecimal raw;
        LocalDate valueDate;
        String bankReference;
        String customerReference;
        String text;

        static Parsed of(Bai2Record record, String content, LocalDate asOf) {
            Parsed p = new Parsed();
            Bai2Fields f = new Bai2Fields(record, content);
            p.code = f.next();
            if (!p.code.matches("\\d{3}")) {
                throw record.error("type code '" + Bai2Record.shorten(p.code) + "' is not three digits");
            }
            String amount = f.next();
            p.raw = Bai2Reader.amountOf(record, amount);
            if (p.raw.signum() < 0) {
                throw record.error("a detail amount is unsigned, its type code gives the direction");
            }
            LocalDate value = skipFundsDetails(f, f.next(), record);
            p.valueDate = value == null ? asOf : value;
            p.bankReference = f.next();
            p.customerReference = f.next();
            p.text = f.rest();
            return p;
        }
    }
}
