package io.finrelay.reconciliation;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One tenant's open work for the matcher: its unmatched lines, its open items, its rules and settings,
 * and the pairs a person rejected (never proposed again).
 */
public record MatchInput(List<Line> lines, List<OpenItem> items, List<Rule> rules, Settings settings,
                         Set<RejectedPair> rejected) {
    public MatchInput {
        lines = List.copyOf(lines);
        items = List.copyOf(items);
        rules = List.copyOf(rules);
        Objects.requireNonNull(settings, "settings");
        rejected = Set.copyOf(rejected);
    }

    /** A line and an item a person said do not belong together. */
    public record RejectedPair(String lineId, String itemId) {
        public RejectedPair {
            Objects.requireNonNull(lineId, "lineId");
            Objects.requireNonNull(itemId, "itemId");
        }
    }
}
