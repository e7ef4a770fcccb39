package io.finrelay.reconciliation;

import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A line's reference tokens, cut from its texts into one char buffer: a token is an offset, a length and
 * its hash ({@link StringIndex#hash}), looked up in the indexes without a String per word. A String is
 * made only for a token that is read as one ({@link #string}: a reference with a typo, named in a reason).
 * One per thread, cleared for each line.
 */
final class Tokens {
    private static final Pattern AMOUNT_OR_DATE = Pattern.compile(
            "\\d{1,3}([.,']\\d{3})*[.,]\\d{2}|\\d{1,2}[./]\\d{1,2}[./]\\d{2,4}|\\d{4}-\\d{2}-\\d{2}");
    private static final int MAX_PARTS = 8;

    private char[] chars = new char[512];
    private int used;
    private int[] start = new int[64];
    private int[] length = new int[64];
    private long[] hash = new long[64];
    private String[] strings = new String[64];
    private int n;
    private final int[] partFrom = new int[MAX_PARTS];
    private final int[] partTo = new int[MAX_PARTS];
    private final Matcher amountOrDate = AMOUNT_OR_DATE.matcher("");
    /** The token being written: where it starts and its hash so far. */
    private int open;
    private long openHash;

    Tokens clear() {
        Arrays.fill(strings, 0, n, null);
        n = 0;
        used = 0;
        return this;
    }

    int size() {
        return n;
    }

    char[] chars() {
        return chars;
    }

    int start(int k) {
        return start[k];
    }

    int length(int k) {
        return length[k];
    }

    long hash(int k) {
        return hash[k];
    }

    /** The token as a String, made once. */
    String string(int k) {
        if (strings[k] == null) {
            strings[k] = new String(chars, start[k], length[k]);
        }
        return strings[k];
    }

    /**
     * How many leading letters token k has before its core ({@link Text#core}: the part a payer reliably
     * copies), or -1 when it has no core (shorter than {@link Text#MIN_CORE} without them).
     */
    int corePrefix(int k) {
        int s = start[k];
        int prefix = 0;
        while (prefix < length[k] && Character.isLetter(chars[s + prefix])) {
            prefix++;
        }
        return length[k] - prefix < Text.MIN_CORE ? -1 : prefix;
    }

    /** Whether token k is {@code RF}, two check digits and up to 21 letters or digits, mod-97 equal to 1 (ISO 11649). */
    boolean validRf(int k) {
        return Text.validRf(chars, start[k], length[k]);
    }

    /** A whole reference as it is (a structured creditor reference, an entry's reference), unless null or there already. */
    void addWhole(String token) {
        if (token == null) {
            return;
        }
        begin();
        for (int i = 0; i < token.length(); i++) {
            append(token.charAt(i));
        }
        end(1);
    }

    /**
     * Reference tokens of a free text, upper case: words are cut at blanks and punctuation; {@code - / . _ ,}
     * between letters or digits join parts of one reference, and the whole, each part and (of three parts or
     * more) each pair of neighbouring parts are tokens ({@code RE2026-00123/RE2026-00124} gives
     * {@code RE202600123RE202600124}, {@code RE2026}, {@code 00123}, {@code RE202600123} and so on). Amounts
     * ({@code 412,80}) and dates ({@code 27.11.2026}) are no tokens; tokens shorter than 2 and repeats are left out.
     */
    void addText(String text) {
        if (text == null) {
            return;
        }
        int len = text.length();
        int i = 0;
        while (i < len) {
            while (i < len && !isWordChar(text.charAt(i))) {
                i++;
            }
            int from = i;
            while (i < len && (isWordChar(text.charAt(i))
                    || (isJoiner(text.charAt(i)) && i + 1 < len && isWordChar(text.charAt(i + 1)) && i > from))) {
                i++;
            }
            if (i > from) {
                group(text, from, i);
            }
        }
    }

    private void group(String text, int from, int to) {
        if (looksLikeAmountOrDate(text, from, to)) {
            return;
        }
        int parts = 0;
        int f = from;
        for (int j = from; j <= to; j++) {
            if (j == to || isJoiner(text.charAt(j))) {
                if (j > f && parts < MAX_PARTS) {
                    partFrom[parts] = f;
                    partTo[parts++] = j;
                }
                f = j + 1;
            }
        }
        if (parts > 1) {
            begin();
            for (int p = 0; p < parts; p++) {
                appendPart(text, p);
            }
            end(2);
        }
        for (int p = 0; p < parts; p++) {
            begin();
            appendPart(text, p);
            end(2);
            if (p + 1 < parts && parts > 2) {
                begin();
                appendPart(text, p);
                appendPart(text, p + 1);
                end(2);
            }
        }
    }

    private boolean looksLikeAmountOrDate(String text, int from, int to) {
        // 412,80 / 1.234,56 / 27.11.2026 / 2026-11-27: digits with separators and a 2-digit or date shape
        int digits = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (Character.isDigit(c)) {
                digits++;
            } else if (c != '.' && c != ',' && c != '-' && c != '/') {
                return false;
            }
        }
        if (digits == to - from) {
            return false;
        }
        return amountOrDate.reset(text).region(from, to).matches();
    }

    private static boolean isWordChar(char c) {
        return c < 128 && Character.isLetterOrDigit(c);
    }

    private static boolean isJoiner(char c) {
        return c == '-' || c == '/' || c == '.' || c == '_' || c == ',';
    }

    private void begin() {
        open = used;
        openHash = StringIndex.HASH_START;
    }

    private void appendPart(String text, int p) {
        for (int i = partFrom[p]; i < partTo[p]; i++) {
            char c = text.charAt(i);
            append(c >= 'a' && c <= 'z' ? (char) (c - 32) : c); // word characters are ASCII
        }
    }

    private void append(char c) {
        if (used == chars.length) {
            chars = Arrays.copyOf(chars, chars.length * 2);
        }
        chars[used++] = c;
        openHash = StringIndex.hashStep(openHash, c);
    }

    /** Keeps the token being written when it is at least {@code minLength} long and not there yet. */
    private void end(int minLength) {
        int len = used - open;
        if (len < minLength || indexOf(open, len, openHash) >= 0) {
            used = open;
            return;
        }
        if (n == start.length) {
            start = Arrays.copyOf(start, n * 2);
            length = Arrays.copyOf(length, n * 2);
            hash = Arrays.copyOf(hash, n * 2);
            strings = Arrays.copyOf(strings, n * 2);
        }
        start[n] = open;
        length[n] = len;
        hash[n++] = openHash;
    }

    private int indexOf(int from, int len, long h) {
        for (int k = 0; k < n; k++) {
            if (hash[k] == h && length[k] == len && Arrays.equals(chars, start[k], start[k] + len, chars, from, from + len)) {
                return k;
            }
        }
        return -1;
    }
}
