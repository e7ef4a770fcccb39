package io.finrelay.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.zaxxer.hikari.pool.HikariPool;
import io.finrelay.engine.db.DatabaseException;
import io.finrelay.engine.db.DatabaseOutage;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FailurePauseTest {
    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    /** What HikariCP throws when no connection comes within its timeout because PostgreSQL refuses them. */
    private static final DatabaseException REFUSED = new DatabaseException(new SQLTransientConnectionException(
            "finrelay - Connection is not available, request timed out after 5000ms", "08001",
            new SQLException("Connection to localhost:5432 refused", "08001")));

    private final ListAppender<ILoggingEvent> told = new ListAppender<>();
    private Logger log;

    @BeforeEach
    void listen() {
        log = new LoggerContext().getLogger("engine-worker");
        log.setLevel(Level.DEBUG);
        told.start();
        log.addAppender(told);
    }

    @Test
    void anOutageIsToldOnceAndItsEndOnceWhileThePausesDoubleUpToTheMax() {
        FailurePause pause = new FailurePause("finrelay-dispatcher-0", Duration.ofMillis(500), Duration.ofSeconds(5), log);
        List<Duration> waits = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            waits.add(pause.failed(REFUSED, T0.plusSeconds(i * 3L)));
        }
        assertThat(waits).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofSeconds(4), Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5));
        assertThat(pause.inOutage()).isTrue();
        assertThat(told.list).singleElement().satisfies(e -> {
            assertThat(e.getLevel()).isEqualTo(Level.WARN);
            assertThat(e.getFormattedMessage()).startsWith("finrelay-dispatcher-0: the database is unavailable")
                    .contains("refused");
            assertThat(e.getThrowableProxy()).as("an operating condition: no stack trace").isNull();
        });

        pause.worked(T0.plusSeconds(25));
        assertThat(pause.inOutage()).isFalse();
        assertThat(told.list).hasSize(2);
        assertThat(told.list.get(1).getLevel()).isEqualTo(Level.INFO);
        assertThat(told.list.get(1).getFormattedMessage()).isEqualTo("finrelay-dispatcher-0: the database is back after 25 s; resumed");

        pause.worked(T0.plusSeconds(26));
        assertThat(told.list).as("a round that works says nothing more").hasSize(2);
        assertThat(pause.failed(REFUSED, T0.plusSeconds(30))).as("after a round that worked, the shortest wait again")
                .isEqualTo(Duration.ofMillis(500));
        assertThat(told.list).as("a new outage is told again").hasSize(3);
    }

    @Test
    void anyOtherFailureIsLoggedEachTimeWithItsStackTraceAndAlsoBacksOff() {
        FailurePause pause = new FailurePause("timer poller", Duration.ofMillis(500), Duration.ofSeconds(5), log);
        IllegalStateException bug = new IllegalStateException("timer for an unknown workflow type 'payroll'");
        assertThat(pause.failed(bug, T0)).isEqualTo(Duration.ofMillis(500));
        assertThat(pause.failed(bug, T0.plusSeconds(1))).isEqualTo(Duration.ofSeconds(1));
        assertThat(told.list).hasSize(2).allSatisfy(e -> {
            assertThat(e.getLevel()).isEqualTo(Level.ERROR);
            assertThat(e.getThrowableProxy().getMessage()).contains("payroll");
        });
        assertThat(pause.inOutage()).isFalse();
    }

    @Test
    void aFailureIsAnOutageOnlyWhenTheDatabaseCannotBeReached() {
        assertThat(DatabaseOutage.isOutage(REFUSED)).isTrue();
        assertThat(DatabaseOutage.isOutage(new RuntimeException("batch failed", REFUSED))).as("wrapped").isTrue();
        assertThat(DatabaseOutage.isOutage(new HikariPool.PoolInitializationException(
                new SQLException("Connection to localhost:5432 refused", "08001")))).isTrue();
        assertThat(DatabaseOutage.isOutage(new DatabaseException(new SQLException(
                "terminating connection due to administrator command", "57P01")))).as("a server shutting down").isTrue();
        assertThat(DatabaseOutage.isOutage(new DatabaseException(new SQLException(
                "the database system is starting up", "57P03")))).as("a server not yet accepting").isTrue();
        assertThat(DatabaseOutage.isOutage(new DatabaseException(new SQLException(
                "An I/O error occurred while sending to the backend.", "08006")))).as("a connection lost mid-query").isTrue();
        assertThat(DatabaseOutage.isOutage(new DatabaseException(new SQLException(
                "duplicate key value violates unique constraint \"inbox_pkey\"", "23505")))).isFalse();
        assertThat(DatabaseOutage.isOutage(new DatabaseException(new SQLException(
                "new row violates row-level security policy", "42501")))).isFalse();
        assertThat(DatabaseOutage.isOutage(new IllegalStateException("no connector named 'erp'"))).isFalse();
        assertThat(DatabaseOutage.isOutage(null)).isFalse();
    }
}
