package io.finrelay.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No production SQL reads a workflow's stored state by JSON path ({@code state -> 'c' -> 'claim'}): the state's shape is
 * the workflow's own and changes with its version, so what the API, the monitors, the KPIs or another part of the
 * product need is written into a read model by the workflow's transitions ({@code project}). Migrations may read it
 * once, to fill a new read model. A scan of every module's sources, since the SQL is in string constants.
 */
class StateJsonInSqlTest {
    private static final Pattern STATE_PATH = Pattern.compile("\\bstate\\s*(->>?|#>>?)\\s*'");

    @Test
    void noProductionSqlReadsAWorkflowsStoredStateByJsonPath() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> modules = Files.list(Path.of(".."))) {
            for (Path module : modules.filter(m -> Files.isDirectory(m.resolve("src/main/java"))).toList()) {
                try (Stream<Path> sources = Files.walk(module.resolve("src/main/java"))) {
                    sources.filter(p -> p.toString().endsWith(".java")).forEach(p -> lines(p, found));
                }
            }
        }
        assertThat(found).as("SQL reading a workflow's stored state: write a read model from project() instead").isEmpty();
    }

    @Test
    void theScanFindsSuchSql() {
        assertThat(STATE_PATH.matcher("join lateral jsonb_array_elements(i.state -> 'c' -> 'claim' -> 'lines') l").find())
                .isTrue();
        assertThat(STATE_PATH.matcher("p.original_message_id = i.state->>'messageId'").find()).isTrue();
        assertThat(STATE_PATH.matcher("select state_name, state::text from workflow_instance").find()).isFalse();
    }

    private static void lines(Path source, List<String> found) {
        try {
            List<String> lines = Files.readAllLines(source);
            for (int i = 0; i < lines.size(); i++) {
                if (STATE_PATH.matcher(lines.get(i)).find()) {
                    found.add(source + ":" + (i + 1) + ": " + lines.get(i).strip());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
