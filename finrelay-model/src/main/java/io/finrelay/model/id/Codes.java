package io.finrelay.model.id;

import io.finrelay.model.ValidationException;
import java.util.regex.Pattern;

/** Validation shared by the business-code records (GL account, cost center, project, tax code). */
final class Codes {
    private Codes() {}

    static String check(String field, String value, Pattern pattern, String shape) {
        if (value == null) {
            throw new ValidationException(field, null, "is required");
        }
        if (!pattern.matcher(value).matches()) {
            throw new ValidationException(field, value, "must be " + shape);
        }
        return value;
    }
}
