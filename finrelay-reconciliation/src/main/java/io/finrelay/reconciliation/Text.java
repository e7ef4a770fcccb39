package io.finrelay.reconciliation;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The matcher's text handling: references compacted (upper case, no separators; remittance texts are cut
 * into reference tokens by {@link Tokens}), counterparty names reduced to a comparable key, and a bounded edit distance.
 */
final class Text {
    /** Words of a company name that say what it is, not who: dropped before names are compared. */
    private static final Set<String> LEGAL_FORMS = Set.of("GMBH", "AG", "KG", "KGAA", "CO", "SE", "SA", "SAS", "SARL",
            "SRL", "SPA", "BV", "NV", "LTD", "LIMITED", "PLC", "INC", "LLC", "CORP", "OY", "OYJ", "AB", "AS", "APS", "KFT",
            "SP", "ZOO", "THE", "UG", "EK", "OHG", "MBH", "GBR", "EV", "SL", "SCS", "SNC", "AND", "UND", "ET");

    private static final List<String> LEGAL_FORM_LIST = List.copyOf(LEGAL_FORMS);

    private static final int LONGEST_LEGAL_FORM = LEGAL_FORMS.stream().mapToInt(String::length).max().orElseThrow();

    /** Invoice numbers shorter than this (after a leading letter prefix) are too common to be a key. */
    static final int MIN_CORE = 5;

    private Text() {}

