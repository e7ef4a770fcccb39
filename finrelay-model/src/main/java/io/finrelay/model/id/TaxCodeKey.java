package io.finrelay.model.id;

import java.util.regex.Pattern;

/** The key of a tax code, e.g. {@code "DE-VAT19"} or {@code "V1"}; the rate lives in {@link io.finrelay.model.ledger.TaxCode}. */
public record TaxCodeKey(String value) {
    /** 1 to 16 letters, digits or . _ -, starting and ending with a letter or digit. */
    public static final String PATTERN = "[A-Za-z0-9](?:[A-Za-z0-9._-]{0,14}[A-Za-z0-9])?";
    private static final Pattern SHAPE = Pattern.compile(PATTERN);

    public TaxCodeKey {
        Codes.check("taxCode", value, SHAPE, "1 to 16 letters, digits or . _ -, starting and ending with a letter or digit");
    }

    public static TaxCodeKey of(String text) {
        return new TaxCodeKey(text);
    }

    @Override
    public String toString() {
        return value;
    }
}
