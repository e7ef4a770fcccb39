package io.finrelay.server.storage;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default: a real PostgreSQL started from Maven-delivered binaries (zonky), with its
 * data kept under a directory of ours across restarts.
 *
 * <p>zonky is built for tests: it turns {@code synchronous_commit} off and passes {@code -F} (fsync
 * off) on the command line. A finance system must not lose a committed transaction on a power cut,
 * so durability is switched back on explicitly here; later {@code -c} options win over {@code -F}.
 * zonky runs {@code initdb} only when the directory has no {@code postgresql.conf}, so an existing
 * directory is reused as it is. It runs as root (its binaries allow it) and stops the server when
 * the JVM exits; a server left behind by a JVM that was killed is stopped before the next start.
 */
public final class EmbeddedDatabase implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

    private final EmbeddedPostgres postgres;
    private final Path dataDir;

    private EmbeddedDatabase(EmbeddedPostgres postgres, Path dataDir) {
        this.postgres = postgres;
        this.dataDir = dataDir;
    }

    /** Starts PostgreSQL on {@code dataDir} (created and initialised if new) on {@code port} (0: any free). */
    public static EmbeddedDatabase start(Path dataDir, int port) {
        Path dir = dataDir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
            stopOrphan(dir);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dir)
                    .setCleanDataDirectory(false)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setServerConfig("listen_addresses", "localhost")
                    .setServerConfig("max_connections", "200");
            if (port > 0) {
                builder.setPort(port);
            }
            EmbeddedPostgres postgres = builder.start();
            log.info("embedded PostgreSQL: data in {}, listening on localhost:{} (psql -h localhost -p {} -U postgres)",
                    dir, postgres.getPort(), postgres.getPort());
            return new EmbeddedDatabase(postgres, dir);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL in " + dir, e);
        }
    }

    /**
     * A JVM killed with -9 leaves its PostgreSQL running (zonky stops it from a shutdown hook that
     * never ran). Stop it, as pg_ctl would: SIGTERM is a smart shutdown, and its clients are gone.
     */
    private static void stopOrphan(Path dir) {
        Path pidFile = dir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        try {
            List<String> lines = Files.readAllLines(pidFile);
            Optional<ProcessHandle> orphan = lines.isEmpty() ? Optional.empty()
                    : ProcessHandle.of(Long.parseLong(lines.getFirst().trim()));
            Optional<ProcessHandle> postmaster = orphan.filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false));
            if (postmaster.isPresent()) {
                log.warn("a PostgreSQL left behind by an earlier run (pid {}) still uses {}; stopping it",
                        postmaster.get().pid(), dir);
                postmaster.get().destroy();
                postmaster.get().onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (IOException | NumberFormatException | java.util.concurrent.ExecutionException
                 | java.util.concurrent.TimeoutException e) {
            log.warn("could not check for a PostgreSQL left behind in {}: {}", dir, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public int port() {
        return postgres.getPort();
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The JDBC URL of the {@code postgres} database, with the settings Finrelay needs. */
    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port() + "/postgres?reWriteBatchedInserts=true";
    }

    public String user() {
        return "postgres";
    }

    @Override
    public void close() {
        try {
            postgres.close();
            log.info("embedded PostgreSQL stopped; data kept in {}", dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
