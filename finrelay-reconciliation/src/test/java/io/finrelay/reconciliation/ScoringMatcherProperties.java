package io.finrelay.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;

import io.finrelay.model.Money;
import io.finrelay.model.bank.BankStatementLine;
import io.finrelay.model.bank.BankStatementLine.Direction;
import io.finrelay.reconciliation.generator.LabelledGenerator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** What holds for any generated tenant, whatever the seed and size. */
class ScoringMatcherProperties {

    @Property(tries = 25)
    void everyLineEndsInExactlyOneBucketAndEveryItemInAtMostOneMatch(@ForAll @LongRange(min = 1, max = 1_000_000) long seed,
                                                                   @ForAll @IntRange(min = 1, max = 400) int size) {
        LabelledGenerator.Labelled labelled = LabelledGenerator.generate(seed, size, size);
        MatchResult result = new ScoringMatcher().match(labelled.input());

        List<String> placed = new ArrayList<>();
        result.matches().forEach(m -> placed.addAll(m.lineIds()));
        result.ruleHits().forEach(h -> placed.add(h.lineId()));
        result.returns().forEach(r -> placed.add(r.lineId()));
        placed.addAll(result.unmatchedLineIds());
        assertThat(placed).hasSameSizeAs(labelled.input().lines()).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(labelled.input().lines().stream().map(Line::id).toList());

        List<String> items = new ArrayList<>();
        result.matches().forEach(m -> items.addAll(m.itemIds()));
        items.addAll(result.unmatchedItemIds());
        assertThat(items).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(labelled.input().items().stream().map(OpenItem::id).toList());
    }

    @Property(tries = 25)
    void matchesPairDirectionsAndCurrenciesRightAndTheirAmountsAddUpAsTheDifferenceSays(
            @ForAll @LongRange(min = 1, max = 1_000_000) long seed, @ForAll @IntRange(min = 1, max = 400) int size) {
        LabelledGenerator.Labelled labelled = LabelledGenerator.generate(seed, size, size);
        MatchResult result = new ScoringMatcher().match(labelled.input());
        Map<String, Line> lines = new HashMap<>();
        labelled.input().lines().forEach(l -> lines.put(l.id(), l));
        Map<String, OpenItem> items = new HashMap<>();
        labelled.input().items().forEach(i -> items.put(i.id(), i));
        Settings settings = labelled.input().settings();

        for (Match m : result.matches()) {
            assertThat(m.score()).isBetween(0.0, 1.0);
            assertThat(m.reasons()).isNotEmpty();
            Money itemTotal = null;
            Set<String> currencies = new HashSet<>();
            for (String id : m.itemIds()) {
                OpenItem item = items.get(id);
                itemTotal = itemTotal == null ? item.amount() : itemTotal.plus(item.amount());
                currencies.add(item.amount().currencyCode());
            }
            assertThat(currencies).hasSize(1);
            Money lineTotal = Money.zero(itemTotal.currency());
            for (String id : m.lineIds()) {
                BankStatementLine b = lines.get(id).line();
                assertThat(b.isReturn()).isFalse();
                for (String itemId : m.itemIds()) {
                    Direction expected = items.get(itemId).side() == OpenItem.Side.RECEIVABLE ? Direction.CREDIT : Direction.DEBIT;
                    assertThat(b.direction()).isEqualTo(expected);
                }
                lineTotal = lineTotal.plus(b.amount().currency().equals(itemTotal.currency()) ? b.amount() : b.originalAmount());
            }
            assertThat(m.difference().amount()).isEqualTo(lineTotal.minus(itemTotal));
            switch (m.difference().kind()) {
                case NONE -> assertThat(m.difference().amount().isZero()).isTrue();
                case FEE -> assertThat(m.difference().amount().negate())
                        .isLessThanOrEqualTo(settings.feeTolerance().get(itemTotal.currencyCode()));
                case PARTIAL -> assertThat(m.difference().amount().isNegative()).isTrue();
                case FX -> assertThat(m.difference().amount().abs().amount())
                        .isLessThanOrEqualTo(itemTotal.amount().multiply(settings.fxTolerance()));
            }
        }
    }
}
