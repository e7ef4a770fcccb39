package io.finrelay.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs the engine benchmark for one second per measurement so that it never rots. */
class BenchSmokeIT {
    @Test
    void theEngineBenchmarkRunsAndReportsBothTheLimitAndTheEngine() throws Exception {
        List<EngineBench.Result> results = Bench.run(Duration.ofSeconds(1), List.of(1, 2));

        assertThat(results).hasSize(2);
        assertThat(results).allSatisfy(r -> {
            assertThat(r.rawCommitsPerSecond()).isPositive();
            assertThat(r.transitionsPerSecond()).isPositive();
            assertThat(r.workflows()).isPositive();
        });
        assertThat(Bench.report(results, Duration.ofSeconds(1))).contains("| 2 |").contains("raw insert+commit/s");
    }
}
