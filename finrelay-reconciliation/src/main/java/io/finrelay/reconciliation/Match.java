package io.finrelay.reconciliation;

import io.finrelay.model.Money;
import java.util.List;
import java.util.Objects;

/**
 * Lines paired with items (1:1, 1:N, N:1), with a score in [0,1], the reasons behind it, and what is
 * left over. {@code AUTO} when the score clears the tenant's threshold and beats the runner-up by its
 * margin; otherwise {@code SUGGESTED}, waiting for a person. The reasons are kept as an {@link Explanation}
 * and written out as text when read.
 */
public record Match(List<String> lineIds, List<String> itemIds, double score, Explanation explanation,
                    Difference difference, Status status) {
    public Match {
        lineIds = List.copyOf(lineIds);
        itemIds = List.copyOf(itemIds);
        Objects.requireNonNull(explanation, "explanation");
        Objects.requireNonNull(difference, "difference");
        Objects.requireNonNull(status, "status");
        if (lineIds.isEmpty() || itemIds.isEmpty()) {
            throw new IllegalArgumentException("a match pairs at least one line with at least one item");
        }
        if (!(score >= 0 && score <= 1)) {
            throw new IllegalArgumentException("score lies in [0,1], not " + score);
        }
    }

    /** A match whose reasons are already written out. */
    public Match(List<String> lineIds, List<String> itemIds, double score, List<Reason> reasons, Difference difference,
                 Status status) {
        this(lineIds, itemIds, score, Explanation.of(reasons), difference, status);
    }

    /** Why the match was proposed, feature by feature, as a person reads it (written out on each call). */
    public List<Reason> reasons() {
        return explanation.reasons();
    }

    public enum Status { AUTO, SUGGESTED }

    /**
     * The lines' total minus the items' total, and what it is: NONE (exact), FEE (short by a bank fee
     * within tolerance), FX (a foreign-currency difference within tolerance), PARTIAL (the item stays
     * open for the rest), OVERPAYMENT (a line that names its one item pays more: the item is paid, the
     * surplus is the counterparty's credit, left for a person to refund or apply).
     */
    public record Difference(Money amount, Kind kind) {
        public Difference {
            Objects.requireNonNull(amount, "amount");
            Objects.requireNonNull(kind, "kind");
        }

        public enum Kind { NONE, FEE, FX, PARTIAL, OVERPAYMENT }
    }
}
