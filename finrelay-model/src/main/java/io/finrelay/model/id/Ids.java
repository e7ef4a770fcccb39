package io.finrelay.model.id;

import io.finrelay.model.ValidationException;
import java.util.UUID;
import java.util.regex.Pattern;

/** Parsing shared by the id records: only the canonical 36-character UUID form is accepted. */
final class Ids {
    // UUID.fromString also takes "1-2-3-4-5"; an id that does not round-trip is a bug waiting.
    private static final Pattern CANONICAL =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private Ids() {}

    static UUID parse(String field, String text) {
        if (text == null || !CANONICAL.matcher(text).matches()) {
            throw new ValidationException(field, text, "not a UUID (expected 8-4-4-4-12 hex digits)");
        }
        return UUID.fromString(text);
    }
}
