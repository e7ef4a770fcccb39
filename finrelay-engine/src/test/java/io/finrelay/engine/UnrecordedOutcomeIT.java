package io.finrelay.engine;

import static io.finrelay.engine.fixtures.EngineFixture.ACME;
import static io.finrelay.engine.fixtures.EngineFixture.THREE_TRIES;
import static io.finrelay.engine.fixtures.EngineFixture.approved;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.finrelay.engine.db.Database;
import io.finrelay.engine.fixtures.EngineFixture;
import io.finrelay.engine.fixtures.PaymentFlow;
import io.finrelay.engine.exception.ExceptionRecord;
import io.finrelay.engine.exception.OperatorAction;
import io.finrelay.engine.fixtures.RecordingPeer;
import io.finrelay.engine.outbox.ConnectorRegistry;
import io.finrelay.engine.runtime.WorkflowRegistry;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A command whose peer was called but whose outcome could not be recorded is asked for at the node's next
 * claim, not after its lease, even when that claim fails too. Found by the fault simulator (finrelay-sim,
 * seed 980): a connection cut at a record's commit, then another at the next claim's commit, left the
 * payment SENDING until its lease ran out.
 */
class UnrecordedOutcomeIT {
    private EngineFixture f;
    private final AtomicInteger commitsUntilCut = new AtomicInteger();
    private WorkflowEngine engine;

    @BeforeEach
    void start() {
        f = new EngineFixture("unrecorded");
        engine = WorkflowEngine.builder(new Database(cutting(f.dataSource)), new WorkflowRegistry(List.of(new PaymentFlow())))
                .connectors(new ConnectorRegistry().register(f.erp, THREE_TRIES).register(f.bank, THREE_TRIES))
                .clock(f.clock).random(new Random(42)).config(WorkflowEngine.Config.defaults("cut-node"))
                .build();
    }

    @AfterEach
    void stop() {
        engine.close();
        f.close();
    }

    @Test
    void anUnrecordedCallIsLookedUpAtTheNextClaimEvenWhenTheClaimBeforeItFailed() {
        engine.submit(approved(ACME, "k-0701", "INV-2026-0701", "1820.40", null));

        commitsUntilCut.set(2); // the round's claim commits, the journal is posted, its record's commit is cut
        assertThatThrownBy(engine::dispatchOnce).hasRootCauseMessage("simulated: connection lost at commit");
        assertThat(f.erp.receivedForInvoice("INV-2026-0701")).isEqualTo(1);
        commitsUntilCut.set(1); // the next claim, which marks the unrecorded call UNKNOWN, is cut too
        assertThatThrownBy(engine::dispatchOnce).hasRootCauseMessage("simulated: connection lost at commit");

        for (int round = 0; round < 5 && engine.dispatchOnce() > 0; round++) {
            // the database answers again: the next claims settle the posting and the payment follows
        }

        assertThat(f.erp.lookups()).as("the ERP asked before anything was sent again").isEqualTo(1);
        assertThat(f.erp.receivedForInvoice("INV-2026-0701")).as("posted once").isEqualTo(1);
        assertThat(f.stateOf(ACME, "INV-2026-0701")).isEqualTo("Paid");
    }

    /**
     * Found by the fault simulator (seed 12557 of the long run): a replay is asked about under the id it
     * replaces until it has been sent under its own. Its send reached the ERP, which does not honour keys, and
     * the record of it was cut: the next claim must ask under the replay's own id too, or it posts again.
     */
    @Test
    void aReplayWhoseSendWentUnrecordedIsLookedUpUnderItsOwnIdBeforeAnythingIsSentAgain() {
        f.erp.failNext(RecordingPeer.Fault.PERMANENT);
        engine.submit(approved(ACME, "k-0702", "INV-2026-0702", "960.00", null));
        engine.dispatchOnce();
        ExceptionRecord refused = engine.exceptions().list(ACME, ExceptionRecord.Status.OPEN, null, 10).getFirst();
        assertThat(f.erp.receivedForInvoice("INV-2026-0702")).as("refused before acting").isZero();

        engine.exceptions().act(ACME, refused.id(), OperatorAction.REPLAY, "ops:anna", "period reopened", "corr-op-0702");
        commitsUntilCut.set(2); // the replay's claim commits, the journal is posted under its new id, the record is cut
        assertThatThrownBy(engine::dispatchOnce).hasRootCauseMessage("simulated: connection lost at commit");
        assertThat(f.erp.receivedForInvoice("INV-2026-0702")).isEqualTo(1);

        for (int round = 0; round < 5 && engine.dispatchOnce() > 0; round++) {
            // the next claim marks the unrecorded call UNKNOWN and asks the ERP; the payment follows
        }

        assertThat(f.erp.receivedForInvoice("INV-2026-0702")).as("posted once, found under the replay's own id").isEqualTo(1);
        assertThat(f.stateOf(ACME, "INV-2026-0702")).isEqualTo("Paid");
    }

    /** Fails the commit {@link #commitsUntilCut} counts down to, as a connection lost at that moment would. */
    private DataSource cutting(DataSource real) {
        return new DataSource() {
            @Override
            public Connection getConnection() throws SQLException {
                Connection connection = real.getConnection();
                return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                        (proxy, method, args) -> {
                            if (method.getName().equals("commit") && commitsUntilCut.get() > 0
                                    && commitsUntilCut.decrementAndGet() == 0) {
                                connection.rollback();
                                throw new SQLException("simulated: connection lost at commit", "08006");
                            }
                            try {
                                return method.invoke(connection, args);
                            } catch (InvocationTargetException e) {
                                throw e.getCause();
                            }
                        });
            }

            @Override
            public Connection getConnection(String username, String password) throws SQLException {
                throw new SQLFeatureNotSupportedException();
            }

            @Override
            public PrintWriter getLogWriter() throws SQLException {
                return real.getLogWriter();
            }

            @Override
            public void setLogWriter(PrintWriter out) throws SQLException {
                real.setLogWriter(out);
            }

            @Override
            public void setLoginTimeout(int seconds) throws SQLException {
                real.setLoginTimeout(seconds);
            }

            @Override
            public int getLoginTimeout() throws SQLException {
                return real.getLoginTimeout();
            }

            @Override
            public Logger getParentLogger() throws SQLFeatureNotSupportedException {
                return real.getParentLogger();
            }

            @Override
            public <T> T unwrap(Class<T> type) throws SQLException {
                throw new SQLException("not a wrapper");
            }

            @Override
            public boolean isWrapperFor(Class<?> type) {
                return false;
            }
        };
    }
}
