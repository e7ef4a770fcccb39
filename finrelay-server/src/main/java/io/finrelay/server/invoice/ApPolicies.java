package io.finrelay.server.invoice;

import io.finrelay.engine.db.Database;
import io.finrelay.server.audit.AuditLog;
import io.finrelay.server.security.TenantScope;
import io.finrelay.server.tenancy.TenantSql;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

/** A tenant's accounts-payable policy (table ap_policy): read and set, each change audited. All its SQL is here. */
public class ApPolicies {
    /** The policy as the API gives and takes it. */
    public record ApPolicy(UUID legalEntityId, String expenseAccount, String taxAccount, BigDecimal costOfCapitalPercent,
                           BigDecimal liquidityBuffer, int defaultTermDays, boolean matchPurchaseOrders,
                           BigDecimal priceTolerancePercent, BigDecimal quantityTolerancePercent) {}

    private final Database db;
    private final AuditLog audit;
    private final Clock clock;

    public ApPolicies(Database db, AuditLog audit, Clock clock) {
        this.db = db;
        this.audit = audit;
        this.clock = clock;
    }

    public Optional<ApPolicy> find(TenantScope scope) {
        return db.inTenant(scope.tenantId(), c -> read(c, scope));
    }

    /** Sets the policy; the change (before and after) is audited as configuration. */
    public ApPolicy set(TenantScope scope, ApPolicy policy, String correlationId) {
        return db.inTenant(scope.tenantId(), c -> {
            Optional<ApPolicy> before = read(c, scope);
            try (PreparedStatement ps = TenantSql.prepare(c, scope, "insert into ap_policy (tenant_id, legal_entity_id, "
                    + "expense_account, tax_account, cost_of_capital_percent, liquidity_buffer, default_term_days, "
                    + "match_purchase_orders, price_tolerance_percent, updated_at, quantity_tolerance_percent) "
                    + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                    + "on conflict (tenant_id) do update set "
                    + "legal_entity_id = excluded.legal_entity_id, expense_account = excluded.expense_account, "
                    + "tax_account = excluded.tax_account, cost_of_capital_percent = excluded.cost_of_capital_percent, "
                    + "liquidity_buffer = excluded.liquidity_buffer, default_term_days = excluded.default_term_days, "
                    + "match_purchase_orders = excluded.match_purchase_orders, "
                    + "price_tolerance_percent = excluded.price_tolerance_percent, updated_at = excluded.updated_at, "
                    + "quantity_tolerance_percent = excluded.quantity_tolerance_percent")) {
                ps.setObject(2, policy.legalEntityId());
                ps.setString(3, policy.expenseAccount());
                ps.setString(4, policy.taxAccount());
                ps.setBigDecimal(5, policy.costOfCapitalPercent());
                ps.setBigDecimal(6, policy.liquidityBuffer());
                ps.setInt(7, policy.defaultTermDays());
                ps.setBoolean(8, policy.matchPurchaseOrders());
                ps.setBigDecimal(9, policy.priceTolerancePercent());
                ps.setTimestamp(10, Timestamp.from(clock.instant()));
                ps.setBigDecimal(11, policy.quantityTolerancePercent());
                ps.executeUpdate();
            }
            audit.configurationChanged(c, scope, "ap-policy", before.orElse(null), policy, correlationId);
            return policy;
        });
    }

    private static Optional<ApPolicy> read(Connection c, TenantScope scope) throws SQLException {
        try (PreparedStatement ps = TenantSql.prepare(c, scope, "select legal_entity_id, expense_account, tax_account, "
                + "cost_of_capital_percent, liquidity_buffer, default_term_days, match_purchase_orders, price_tolerance_percent, "
                + "quantity_tolerance_percent from ap_policy where tenant_id = ?");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(new ApPolicy(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                    rs.getBigDecimal(4), rs.getBigDecimal(5), rs.getInt(6), rs.getBoolean(7), rs.getBigDecimal(8),
                    rs.getBigDecimal(9))) : Optional.empty();
        }
    }
}
