package io.finrelay.reconciliation.generator;

import static org.assertj.core.api.Assertions.assertThat;

import io.finrelay.reconciliation.MatchResult;
import io.finrelay.reconciliation.ScoringMatcher;
import org.junit.jupiter.api.Test;

/**
 * The matcher against the labelled generator's truth on a realistic AR/AP mix: the quality report the
 * issue asks for, with its goals asserted on a fixed seed. {@code -Dquality.lines=100000} runs it larger.
 */
class MatcherQualityTest {

    @Test
    void onARealisticMixAutoMatchesAreRightAtLeast999In1000AndFindAtLeast95PercentOfPayments() {
        int size = Integer.getInteger("quality.lines", 20_000);
        LabelledGenerator.Labelled labelled = LabelledGenerator.generate(20261127L, size, size);

        long start = System.nanoTime();
        MatchResult result = new ScoringMatcher().match(labelled.input());
        System.out.printf("matched in %d ms%n", (System.nanoTime() - start) / 1_000_000);
        QualityReport report = QualityReport.of(labelled, result);

        System.out.println("Quality on " + labelled.input().lines().size() + " lines x " + labelled.input().items().size()
                + " items (seed 20261127):\n" + report.markdown());
        report.wrongAuto().forEach(w -> System.out.println("wrong AUTO: " + w));
        assertThat(report.autoPrecision()).isGreaterThanOrEqualTo(0.999);
        assertThat(report.autoRecall()).isGreaterThanOrEqualTo(0.95);
        assertThat(report.strangersMatched()).isZero();
        assertThat(report.ruleHitsRight()).isEqualTo(report.noise());
        assertThat(report.returnsRight()).isEqualTo(report.returns());
    }
}
