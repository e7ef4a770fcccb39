package io.finrelay.einvoice;

import io.finrelay.model.Money;
import io.finrelay.model.invoice.RuleViolation;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import org.w3c.dom.Element;

/**
 * Collects what one document says and every rule it breaks on the way, so a reader reports all
 * the problems at once instead of the first.
 */
final class Extraction {
    private static final DateTimeFormatter CII_102 = DateTimeFormatter.BASIC_ISO_DATE;

    final List<RuleViolation> violations = new ArrayList<>();
    private final String syntax;
    Currency currency;

    Extraction(String syntax) {
        this.syntax = syntax;
    }

    String syntaxName() {
        return syntax;
    }

    /** The rule a value in the wrong format breaks: the XML schema, or the JSON / CSV format. */
    private String formatRule() {
        return "UBL".equals(syntax) || "CII".equals(syntax) ? "XSD" : syntax;
    }

    void violate(String rule, String element, String message) {
        violations.add(new RuleViolation(rule, element, message));
    }

    /** A mandatory text: when absent, the rule is broken and null comes back. */
    <T> T required(T value, String rule, String element, String path) {
        if (value == null) {
            violate(rule, element, missing(element) + (path == null ? "" : " (" + syntax + " " + path + ")"));
        }
        return value;
    }

    /** A JSON path naming its business term: {@code lines[0].id (BT-126)}. */
    private static final java.util.regex.Pattern PATH_WITH_TERM = java.util.regex.Pattern.compile("(.+) \\((B[TG]-\\d+)\\)");

    /** The EN 16931 names of the terms a JSON path names when it is missing (the XML's elements carry theirs). */
    private static final java.util.Map<String, String> TERM_NAMES = java.util.Map.ofEntries(
            java.util.Map.entry("BT-106", "Sum of Invoice line net amount"),
            java.util.Map.entry("BT-109", "Invoice total amount without VAT"),
            java.util.Map.entry("BT-112", "Invoice total amount with VAT"),
            java.util.Map.entry("BT-115", "Amount due for payment"),
            java.util.Map.entry("BT-116", "VAT category taxable amount"),
            java.util.Map.entry("BT-117", "VAT category tax amount"),
            java.util.Map.entry("BT-118", "VAT category code"),
            java.util.Map.entry("BT-126", "Invoice line identifier"),
            java.util.Map.entry("BT-129", "Invoiced quantity"),
            java.util.Map.entry("BT-131", "Invoice line net amount"),
            java.util.Map.entry("BT-146", "Item net price"),
            java.util.Map.entry("BT-151", "Invoiced item VAT category code"),
            java.util.Map.entry("BT-153", "Item name"));

    /**
     * What a missing element's message says: the business term with its name ({@code BT-1 Invoice number
     * is missing}); for a JSON path the term and name, then the path ({@code BT-126 Invoice line identifier
     * is missing (JSON lines[0].id)}); else the element itself (a CSV cell).
     */
    private String missing(String element) {
        if (element.startsWith("BT-") || element.startsWith("BG-")) {
            return element + " is missing";
        }
        java.util.regex.Matcher m = PATH_WITH_TERM.matcher(element);
        if (m.matches()) {
            String name = TERM_NAMES.get(m.group(2));
            return m.group(2) + (name == null ? "" : " " + name) + " is missing (" + syntax + " " + m.group(1) + ")";
        }
        return element + " is missing";
    }

    Currency currency(String code, String element) {
        if (code == null) {
            return null;
        }
        try {
            Currency c = Currency.getInstance(code);
            if (c.getDefaultFractionDigits() < 0) {
                throw new IllegalArgumentException(code);
            }
            return c;
        } catch (IllegalArgumentException e) {
            violate("BR-CL-04", element, "currency code " + code + " is not an ISO 4217 currency");
            return null;
        }
    }

    /** An amount in the invoice currency; missing gives the rule (or zero when rule is null). */
    Money money(Element e, String rule, String element, String path) {
        String t = Dom.text(e);
        if (t == null) {
            if (rule != null) {
                required(null, rule, element, path);
                return null;
            }
            return currency == null ? null : Money.zero(currency);
        }
        if (currency == null) {
            return null;
        }
        String cur = e.getAttribute("currencyID");
        if (!cur.isEmpty() && !cur.equals(currency.getCurrencyCode())) {
            violate("PEPPOL-EN16931-R051", element, term(element) + " is in " + cur
                    + " but the invoice currency (BT-5) is " + currency.getCurrencyCode());
            return null;
        }
        return money(decimal(t, element), element);
    }

    /**
     * An amount in the invoice currency, null when absent or unusable (then the rule is recorded):
     * padding zeros beyond the currency's minor unit are dropped, other extra decimals break BR-DEC.
     */
    Money money(BigDecimal amount, String element) {
        if (amount == null || currency == null) {
            return null;
        }
        int digits = currency.getDefaultFractionDigits();
        try {
            return Money.of(amount.scale() > digits ? amount.setScale(digits, RoundingMode.UNNECESSARY) : amount, currency);
        } catch (ArithmeticException ex) {
            violate("BR-DEC", element, valued(element) + amount.toPlainString() + " has more than " + digits
                    + " decimals, more than " + currency.getCurrencyCode() + " allows");
            return null;
        }
    }

    /** How a message starts on a value of the element: {@code BT-115 12,50} or {@code line 3, column unit_price: 12,50}. */
    private static String valued(String element) {
        return term(element).equals(element) ? element + ": " : term(element) + " ";
    }

    /** How a message names the element: its business term id (BT-115), or the element itself (a JSON path, a CSV cell). */
    static String term(String element) {
        return element.startsWith("BT-") || element.startsWith("BG-") ? element.substring(0, element.indexOf(' ')) : element;
    }

    BigDecimal decimal(String t, String element) {
        if (t == null) {
            return null;
        }
        try {
            return new BigDecimal(t);
        } catch (NumberFormatException ex) {
            violate(formatRule(), element, valued(element) + t + " is not a decimal number");
            return null;
        }
    }

    LocalDate isoDate(String t, String element) {
        return date(t, element, DateTimeFormatter.ISO_LOCAL_DATE);
    }

    LocalDate cii102Date(String t, String element) {
        return date(t, element, CII_102);
    }

    private LocalDate date(String t, String element, DateTimeFormatter f) {
        if (t == null) {
            return null;
        }
        try {
            return LocalDate.parse(t, f);
        } catch (DateTimeParseException ex) {
            violate(formatRule(), element, valued(element) + t + " is not a date");
            return null;
        }
    }
}
