package io.finrelay.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.finrelay.engine.db.Migrations;
import io.finrelay.engine.fixtures.CrashableNode;
import io.finrelay.testkit.TestDatabase;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Kills an engine node with SIGKILL in the middle of its work, twice, restarts it, and proves that
 * every instance reached its end and that every command reached its peer exactly once.
 */
class CrashRecoveryIT {
    private static final int INVOICES = 120;

    @Test
    void afterKillNineAtAnyPointARestartFinishesEveryInstanceWithEachCommandDeliveredOnce() throws Exception {
        DataSource ds = TestDatabase.newDatabase("crash");
        Migrations.migrate(ds);
        String url = TestDatabase.jdbcUrl(name(ds));
        Path log = Files.createTempFile("crashable-node", ".log");

        // First run: killed once a third of the peer calls have happened.
        Process first = start(url, log);
        awaitReceipts(ds, INVOICES * 2 / 3, first);
        first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);

        // Second run: killed again further on, while it re-sends everything and resumes.
        Process second = start(url, log);
        awaitReceipts(ds, INVOICES * 3 / 2, second);
        second.destroyForcibly().waitFor(30, TimeUnit.SECONDS);

        // Third run: left to finish.
        Process third = start(url, log);
        assertThat(third.waitFor(120, TimeUnit.SECONDS)).as("third run finished; log: " + log).isTrue();
        assertThat(third.exitValue()).as("exit status; log: " + log).isZero();

        assertThat(count(ds, "select count(*) from workflow_instance where state_name = 'Paid'")).isEqualTo(INVOICES);
        assertThat(count(ds, "select count(*) from outbox")).isZero();
        assertThat(count(ds, "select count(*) from exception")).isZero();
        // Exactly once per command at the peers, and once per invoice at each peer.
        assertThat(count(ds, "select count(*) from (select command_id from peer_receipt group by command_id having count(*) > 1) d"))
                .isZero();
        assertThat(count(ds, "select count(*) from peer_receipt where peer = 'erp'")).isEqualTo(INVOICES);
        assertThat(count(ds, "select count(*) from peer_receipt where peer = 'bank'")).isEqualTo(INVOICES);
        assertThat(count(ds, "select count(distinct payload::jsonb->>'invoice') from peer_receipt where peer = 'bank'"))
                .isEqualTo(INVOICES);
        assertThat(count(ds, "select count(*) from outbox_done where outcome = 'DONE'")).isEqualTo(2L * INVOICES);
    }

    private static Process start(String url, Path log) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), CrashableNode.class.getName(),
                url, Integer.toString(INVOICES))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
    }

    /** Waits (polling the peer ledger, with a deadline) until the node has made {@code receipts} calls. */
    private static void awaitReceipts(DataSource ds, long receipts, Process node) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline && node.isAlive()) {
            if (tableExists(ds) && count(ds, "select count(*) from peer_receipt") >= receipts) {
                return;
            }
            Thread.sleep(5);
        }
        assertThat(node.isAlive()).as("node still running when the kill was due").isTrue();
        throw new AssertionError("node made fewer than " + receipts + " peer calls in 120 s");
    }

    private static boolean tableExists(DataSource ds) throws SQLException {
        return count(ds, "select count(*) from pg_tables where tablename = 'peer_receipt'") == 1;
    }

    private static long count(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String name(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection()) {
            return c.getCatalog();
        }
    }

    static {
        // The child JVM needs the same classpath as this one; fail loudly if the runner hides it.
        if (!System.getProperty("java.class.path").contains(File.pathSeparator)) {
            throw new IllegalStateException("test classpath not visible: " + System.getProperty("java.class.path"));
        }
    }
}
