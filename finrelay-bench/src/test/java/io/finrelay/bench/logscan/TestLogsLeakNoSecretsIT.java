package io.finrelay.bench.logscan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs last in the build (finrelay-bench is the last module of the reactor) and reads the test
 * output of every module's run: no line may carry a full IBAN, an API key secret, a JWT or a test
 * keyring secret. Surefire and failsafe write each test class's output to a file
 * ({@code redirectTestOutputToFile} in the parent pom); the pom tells this test where the tree and
 * the build directory are.
 */
class TestLogsLeakNoSecretsIT {
    /** The secret keys of ServerIT.TEST_KEYRING (finrelay-server's tests), which nothing may log. */
    private static final List<String> TEST_KEYRING_SECRETS = List.of("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
            "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=");

    @Test
    void noTestLogOfAnyModuleCarriesAFullIbanAnApiKeyAJwtOrAKeyringSecret() {
        Path root = Path.of(System.getProperty("finrelay.root", ".."));
        String buildDir = System.getProperty("finrelay.build.dir", "target");
        List<Path> logs = LeakScanner.testLogs(root, buildDir);
        LeakScanner.Result result = new LeakScanner(TEST_KEYRING_SECRETS).scan(logs);
        assertThat(result.lines()).as("lines read from %s test logs under %s/*/%s", result.files(), root, buildDir)
                .isPositive();
        assertThat(result.hits()).as("leaks in %s lines of %s files", result.lines(), result.files())
                .extracting(LeakScanner.Hit::toString).isEmpty();
    }
}
