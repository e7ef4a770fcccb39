package io.finrelay.server.tenancy;

import io.finrelay.model.id.TenantId;
import io.finrelay.server.security.TenantScope;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.regex.Pattern;

/**
 * The one way the server's repositories touch tenant-owned rows (the one tenant SQL guard: an
 * ArchUnit rule lets only named classes that work on tables without a tenant prepare their own
 * statements). The tenant comes from a
 * {@link TenantScope} (which only the access check makes) and is always bound as the FIRST
 * parameter, and the statement is checked to put it where it belongs: a select, update or delete
 * must filter {@code tenant_id = ?} before any other parameter, an insert must list
 * {@code tenant_id} as its first column. A query that forgets the tenant fails on first use, in
 * every test that runs it, instead of leaking rows in production.
 */
public final class TenantSql {
    private static final Pattern FILTERED = Pattern.compile("(?is)^\\s*(select|update|delete|with)\\b.*?\\bwhere\\s+(\\w+\\.)?tenant_id\\s*=\\s*\\?.*");
    private static final Pattern INSERT = Pattern.compile("(?is)^\\s*insert\\s+into\\s+\\w+\\s*\\(\\s*tenant_id\\s*,.*");

    private TenantSql() {}

    /** Prepares {@code sql} with the scope's tenant bound as parameter 1; bind the rest from 2. */
    public static PreparedStatement prepare(Connection connection, TenantScope scope, String sql) throws SQLException {
        return prepare(connection, scope.tenantId(), sql);
    }

    /**
     * The same for work that has no API caller and takes its tenant from a trusted source instead: a
     * command envelope (the dispatcher) or a verified webhook signature. Only the expense package may
     * call it (an ArchUnit rule); everything an API caller starts goes through a {@link TenantScope}.
     */
    public static PreparedStatement prepare(Connection connection, TenantId tenant, String sql) throws SQLException {
        check(sql);
        PreparedStatement statement = connection.prepareStatement(sql);
        statement.setObject(1, tenant.value());
        return statement;
    }

    /** A statement's work; its SQLException becomes the engine's unchecked DatabaseException. */
    @FunctionalInterface
    public interface Work<T> {
        T run(PreparedStatement statement) throws SQLException;
    }

    /**
     * Runs one statement in a workflow's deciding transaction ({@code reading}), its tenant bound
     * first: a database failure is thrown as {@link io.finrelay.engine.db.DatabaseException}, which fails
     * the engine's batch (anything else would park the input as an incident).
     */
    public static <T> T inReading(io.finrelay.engine.workflow.Reading reading, String sql, Work<T> work) {
        try (PreparedStatement statement = prepare(reading.connection(), reading.tenant(), sql)) {
            return work.run(statement);
        } catch (SQLException e) {
            throw new io.finrelay.engine.db.DatabaseException(e);
        }
    }

    /**
     * Statements already found to bind the tenant first. The check is two regular expressions over the
     * whole text; the server's statements are a few hundred constant strings, prepared thousands of times a
     * second, so each is checked once (the cache stops growing at {@link #CHECKED_LIMIT} should a caller
     * build its text from data).
     */
    private static final java.util.Set<String> CHECKED = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private static final int CHECKED_LIMIT = 5_000;

    static void check(String sql) {
        if (CHECKED.contains(sql)) {
            return;
        }
        checkText(sql);
        if (CHECKED.size() < CHECKED_LIMIT) {
            CHECKED.add(sql);
        }
    }

    private static void checkText(String sql) {
        boolean insert = INSERT.matcher(sql).matches();
        boolean filtered = FILTERED.matcher(sql).matches();
        int firstParameter = sql.indexOf('?');
        boolean tenantFirst = insert || (filtered
                && sql.substring(0, firstParameter).matches("(?is).*\\btenant_id\\s*=\\s*$"));
        if (!tenantFirst) {
            throw new IllegalStateException("a tenant-scoped statement must bind tenant_id first: " + sql);
        }
    }
}
