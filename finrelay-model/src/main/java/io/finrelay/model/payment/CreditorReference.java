package io.finrelay.model.payment;

import io.finrelay.model.ValidationException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A structured creditor reference (ISO 11649, "RF reference"): {@code RF}, two check digits, then 1
 * to 21 letters or digits, checked with mod-97 like an IBAN. Spaces and case are normalised.
 */
public record CreditorReference(String value) {
    public static final String PATTERN = "RF[0-9]{2}[A-Z0-9]{1,21}";
    private static final Pattern SHAPE = Pattern.compile(PATTERN);

    public CreditorReference {
        if (value == null) {
            throw new ValidationException("creditorReference", null, "is required");
        }
        value = value.replace(" ", "").toUpperCase(Locale.ROOT);
        if (!SHAPE.matcher(value).matches()) {
            throw new ValidationException("creditorReference", value,
                    "must be RF, two check digits and 1 to 21 letters or digits (ISO 11649)");
        }
        if (mod97(value.substring(4) + value.substring(0, 4)) != 1) {
            throw new ValidationException("creditorReference", value, "check digits do not match (mod-97)");
        }
    }

    public static CreditorReference of(String text) {
        return new CreditorReference(text);
    }

    private static int mod97(String text) {
        int remainder = 0;
        for (int i = 0; i < text.length(); i++) {
            int digit = Character.digit(text.charAt(i), 36);
            remainder = digit < 10 ? (remainder * 10 + digit) % 97 : (remainder * 100 + digit) % 97;
        }
        return remainder;
    }

    @Override
    public String toString() {
        return value;
    }
}
