package io.finrelay.einvoice;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The validation cost benchmark, one round, so that it does not rot; the figures are in BENCHMARKS.md. */
class ValidationCostBenchmarkTest {

    @Test
    void theBenchmarkTimesEveryOfficialExampleReadWholeAndTheSchematronAlone() {
        ValidationCostBenchmark.Result result = ValidationCostBenchmark.run(1);
        assertThat(result.invoices()).isEqualTo(24);
        assertThat(result.ublReadMillis()).isPositive();
        assertThat(result.ublSchematronMillis()).isPositive();
        assertThat(result.ciiReadMillis()).isPositive();
        assertThat(result.ciiSchematronMillis()).isPositive();
        assertThat(result.toString()).contains("| UBL |").contains("| CII |");
    }
}
