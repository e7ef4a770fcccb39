package io.finrelay.model.bank;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds IBANs inside free text (log lines, exception reasons, API texts) and masks them the way
 * {@link Iban#masked()} does, so a masked account reads the same everywhere.
 *
 * <p>A candidate starts where a word starts with a country code and two check digits; from there it
 * takes exactly the country's registered length of letters and digits, allowing single spaces
 * between them (the print form in groups of four). Only a candidate that passes the full IBAN check
 * (registry length and mod-97) is masked, so order numbers and other codes are left alone. A plain
 * regular expression cannot do this: the length depends on the country and the check is arithmetic.
 */
public final class IbanMasker {
    private static final Pattern START = Pattern.compile("(?<![A-Za-z0-9])[A-Za-z]{2}[0-9]{2}");

    private IbanMasker() {}

    /** {@code text} with every valid IBAN in it masked; null stays null. */
    public static String mask(String text) {
        if (text == null || text.length() < 15) {
            return text;
        }
        Matcher start = START.matcher(text);
        StringBuilder out = null;
        int copied = 0;
        int from = 0;
        while (from < text.length() && start.find(from)) {
            int end = ibanEnd(text, start.start());
            if (end < 0) {
                from = start.start() + 1;
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length());
            }
            out.append(text, copied, start.start()).append(new Iban(text.substring(start.start(), end)).masked());
            copied = end;
            from = end;
        }
        return out == null ? text : out.append(text, copied, text.length()).toString();
    }

    /** True if {@code text} contains a valid IBAN anywhere. */
    public static boolean containsIban(String text) {
        return !mask(text).equals(text);
    }

    /** Where the valid IBAN starting at {@code at} ends (exclusive), or -1 if none starts there. */
    static int ibanEnd(String text, int at) {
        int length = IbanRegistry.length(text.substring(at, at + 2).toUpperCase(Locale.ROOT));
        if (length < 0) {
            return -1;
        }
        StringBuilder compact = new StringBuilder(length);
        int i = at;
        while (i < text.length() && compact.length() < length) {
            char ch = text.charAt(i);
            if (Character.isLetterOrDigit(ch) && ch < 128) {
                compact.append(ch);
            } else if (ch != ' ' || i + 1 >= text.length() || text.charAt(i + 1) == ' ' || i == at) {
                break;
            }
            i++;
        }
        boolean endsAtWord = i >= text.length() || !Character.isLetterOrDigit(text.charAt(i));
        return compact.length() == length && endsAtWord && Iban.isValid(compact.toString()) ? i : -1;
    }
}
