package io.finrelay.sim;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.postgresql.PGConnection;

/**
 * One node's way to the database: the shared pool, through a hook that lets the simulation crash the
 * node at a commit (before it, or after it before anyone hears of it), cut its connection for real
 * (the server ends the backend, as a PostgreSQL restart or a network cut would) and refuse connections
 * while the database is "down". A dead node reaches the database no more; its connections still go
 * back to the pool, which stands for the server side.
 */
final class NodeConnections implements DataSource {
    /** What the armed commit does. */
    enum CommitFault {
        /** The node dies before the commit reaches the database: the transaction is rolled back. */
        CRASH_BEFORE_COMMIT,
        /** The commit is durable, then the node dies before it can act on it. */
        CRASH_AFTER_COMMIT,
        /** The server ends the connection's backend just before the commit: the commit fails, the node lives on. */
        CUT_CONNECTION
    }

    private final DataSource pool;
    private final BooleanSupplier databaseDown;
    private final IntConsumer terminateBackend;
    private volatile boolean dead;
    private int commitsToGo;
    private CommitFault armed;
    private CommitFault fired;
    private int firedAt;
    private int commitsArmedAt;

    /** @param terminateBackend ends a backend by its process id (from another connection), and waits for it */
    NodeConnections(DataSource pool, BooleanSupplier databaseDown, IntConsumer terminateBackend) {
        this.pool = pool;
        this.databaseDown = databaseDown;
        this.terminateBackend = terminateBackend;
    }

    /** Arms {@code fault} for the {@code nth} commit from now (1 = the next one). */
    synchronized void arm(int nth, CommitFault fault) {
        this.commitsToGo = nth;
        this.commitsArmedAt = nth;
        this.armed = fault;
    }

    synchronized void disarm() {
        this.armed = null;
    }

    /** The fault that fired since the last call, and at which commit ("2 CUT_CONNECTION"); null if none. */
    synchronized String takeFired() {
        String what = fired == null ? null : firedAt + " " + fired;
        fired = null;
        return what;
    }

    boolean dead() {
        return dead;
    }

    void kill() {
        dead = true;
    }

    private synchronized CommitFault nextCommit() {
        if (armed == null || --commitsToGo > 0) {
            return null;
        }
        CommitFault fault = armed;
        fired = fault;
        firedAt = commitsArmedAt;
        armed = null;
        return fault;
    }

    @Override
    public Connection getConnection() throws SQLException {
        if (dead) {
            throw new SQLException("simulated: this node has crashed", "08006");
        }
        if (databaseDown.getAsBoolean()) {
            throw new SQLException("simulated: connection refused, the database is restarting", "08001");
        }
        Connection real = pool.getConnection();
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                new Hook(real));
    }

    private final class Hook implements InvocationHandler {
        private final Connection real;

        Hook(Connection real) {
            this.real = real;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            if (name.equals("close") || name.equals("rollback") || name.equals("isClosed") || name.equals("unwrap")
                    || name.equals("isWrapperFor")) {
                return call(method, args);
            }
            if (dead) {
                throw new SQLException("simulated: this node has crashed", "08006");
            }
            if (name.equals("commit")) {
                CommitFault fault = nextCommit();
                if (fault != null) {
                    return commitWith(fault);
                }
            }
            return call(method, args);
        }

        private Object commitWith(CommitFault fault) throws SQLException {
            switch (fault) {
                case CRASH_BEFORE_COMMIT -> {
                    dead = true;
                    real.rollback();
                    throw new SQLException("simulated: the node crashed before its commit", "08006");
                }
                case CRASH_AFTER_COMMIT -> {
                    real.commit();
                    dead = true;
                    throw new SQLException("simulated: the node crashed after its commit", "08006");
                }
                case CUT_CONNECTION -> {
                    terminateBackend.accept(real.unwrap(PGConnection.class).getBackendPID());
                    real.commit(); // fails for real: the backend is gone
                    throw new IllegalStateException("a commit on a terminated backend succeeded");
                }
                default -> throw new IllegalStateException(fault.name());
            }
        }

        private Object call(Method method, Object[] args) throws Throwable {
            try {
                return method.invoke(real, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("the simulation's nodes use the pool's credentials");
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return pool.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        pool.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        pool.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return pool.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return pool.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        throw new SQLException("not a wrapper of " + type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return false;
    }
}
