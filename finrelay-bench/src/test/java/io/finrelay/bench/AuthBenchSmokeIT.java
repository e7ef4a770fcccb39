package io.finrelay.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Runs the authentication benchmark for one second per measurement so that it never rots. */
class AuthBenchSmokeIT {
    @Test
    void theReadIsMeasuredWithSecurityOnOffAndRateLimitedInOneRun() throws Exception {
        AuthBench.Result result = Bench.auth(2, Duration.ofSeconds(1), 1);

        assertThat(result.measurements()).containsOnlyKeys(AuthBench.Mode.values());
        assertThat(result.measurements().values().stream().flatMap(java.util.List::stream)).hasSize(3).allSatisfy(m -> {
            assertThat(m.requests()).isPositive();
            assertThat(m.seconds()).isGreaterThanOrEqualTo(1.0);
        });
        assertThat(result.securityRatio()).isPositive();
        assertThat(Bench.report(result)).contains("security off reads/s").contains("| 2 | 1 |");
    }
}
