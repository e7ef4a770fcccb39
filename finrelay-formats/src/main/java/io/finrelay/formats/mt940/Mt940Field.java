package io.finrelay.formats.mt940;

import io.finrelay.formats.FormatException;
import java.util.List;

/**
 * One field of an MT940/942 message: its tag ({@code 61}, {@code 60F}), the physical lines it
 * spans, and the line number where it starts.
 */
record Mt940Field(String tag, List<String> lines, int lineNumber, String fileName) {

    Mt940Field {
        lines = List.copyOf(lines);
    }

    String first() {
        return lines.get(0);
    }

    /** All lines joined without separator (fixed-width wrapped fields such as German :86:). */
    String joined() {
        return String.join("", lines);
    }

    FormatException error(String reason) {
        return new FormatException(fileName, lineNumber, ":" + tag + ":", reason);
    }
}
