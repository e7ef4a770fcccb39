package io.finrelay.server.card;

import io.finrelay.reconciliation.forecast.CashForecast.Flow;
import io.finrelay.reconciliation.forecast.CashForecast.Source;
import io.finrelay.server.security.TenantScope;
import io.finrelay.server.tenancy.TenantSql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;

/**
 * The card settlements the cash forecast expects: per card account, currency and settlement day, what the
 * issuer will debit for the transactions billed on that statement (charges less refunds), as a
 * {@link Source#CARD_SETTLEMENT} outflow. A settlement before today has been debited and is in the bank
 * balances, so it is not expected again. The legal entity is the card holder's (an employee's master data).
 * The reference names the card account, the day and how many transactions; they are listed by
 * {@code GET .../card-transactions?cardAccount=&settlementDate=}.
 */
public final class CardSettlements {
    private CardSettlements() {}

    /** Adds the settlements due from {@code today} on to {@code out}. */
    public static void read(Connection c, TenantScope scope, LocalDate today, List<Flow> out) throws SQLException {
        try (PreparedStatement select = TenantSql.prepare(c, scope, "select t.card_account, t.settlement_date, "
                + "t.billing_currency, le.name, sum(t.billing_amount), count(*) from card_transaction t "
                + "left join master_data m on m.tenant_id = t.tenant_id and m.kind = 'employee' and m.key = t.employee_id "
                + "left join legal_entity le on le.tenant_id = m.tenant_id and le.id = m.legal_entity_id "
                + "where t.tenant_id = ? and t.settlement_date >= ? "
                + "group by t.card_account, t.settlement_date, t.billing_currency, le.name "
                + "order by t.settlement_date, t.card_account")) {
            select.setObject(2, today);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    LocalDate day = rs.getObject(2, LocalDate.class);
                    String entity = rs.getString(4) == null ? "" : rs.getString(4);
                    out.add(new Flow(Source.CARD_SETTLEMENT, "card " + rs.getString(1) + " " + day + " ("
                            + rs.getLong(6) + " transactions)", entity, rs.getString(3).trim(), day,
                            rs.getBigDecimal(5).negate()));
                }
            }
        }
    }
}
