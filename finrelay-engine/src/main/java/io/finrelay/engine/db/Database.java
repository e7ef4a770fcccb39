package io.finrelay.engine.db;

import io.finrelay.model.id.TenantId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;
import javax.sql.DataSource;

/**
 * The engine's access to PostgreSQL: a data source and one way to run work in a transaction.
 * READ COMMITTED plus explicit row locks is all the engine relies on.
 *
 * <p>Every transaction says whose rows it may see, and PostgreSQL row-level security holds it to
 * that (the second tenant wall; see {@code db/callback/afterMigrate.sql}). The first statement of
 * each transaction switches, for that transaction only, to a role that owns nothing:
 * {@link #inTenant} sees one tenant's rows, {@link #inSystem} (the engine's own cross-tenant
 * workers) all of them, and {@link #inTransaction} none. Switching costs one statement; it is sent
 * together with the transaction's BEGIN, so it adds one round trip per transaction, not per query.
 *
 * <p>The engine's own transactions are most of all transactions (its group commits, dispatcher
 * rounds, timers), so a pooled connection is put into the system role once, for its session, and
 * a system transaction then needs no switching statement at all. Every other transaction still
 * switches first, for itself only; at its end the connection falls back to the system role, which
 * only the next system transaction relies on.
 */
public final class Database {
    static final String TENANT_ROLE = "finrelay_app";
    static final String SYSTEM_ROLE = "finrelay_system";
    // Both settings are transaction-local (true): commit or rollback puts the connection back as it
    // was, so a pooled connection never carries one tenant's scope into the next transaction.
    private static final String SNAPSHOT = "set transaction isolation level repeatable read, read only";
    private static final String ENTER = "select set_config('role', ?, true), set_config('finrelay.tenant_id', ?, true)";

    private final DataSource dataSource;
    // Physical connections (not pool proxies) already in the system role for their whole session.
    private final Map<Connection, Boolean> inSystemSession = Collections.synchronizedMap(new WeakHashMap<>());

    public Database(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource);
    }

    public DataSource dataSource() {
        return dataSource;
    }

    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Runs {@code work} in one transaction that sees and writes only {@code tenant}'s rows. */
    public <T> T inTenant(TenantId tenant, Work<T> work) {
        return run(null, TENANT_ROLE, tenant.value().toString(), work);
    }

    /**
     * Runs read-only {@code work} on one snapshot of {@code tenant}'s rows (REPEATABLE READ): for a
     * reader that must see several tables as of one moment, such as the audit chain's verifier.
     */
    public <T> T inTenantSnapshot(TenantId tenant, Work<T> work) {
        return run(SNAPSHOT, TENANT_ROLE, tenant.value().toString(), work);
    }

    /**
     * Runs {@code work} in one transaction across all tenants. Only for work that serves many tenants
     * at once by design (the engine's batches, dispatcher and timers) or that runs before any tenant
     * is known (API key lookup, bootstrap); such work names the tenant in every key it uses.
     */
    public <T> T inSystem(Work<T> work) {
        return run(null, SYSTEM_ROLE, "", work);
    }

    /** Runs {@code work} in one transaction outside any tenant: every tenant table looks empty to it. */
    public <T> T inTransaction(Work<T> work) {
        return run(null, TENANT_ROLE, "", work);
    }

    /**
     * Puts the transaction open on {@code connection} into {@code tenant}'s scope, for code that
     * holds a transaction open itself (a bank file streaming its lines). Call it first.
     */
    public static void enterTenant(Connection connection, TenantId tenant) throws SQLException {
        if (connection.getAutoCommit()) {
            // In auto-commit the scope would end with this very statement, and the next run unwalled.
            throw new IllegalStateException("enterTenant needs an open transaction (auto-commit off)");
        }
        enter(connection, TENANT_ROLE, tenant.value().toString());
    }

    private <T> T run(String characteristics, String role, String tenant, Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            boolean system = role.equals(SYSTEM_ROLE) && characteristics == null;
            if (system) {
                systemSession(connection);
            }
            connection.setAutoCommit(false);
            try {
                if (characteristics != null) {
                    // Must be the transaction's first statement, before the scope is entered.
                    try (PreparedStatement first = connection.prepareStatement(characteristics)) {
                        first.execute();
                    }
                }
                if (!system) {
                    enter(connection, role, tenant);
                }
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                rollbackQuietly(connection, e);
                throw e;
            }
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }

    /**
     * Puts the connection's session into the system role, once per physical connection. Run in
     * auto-commit: a SET inside a transaction that rolls back would be undone with it.
     */
    private void systemSession(Connection connection) throws SQLException {
        Connection physical = connection.unwrap(Connection.class);
        if (inSystemSession.containsKey(physical)) {
            return;
        }
        connection.setAutoCommit(true);
        try (PreparedStatement set = connection.prepareStatement("set role " + SYSTEM_ROLE)) {
            set.execute();
        }
        inSystemSession.put(physical, Boolean.TRUE);
    }

    private static void enter(Connection connection, String role, String tenant) throws SQLException {
        try (PreparedStatement scope = connection.prepareStatement(ENTER)) {
            scope.setString(1, role);
            scope.setString(2, tenant);
            scope.execute();
        }
    }

    private static void rollbackQuietly(Connection connection, Throwable cause) {
        try {
            connection.rollback();
        } catch (SQLException rollbackFailure) {
            cause.addSuppressed(rollbackFailure);
        }
    }
}
