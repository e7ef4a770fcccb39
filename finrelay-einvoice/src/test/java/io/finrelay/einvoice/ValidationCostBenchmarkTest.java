package io.finrelay.einvoice;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The validation cost benchmark, one round in every build so that it does not rot; the figures in
 * BENCHMARKS.md come from {@code -Dvalidation.bench.rounds=10} (the table is printed, see the test's output file).
 */
class ValidationCostBenchmarkTest {

    @Test
    void theBenchmarkTimesEveryOfficialExampleReadWholeAndTheSchematronAlone() {
        ValidationCostBenchmark.Result result = ValidationCostBenchmark.run(Integer.getInteger("validation.bench.rounds", 1));
        System.out.println(result);
        assertThat(result.invoices()).isEqualTo(24);
        assertThat(result.ublReadMillis()).isPositive();
        assertThat(result.ublSchematronMillis()).isPositive();
        assertThat(result.ciiReadMillis()).isPositive();
        assertThat(result.ciiSchematronMillis()).isPositive();
        assertThat(result.toString()).contains("| UBL |").contains("| CII |");
    }
}
