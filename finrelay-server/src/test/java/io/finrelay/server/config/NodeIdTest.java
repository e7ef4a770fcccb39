package io.finrelay.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeIdTest {
    @TempDir
    Path dir;

    @Test
    void twoNodesWithTheirOwnDataGetDifferentNamesWithoutConfiguration() {
        String first = NodeId.resolve(null, dir.resolve("node-a"));
        String second = NodeId.resolve("", dir.resolve("node-b"));

        assertThat(first).matches("node-[0-9a-f]{12}");
        assertThat(second).matches("node-[0-9a-f]{12}").isNotEqualTo(first);
    }

    @Test
    void aRestartedNodeKeepsItsNameSoItSettlesWhatItHadClaimed() throws Exception {
        String before = NodeId.resolve(null, dir);
        String after = NodeId.resolve(" ", dir);

        assertThat(after).isEqualTo(before);
        assertThat(Files.readString(dir.resolve(NodeId.FILE)).strip()).isEqualTo(before);
    }

    @Test
    void aConfiguredNameWinsAndNothingIsWritten() {
        assertThat(NodeId.resolve(" finrelay-2 ", dir)).isEqualTo("finrelay-2");
        assertThat(dir.resolve(NodeId.FILE)).doesNotExist();
    }
}
