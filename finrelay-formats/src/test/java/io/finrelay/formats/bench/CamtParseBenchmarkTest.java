package io.finrelay.formats.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the benchmark in smoke mode (1 MB, one round) so it keeps compiling and its generated file keeps reading. */
class CamtParseBenchmarkTest {

    @Test
    void smoke(@TempDir Path dir) throws IOException {
        CamtParseBenchmark.Result result = CamtParseBenchmark.run(dir.resolve("camt053.xml"), 1_000_000, 1);
        assertThat(result.entries()).isGreaterThan(500);
        assertThat(result.lines()).isGreaterThan(result.entries());
        assertThat(result.readerMbPerSecond()).isPositive();
        assertThat(result.bareMbPerSecond()).isPositive();
    }
}
