package io.finrelay.connectors.erp.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A tiny run of the benchmark, so that it never rots; the figures come from the main class. */
class TrytonPostingBenchIT {

    @Test
    void theBenchmarkRunsBothSides() throws Exception {
        TrytonPostingBench.Result r = TrytonPostingBench.run(20, false);
        assertThat(r.peerPerSecond()).isPositive();
        assertThat(r.finrelayPerSecond()).isPositive();
    }
}
