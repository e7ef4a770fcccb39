package io.finrelay.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The product as shipped: the server's runnable jar (built in the package phase, before the ITs)
 * holds the server and what it needs, and neither the demo nor the simulated peers, as classes or
 * as nested library jars. The sandbox is a test dependency of the server only.
 */
class ProductJarIT {

    @Test
    void theServerJarShipsWithoutTheSandboxAndTheDemo() throws IOException {
        Path jar = Path.of(System.getProperty("product.jar", "target/finrelay-server-exec.jar"));
        assertThat(jar).as("the packaged server jar").exists();
        List<String> entries;
        try (JarFile file = new JarFile(jar.toFile())) {
            entries = file.stream().map(JarEntry::getName).toList();
        }
        assertThat(entries).as("the server's own classes are in it")
                .contains("BOOT-INF/classes/io/finrelay/server/FinrelayServer.class");
        assertThat(entries).as("the engine it runs on is in it").anyMatch(e -> e.matches("BOOT-INF/lib/finrelay-engine-.*\\.jar"));
        assertThat(entries).as("no sandbox or demo class or library")
                .noneMatch(e -> e.contains("io/finrelay/sandbox/") || e.contains("io/finrelay/demo/")
                        || e.matches("BOOT-INF/lib/finrelay-(sandbox|demo)-.*\\.jar"));
        assertThat(Files.size(jar)).isPositive();
    }
}