    /** Upper case without blanks, or null when nothing is left: for end-to-end ids, IBANs and RF references. */
    static String compact(String text) {
        if (text == null) {
            return null;
        }
        boolean same = !text.isEmpty();
        for (int i = 0; i < text.length() && same; i++) {
            char c = text.charAt(i);
            same = !Character.isWhitespace(c) && Character.toUpperCase(c) == c;
        }
        if (same) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!Character.isWhitespace(c)) {
                out.append(Character.toUpperCase(c));
            }
        }
        return out.isEmpty() ? null : out.toString();
    }

    /** Letters and digits only, upper case: how references are compared ({@code INV-2026/00123} is {@code INV202600123}). */
    static String alnum(String text) {
        if (text == null) {
            return null;
        }
        boolean same = !text.isEmpty();
        for (int i = 0; i < text.length() && same; i++) {
            char c = text.charAt(i);
            same = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
        }
        if (same) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 128 && Character.isLetterOrDigit(c)) {
                out.append(Character.toUpperCase(c));
            }
        }
        return out.isEmpty() ? null : out.toString();
    }

    /** The key an invoice number is found by: {@link #core} of {@link #alnum}, made in one pass. */
    static String invoiceKey(String invoiceNumber) {
        if (invoiceNumber == null) {
            return null;
        }
        char[] out = new char[invoiceNumber.length()];
        int n = 0;
        for (int i = 0; i < invoiceNumber.length(); i++) {
            char c = invoiceNumber.charAt(i);
            if (c < 128 && Character.isLetterOrDigit(c) && !(n == 0 && Character.isLetter(c))) {
                out[n++] = Character.toUpperCase(c);
            }
        }
        return n < MIN_CORE ? null : new String(out, 0, n);
    }

    /**
     * The part of a compacted reference a payer reliably copies: without its letter prefix
     * ({@code INV202600123} and {@code RE202600123} are both {@code 202600123}); null when it is
     * shorter than {@link #MIN_CORE} or holds no digit (a bare number like {@code 4711} is no key).
     */
    static String core(String alnum) {
        if (alnum == null) {
            return null;
        }
        int start = 0;
        while (start < alnum.length() && Character.isLetter(alnum.charAt(start))) {
            start++;
        }
        if (alnum.length() - start < MIN_CORE) {
            return null;
        }
        return start == 0 ? alnum : alnum.substring(start);
    }

    /** Whether a core ({@code text[from, from + length)}) is digits only and short: a weaker key than a long or alphanumeric one. */
    static boolean weakCore(char[] text, int from, int length) {
        if (length >= 7) {
            return false;
        }
        for (int i = from; i < from + length; i++) {
            if (!Character.isDigit(text[i])) {
                return false;
            }
        }
        return true;
    }

    /** ISO 11649: RF, two check digits, 1 to 21 letters or digits, mod-97 equal to 1. */
    static boolean validRf(String compact) {
        return compact != null && validRf(compact.toCharArray(), 0, compact.length());
    }

    /** {@link #validRf(String)} of {@code text[from, from + length)}. */
    static boolean validRf(char[] text, int from, int length) {
        if (length < 5 || length > 25 || text[from] != 'R' || text[from + 1] != 'F') {
            return false;
        }
        // the first four characters moved to the end
        int remainder = 0;
        for (int i = 0; i < length; i++) {
            char c = text[from + (i + 4) % length];
            int digit = Character.digit(c, 36);
            if (digit < 0 || c > 127 || (i >= length - 2 && digit > 9)) {
                return false;
            }
            remainder = digit < 10 ? (remainder * 10 + digit) % 97 : (remainder * 100 + digit) % 97;
        }
        return remainder == 1;
    }

    /** A company or person name reduced for comparison: ASCII, upper case, legal forms and punctuation gone. */
    static String nameKey(String name) {
        if (name == null) {
            return null;
        }
        String folded = ascii(name) ? name : Normalizer.normalize(name, Normalizer.Form.NFD);
        // the words kept, each followed by one space; the word being read starts at wordStart
        StringBuilder out = new StringBuilder(folded.length() + 1);
        int wordStart = 0;
        for (int i = 0; i <= folded.length(); i++) {
            char c = i < folded.length() ? folded.charAt(i) : ' ';
            if (c == 'ß') {
                out.append("SS");
            } else if (c < 128 && Character.isLetterOrDigit(c)) {
                out.append(Character.toUpperCase(c));
            } else if (Character.getType(c) == Character.NON_SPACING_MARK || c == '.' || c == '\'') {
                continue;
            } else if (out.length() > wordStart) {
                if (isLegalForm(out, wordStart)) {
                    out.setLength(wordStart);
                } else {
                    out.append(' ');
                    wordStart = out.length();
                }
            }
        }
        if (out.isEmpty()) {
            return null;
        }
        out.setLength(out.length() - 1);
        return out.toString();
    }

    private static boolean isLegalForm(StringBuilder text, int from) {
        int length = text.length() - from;
        if (length > LONGEST_LEGAL_FORM) {
            return false;
        }
        for (String form : LEGAL_FORM_LIST) {
            if (form.length() == length && sameChars(form, text, from)) {
                return true;
            }
        }
        return false;
    }

    private static boolean sameChars(String form, StringBuilder text, int from) {
        for (int i = 0; i < form.length(); i++) {
            if (form.charAt(i) != text.charAt(from + i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean ascii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 128) {
                return false;
            }
        }
        return true;
    }

    /** Shared words of two name keys over all words (Jaccard), in [0,1]. */
    static double nameSimilarity(String a, String b) {
        if (a == null || b == null) {
            return 0;
        }
        if (a.equals(b)) {
            return 1;
        }
        // words compared in place (keys are single-space separated): no arrays for each of a million pairs
        int wordsA = 0;
        int shared = 0;
        for (int i = 0; i < a.length(); ) {
            int end = a.indexOf(' ', i);
            end = end < 0 ? a.length() : end;
            wordsA++;
            if (containsWord(b, a, i, end - i)) {
                shared++;
            }
            i = end + 1;
        }
        int wordsB = 1;
        for (int i = 0; i < b.length(); i++) {
            if (b.charAt(i) == ' ') {
                wordsB++;
            }
        }
        return (double) shared / (wordsA + wordsB - shared);
    }

    /** Whether {@code key} (words separated by one space) has the word {@code text[from, from + length)}. */
    private static boolean containsWord(String key, String text, int from, int length) {
        for (int i = 0; i < key.length(); ) {
            int end = key.indexOf(' ', i);
            end = end < 0 ? key.length() : end;
            if (end - i == length && key.regionMatches(i, text, from, length)) {
                return true;
            }
            i = end + 1;
        }
        return false;
    }

    /**
     * Edit distance (insert, delete, replace, swap of neighbours) between a and b, or max + 1 as soon
     * as it exceeds max.
     */
    static int editDistance(String a, String b, int max) {
        int n = a.length();
        int m = b.length();
        if (Math.abs(n - m) > max) {
            return max + 1;
        }
        int[] prev2 = new int[m + 1];
        int[] prev = new int[m + 1];
        int[] cur = new int[m + 1];
        for (int j = 0; j <= m; j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= n; i++) {
            cur[0] = i;
            int rowMin = cur[0];
            for (int j = 1; j <= m; j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int d = Math.min(Math.min(prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d = Math.min(d, prev2[j - 2] + 1);
                }
                cur[j] = d;
                rowMin = Math.min(rowMin, d);
            }
            if (rowMin > max) {
                return max + 1;
            }
            int[] t = prev2;
            prev2 = prev;
            prev = cur;
            cur = t;
        }
        return Math.min(prev[m], max + 1);
    }
}
