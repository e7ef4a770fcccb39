package io.finrelay.model.payment;

import io.finrelay.model.ValidationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A structured creditor reference (ISO 11649, "RF reference"): {@code RF}, two check digits (02 to
 * 98), then 1 to 21 letters or digits, checked with mod-97 like an IBAN. Spaces and case are
 * normalised. This is the one place the RF rule lives: payments write it, statement readers find it
 * in remittance text ({@link #findIn(String)}).
 */
public record CreditorReference(String value) {
    public static final String PATTERN = "RF[0-9]{2}[A-Z0-9]{1,21}";
    private static final Pattern SHAPE = Pattern.compile(PATTERN);
    private static final int MAX_LENGTH = 25;

    public CreditorReference {
        if (value == null) {
            throw new ValidationException("creditorReference", null, "is required");
        }
        value = value.replace(" ", "").toUpperCase(Locale.ROOT);
        if (!SHAPE.matcher(value).matches()) {
            throw new ValidationException("creditorReference", value,
                    "must be RF, two check digits and 1 to 21 letters or digits (ISO 11649)");
        }
        int check = Integer.parseInt(value.substring(2, 4));
        if (check < 2 || check > 98 || mod97(value.substring(4) + value.substring(0, 4)) != 1) {
            throw new ValidationException("creditorReference", value, "check digits do not match (mod-97)");
        }
    }

    public static CreditorReference of(String text) {
        return new CreditorReference(text);
    }

    /** The reference if the text is one (electronic or print form, any case), else empty; never throws. */
    public static Optional<CreditorReference> parse(String text) {
        return isValid(text) ? Optional.of(new CreditorReference(text)) : Optional.empty();
    }

    /** Whether the text is a well-formed RF reference with matching check digits. */
    public static boolean isValid(String text) {
        if (text == null) {
            return false;
        }
        String value = text.replace(" ", "").toUpperCase(Locale.ROOT);
        if (!SHAPE.matcher(value).matches()) {
            return false;
        }
        int check = Integer.parseInt(value.substring(2, 4));
        return check >= 2 && check <= 98 && mod97(value.substring(4) + value.substring(0, 4)) == 1;
    }

    /**
     * The first valid RF reference written in a text, such as remittance information: in electronic
     * form ({@code RF18539007547034}) or in print form, groups of four separated by one space
     * ({@code RF18 5390 0754 7034}). A reference with wrong check digits is not one; nor is RF inside
     * a longer word.
     */
    public static Optional<CreditorReference> findIn(String text) {
        if (text == null) {
            return Optional.empty();
        }
        // a plain scan, not a regex: statement readers call this for every line of large files
        for (int i = 0; i + 4 < text.length(); i++) {
            char c = text.charAt(i);
            if ((c == 'R' || c == 'r') && startsReference(text, i)) {
                Optional<CreditorReference> found = at(text, i);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    /** RF and two digits at {@code i}, not inside a longer word. */
    private static boolean startsReference(String text, int i) {
        char f = text.charAt(i + 1);
        return (f == 'F' || f == 'f') && isDigit(text.charAt(i + 2)) && isDigit(text.charAt(i + 3))
                && (i == 0 || !isAsciiAlphanumeric(text.charAt(i - 1)));
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static Optional<CreditorReference> at(String text, int start) {
        int afterCheck = start + 4;
        int end = alphanumericEnd(text, afterCheck);
        if (end > afterCheck) {
            // electronic form: one word
            return end - start <= MAX_LENGTH ? parse(text.substring(start, end)) : Optional.empty();
        }
        // print form: "RFnn" then groups of four, the last one may be shorter; try the longest first
        List<String> candidates = new ArrayList<>();
        StringBuilder value = new StringBuilder(text.substring(start, afterCheck));
        int position = afterCheck;
        while (position + 1 < text.length() && text.charAt(position) == ' ') {
            int groupEnd = alphanumericEnd(text, position + 1);
            int length = groupEnd - position - 1;
            if (length < 1 || length > 4 || value.length() + length > MAX_LENGTH) {
                break;
            }
            value.append(text, position + 1, groupEnd);
            candidates.add(value.toString());
            if (length < 4) {
                break;
            }
            position = groupEnd;
        }
        for (int i = candidates.size() - 1; i >= 0; i--) {
            Optional<CreditorReference> found = parse(candidates.get(i));
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private static int alphanumericEnd(String text, int from) {
        int i = from;
        while (i < text.length() && isAsciiAlphanumeric(text.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isAsciiAlphanumeric(char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    private static int mod97(String text) {
        int remainder = 0;
        for (int i = 0; i < text.length(); i++) {
            int digit = Character.digit(text.charAt(i), 36);
            remainder = digit < 10 ? (remainder * 10 + digit) % 97 : (remainder * 100 + digit) % 97;
        }
        return remainder;
    }

    @Override
    public String toString() {
        return value;
    }
}
