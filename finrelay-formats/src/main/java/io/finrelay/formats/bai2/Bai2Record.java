package io.finrelay.formats.bai2;

import io.finrelay.formats.FormatException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One logical BAI2 record: its two-digit code, its content after the code, the 88 continuations
 * that followed it, and the line where it started. {@link #split} cuts a file into records the way
 * banks really write them: ended by {@code /}, by a newline alone, several on one line, or a text
 * wrapped onto the next line.
 */
record Bai2Record(String code, String content, List<String> continuations, int line, String fileName) {
    private static final Pattern RECORD_START = Pattern.compile("(01|02|03|16|49|88|98|99),");

    int physicalRecords() {
        return 1 + continuations.size();
    }

    FormatException error(String reason) {
        return new FormatException(fileName, line, code + " record", reason);
    }

    static List<Bai2Record> split(String fileName, String text) {
        List<Integer> starts = new ArrayList<>();
        Matcher m = RECORD_START.matcher(text);
        int from = 0;
        while (m.find(from)) {
            if (isBoundary(text, m.start())) {
                starts.add(m.start());
            }
            from = m.start() + 1;
        }
        if (starts.isEmpty() || !text.substring(0, starts.get(0)).isBlank()) {
            throw new FormatException(fileName, 1, null, "not a BAI2 file: it does not start with a record such as 01,");
        }
        List<Bai2Record> records = new ArrayList<>();
        int line = 1;
        int counted = 0;
        for (int r = 0; r < starts.size(); r++) {
            int start = starts.get(r);
            int end = r + 1 < starts.size() ? starts.get(r + 1) : text.length();
            line += newlines(text, counted, start);
            counted = start;
            String code = text.substring(start, start + 2);
            String content = endOfRecord(text.substring(start + 3, end)).replaceAll("\\s*[\\r\\n]+\\s*", " ");
            if (code.equals("88")) {
                if (records.isEmpty()) {
                    throw new FormatException(fileName, line, "88 record", "a continuation before any record");
                }
                Bai2Record previous = records.remove(records.size() - 1);
                List<String> continuations = new ArrayList<>(previous.continuations());
                continuations.add(content);
                records.add(new Bai2Record(previous.code(), previous.content(), continuations, previous.line(), fileName));
            } else {
                records.add(new Bai2Record(code, content, List.of(), line, fileName));
            }
        }
        return records;
    }

    /** A record starts a line, or follows the {@code /} that ended the one before on the same line. */
    private static boolean isBoundary(String text, int position) {
        int i = position - 1;
        if (i < 0 || text.charAt(i) == '\n' || text.charAt(i) == '\r') {
            return true;
        }
        while (i >= 0 && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i--;
        }
        return i >= 0 && text.charAt(i) == '/';
    }

    private static int newlines(String text, int from, int to) {
        int count = 0;
        for (int i = from; i < to; i++) {
            if (text.charAt(i) == '\n') {
                count++;
            }
        }
        return count;
    }

    /** Drops trailing blanks and the one {@code /} that ends a record (banks that end with a newline send none). */
    private static String endOfRecord(String content) {
        String stripped = content.stripTrailing();
        return stripped.endsWith("/") ? stripped.substring(0, stripped.length() - 1) : stripped;
    }

    static String shorten(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }
}
