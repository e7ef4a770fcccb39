package io.finrelay.server.web;

import java.util.Optional;

/**
 * What no text Finrelay accepts may contain, wherever it arrives (a JSON string or member name, a query
 * parameter, a path segment): NUL and the other C0 controls (tab, newline and carriage return
 * excepted, which free text needs), DEL, the C1 controls, the bidi overrides and isolates
 * (U+202A-202E, U+2066-2069, which make a name read differently than it is stored), Unicode
 * noncharacters and lone surrogates. Finance records need none of them, and PostgreSQL cannot store NUL.
 */
public final class TextRules {
    /** How much of a refused value a problem quotes. */
    public static final int QUOTED = 64;

    private TextRules() {}

    /** Why the text is refused, or empty. */
    public static Optional<String> refusal(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\t' || c == '\n' || c == '\r') {
                continue;
            }
            if (c == 0) {
                return Optional.of("must not contain NUL (U+0000)");
            }
            if (c < 0x20 || c >= 0x7F && c <= 0x9F) {
                return Optional.of(String.format("must not contain control characters (U+%04X)", (int) c));
            }
            if (c >= 0x202A && c <= 0x202E || c >= 0x2066 && c <= 0x2069) {
                return Optional.of(String.format("must not contain bidi control characters (U+%04X)", (int) c));
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                int cp = text.codePointAt(i);
                i++;
                if ((cp & 0xFFFE) == 0xFFFE) {
                    return Optional.of(String.format("must not contain Unicode noncharacters (U+%X)", cp));
                }
                continue;
            }
            if (Character.isSurrogate(c)) {
                return Optional.of("must be valid Unicode (a lone surrogate)");
            }
            if (c >= 0xFDD0 && c <= 0xFDEF || c == 0xFFFE || c == 0xFFFF) {
                return Optional.of(String.format("must not contain Unicode noncharacters (U+%04X)", (int) c));
            }
        }
        return Optional.empty();
    }

    /** At most {@link #QUOTED} characters of a value, for quoting it in a problem. */
    public static String quote(String value) {
        if (value == null) {
            return null;
        }
        int end = value.length() <= QUOTED ? value.length() : value.offsetByCodePoints(0,
                Math.min(QUOTED, value.codePointCount(0, value.length())));
        return end >= value.length() ? value : value.substring(0, end) + "…";
    }
}
