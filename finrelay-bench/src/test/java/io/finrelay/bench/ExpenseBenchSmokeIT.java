package io.finrelay.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Runs the end-to-end expense benchmark with 20 reports (and the engine's for one second) so that it never rots. */
class ExpenseBenchSmokeIT {
    @Test
    void twentyReportsArePaidEndToEndAndCountedAtThePeersNextToTheEngine() throws Exception {
        Bench.Expense result = Bench.expense(Duration.ofSeconds(1), 4, 20);

        ExpenseBench.Result x = result.expense();
        assertThat(x.reports()).isEqualTo(20);
        assertThat(x.reportsPerSecond()).isPositive();
        // Every report went through the whole workflow: at least the eight transitions from Received to Reimbursed.
        assertThat(x.transitions()).isGreaterThanOrEqualTo(20L * 8);
        assertThat(x.peers()).isEqualTo(new BenchChecks.Peers(20, 20, 20, 20, 20));
        assertThat(result.engine().transitionsPerSecond()).isPositive();
        assertThat(Bench.report(result, Duration.ofSeconds(1))).contains("reports/s").contains("| 4 | 20 |");
    }
}
