package io.finrelay.model.id;

import java.util.regex.Pattern;

/** A project code as the ERP knows it, e.g. {@code "PRJ-2025-017"}. */
public record ProjectCode(String value) {
    /** 1 to 32 letters, digits or . _ / -, starting and ending with a letter or digit. */
    public static final String PATTERN = "[A-Za-z0-9](?:[A-Za-z0-9._/-]{0,30}[A-Za-z0-9])?";
    private static final Pattern SHAPE = Pattern.compile(PATTERN);

    public ProjectCode {
        Codes.check("projectCode", value, SHAPE, "1 to 32 letters, digits or . _ / -, starting and ending with a letter or digit");
    }

    public static ProjectCode of(String text) {
        return new ProjectCode(text);
    }

    @Override
    public String toString() {
        return value;
    }
}
