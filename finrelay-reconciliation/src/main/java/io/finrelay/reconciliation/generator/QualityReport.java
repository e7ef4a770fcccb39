package io.finrelay.reconciliation.generator;

import io.finrelay.reconciliation.Match;
import io.finrelay.reconciliation.MatchResult;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How a matcher's result compares with the generator's truth. A match is right when its lines and
 * items are exactly those of one true payment (for twins: any pairing within the twin set) and its
 * difference is of the kind expected.
 *
 * @param truePayments      true payments (MATCH truths)
 * @param auto              AUTO matches made
 * @param autoRight         AUTO matches that are right
 * @param suggested         SUGGESTED matches made
 * @param restSuggestedRight true payments not found AUTO that a right SUGGESTED match proposes
 * @param ruleHitsRight     rule hits on noise lines, of {@code noise}
 * @param noise             noise lines
 * @param returnsRight      returns that name the returned item, of {@code returns}
 * @param returns           returned payments
 * @param strangersMatched  lines that belong to nothing but were matched AUTO
 * @param byScenario        per scenario: true payments, found AUTO, suggested right
 * @param wrongAuto         the first wrong AUTO matches, with the truth, to look at
 */
public record QualityReport(int truePayments, int auto, int autoRight, int suggested, int restSuggestedRight,
                            int ruleHitsRight, int noise, int returnsRight, int returns, int strangersMatched,
                            Map<String, int[]> byScenario, List<String> wrongAuto) {

    public double autoPrecision() {
        return auto == 0 ? 1 : (double) autoRight / auto;
    }

    public double autoRecall() {
        return truePayments == 0 ? 1 : (double) autoRight / truePayments;
    }

    public static QualityReport of(LabelledGenerator.Labelled labelled, MatchResult result) {
        Map<String, LabelledGenerator.Expected> byLine = new HashMap<>();
        Map<String, String> twinOfItem = new HashMap<>();
        int payments = 0;
        int noise = 0;
        int returns = 0;
        Map<String, int[]> scenarios = new java.util.TreeMap<>();
        for (LabelledGenerator.Expected e : labelled.truth()) {
            e.lineIds().forEach(l -> byLine.put(l, e));
            switch (e.kind()) {
                case MATCH -> {
                    payments++;
                    scenarios.computeIfAbsent(e.scenario(), k -> new int[3])[0]++;
                    if (e.twinSet() != null) {
                        e.itemIds().forEach(i -> twinOfItem.put(i, e.twinSet()));
                    }
                }
                case RULE -> noise++;
                case RETURN -> returns++;
                case NONE -> { }
            }
        }
        int auto = 0;
        int autoRight = 0;
        int suggested = 0;
        int strangers = 0;
        Set<LabelledGenerator.Expected> foundAuto = new HashSet<>();
        List<String> wrong = new java.util.ArrayList<>();
        Set<LabelledGenerator.Expected> suggestedRight = new HashSet<>();
        for (Match m : result.matches()) {
            LabelledGenerator.Expected e = byLine.get(m.lineIds().get(0));
            boolean right = e != null && right(e, m, twinOfItem);
            if (m.status() == Match.Status.AUTO) {
                auto++;
                if (!right && wrong.size() < 20) {
                    wrong.add(m + " but truth " + e);
                }
                if (right) {
                    autoRight++;
                    foundAuto.add(e);
                    scenarios.get(e.scenario())[1]++;
                }
                if (e != null && e.kind() == LabelledGenerator.Kind.NONE) {
                    strangers++;
                }
            } else {
                suggested++;
                if (right) {
                    suggestedRight.add(e);
                    scenarios.get(e.scenario())[2]++;
                }
            }
        }
        suggestedRight.removeAll(foundAuto);
        int rules = 0;
        for (MatchResult.RuleHit hit : result.ruleHits()) {
            LabelledGenerator.Expected e = byLine.get(hit.lineId());
            if (e != null && e.kind() == LabelledGenerator.Kind.RULE) {
                rules++;
            }
        }
        int returned = 0;
        for (MatchResult.Return r : result.returns()) {
            LabelledGenerator.Expected e = byLine.get(r.lineId());
            if (e != null && e.kind() == LabelledGenerator.Kind.RETURN && e.itemIds().equals(List.of(String.valueOf(r.itemId())))) {
                returned++;
            }
        }
        return new QualityReport(payments, auto, autoRight, suggested, suggestedRight.size(), rules, noise, returned, returns,
                strangers, scenarios, wrong);
    }

    private static boolean right(LabelledGenerator.Expected e, Match m, Map<String, String> twinOfItem) {
        if (e.kind() != LabelledGenerator.Kind.MATCH || !Set.copyOf(e.lineIds()).equals(Set.copyOf(m.lineIds()))
                || e.difference() != m.difference().kind()) {
            return false;
        }
        if (e.twinSet() != null) {
            return m.itemIds().size() == 1 && e.twinSet().equals(twinOfItem.get(m.itemIds().get(0)));
        }
        return Set.copyOf(e.itemIds()).equals(Set.copyOf(m.itemIds()));
    }

    /** A Markdown summary: the headline figures, then per scenario how many were found AUTO and suggested. */
    public String markdown() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "| true payments | AUTO | AUTO right | AUTO precision | AUTO recall | SUGGESTED "
                + "| rest suggested right | noise booked by rule | returns named | strangers matched AUTO |%n"));
        out.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        out.append(String.format(Locale.ROOT, "| %d | %d | %d | %.3f %% | %.2f %% | %d | %d of %d | %d of %d | %d of %d | %d |%n",
                truePayments, auto, autoRight, 100 * autoPrecision(), 100 * autoRecall(), suggested, restSuggestedRight,
                truePayments - autoRight, ruleHitsRight, noise, returnsRight, returns, strangersMatched));
        out.append("\n| scenario | payments | AUTO right | SUGGESTED right |\n|---|---:|---:|---:|\n");
        byScenario.forEach((k, v) -> out.append(String.format(Locale.ROOT, "| %s | %d | %d | %d |%n", k, v[0], v[1], v[2])));
        return out.toString();
    }
}
