package io.finrelay.formats.bai2;

import io.finrelay.formats.LineSignals;
import io.finrelay.model.Money;
import io.finrelay.model.bank.BankStatementLine;
import io.finrelay.model.bank.BankStatementLine.EntryStatus;
import io.finrelay.model.bank.BankStatementLine.ReturnDetails;
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
    /**
     * Detail type codes of the BAI2 code list that return or reject an earlier payment, with the
     * list's words: credits 255, 257, 258, 261, 266; debits 423, 555, 557, 558, 561, 566. Summary
     * codes (256, 556, ...) and fees (567) are not lines that return anything.
     */
    static final Map<String, String> RETURN_TYPES = Map.ofEntries(
            Map.entry("255", "Check Posted and Returned"),
            Map.entry("257", "Individual ACH Return Item"),
            Map.entry("258", "ACH Reversal Credit"),
            Map.entry("261", "Individual Rejected Credit"),
            Map.entry("266", "Return Item"),
            Map.entry("423", "EDIBANX Return Item Debit"),
            Map.entry("555", "Deposited Item Returned"),
            Map.entry("557", "Individual ACH Return Item"),
            Map.entry("558", "ACH Reversal Debit"),
            Map.entry("561", "Individual Rejected Debit"),
            Map.entry("566", "Return Item"));
    /**
     * NACHA return reasons with an exact ISO counterpart: R01 insufficient funds, R02 account closed,
     * R04 invalid account number, R16 account frozen. Others stay in the words only.
     */
    private static final Map<String, String> NACHA_TO_ISO = Map.of("R01", "AM04", "R02", "AC04", "R04", "AC01", "R16", "AC06");
    private static final Pattern NACHA_CODE = Pattern.compile("(?<![A-Za-z0-9])(R\\d{2})(?![A-Za-z0-9])");

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
                false, p.bankReference, p.customerReference, endToEnd, LineSignals.creditorReference(null, remittance),
                remittance, name, account, null, p.code, null, info, null, null, p.customerReference, null,
                returnDetails(p, text, endToEnd));
        return new Bai2Detail(line, p.raw);
    }

    /**
     * A return type code makes the line a return. The reason is an ISO code written in the text, or a
     * NACHA R-code with an exact ISO counterpart; the words are the text, else the code list's name
     * of the type; the returned item's reference is the customer reference.
     */
    private static ReturnDetails returnDetails(Parsed p, String text, String endToEnd) {
        String typeName = RETURN_TYPES.get(p.code);
        if (typeName == null) {
            return null;
        }
        String code = LineSignals.reasonCodeIn(text);
        if (code == null) {
            Matcher nacha = NACHA_CODE.matcher(text);
            code = nacha.find() ? NACHA_TO_ISO.get(nacha.group(1)) : null;
        }
        // The bank reference is the bank's id of this return entry, never the returned item's.
        return new ReturnDetails(code, text.isEmpty() ? typeName : text, endToEnd, p.customerReference);
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
