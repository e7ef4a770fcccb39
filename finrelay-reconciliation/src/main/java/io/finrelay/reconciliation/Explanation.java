package io.finrelay.reconciliation;

import java.util.List;
import java.util.Objects;

/**
 * Why a match was proposed. A matcher keeps it in whatever form is cheapest to hold (the scoring matcher
 * keeps the features it found and the few figures they name) and writes the {@link Reason}s out only when
 * someone reads them: most automatic matches are never read by a person.
 */
public interface Explanation {

    /** The reasons, feature by feature, as a person reads them; the same text on every call. */
    List<Reason> reasons();

    /** Reasons already written out. */
    static Explanation of(List<Reason> reasons) {
        return new Written(reasons);
    }

    record Written(List<Reason> reasons) implements Explanation {
        public Written {
            reasons = List.copyOf(Objects.requireNonNull(reasons, "reasons"));
        }
    }
}
