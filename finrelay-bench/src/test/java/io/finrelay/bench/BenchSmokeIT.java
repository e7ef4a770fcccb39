package io.finrelay.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs the engine benchmark, and each peer beside it, for one second per measurement so that none rots. */
class BenchSmokeIT {
    @Test
    void theEngineBenchmarkRunsAndReportsTheLimitTheEngineAndEachPeerInTheSameRun() throws Exception {
        Bench.EngineRun run = Bench.engineWithPeers(Duration.ofSeconds(1), List.of(1, 2), List.of("flowable", "dbos"));

        assertThat(run.engine()).hasSize(2);
        assertThat(run.engine()).allSatisfy(r -> {
            assertThat(r.rawCommitsPerSecond()).isPositive();
            assertThat(r.transitionsPerSecond()).isPositive();
            assertThat(r.workflows()).isPositive();
        });
        assertThat(run.peers()).extracting(PeerBench.Result::peer).containsExactly("Flowable 8 durable", "DBOS Transact Java");
        assertThat(run.peers()).allSatisfy(r -> {
            assertThat(r.producers()).as("at the most producers").isEqualTo(2);
            assertThat(r.workflows()).isPositive();
            assertThat(r.rawCommitsPerSecond()).isEqualTo(run.engine().get(1).rawCommitsPerSecond());
            assertThat(r.commitsPerWorkflow()).as("durable: every workflow commits").isGreaterThanOrEqualTo(1);
        });
        assertThat(Bench.report(run, Duration.ofSeconds(1))).contains("| 2 |").contains("raw insert+commit/s")
                .contains("| Flowable 8 durable |").contains("| DBOS Transact Java |");
    }

    @Test
    void theMetricsOverheadRunsTheEngineWithMetricsAndTracingOffAndOnInTheSameRun() throws Exception {
        Bench.MetricsOverhead run = Bench.metricsOverhead(Duration.ofSeconds(1), 2, 1);

        assertThat(run.off()).singleElement().satisfies(r -> assertThat(r.transitionsPerSecond()).isPositive());
        assertThat(run.on()).singleElement().satisfies(r -> assertThat(r.transitionsPerSecond()).isPositive());
        assertThat(run.ratio()).isPositive();
        assertThat(Bench.report(run)).contains("metrics and tracing on transitions/s").contains("| 2 | 1 |");
    }

    @Test
    void theStateReadBenchmarkReadsAStoredStateBeforeAndSinceVersioningInTheSameRun() {
        StateReadBench.Result run = StateReadBench.run(2_000, 1);
        assertThat(run.codecMicros()).isPositive();
        assertThat(run.currentMicros()).isPositive();
        assertThat(run.upcastMicros()).isPositive();
        assertThat(StateReadBench.report(run)).contains("| 2000 | 1 |").contains("readState, current version");
    }

    @Test
    void thePain001BenchmarkWritesARunAndValidatesItInTheSameRun() throws Exception {
        Pain001Bench.Result run = Pain001Bench.run(50, 1);
        assertThat(run.payments()).isEqualTo(50);
        assertThat(run.paymentsPerSecond()).isPositive();
        assertThat(run.ratio()).isPositive();
        assertThat(Pain001Bench.report(run)).contains("| 50 |");
    }

    @Test
    void theForecastBenchmarkAddsUpEveryFlowAndReadsTheSameRowsInTheSameRun() throws Exception {
        ForecastBench.Result run = ForecastBench.run(2_000, 200, 1);
        assertThat(run.series()).isEqualTo(15);
        assertThat(run.computeMillis()).isPositive();
        assertThat(run.ratio()).isPositive();
        assertThat(ForecastBench.report(run)).contains("| 2000 | 200 | 15 x 91 |");
    }

    @Test
    void theConsoleBenchmarkReadsEveryPageAsASignedInPersonNextToTheApiFloorOfTheSameRun() throws Exception {
        ConsoleBench.Result run = ConsoleBench.run(2_000, 10);
        assertThat(run.pages()).hasSize(11);
        assertThat(run.floor().p95()).isPositive();
        assertThat(ConsoleBench.report(run)).contains("2,000 workflow instances").contains("| search by correlation id | 10 |")
                .as("the partner's four other tenants beside the benchmark's").contains("| partner overview, 5 tenants | 10 |");
    }

    @Test
    void theInvoiceBenchmarkPaysEveryInvoiceAndReportsTheEngineOfTheSameRun() throws Exception {
        Bench.Invoices run = Bench.invoices(Duration.ofSeconds(1), 2, 12);
        assertThat(run.invoices().postedAtErp()).isEqualTo(12);
        assertThat(run.invoices().invoicesPerSecond()).isPositive();
        assertThat(run.ratio()).isPositive();
        assertThat(Bench.report(run, Duration.ofSeconds(1))).contains("| 2 | 12 |");
    }
}
