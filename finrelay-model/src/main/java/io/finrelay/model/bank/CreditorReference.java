package io.finrelay.model.bank;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ISO 11649 structured creditor reference ({@code RF18 5390 0754 7034}): "RF", two check digits
 * and up to 21 letters or digits, checked with ISO 7064 mod 97-10 like an IBAN. Banks pass it in a
 * structured field or, often, only in the remittance text; {@link #findIn} recognises it there, and
 * only when its check digits hold (a text that merely looks like one is not a reference).
 */
public final class CreditorReference {
    /** "RF" + 2 digits + 1-21 alphanumerics, possibly printed in groups of four. */
    private static final Pattern CANDIDATE = Pattern.compile(
            "(?<![A-Za-z0-9])RF\\d{2}(?: ?[A-Za-z0-9]){1,21}(?![A-Za-z0-9])", Pattern.CASE_INSENSITIVE);

    /** The common ISO 20022 ExternalReturnReason1Code values banks give for a returned payment. */
    public static final Set<String> RETURN_REASONS = Set.of("AC01", "AC03", "AC04", "AC06", "AC13", "AG01", "AG02",
            "AM01", "AM04", "AM05", "BE04", "BE05", "CNOR", "CURR", "CUST", "DNOR", "DUPL", "ED05", "FF01", "FOCR",
            "FRAD", "MD01", "MD02", "MD06", "MD07", "MS02", "MS03", "NARR", "RC01", "RR01", "RR02", "RR03", "RR04",
            "SL01", "TECH", "TM01");

    private CreditorReference() {}

    /** Whether {@code reference} (spaces allowed, any case) is an ISO 11649 reference with valid check digits. */
    public static boolean isValid(String reference) {
        if (reference == null) {
            return false;
        }
        String compact = reference.replace(" ", "").toUpperCase(Locale.ROOT);
        if (!compact.matches("RF\\d{2}[A-Z0-9]{1,21}")) {
            return false;
        }
        String rearranged = compact.substring(4) + compact.substring(0, 4);
        int remainder = 0;
        for (char ch : rearranged.toCharArray()) {
            int value = Character.isDigit(ch) ? ch - '0' : ch - 'A' + 10;
            remainder = (value > 9 ? remainder * 100 + value : remainder * 10 + value) % 97;
        }
        return remainder == 1;
    }

    /** The first valid reference in {@code text}, compact and upper case, if there is one. */
    public static Optional<String> findIn(String text) {
        if (text == null || text.length() < 5) {
            return Optional.empty();
        }
        Matcher m = CANDIDATE.matcher(text);
        while (m.find()) {
            // A printed group may run into the next word ("RF18 5390 0754 7034 Invoice"): try the
            // longest candidate first, then shorter ones ending at a group boundary.
            String found = m.group();
            for (int end = found.length(); end >= 5; end--) {
                String candidate = found.substring(0, end);
                if ((end == found.length() || found.charAt(end) == ' ') && isValid(candidate)) {
                    return Optional.of(candidate.replace(" ", "").toUpperCase(Locale.ROOT));
                }
            }
        }
        return Optional.empty();
    }

    /** The first ISO return reason code standing as a word in {@code text}, if any. */
    public static Optional<String> returnReasonIn(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = Pattern.compile("(?<![A-Za-z0-9])([A-Z]{2}\\d{2}|[A-Z]{4})(?![A-Za-z0-9])").matcher(text);
        while (m.find()) {
            if (RETURN_REASONS.contains(m.group(1))) {
                return Optional.of(m.group(1));
            }
        }
        return Optional.empty();
    }
}
