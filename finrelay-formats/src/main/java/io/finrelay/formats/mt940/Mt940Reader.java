package io.finrelay.formats.mt940;

import io.finrelay.formats.ControlReport;
import io.finrelay.formats.FormatException;
import io.finrelay.formats.LimitedInputStream;
import io.finrelay.formats.StatementHandler;
import io.finrelay.formats.StatementReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads SWIFT MT940 customer statements and MT942 interim reports, as files of one or more
 * messages, with or without SWIFT blocks ({@code {1:}{2:}{4:} ... -}}), SOH/ETX framing,
 * CRLF or LF, UTF-8 or Latin-1.
 *
 * <p>Statement files are small (a day of one account), so the file is read into memory once
 * (bounded by {@link #MAX_BYTES}) and parsed field by field; each field becomes canonical records
 * in {@link Mt940Statement}.
 */
public final class Mt940Reader implements StatementReader {
    public static final long MAX_BYTES = 32L * 1024 * 1024;
    private static final Pattern TAG = Pattern.compile("^:(\\d{2}[A-Z]?):");
    private static final Pattern MESSAGE_TYPE_LINE = Pattern.compile("^:?\\d{3}:?\\s*$");

    @Override
    public ReadSummary read(String fileName, InputStream in, StatementHandler handler) {
        String text = decode(fileName, in);
        List<List<Mt940Field>> messages = split(fileName, text);
        if (messages.isEmpty()) {
            throw new FormatException(fileName, 0, null, "no MT940/MT942 statement (no :20: field) in the file");
        }
        int statements = 0;
        long lines = 0;
        ControlReport controls = ControlReport.none();
        boolean intraday = false;
        for (List<Mt940Field> fields : messages) {
            Mt940Statement statement = Mt940Statement.parse(fileName, fields, handler);
            statements++;
            lines += statement.lineCount();
            controls = controls.and(statement.controls());
            intraday |= statement.intraday();
        }
        return new ReadSummary(intraday ? "MT942" : "MT940", messages.get(0).get(0).first(), statements, lines, controls);
    }

    private static String decode(String fileName, InputStream in) {
        byte[] bytes;
        try {
            bytes = new LimitedInputStream(in, MAX_BYTES, fileName).readAllBytes();
        } catch (IOException e) {
            throw new FormatException(fileName, 0, null, "cannot read the file: " + e.getMessage(), e);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            // Older bank exports are Latin-1 (or its DOS cousins); every byte is a character there.
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }

    /** Splits the text into messages (lists of fields), dropping SWIFT block framing. */
    static List<List<Mt940Field>> split(String fileName, String text) {
        List<List<Mt940Field>> messages = new ArrayList<>();
        List<Mt940Field> current = new ArrayList<>();
        String tag = null;
        List<String> value = new ArrayList<>();
        int start = 0;
        String[] physical = text.split("\r\n|\r|\n", -1);
        for (int n = 0; n < physical.length; n++) {
            String line = clean(physical[n]);
            int lineNumber = n + 1;
            int block4 = line.indexOf("{4:");
            if (block4 >= 0) {
                line = line.substring(block4 + 3);
            } else if (line.startsWith("{")) {
                continue; // {1:...}{2:...} header lines or a {5:...} trailer on its own line
            }
            String trimmed = line.strip();
            boolean endOfMessage = trimmed.equals("-") || trimmed.startsWith("-}");
            var matcher = TAG.matcher(line);
            if (endOfMessage || matcher.find()) {
                if (tag != null) {
                    current.add(new Mt940Field(tag, value, start, fileName));
                }
                tag = null;
                value = new ArrayList<>();
                if (endOfMessage) {
                    closeMessage(messages, current);
                    current = new ArrayList<>();
                    continue;
                }
                tag = matcher.group(1);
                if (tag.equals("20") && !current.isEmpty()) {
                    closeMessage(messages, current);
                    current = new ArrayList<>();
                }
                start = lineNumber;
                value.add(line.substring(matcher.end()));
            } else if (tag != null) {
                value.add(line);
            } else if (!trimmed.isEmpty() && !MESSAGE_TYPE_LINE.matcher(trimmed).matches()) {
                throw new FormatException(fileName, lineNumber, null, "text outside any field: '" + shorten(trimmed) + "'");
            }
        }
        if (tag != null) {
            current.add(new Mt940Field(tag, value, start, fileName));
        }
        closeMessage(messages, current);
        return messages;
    }

    private static void closeMessage(List<List<Mt940Field>> messages, List<Mt940Field> fields) {
        if (fields.isEmpty()) {
            return;
        }
        Mt940Field first = fields.get(0);
        if (!first.tag().equals("20")) {
            throw first.error("a statement starts with :20:, this one with :" + first.tag() + ":");
        }
        messages.add(List.copyOf(fields));
    }

    /** Drops SOH/ETX framing and other control characters; ING's soft hyphens are date dashes. */
    private static String clean(String line) {
        StringBuilder out = null;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            boolean control = (c < 0x20 && c != '\t') || c == 0x7f;
            if (control || c == '\t' || c == '\u00ad') {
                if (out == null) {
                    out = new StringBuilder(line.length()).append(line, 0, i);
                }
                if (c == '\t') {
                    out.append(' ');
                } else if (c == '\u00ad') {
                    out.append('-');
                }
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? line : out.toString();
    }

    static String shorten(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }
}
