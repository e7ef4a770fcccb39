package io.finrelay.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.finrelay.server.ServerIT;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The external-database path as an operator takes it: Debian's PostgreSQL (installed by
 * {@code bin/install-postgresql} when missing), a fresh cluster of its own started by
 * {@code bin/postgresql-cluster} on a free port, a login that is not a superuser (it owns the database and
 * has CREATEROLE, as finrelay-server/README.md asks), and the product jar run with {@code java -jar},
 * configured by the environment only ({@code FINRELAY_DB_URL}, {@code FINRELAY_DB_USER},
 * {@code FINRELAY_DB_PASSWORD}). It migrates the empty database and runs expense reports end to end
 * against the sandbox peers.
 */
class ExternalPostgresIT {
    private static final String SUPERUSER_PASSWORD = "pg-" + UUID.randomUUID();
    private static final String FINRELAY_PASSWORD = "finrelay-" + UUID.randomUUID();

    @TempDir
    Path dir;

    @Test
    void theProductJarMigratesAndRunsExpenseReportsOnDebiansPostgresqlThroughTheEnvironment() throws Exception {
        // The cluster runs as the "postgres" user when the test runs as root: it must reach its directory.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path cluster = dir.resolve("cluster");
        int pgPort = ServerProcess.freePort();
        script("postgresql-cluster", "start", cluster.toString(), Integer.toString(pgPort));
        try (PeersProcess peers = PeersProcess.start()) {
            String admin = "jdbc:postgresql://127.0.0.1:" + pgPort + "/postgres";
            try (Connection c = DriverManager.getConnection(admin, "postgres", SUPERUSER_PASSWORD);
                 Statement s = c.createStatement()) {
                assertThat(single(s, "select version()")).as("Debian's PostgreSQL, not the embedded one").contains("Debian");
                // What a DBA gives Finrelay: a login that owns its database and may create Finrelay's two roles.
                s.execute("create role finrelay login createrole password '" + FINRELAY_PASSWORD + "'");
                s.execute("create database finrelay owner finrelay");
            }
            String url = "jdbc:postgresql://127.0.0.1:" + pgPort + "/finrelay";
            Path jar = Path.of(System.getProperty("product.jar", "target/finrelay-server-exec.jar"));
            assertThat(jar).as("the product jar (built in the package phase)").exists();
            try (ServerProcess node = ServerProcess.fromJar(jar, ServerProcess.freePort(),
                    Files.createTempFile("external-postgres-server", ".log"), Map.of(
                    "FINRELAY_DB_URL", url, "FINRELAY_DB_USER", "finrelay", "FINRELAY_DB_PASSWORD", FINRELAY_PASSWORD,
                    "FINRELAY_DATA_DIR", dir.resolve("node").toString(),
                    "FINRELAY_BOOTSTRAP_KEY", ServerIT.BOOTSTRAP_KEY,
                    "FINRELAY_PEERS_ALLOWED_HOSTS", "localhost,127.0.0.1",
                    "FINRELAY_RETRY_BASE_DELAY", "200ms", "FINRELAY_RETRY_MAX_DELAY", "2s")).start()) {
                List<String> log = node.logBetween(0, -1);
                assertThat(log).anyMatch(l -> l.contains("database: external PostgreSQL at " + url));
                assertThat(log).noneMatch(l -> l.contains("embedded PostgreSQL"));
                assertThat(log).noneMatch(l -> l.contains(FINRELAY_PASSWORD));

                ExpenseTenant tenant = ExpenseTenant.setUp(node.base(), peers, "External");
                List<String> ids = tenant.sendReports("EXT", 3);
                tenant.awaitAll(ids, "AwaitingRelease", Duration.ofSeconds(60));
                ids.forEach(tenant::releaseFully);
                tenant.awaitAll(ids, "Reimbursed", Duration.ofSeconds(60));
                tenant.assertEachEffectOnce(ids);
            }
            try (Connection c = DriverManager.getConnection(url, "finrelay", FINRELAY_PASSWORD);
                 Statement s = c.createStatement()) {
                assertThat(Long.parseLong(single(s, "select count(*) from flyway_schema_history where success")))
                        .as("migrations applied by the non-superuser login").isPositive();
                assertThat(single(s, "select string_agg(rolname, ',' order by rolname) from pg_roles "
                        + "where rolname like 'finrelay\\_%'")).isEqualTo("finrelay_app,finrelay_system");
                assertThat(single(s, "select rolsuper::text from pg_roles where rolname = current_user")).isEqualTo("false");
            }
        } finally {
            script("postgresql-cluster", "stop", cluster.toString());
        }
        assertThat(run(List.of(scriptPath("postgresql-cluster").toString(), "status", cluster.toString())))
                .as("the cluster stopped").isNotZero();
    }

    private static String single(Statement s, String sql) throws SQLException {
        try (ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getString(1);
        }
    }

    /** Runs one of this repository's scripts; fails the test with its output unless it exits 0. */
    private static void script(String name, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(scriptPath(name).toString()));
        command.addAll(List.of(args));
        int exit = run(command);
        assertThat(exit).as("%s exited %d", command, exit).isZero();
    }

    private static int run(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("PGPASSWORD", SUPERUSER_PASSWORD);
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("%s finished", command).isTrue();
        if (p.exitValue() != 0 && !command.contains("status")) {
            System.err.println(String.join(" ", command) + ":\n" + out);
        }
        return p.exitValue();
    }

    /** {@code bin/<name>} of this repository, found by walking up from the module. */
    private static Path scriptPath(String name) {
        for (File d = new File("").getAbsoluteFile(); d != null; d = d.getParentFile()) {
            Path candidate = d.toPath().resolve("bin").resolve(name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("bin/" + name + " not found above " + new File("").getAbsolutePath());
    }
}
