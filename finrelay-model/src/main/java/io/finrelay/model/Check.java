package io.finrelay.model;

import java.util.Collection;
import java.util.Currency;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The checks canonical records run in their compact constructors. Each failure is a
 * {@link ValidationException} naming the field, so callers never see a bare NullPointerException
 * for a missing business value.
 */
public final class Check {
    private static final Set<String> COUNTRIES =
            Set.copyOf(Locale.getISOCountries(Locale.IsoCountryCode.PART1_ALPHA2));
    // Deliberately simple: the mailbox exists or not is the mail server's business, not ours.
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    private Check() {}

    public static <T> T required(String field, T value) {
        if (value == null) {
            throw new ValidationException(field, null, "is required");
        }
        return value;
    }

    /** Required, not blank, at most {@code maxLength} characters. Returns the value unchanged. */
    public static String text(String field, String value, int maxLength) {
        required(field, value);
        if (value.isBlank()) {
            throw new ValidationException(field, value, "must not be blank");
        }
        return maxLength(field, value, maxLength);
    }

    /** Required, may be empty, at most {@code maxLength} characters. */
    public static String maxLength(String field, String value, int maxLength) {
        required(field, value);
        if (value.length() > maxLength) {
            throw new ValidationException(field, value, "must be at most " + maxLength + " characters");
        }
        return value;
    }

    /** An ISO 3166-1 alpha-2 country code in upper case, e.g. {@code "DE"}. */
    public static String country(String field, String value) {
        required(field, value);
        // XK (Kosovo) is a user-assigned code the JDK does not list, but banks and IBANs use it.
        if (!COUNTRIES.contains(value) && !value.equals("XK")) {
            throw new ValidationException(field, value, "not an ISO 3166-1 alpha-2 country code (upper case)");
        }
        return value;
    }

    public static String email(String field, String value) {
        text(field, value, 254);
        if (!EMAIL.matcher(value).matches()) {
            throw new ValidationException(field, value, "not an e-mail address");
        }
        return value;
    }

    /** Money strictly greater than zero. */
    public static Money positive(String field, Money value) {
        required(field, value);
        if (!value.isPositive()) {
            throw new ValidationException(field, value, "must be greater than zero");
        }
        return value;
    }

    /** Money zero or greater. */
    public static Money notNegative(String field, Money value) {
        required(field, value);
        if (value.isNegative()) {
            throw new ValidationException(field, value, "must not be negative");
        }
        return value;
    }

    public static Money inCurrency(String field, Money value, Currency currency) {
        required(field, value);
        if (!value.currency().equals(currency)) {
            throw new ValidationException(field, value, "must be in " + currency.getCurrencyCode());
        }
        return value;
    }

    /** Currencies that can carry money (a minor unit is defined). */
    public static Currency moneyCurrency(String field, Currency value) {
        required(field, value);
        if (value.getDefaultFractionDigits() < 0) {
            throw new ValidationException(field, value.getCurrencyCode(), "currency has no minor unit");
        }
        return value;
    }

    public static <C extends Collection<?>> C notEmpty(String field, C value) {
        required(field, value);
        if (value.isEmpty()) {
            throw new ValidationException(field, value, "must not be empty");
        }
        return value;
    }
}
