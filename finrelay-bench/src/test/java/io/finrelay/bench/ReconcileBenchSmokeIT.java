package io.finrelay.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Runs the reconciliation benchmark on a tiny tenant so that it never rots. */
class ReconcileBenchSmokeIT {
    @Test
    void theMatcherIsTimedOnGeneratedLinesAndItsQualityReported() {
        ReconcileBench.Result result = ReconcileBench.run(2_000, true);

        assertThat(result.lines()).isGreaterThanOrEqualTo(2_000);
        assertThat(result.items()).isGreaterThanOrEqualTo(2_000);
        assertThat(result.seconds()).isPositive();
        assertThat(result.auto()).isPositive();
        assertThat(result.allocatedBytes()).isPositive();
        assertThat(result.quality().autoPrecision()).isGreaterThanOrEqualTo(0.99);
        assertThat(ReconcileBench.report(result)).contains("lines/s").contains("allocated while matching").contains("AUTO precision");
    }
}
