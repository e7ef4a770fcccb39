package io.finrelay.model.id;

import java.util.regex.Pattern;

/** A general-ledger account number as the ERP knows it, e.g. {@code "6400"} or {@code "4000-100"}. */
public record AccountCode(String value) {
    /** 1 to 24 letters, digits or . _ / -, starting and ending with a letter or digit. */
    public static final String PATTERN = "[A-Za-z0-9](?:[A-Za-z0-9._/-]{0,22}[A-Za-z0-9])?";
    private static final Pattern SHAPE = Pattern.compile(PATTERN);

    public AccountCode {
        Codes.check("accountCode", value, SHAPE, "1 to 24 letters, digits or . _ / -, starting and ending with a letter or digit");
    }

    public static AccountCode of(String text) {
        return new AccountCode(text);
    }

    @Override
    public String toString() {
        return value;
    }
}
