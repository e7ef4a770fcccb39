package io.finrelay.bench.logscan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeakScannerTest {
    private static final String KEYRING_SECRET = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    private final LeakScanner scanner = new LeakScanner(List.of(KEYRING_SECRET));

    @Test
    void eachKindOfLeakIsReportedWithItsFileAndLine(@TempDir Path dir) throws IOException {
        Path log = Files.writeString(dir.resolve("ExpenseFlowIT-output.txt"), String.join("\n",
                "09:15:01.001 INFO  engine started",
                "09:15:01.002 INFO  paying GB82 WEST 1234 5698 7654 32 for ER-2026-0001",
                "09:15:01.003 WARN  Authorization: Bearer frk_b00757a9_0123456789abcdef0123456789abcdef",
                "09:15:01.004 DEBUG token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0LmJlcmdlciJ9.c2lnbmF0dXJlLXBhcnQ",
                "09:15:01.005 INFO  keyring k1=" + KEYRING_SECRET,
                "09:15:01.006 INFO  paying GB82 **** **** **** **54 32, key frk_b00757a9_***"));
        LeakScanner.Result result = scanner.scan(List.of(log));
        assertThat(result.lines()).isEqualTo(6);
        assertThat(result.hits()).extracting(LeakScanner.Hit::line, LeakScanner.Hit::kind).containsExactly(
                org.assertj.core.groups.Tuple.tuple(2, "full IBAN"), org.assertj.core.groups.Tuple.tuple(3, "API key secret"),
                org.assertj.core.groups.Tuple.tuple(4, "JWT"), org.assertj.core.groups.Tuple.tuple(5, "keyring secret"));
        assertThat(result.hits().getFirst().toString()).isEqualTo(log + ":2 full IBAN");
    }

    @Test
    void onlyTestOutputFilesOfTheNamedBuildDirectoryAreCollected(@TempDir Path root) throws IOException {
        Path reports = Files.createDirectories(root.resolve("finrelay-server/target-x/failsafe-reports"));
        Files.writeString(reports.resolve("io.finrelay.server.ApiBasicsIT-output.txt"), "line\n");
        Files.writeString(reports.resolve("io.finrelay.server.ApiBasicsIT.txt"), "summary\n");
        Files.createDirectories(root.resolve("finrelay-server/target/failsafe-reports"));
        Files.writeString(root.resolve("finrelay-server/target/failsafe-reports/Other-output.txt"), "line\n");
        assertThat(LeakScanner.testLogs(root, "target-x")).containsExactly(reports.resolve("io.finrelay.server.ApiBasicsIT-output.txt"));
    }
}
