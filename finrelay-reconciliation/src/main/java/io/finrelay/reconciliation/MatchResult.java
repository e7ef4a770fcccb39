package io.finrelay.reconciliation;

import java.util.List;
import java.util.Objects;

/**
 * What the matcher made of a {@link MatchInput}: every line ends in exactly one of matches, rule hits,
 * returns or unmatched lines; every item in matches or unmatched items.
 */
public record MatchResult(List<Match> matches, List<RuleHit> ruleHits, List<Return> returns,
                          List<String> unmatchedLineIds, List<String> unmatchedItemIds) {
    public MatchResult {
        matches = List.copyOf(matches);
        ruleHits = List.copyOf(ruleHits);
        returns = List.copyOf(returns);
        unmatchedLineIds = List.copyOf(unmatchedLineIds);
        unmatchedItemIds = List.copyOf(unmatchedItemIds);
    }

    /** A line booked by a tenant rule (fees, interest, taxes). */
    public record RuleHit(String lineId, Rule rule) {
        public RuleHit {
            Objects.requireNonNull(lineId, "lineId");
            Objects.requireNonNull(rule, "rule");
        }
    }

    /**
     * A line that returns an earlier payment. {@code itemId} is the item it returns when that item was
     * among the input's items, else null: the caller looks the payment up by {@code originalReference}.
     */
    public record Return(String lineId, String itemId, String originalReference, String reasonCode, String reasonText) {
        public Return {
            Objects.requireNonNull(lineId, "lineId");
        }
    }
}
