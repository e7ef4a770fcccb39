package io.finrelay.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * One test-naming style across the repository: a test is named after the behaviour it proves, in
 * camelCase like every other method ({@code aReturnReopensTheItem...}), never in snake_case. The
 * check reads the test sources of every module, so a test written in another style fails here,
 * whichever module it lives in.
 */
class TestNamingTest {
    private static final Pattern SNAKE_CASE_TEST =
            Pattern.compile("@(?:Test|Property|ParameterizedTest|RepeatedTest)\\b[^;{]*?\\bvoid\\s+(\\w*_\\w*)\\s*\\(");

    @Test
    void everyTestInEveryModuleIsNamedInCamelCase() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        List<String> offenders = new ArrayList<>();
        try (Stream<Path> modules = Files.list(root)) {
            modules.map(module -> module.resolve("src/test/java")).filter(Files::isDirectory)
                    .forEach(tests -> offenders.addAll(snakeCaseTests(root, tests)));
        }
        assertThat(root.resolve("finrelay-server/src/test/java")).isDirectory();
        assertThat(offenders).as("test methods named in snake_case").isEmpty();
    }

    private static List<String> snakeCaseTests(Path root, Path tests) {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(tests)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher m = SNAKE_CASE_TEST.matcher(Files.readString(file));
                while (m.find()) {
                    found.add(root.relativize(file) + ": " + m.group(1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }
}
