package io.finrelay.formats;

import java.util.Objects;

/**
 * A bank file was refused: it names the file, where in it (line, and the element or field), and
 * why in plain words. It is the only exception a parser lets out for bad input; anything else is a
 * bug (the fuzz tests hold the parsers to this).
 *
 * <p>Unchecked because parsers hand lines to callbacks; callers catch it at the channel, where the
 * file is quarantined and nothing of it is applied.
 */
public class FormatException extends RuntimeException {
    private final String fileName;
    private final int line;
    private final String element;
    private final String reason;

    public FormatException(String fileName, int line, String element, String reason) {
        this(fileName, line, element, reason, null);
    }

    public FormatException(String fileName, int line, String element, String reason, Throwable cause) {
        super(message(fileName, line, element, reason), cause);
        this.fileName = Objects.requireNonNullElse(fileName, "<unnamed>");
        this.line = line;
        this.element = element;
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    private static String message(String fileName, int line, String element, String reason) {
        StringBuilder text = new StringBuilder(Objects.requireNonNullElse(fileName, "<unnamed>"));
        if (line > 0) {
            text.append(", line ").append(line);
        }
        if (element != null && !element.isEmpty()) {
            text.append(", at ").append(element);
        }
        return text.append(": ").append(reason).toString();
    }

    public String fileName() {
        return fileName;
    }

    /** 1-based line, or 0 when unknown (e.g. the file is too large to open). */
    public int line() {
        return line;
    }

    /** The XML element path or the field ({@code :61:}, {@code 16 record field 3}), or null. */
    public String element() {
        return element;
    }

    public String reason() {
        return reason;
    }
}
