package io.finrelay.model.bank;

import io.finrelay.model.Check;
import io.finrelay.model.ValidationException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A Business Identifier Code (ISO 9362), 8 or 11 characters: institution (4 letters or digits, as
 * ISO 9362:2022 allows), country (2 letters, ISO 3166), location (2 letters or digits), and an
 * optional branch (3 letters or digits; {@code XXX} is the head office). Input is trimmed and
 * upper-cased.
 */
public record Bic(String value) {
    public static final String PATTERN = "[A-Z0-9]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?";
    private static final Pattern SHAPE = Pattern.compile(PATTERN);

    public Bic {
        if (value == null) {
            throw new ValidationException("bic", null, "is required");
        }
        value = value.strip().toUpperCase(Locale.ROOT);
        if (!SHAPE.matcher(value).matches()) {
            throw new ValidationException("bic", value,
                    "BIC must be 8 or 11 characters: 4 letters or digits, 2-letter country, 2 letters or digits, optional 3-character branch");
        }
        try {
            Check.country("bic", value.substring(4, 6));
        } catch (ValidationException e) {
            throw new ValidationException("bic", value, "BIC country " + value.substring(4, 6) + " is not an ISO 3166 country");
        }
    }

    public static Bic of(String text) {
        return new Bic(text);
    }

    public String institutionCode() {
        return value.substring(0, 4);
    }

    public String country() {
        return value.substring(4, 6);
    }

    public String locationCode() {
        return value.substring(6, 8);
    }

    /** The branch code when the BIC has 11 characters. */
    public Optional<String> branchCode() {
        return value.length() == 11 ? Optional.of(value.substring(8)) : Optional.empty();
    }

    @Override
    public String toString() {
        return value;
    }
}
