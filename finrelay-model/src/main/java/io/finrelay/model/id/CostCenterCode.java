package io.finrelay.model.id;

import java.util.regex.Pattern;

/** A cost-center code as the ERP knows it, e.g. {@code "CC-1200"}. */
public record CostCenterCode(String value) {
    /** 1 to 20 letters, digits or . _ / -, starting and ending with a letter or digit. */
    public static final String PATTERN = "[A-Za-z0-9](?:[A-Za-z0-9._/-]{0,18}[A-Za-z0-9])?";
    private static final Pattern SHAPE = Pattern.compile(PATTERN);

    public CostCenterCode {
        Codes.check("costCenterCode", value, SHAPE, "1 to 20 letters, digits or . _ / -, starting and ending with a letter or digit");
    }

    public static CostCenterCode of(String text) {
        return new CostCenterCode(text);
    }

    @Override
    public String toString() {
        return value;
    }
}
