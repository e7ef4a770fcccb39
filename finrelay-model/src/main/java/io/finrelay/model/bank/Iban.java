package io.finrelay.model.bank;

import io.finrelay.model.ValidationException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An International Bank Account Number (ISO 13616), held in electronic form: upper case, no spaces.
 *
 * <p>Construction normalises the input ({@code "de89 3704 0044 0532 0130 00"} is accepted) and checks
 * the country against the SWIFT IBAN Registry, the length for that country, and the ISO 7064
 * mod-97-10 check digits. The national BBAN structure is not checked beyond letters and digits.
 *
 * <p>{@link #toString()} is masked ({@code "DE89 **** **** **** **30 00"}) so that logs and exception
 * messages never carry a full account number; the full value is only available from {@link #value()}.
 */
public record Iban(String value) {
    /** The JSON Schema pattern for the electronic form; the record checks the rest. */
    public static final String PATTERN = "[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}";
    private static final Pattern SEPARATORS = Pattern.compile("[\\s\\u00A0]+");
    private static final Pattern ALNUM = Pattern.compile("[A-Z0-9]+");
    private static final Pattern COUNTRY_AND_CHECK = Pattern.compile("[A-Z]{2}[0-9]{2}.*");

    public Iban {
        if (value == null) {
            throw new ValidationException("iban", null, "is required");
        }
        value = SEPARATORS.matcher(value).replaceAll("").toUpperCase(Locale.ROOT);
        validate(value);
    }

    public static Iban of(String text) {
        return new Iban(text);
    }

    /** True when {@code text} is a valid IBAN (spaces and case aside). */
    public static boolean isValid(String text) {
        try {
            new Iban(text);
            return true;
        } catch (ValidationException e) {
            return false;
        }
    }

    /** The ISO 3166 country code, the first two letters. */
    public String country() {
        return value.substring(0, 2);
    }

    /** The two check digits. */
    public String checkDigits() {
        return value.substring(2, 4);
    }

    /** The national account number (BBAN): everything after the check digits. */
    public String bban() {
        return value.substring(4);
    }

    /** Print form in groups of four, e.g. {@code "DE89 3704 0044 0532 0130 00"}. Full value: handle with care. */
    public String formatted() {
        return group(value);
    }

    /** Print form with everything but the first four and the last four characters hidden. */
    public String masked() {
        StringBuilder hidden = new StringBuilder(value);
        for (int i = 4; i < value.length() - 4; i++) {
            hidden.setCharAt(i, '*');
        }
        return group(hidden.toString());
    }

    @Override
    public String toString() {
        return masked();
    }

    private static String group(String text) {
        StringBuilder out = new StringBuilder(text.length() + text.length() / 4);
        for (int i = 0; i < text.length(); i++) {
            if (i > 0 && i % 4 == 0) {
                out.append(' ');
            }
            out.append(text.charAt(i));
        }
        return out.toString();
    }

    private static void validate(String iban) {
        // The rejected value is masked too once it is long enough to be a real account number.
        String shown = iban.length() >= 12 ? maskedForError(iban) : iban;
        if (!ALNUM.matcher(iban).matches()) {
            throw new ValidationException("iban", shown, "IBAN may contain only letters and digits");
        }
        if (!COUNTRY_AND_CHECK.matcher(iban).matches()) {
            throw new ValidationException("iban", shown,
                    "IBAN must start with a two-letter country code and two check digits");
        }
        String country = iban.substring(0, 2);
        int expected = IbanRegistry.length(country);
        if (expected < 0) {
            throw new ValidationException("iban", shown, "country " + country + " does not issue IBANs");
        }
        if (iban.length() != expected) {
            throw new ValidationException("iban", shown,
                    "IBAN for " + country + " must have " + expected + " characters, not " + iban.length());
        }
        int check = Integer.parseInt(iban.substring(2, 4));
        // 00, 01 and 99 can satisfy mod-97 by aliasing 97, 98 and 02, but ISO 13616 never issues them.
        if (check < 2 || check > 98 || mod97(iban) != 1) {
            throw new ValidationException("iban", shown, "IBAN check digits do not match (mod-97)");
        }
    }

    private static String maskedForError(String iban) {
        StringBuilder hidden = new StringBuilder(iban);
        for (int i = 4; i < iban.length() - 4; i++) {
            hidden.setCharAt(i, '*');
        }
        return hidden.toString();
    }

    /** ISO 7064 MOD 97-10 over the rearranged IBAN (BBAN, then country and check digits); letters count 10..35. */
    static int mod97(String iban) {
        String rearranged = iban.substring(4) + iban.substring(0, 4);
        int remainder = 0;
        for (int i = 0; i < rearranged.length(); i++) {
            int digit = Character.digit(rearranged.charAt(i), 36);
            remainder = digit < 10 ? (remainder * 10 + digit) % 97 : (remainder * 100 + digit) % 97;
        }
        return remainder;
    }
}
