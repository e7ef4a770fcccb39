package io.finrelay.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Runs the reconciliation path benchmark on a tiny statement so that it never rots. */
class ReconcilePathBenchSmokeIT {
    @Test
    void aGeneratedCamtStatementIsUploadedImportedAndMatchedAndTheRateReportedNextToTheParseRate() throws Exception {
        ReconcilePathBench.Result result = ReconcilePathBench.run(500);

        assertThat(result.lines()).isGreaterThanOrEqualTo(500);
        assertThat(result.runState()).isEqualTo("DONE");
        // autoClear is off: every match waits for a person, none is lost on the way
        assertThat(result.suggested()).isGreaterThan(result.lines() / 2);
        assertThat(result.ruleHits()).isPositive();
        assertThat(result.returns()).isPositive();
        assertThat(ReconcilePathBench.report(result)).contains("lines/s").contains("ratio path/parse");
    }
}
