package io.finrelay.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs the multi-node expense benchmark with 12 reports on two nodes sharing one database so that it never
 * rots (one node is the path ExpenseBenchSmokeIT runs).
 */
class ExpenseNodesBenchSmokeIT {
    @Test
    void twelveReportsArePaidOnTwoNodesSharingADatabaseAndCountedOnceAtThePeers() throws Exception {
        List<ExpenseBench.Result> results = Bench.expenseNodes(4, 12, List.of(2));

        ExpenseBench.Result x = results.getFirst();
        assertThat(x.nodes()).isEqualTo(2);
        assertThat(x.reportsPerSecond()).isPositive();
        // Every report went through the whole workflow: at least the eight transitions from Received to Reimbursed.
        assertThat(x.transitions()).isGreaterThanOrEqualTo(12L * 8);
        assertThat(x.peers()).isEqualTo(new BenchChecks.Peers(12, 12, 12, 12, 12));
        assertThat(Bench.reportNodes(results)).contains("| 2 | 4 | 12 |").contains("| n/a |");
    }
}
