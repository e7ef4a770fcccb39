package io.finrelay.server.storage;

import io.finrelay.server.FinrelayServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * A Finrelay server as a process of its own, as an operator runs it: the product jar or the server's
 * main class, its settings as arguments or environment variables, its log in a file the test reads.
 * {@link #start} waits until {@code /health} says ready.
 */
final class ServerProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final List<String> command;
    private final Map<String, String> environment;
    private final int port;
    private final Path log;
    private Process process;

    private ServerProcess(List<String> command, Map<String, String> environment, int port, Path log) {
        this.command = command;
        this.environment = environment;
        this.port = port;
        this.log = log;
    }

    /** The server's main class on this test's class path, with {@code args} as its command line. */
    static ServerProcess fromClassPath(int port, Path log, Map<String, String> environment, String... args) {
        List<String> command = new ArrayList<>(List.of(java(), "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), FinrelayServer.class.getName(), "--server.port=" + port));
        command.addAll(List.of(args));
        return new ServerProcess(command, environment, port, log);
    }

    /** {@code java -jar} on the product jar, configured by {@code environment} only (as in a container). */
    static ServerProcess fromJar(Path jar, int port, Path log, Map<String, String> environment) {
        List<String> command = List.of(java(), "-XX:TieredStopAtLevel=1", "-jar", jar.toString());
        Map<String, String> env = new java.util.LinkedHashMap<>(environment);
        env.put("FINRELAY_PORT", Integer.toString(port));
        return new ServerProcess(command, env, port, log);
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Starts the process and waits (up to 90 s on a loaded machine) until it is ready. */
    ServerProcess start() {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Awaitility.await("the server ready on port " + port + "; log: " + log).atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(100)).until(() -> {
                    if (!process.isAlive()) {
                        throw new AssertionError("the server ended with " + process.exitValue() + " before it was ready; "
                                + "log: " + log + "\n" + tail());
                    }
                    return health() == 200;
                });
        return this;
    }

    String base() {
        return "http://localhost:" + port;
    }

    Path log() {
        return log;
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    /** The status of {@code GET /health}, or -1 when nothing answers. */
    int health() {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(base() + "/health")).timeout(Duration.ofSeconds(10)).build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** How long the log is now, to read what comes after with {@link #logSince}. */
    long logSize() {
        try {
            return Files.size(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The log's lines written after {@code offset} (a {@link #logSize} taken earlier), up to {@code end} (-1: now). */
    List<String> logBetween(long offset, long end) {
        try {
            byte[] all = Files.readAllBytes(log);
            int to = end < 0 ? all.length : (int) Math.min(end, all.length);
            return new String(all, (int) offset, to - (int) offset, StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String tail() {
        List<String> lines = logBetween(0, -1);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    /** A graceful stop (SIGTERM), forced after 30 s. */
    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
