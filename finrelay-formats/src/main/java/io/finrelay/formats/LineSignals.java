package io.finrelay.formats;

import io.finrelay.model.bank.ReturnReason;
import io.finrelay.model.payment.CreditorReference;
import java.util.Arrays;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What the statement readers share when they read a line beyond its amounts: whether the bank says
 * it is a return (by bank transaction code, German business transaction code or words), which ISO
 * return reason it names, the RF creditor reference in remittance text, and the SEPA creditor
 * identifier check. Each rule lives here once so camt, MT940 and BAI2 agree.
 */
public final class LineSignals {
    /**
     * ISO bank transaction sub-families that give money back for an earlier payment: RRTN reversal
     * due to payment return, UPDD reversal due to return/unpaid direct debit, PRDD reversal due to
     * payment reversal, RPCR reversal due to payment cancellation request, ARET ACH return.
     */
    public static final Set<String> RETURN_SUB_FAMILIES = Set.of("RRTN", "UPDD", "PRDD", "RPCR", "ARET");
    /**
     * German (DK) business transaction codes (GVC) of returns: 108/109 SEPA direct debit charged back
     * (B2B/core), 159 SEPA credit transfer returned, 160 SEPA instant credit transfer returned after a
     * recall, 181/184 SEPA direct debit credited back (core/B2B), 193 SEPA direct debit reversal.
     */
    public static final Set<String> RETURN_GVC = Set.of("108", "109", "159", "160", "181", "184", "193");

    private static final Pattern REASON_CODE = Pattern.compile("(?<![A-Za-z0-9])("
            + Arrays.stream(ReturnReason.values()).map(ReturnReason::code).collect(Collectors.joining("|"))
            + ")(?![A-Za-z0-9])");
    private static final String UE = "(?:Ü|UE|U)";
    /** Words with which banks mark returns: German, Dutch and English. */
    private static final Pattern RETURN_WORDS = Pattern.compile("(?<![\\p{L}\\d])(?:RETOUR|RETOURE|RETOUREN"
            + "|R" + UE + "CKLASTSCHRIFT|R" + UE + "CK" + UE + "BERWEISUNG|R" + UE + "CKBELASTUNG|R" + UE + "CKBEL"
            + "|R" + UE + "CKGABE|R" + UE + "CKRUF|RETURN|RETURNED|TERUGBOEKING)(?![\\p{L}\\d])",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final Pattern CREDITOR_ID = Pattern.compile("[A-Z]{2}[0-9]{2}[A-Z0-9]{3}[A-Z0-9]{1,28}");

    private LineSignals() {
    }

    /**
     * Whether a bank transaction code as the readers render it says return: an ISO domain code
     * ({@code PMNT/ICDT/RRTN}) with a return sub-family, or a DK proprietary code
     * ({@code NRTI+159+...}) with a return GVC.
     */
    public static boolean isReturnCode(String bankTransactionCode) {
        if (bankTransactionCode == null) {
            return false;
        }
        // plain scans, not split or regex: called for every line of large statements
        int lastSlash = bankTransactionCode.lastIndexOf('/');
        if (lastSlash > 0 && bankTransactionCode.indexOf('/') < lastSlash) {
            if (bankTransactionCode.length() - lastSlash - 1 != 4) {
                return false;
            }
            for (String subFamily : RETURN_SUB_FAMILIES) {
                if (bankTransactionCode.startsWith(subFamily, lastSlash + 1)) {
                    return true;
                }
            }
            return false;
        }
        return isDkReturnCode(bankTransactionCode);
    }

    /** {@code N} + three letters or digits, {@code +}, a return GVC, then the end or another {@code +}. */
    private static boolean isDkReturnCode(String code) {
        if (code.length() < 8 || code.charAt(0) != 'N' || code.charAt(4) != '+'
                || code.length() > 8 && code.charAt(8) != '+') {
            return false;
        }
        for (int i = 1; i < 4; i++) {
            char c = code.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9')) {
                return false;
            }
        }
        return RETURN_GVC.contains(code.substring(5, 8));
    }

    /** Whether the text uses a word banks mark returns with (Retoure, Rücklastschrift, return, ...). */
    public static boolean saysReturn(String text) {
        return text != null && RETURN_WORDS.matcher(text).find();
    }

    /** The first ISO return reason code (of those {@link ReturnReason} lists) written in the text, or null. */
    public static String reasonCodeIn(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = REASON_CODE.matcher(text);
        return m.find() ? m.group(1) : null;
    }

    /** The creditor reference the bank gave, else a valid RF reference found in the remittance text, else null. */
    public static String creditorReference(String given, String remittanceText) {
        if (given != null && !given.isBlank()) {
            return given;
        }
        return CreditorReference.findIn(remittanceText).map(CreditorReference::value).orElse(null);
    }

    /**
     * Whether the text is a SEPA creditor identifier with matching check digits: country, two check
     * digits, a three-character business code (not checked), the national identifier; the check
     * digits are ISO 7064 mod 97-10 over the national identifier and the country.
     */
    public static boolean isSepaCreditorId(String text) {
        if (text == null || !CREDITOR_ID.matcher(text).matches()) {
            return false;
        }
        String checked = text.substring(7) + text.substring(0, 4);
        int remainder = 0;
        for (int i = 0; i < checked.length(); i++) {
            int digit = Character.digit(checked.charAt(i), 36);
            remainder = digit < 10 ? (remainder * 10 + digit) % 97 : (remainder * 100 + digit) % 97;
        }
        return remainder == 1;
    }
}
