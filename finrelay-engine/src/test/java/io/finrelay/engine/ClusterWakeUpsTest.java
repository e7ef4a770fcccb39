package io.finrelay.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.finrelay.engine.db.Database;
import io.finrelay.engine.runtime.ClusterWakeUps;
import io.finrelay.engine.runtime.Signal;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * A node's wake-ups stop with the node even while the database is going away: their threads then wait for a
 * connection, and a close that only waited for them held the node's shutdown (and a test JVM's exit) for the
 * pool's connection timeout, twice over.
 */
class ClusterWakeUpsTest {

    /** A pool whose every connection request waits until its thread is interrupted, as one does for a database gone. */
    private static final class GoneDatabase implements DataSource {
        final CountDownLatch waiting = new CountDownLatch(2);
        final CountDownLatch interrupted = new CountDownLatch(2);

        @Override
        public Connection getConnection() throws SQLException {
            waiting.countDown();
            try {
                new CountDownLatch(1).await();
                throw new IllegalStateException("unreachable");
            } catch (InterruptedException e) {
                interrupted.countDown();
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted during connection acquisition");
            }
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {}

        @Override
        public void setLoginTimeout(int seconds) {}

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() {
            return Logger.getGlobal();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> type) {
            return false;
        }
    }

    @Test
    void closeStopsThreadsThatWaitForAConnectionInsteadOfWaitingForThem() throws Exception {
        GoneDatabase gone = new GoneDatabase();
        Signal outbox = new Signal();
        ClusterWakeUps wakeUps = new ClusterWakeUps(new Database(gone), "node-a", Map.of("outbox", outbox),
                Duration.ofMillis(500), Duration.ofMillis(10)).start();
        outbox.raise(); // the notifier goes for a connection too
        assertThat(gone.waiting.await(10, TimeUnit.SECONDS)).as("listener and notifier wait for a connection").isTrue();

        CompletableFuture<Void> closed = CompletableFuture.runAsync(wakeUps::close);

        assertThat(gone.interrupted.await(10, TimeUnit.SECONDS)).as("both were interrupted").isTrue();
        closed.get(10, TimeUnit.SECONDS); // before: two joins of listen poll + 5 s, each waiting out its thread
        assertThat(closed).isDone();
    }
}
