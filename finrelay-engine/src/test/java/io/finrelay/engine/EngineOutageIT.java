package io.finrelay.engine;

import static io.finrelay.engine.fixtures.EngineFixture.ACME;
import static io.finrelay.engine.fixtures.EngineFixture.THREE_TRIES;
import static io.finrelay.engine.fixtures.EngineFixture.approved;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.finrelay.engine.db.Database;
import io.finrelay.engine.db.DatabaseOutage;
import io.finrelay.engine.db.Migrations;
import io.finrelay.engine.fixtures.PaymentFlow;
import io.finrelay.engine.fixtures.RecordingPeer;
import io.finrelay.engine.outbox.ConnectorRegistry;
import io.finrelay.engine.runtime.WorkflowRegistry;
import io.finrelay.testkit.StepClock;
import io.finrelay.testkit.TestDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.LoggerFactory;

/**
 * The engine's background workers across a PostgreSQL stop and start, on a PostgreSQL of this test's own
 * (the peers keep their ledger elsewhere, so they answer throughout): while it is down a submitted event
 * fails at once as an outage, and each worker says once that it waits; when it is back, without a new
 * engine, a timer that fell due during the outage fires, its payment is delivered once, and the event
 * sent again is applied.
 */
class EngineOutageIT {
    private static final List<String> WORKERS = List.of("finrelay-dispatcher-0", "finrelay-dispatcher-1",
            "timer poller", "audit sealer");

    @TempDir
    Path dir;

    @Test
    void aTimerDueDuringAnOutageFiresAndItsPaymentIsDeliveredOnceWhenTheDatabaseIsBack() throws Exception {
        int port = freePort();
        EmbeddedPostgres[] postgres = {start(port)};
        ListAppender<ILoggingEvent> told = new ListAppender<>();
        Logger engineLog = (Logger) LoggerFactory.getLogger(WorkflowEngine.class);
        told.start();
        engineLog.addAppender(told);
        StepClock clock = StepClock.at("2026-11-02T09:00:00Z");
        PGSimpleDataSource data = new PGSimpleDataSource();
        data.setUrl("jdbc:postgresql://localhost:" + port + "/postgres?user=postgres&reWriteBatchedInserts=true");
        Migrations.migrate(data);
        javax.sql.DataSource ledger = TestDatabase.newDatabase("outage_peer_ledger");
        RecordingPeer erp = new RecordingPeer("erp", ledger);
        RecordingPeer bank = new RecordingPeer("bank", ledger);
        WorkflowEngine engine = WorkflowEngine.builder(new Database(data), new WorkflowRegistry(List.of(new PaymentFlow())))
                .connectors(new ConnectorRegistry().register(erp, THREE_TRIES).register(bank, THREE_TRIES))
                .clock(clock).random(new Random(42))
                .config(WorkflowEngine.Config.defaults("outage-node").withIdlePoll(Duration.ofMillis(100)))
                .build().start();
        try {
            Instant due = clock.instant().plus(Duration.ofDays(3));
            engine.submit(approved(ACME, "k-0601", "INV-2026-0601", "4312.50", due));
            assertThat(state(engine, "INV-2026-0601")).isEqualTo("Scheduled");

            postgres[0].close();
            postgres[0] = null;
            clock.set(due);
            Instant later = due.plus(Duration.ofDays(14));
            assertThatThrownBy(() -> engine.submit(approved(ACME, "k-0602", "INV-2026-0602", "980.00", later)))
                    .as("an event while the database is down").matches(DatabaseOutage::isOutage);
            Awaitility.await("each worker tells the outage").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                    .until(() -> WORKERS.stream().allMatch(w -> told(told, w + ": the database is unavailable") == 1));

            postgres[0] = start(port);
            engine.submit(approved(ACME, "k-0602", "INV-2026-0602", "980.00", later));
            Awaitility.await("the payment due during the outage made").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(50)).until(() -> "Paid".equals(state(engine, "INV-2026-0601")));
            assertThat(erp.receivedForInvoice("INV-2026-0601")).as("delivered once").isEqualTo(1);
            assertThat(state(engine, "INV-2026-0602")).as("the event sent again, applied").isEqualTo("Scheduled");
            Awaitility.await("each worker tells that it resumed").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> WORKERS.stream().allMatch(w -> told(told, w + ": the database is back") == 1));
            assertThat(WORKERS).allSatisfy(w -> assertThat(told(told, w + ": the database is unavailable"))
                    .as("%s told the outage once", w).isEqualTo(1));
            assertThat(told.list).as("no errors, no stack traces").noneMatch(e -> e.getLevel() == Level.ERROR
                    || e.getThrowableProxy() != null);
        } finally {
            engine.close();
            engineLog.detachAppender(told);
            if (postgres[0] != null) {
                postgres[0].close();
            }
        }
    }

    private static String state(WorkflowEngine engine, String invoice) {
        return engine.instances().findByBusinessKey(ACME, PaymentFlow.TYPE, invoice).map(v -> v.state()).orElse(null);
    }

    private static long told(ListAppender<ILoggingEvent> told, String text) {
        return List.copyOf(told.list).stream().filter(e -> e.getFormattedMessage().contains(text)).count();
    }

    /** PostgreSQL on {@code port} with its data in this test's directory, kept across a stop. */
    private EmbeddedPostgres start(int port) throws IOException {
        return EmbeddedPostgres.builder().setPort(port).setDataDirectory(dir.resolve("pg")).setCleanDataDirectory(false)
                .setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on").start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
