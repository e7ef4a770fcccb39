package io.finrelay.server.expense;

import io.finrelay.model.id.TenantId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.regex.Pattern;

/**
 * The expense package's way to tenant-owned rows when the tenant comes from a trusted source that is
 * not an API caller: a command envelope (the dispatcher) or a verified webhook signature. Same rule
 * as {@code TenantSql}: the tenant is bound first and the statement must filter (or insert) on it.
 */
final class ExpenseSql {
    private static final Pattern TENANT_FIRST = Pattern.compile(
            "(?is)^\\s*((select|update|delete|with)\\b[^?]*\\bwhere\\s+(\\w+\\.)?tenant_id\\s*=\\s*\\?.*"
                    + "|insert\\s+into\\s+\\w+\\s*\\(\\s*tenant_id\\s*,.*)");

    private ExpenseSql() {}

    static PreparedStatement prepare(Connection c, TenantId tenant, String sql) throws SQLException {
        if (!TENANT_FIRST.matcher(sql).matches()) {
            throw new IllegalStateException("a tenant-scoped statement must bind tenant_id first: " + sql);
        }
        PreparedStatement statement = c.prepareStatement(sql);
        statement.setObject(1, tenant.value());
        return statement;
    }
}
