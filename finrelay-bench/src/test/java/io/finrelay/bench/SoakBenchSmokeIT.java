package io.finrelay.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Runs the soak for twenty seconds after a twelve-report maximum, so that the command never rots. */
class SoakBenchSmokeIT {
    @Test
    void aShortSoakPaysEveryReportOnceAndReportsEachWindow() throws Exception {
        SoakBench.Result result = new SoakBench(Duration.ofSeconds(20), 0.5, 4, 12).run();

        assertThat(result.maxReportsPerSecond()).isPositive();
        assertThat(result.rate()).isEqualTo(result.maxReportsPerSecond() * 0.5);
        assertThat(result.windows()).hasSize(5);
        // What was sent by each window's end grows with the schedule; the last reports may go out just after the last
        // window closed (the sender posts what is due every 100 ms): that every report went out and was paid is
        // counted at the peers below.
        assertThat(result.windows()).extracting(SoakBench.Window::sent).isSorted().allSatisfy(s -> assertThat(s).isPositive());
        assertThat(result.windows()).allSatisfy(w -> assertThat(w.heapAfterGcMiB()).isPositive());
        int n = (int) result.reports();
        assertThat(result.peers()).isEqualTo(new BenchChecks.Peers(n, n, n, n, n));
        assertThat(SoakBench.report(result)).contains("| window |").contains("First third");
    }
}
