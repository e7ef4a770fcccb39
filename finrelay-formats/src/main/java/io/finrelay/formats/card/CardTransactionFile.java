package io.finrelay.formats.card;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A corporate card transaction file: the CSV Finrelay documents (finrelay-server's README, "Corporate
 * cards"), modelled on what card issuers export from Visa's VCF (transaction record, type 05) and
 * Mastercard's CDF 3 (financial transaction): UTF-8, RFC 4180 quoting, comma separated, a header row
 * naming the columns (in any order; unknown columns ignored), then one transaction per row; decimal point
 * {@code .}, ISO dates. The same fields come as JSON objects through {@link #fromRecords}. Every cell is
 * checked; a file with any bad cell is refused whole, each problem naming its line and column.
 */
public final class CardTransactionFile {
    /** The columns, true when required. */
    public static final Map<String, Boolean> COLUMNS = columns("transaction_id", true, "card_account", true,
            "employee_id", true, "holder_name", false, "transaction_date", true, "posting_date", true,
            "settlement_date", true, "merchant_name", true, "mcc", false, "billing_amount", true,
            "billing_currency", true, "original_amount", false, "original_currency", false);
    /** At most this many problems are reported; the rest are counted. */
    static final int MAX_PROBLEMS = 50;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}");
    private static final Pattern MCC = Pattern.compile("\\d{4}");
    /** A full card number (13-19 digits, blanks allowed): never taken in, only a masked one or an account id. */
    private static final Pattern FULL_PAN = Pattern.compile("(\\d[ -]?){12,18}\\d");
    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).get();

    private CardTransactionFile() {}

    /** One transaction as the card issuer reported it; {@code originalAmount} and its currency both or neither. */
    public record CardTransaction(String transactionId, String cardAccount, String employeeId, String holderName,
                                  LocalDate transactionDate, LocalDate postingDate, LocalDate settlementDate,
                                  String merchantName, String mcc, BigDecimal billingAmount, String billingCurrency,
                                  BigDecimal originalAmount, String originalCurrency) {
        public CardTransaction {
            Objects.requireNonNull(transactionId, "transactionId");
            Objects.requireNonNull(billingAmount, "billingAmount");
        }
    }

    /**
     * What is wrong and where: in a CSV file its {@code line} (1 is the header) and {@code column} (1-based)
     * named {@code field}; in JSON the item's index as {@code line} (0-based) and no column.
     */
    public record Problem(long line, Integer column, String field, String message) {}

    /** The file refused, with every problem found (at most {@value #MAX_PROBLEMS}). */
    public static final class RefusedException extends RuntimeException {
        private final transient List<Problem> problems;

        public RefusedException(List<Problem> problems) {
            super(problems.isEmpty() ? "refused" : problems.getFirst().message());
            this.problems = List.copyOf(problems);
        }

        public List<Problem> problems() {
            return problems;
        }
    }

    /** The transactions of a CSV file, or {@link RefusedException} naming every bad line and column. */
    public static List<CardTransaction> readCsv(byte[] csv) {
        List<Problem> problems = new ArrayList<>();
        List<CardTransaction> out = new ArrayList<>();
        try (CSVParser parser = FORMAT.parse(new InputStreamReader(new ByteArrayInputStream(csv),
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)))) {
            Iterator<CSVRecord> records = parser.iterator();
            Map<String, Integer> header = null;
            int width = 0;
            while (problems.size() < MAX_PROBLEMS) {
                // The record about to be read starts on the next line (a quoted cell may span lines).
                long line = parser.getCurrentLineNumber() + 1;
                if (!records.hasNext()) {
                    break;
                }
                CSVRecord record = records.next();
                if (header == null) {
                    header = header(record, problems);
                    width = record.size();
                    if (!problems.isEmpty()) {
                        break;
                    }
                    continue;
                }
                if (record.size() != width) {
                    problems.add(new Problem(line, null, null, "line " + line + " has " + record.size()
                            + " cells but the header names " + width + " columns"));
                    continue;
                }
                Map<String, String> cells = new HashMap<>();
                Map<String, Integer> columns = new HashMap<>();
                for (Map.Entry<String, Integer> h : header.entrySet()) {
                    cells.put(h.getKey(), record.get(h.getValue()));
                    columns.put(h.getKey(), h.getValue() + 1);
                }
                CardTransaction t = transaction(new Row(line, cells, columns), problems);
                if (t != null) {
                    out.add(t);
                }
            }
            if (header == null && problems.isEmpty()) {
                problems.add(new Problem(1, null, null, "the file is empty: a header row and one row per transaction are needed"));
            } else if (out.isEmpty() && problems.isEmpty()) {
                problems.add(new Problem(2, null, null, "the file has a header but no transaction"));
            }
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            boolean coding = e instanceof CharacterCodingException || e.getCause() instanceof CharacterCodingException;
            problems.add(new Problem(0, null, null, coding ? "the file is not UTF-8 text"
                    : "not readable as CSV: " + e.getMessage()));
        }
        if (!problems.isEmpty()) {
            throw new RefusedException(problems);
        }
        return out;
    }

    /**
     * The transactions of JSON items, each a map of the same fields (by column name), or {@link RefusedException}
     * naming each bad item by its index.
     */
    public static List<CardTransaction> fromRecords(List<Map<String, String>> items) {
        List<Problem> problems = new ArrayList<>();
        List<CardTransaction> out = new ArrayList<>();
        if (items.isEmpty()) {
            problems.add(new Problem(0, null, null, "no transaction: send at least one"));
        }
        for (int i = 0; i < items.size() && problems.size() < MAX_PROBLEMS; i++) {
            CardTransaction t = transaction(new Row(i, items.get(i), null), problems);
            if (t != null) {
                out.add(t);
            }
        }
        if (!problems.isEmpty()) {
            throw new RefusedException(problems);
        }
        return out;
    }

    private static Map<String, Integer> header(CSVRecord record, List<Problem> problems) {
        Map<String, Integer> header = new LinkedHashMap<>();
        for (int i = 0; i < record.size(); i++) {
            String name = record.get(i).strip().toLowerCase(Locale.ROOT);
            if (i == 0 && name.startsWith("\ufeff")) {
                name = name.substring(1);
            }
            if (COLUMNS.containsKey(name)) {
                if (header.put(name, i) != null) {
                    problems.add(new Problem(1, i + 1, name, "line 1, column " + (i + 1) + ": " + name + " appears twice"));
                }
            }
        }
        COLUMNS.forEach((name, required) -> {
            if (required && !header.containsKey(name)) {
                problems.add(new Problem(1, null, name, "line 1: the header lacks the required column " + name));
            }
        });
        return header;
    }

    /** One row's cells (trimmed, blank is absent), where they came from, and how to name a cell's place. */
    private record Row(long line, Map<String, String> cells, Map<String, Integer> columns) {
        String get(String field) {
            String v = cells.get(field);
            return v == null || v.isBlank() ? null : v.strip();
        }

        Problem problem(String field, String message) {
            Integer column = columns == null ? null : columns.get(field);
            String where = columns == null ? "transactions[" + line + "]." + field
                    : "line " + line + (column == null ? "" : ", column " + column) + " (" + field + ")";
            return new Problem(line, column, field, where + ": " + message);
        }
    }

    private static CardTransaction transaction(Row r, List<Problem> problems) {
        int before = problems.size();
        String id = id(r, "transaction_id", problems);
        String account = required(r, "card_account", 64, problems);
        if (account != null && FULL_PAN.matcher(account).matches()) {
            problems.add(r.problem("card_account", "is a full card number: send the masked number (4111********1111) "
                    + "or the issuer's account id, never the PAN"));
        }
        String employee = id(r, "employee_id", problems);
        String holder = optional(r, "holder_name", 140, problems);
        LocalDate transactionDate = date(r, "transaction_date", true, problems);
        LocalDate postingDate = date(r, "posting_date", true, problems);
        LocalDate settlementDate = date(r, "settlement_date", true, problems);
        if (transactionDate != null && postingDate != null && postingDate.isBefore(transactionDate)) {
            problems.add(r.problem("posting_date", postingDate + " lies before the transaction date " + transactionDate));
        }
        if (postingDate != null && settlementDate != null && settlementDate.isBefore(postingDate)) {
            problems.add(r.problem("settlement_date", settlementDate + " lies before the posting date " + postingDate));
        }
        String merchant = required(r, "merchant_name", 140, problems);
        String mcc = r.get("mcc");
        if (mcc != null && !MCC.matcher(mcc).matches()) {
            problems.add(r.problem("mcc", "'" + mcc + "' is no merchant category code (four digits, e.g. 3000 or 5812)"));
        }
        String billingCurrency = currency(r, "billing_currency", true, problems);
        BigDecimal billing = amount(r, "billing_amount", billingCurrency, true, problems);
        String originalCurrency = currency(r, "original_currency", false, problems);
        BigDecimal original = amount(r, "original_amount", originalCurrency, false, problems);
        if ((original == null) != (originalCurrency == null) && problems.size() == before) {
            problems.add(r.problem(original == null ? "original_amount" : "original_currency",
                    "original_amount and original_currency come together or not at all"));
        }
        if (original != null && billing != null && original.signum() != billing.signum()) {
            problems.add(r.problem("original_amount", "has another sign than the billing amount"));
        }
        if (problems.size() > before) {
            return null;
        }
        return new CardTransaction(id, account, employee, holder, transactionDate, postingDate, settlementDate,
                merchant, mcc, billing, billingCurrency, original, originalCurrency);
    }

    private static String id(Row r, String field, List<Problem> problems) {
        String v = r.get(field);
        if (v == null) {
            problems.add(r.problem(field, "is required"));
            return null;
        }
        if (!ID.matcher(v).matches()) {
            problems.add(r.problem(field, "'" + abbreviated(v) + "' is no id: 1-64 of A-Z a-z 0-9 . _ : / - "
                    + "(starting with a letter or digit)"));
            return null;
        }
        return v;
    }

    private static String required(Row r, String field, int max, List<Problem> problems) {
        String v = r.get(field);
        if (v == null) {
            problems.add(r.problem(field, "is required"));
            return null;
        }
        return optional(r, field, max, problems);
    }

    private static String optional(Row r, String field, int max, List<Problem> problems) {
        String v = r.get(field);
        if (v != null && (v.length() > max || v.chars().anyMatch(Character::isISOControl))) {
            problems.add(r.problem(field, "must be at most " + max + " characters without control characters"));
            return null;
        }
        return v;
    }

    private static LocalDate date(Row r, String field, boolean required, List<Problem> problems) {
        String v = r.get(field);
        if (v == null) {
            if (required) {
                problems.add(r.problem(field, "is required"));
            }
            return null;
        }
        try {
            return LocalDate.parse(v);
        } catch (DateTimeParseException e) {
            problems.add(r.problem(field, "'" + abbreviated(v) + "' is no ISO date (2026-11-03)"));
            return null;
        }
    }

    private static String currency(Row r, String field, boolean required, List<Problem> problems) {
        String v = r.get(field);
        if (v == null) {
            if (required) {
                problems.add(r.problem(field, "is required"));
            }
            return null;
        }
        try {
            if (v.matches("[A-Z]{3}")) {
                return Currency.getInstance(v).getCurrencyCode();
            }
        } catch (IllegalArgumentException e) {
            // named below
        }
        problems.add(r.problem(field, "'" + abbreviated(v) + "' is no ISO 4217 currency code (EUR, USD)"));
        return null;
    }

    /** A decimal with a point, not zero, no more decimals than the currency has (a refund is negative). */
    private static BigDecimal amount(Row r, String field, String currency, boolean required, List<Problem> problems) {
        String v = r.get(field);
        if (v == null) {
            if (required) {
                problems.add(r.problem(field, "is required"));
            }
            return null;
        }
        if (!v.matches("-?\\d{1,15}(\\.\\d{1,4})?")) {
            problems.add(r.problem(field, "'" + abbreviated(v) + "' is no amount: digits with a decimal point (1161.57), "
                    + "a refund negative"));
            return null;
        }
        BigDecimal amount = new BigDecimal(v);
        if (amount.signum() == 0) {
            problems.add(r.problem(field, "is zero: an authorisation without a charge is not a transaction"));
            return null;
        }
        if (currency != null) {
            int digits = Currency.getInstance(currency).getDefaultFractionDigits();
            if (amount.scale() > Math.max(digits, 0)) {
                problems.add(r.problem(field, v + " has more decimals than " + currency + " has (" + digits + ")"));
                return null;
            }
        }
        return amount;
    }

    private static String abbreviated(String v) {
        return v.length() > 40 ? v.substring(0, 40) + "..." : v;
    }

    private static Map<String, Boolean> columns(Object... pairs) {
        Map<String, Boolean> out = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            out.put((String) pairs[i], (Boolean) pairs[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(out);
    }
}
