package io.finrelay.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs the multi-node expense benchmark with 12 reports on one and on two nodes so that it never rots. */
class ExpenseNodesBenchSmokeIT {
    @Test
    void twelveReportsArePaidOnOneAndOnTwoNodesSharingADatabaseAndCountedOnceAtThePeers() throws Exception {
        List<ExpenseBench.Result> results = Bench.expenseNodes(4, 12, List.of(1, 2));

        assertThat(results).extracting(ExpenseBench.Result::nodes).containsExactly(1, 2);
        for (ExpenseBench.Result x : results) {
            assertThat(x.reportsPerSecond()).isPositive();
            assertThat(x.transitions()).isGreaterThanOrEqualTo(12L * 8);
            assertThat(x.peers()).isEqualTo(new BenchChecks.Peers(12, 12, 12, 12, 12));
        }
        assertThat(Bench.reportNodes(results)).contains("| 1 | 4 | 12 |").contains("| 2 | 4 | 12 |");
    }
}
