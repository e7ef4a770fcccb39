package io.finrelay.server.bank;

import io.finrelay.engine.db.Database;
import io.finrelay.reconciliation.forecast.CashForecast;
import io.finrelay.reconciliation.forecast.CashForecast.Flow;
import io.finrelay.reconciliation.forecast.CashForecast.Opening;
import io.finrelay.reconciliation.forecast.CashForecast.Source;
import io.finrelay.reconciliation.forecast.ForecastAccuracy;
import io.finrelay.reconciliation.forecast.PayingHistory;
import io.finrelay.reconciliation.forecast.ReportingCurrency;
import io.finrelay.server.security.TenantScope;
import io.finrelay.server.tenancy.TenantSql;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Repository;

/**
 * What the cash forecast starts from and adds up, read in one transaction: the cash positions (the
 * newest balance per account), the supplier invoices scheduled for payment and not yet in a run
 * (their planned day and amount), the expense reports approved and not yet released, and the open receivables and payables of the reconciliation (by
 * due date, a receivable shifted by how late its customer usually pays, {@link PayingHistory}; a payment
 * run's payments and released reimbursements are open payables), and the card issuers' settlements
 * ({@link io.finrelay.server.card.CardSettlements}). A legal entity is named by its name:
 * a house bank account or an open item that gives one of the tenant's legal entities by id is counted
 * under that entity's name; free text that is no entity's id stays as given; what names none is
 * {@link #NO_ENTITY}.
 */
@Repository
public class CashForecastReads {
    /** The legal entity of what names none (an account not registered as a house bank account, say). */
    public static final String NO_ENTITY = "(no legal entity)";

    /** Everything the forecast adds up, and the FX rates on file to report it in one currency. */
    public record Inputs(List<Opening> openings, List<Flow> flows, List<ReportingCurrency.Rate> rates) {}

    private final Database db;

    public CashForecastReads(Database db) {
        this.db = db;
    }

    /** The inputs as they stand; an item without a due date is expected {@code today}. */
    public Inputs read(TenantScope scope, LocalDate today) {
        return db.inTenant(scope.tenantId(), c -> {
            Map<String, String> names = entityNames(c, scope);
            List<Opening> openings = CashPositionRows.list(c, scope).stream().map(p -> new Opening(
                    entity(names, p.legalEntity()), p.currency(), p.balance(), p.asOf())).toList();
            List<Flow> flows = new ArrayList<>();
            scheduledSupplierPayments(c, scope, flows);
            approvedReimbursements(c, scope, today, flows);
            openItems(c, scope, today, payingHistory(c, scope), flows);
            io.finrelay.server.card.CardSettlements.read(c, scope, today, flows);
            opportunities(c, scope, today, flows);
            // Every source's legal entity by its name, whether it was given as the entity's id or its name.
            List<Flow> named = flows.stream().map(f -> new Flow(f.source(), f.reference(), entity(names, f.legalEntity()),
                    f.currency(), f.date(), f.amount(), f.due())).toList();
            return new Inputs(openings, named, rates(c, scope, today));
        });
    }

    /** The tenant's legal entities' names by id. */
    private static Map<String, String> entityNames(Connection c, TenantScope scope) throws SQLException {
        Map<String, String> names = new HashMap<>();
        try (PreparedStatement select = TenantSql.prepare(c, scope, "select id::text, name from legal_entity "
                + "where tenant_id = ?")) {
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    names.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return names;
    }

    /** A source's legal entity as the forecast names it: the entity's name when given its id, else as given. */
    private static String entity(Map<String, String> names, String given) {
        String label = entity(given);
        return names.getOrDefault(label.toLowerCase(Locale.ROOT), label);
    }

    private static void scheduledSupplierPayments(Connection c, TenantScope scope, List<Flow> out) throws SQLException {
        try (PreparedStatement select = TenantSql.prepare(c, scope, "select s.seller_name, s.number, s.kind, s.currency, "
                + "s.pay_on, s.pay_amount, le.name from supplier_invoice s "
                + "left join ap_policy p on p.tenant_id = s.tenant_id "
                + "left join legal_entity le on le.tenant_id = p.tenant_id and le.id = p.legal_entity_id "
                + "where s.tenant_id = ? and s.state = 'SCHEDULED' and s.pay_on is not null and s.pay_amount is not null")) {
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    BigDecimal amount = rs.getBigDecimal(6);
                    // An invoice is paid out; a credit note scheduled beside it lowers what the run pays.
                    BigDecimal signed = "CREDIT_NOTE".equals(rs.getString(3)) ? amount.abs() : amount.abs().negate();
                    out.add(new Flow(Source.SUPPLIER_PAYMENT, rs.getString(1) + " " + rs.getString(2),
                            entity(rs.getString(7)), rs.getString(4), rs.getObject(5, LocalDate.class), signed));
                }
            }
        }
    }

    /**
     * Expense reports approved and not yet released (from intake to awaiting release): owed to the
     * employee now, so expected today; once released they are open payables. The legal entity is the
     * employee's. A report whose amount is unknown (taken in before the read model kept it) is left out.
     */
    private static void approvedReimbursements(Connection c, TenantScope scope, LocalDate today, List<Flow> out)
            throws SQLException {
        // What the employee is owed: the lines paid out of pocket. A line paid by company card is the card issuer's,
        // in the forecast once as its CARD_SETTLEMENT; a report paid wholly by card owes the employee nothing.
        try (PreparedStatement select = TenantSql.prepare(c, scope, "select r.report_id, r.reimbursable, r.currency, le.name "
                + "from expense_report r left join master_data m on m.tenant_id = r.tenant_id and m.kind = 'employee' "
                + "and m.key = r.employee_id left join legal_entity le on le.tenant_id = m.tenant_id "
                + "and le.id = m.legal_entity_id where r.tenant_id = ? and r.reimbursable <> 0 and r.state_name in "
                + "('Received', 'NeedsAttention', 'PossibleDuplicate', 'Posting', 'Scheduling', 'AwaitingRelease')")) {
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    out.add(new Flow(Source.REIMBURSEMENT, rs.getString(1), entity(rs.getString(4)), rs.getString(3).trim(),
                            today, rs.getBigDecimal(2).negate()));
                }
            }
        }
    }

    /**
     * How late each customer pays: every receivable with a due date that a match (automatic or confirmed)
     * paid, with the latest booking date of the statement lines that paid it.
     */
    private static PayingHistory payingHistory(Connection c, TenantScope scope) throws SQLException {
        List<PayingHistory.Paid> paid = new ArrayList<>();
        try (PreparedStatement select = TenantSql.prepare(c, scope, "select o.counterparty_name, o.due_date, "
                + "max((l.line ->> 'bookingDate')::date) from recon_match m "
                + "cross join lateral jsonb_array_elements_text(m.open_items) as item(id) "
                + "join recon_open_item o on o.tenant_id = m.tenant_id and o.id = item.id "
                + "cross join lateral jsonb_array_elements(m.lines) as l(line) "
                + "where m.tenant_id = ? and m.status in ('AUTO', 'CONFIRMED') and o.direction = 'RECEIVABLE' "
                + "and o.due_date is not null and o.counterparty_name is not null and l.line ->> 'bookingDate' is not null "
                + "group by m.id, o.id, o.counterparty_name, o.due_date")) {
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    paid.add(new PayingHistory.Paid(rs.getString(1), rs.getObject(2, LocalDate.class),
                            rs.getObject(3, LocalDate.class)));
                }
            }
        }
        return PayingHistory.of(paid);
    }

    private static void openItems(Connection c, TenantScope scope, LocalDate today, PayingHistory history,
                                  List<Flow> out) throws SQLException {
        try (PreparedStatement select = TenantSql.prepare(c, scope, "select id, direction, legal_entity, currency, "
                + "due_date, open_amount, counterparty_name from recon_open_item where tenant_id = ? "
                + "and status in ('AWAITING_RELEASE', 'OPEN', 'PARTIAL') and open_amount > 0")) {
            select.setFetchSize(5_000);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    boolean receivable = "RECEIVABLE".equals(rs.getString(2));
                    LocalDate due = rs.getObject(5, LocalDate.class);
                    due = due == null ? today : due;
                    BigDecimal amount = rs.getBigDecimal(6);
                    // A customer is expected to pay as late (or early) as it usually does; we pay on the due date.
                    LocalDate expected = receivable ? history.expected(rs.getString(7), due) : due;
                    out.add(new Flow(receivable ? Source.RECEIVABLE : Source.PAYABLE, rs.getString(1),
                            entity(rs.getString(3)), rs.getString(4), expected, receivable ? amount : amount.negate(),
                            due));
                }
            }
        }
    }

    /**
     * Open CRM opportunities (order to cash keeps them from the CRM's events): the amount weighted by the
     * stage's probability, rounded to the currency's minor unit, expected on the close date (today when
     * that has passed), under the legal entity of the tenant's order-to-cash settings. A won opportunity
     * is an order by then, and its invoice a receivable; a lost one brings nothing.
     */
    private static void opportunities(Connection c, TenantScope scope, LocalDate today, List<Flow> out) throws SQLException {
        try (PreparedStatement select = TenantSql.prepare(c, scope, "select o.id, o.name, o.stage, o.probability, o.amount, "
                + "o.currency, o.close_date, s.legal_entity from crm_opportunity o left join o2c_settings s "
                + "on s.tenant_id = o.tenant_id where o.tenant_id = ? and not o.is_closed and o.amount > 0 "
                + "and o.probability > 0 and o.close_date is not null")) {
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    String currency = rs.getString(6).trim();
                    BigDecimal weighted = rs.getBigDecimal(5).multiply(rs.getBigDecimal(4)).movePointLeft(2)
                            .setScale(java.util.Currency.getInstance(currency).getDefaultFractionDigits(),
                                    java.math.RoundingMode.HALF_EVEN);
                    LocalDate close = rs.getObject(7, LocalDate.class);
                    out.add(new Flow(Source.OPPORTUNITY, "opportunity " + rs.getString(1) + " " + rs.getString(2) + " ("
                            + rs.getString(3) + ", " + rs.getBigDecimal(4).stripTrailingZeros().toPlainString() + "% of "
                            + rs.getBigDecimal(5).toPlainString() + ")", entity(rs.getString(8)), currency,
                            close.isBefore(today) ? today : close, weighted, close));
                }
            }
        }
    }

    /** The newest FX rate per pair on or before {@code today}. */
    private static List<ReportingCurrency.Rate> rates(Connection c, TenantScope scope, LocalDate today) throws SQLException {
        List<ReportingCurrency.Rate> out = new ArrayList<>();
        try (PreparedStatement select = TenantSql.prepare(c, scope, "select distinct on (base, quote) base, quote, rate, "
                + "rate_date from fx_rate where tenant_id = ? and rate_date <= ? order by base, quote, rate_date desc")) {
            select.setObject(2, today);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    out.add(new ReportingCurrency.Rate(rs.getString(1).trim(), rs.getString(2).trim(), rs.getBigDecimal(3),
                            rs.getObject(4, LocalDate.class)));
                }
            }
        }
        return out;
    }

    /**
     * Keeps today's forecast, once: the first read of the day writes every series' closing per forecast day,
     * later reads of the day change nothing. What the statements of those days are held against.
     */
    public void keepToday(TenantScope scope, LocalDate today, List<CashForecast.Series> series) {
        db.inTenant(scope.tenantId(), c -> {
            try (PreparedStatement kept = TenantSql.prepare(c, scope, "select exists (select 1 from "
                    + "cash_forecast_snapshot where tenant_id = ? and made_on = ?)")) {
                kept.setObject(2, today);
                try (ResultSet rs = kept.executeQuery()) {
                    rs.next();
                    if (rs.getBoolean(1)) {
                        return null;
                    }
                }
            }
            try (PreparedStatement insert = TenantSql.prepare(c, scope, "insert into cash_forecast_snapshot (tenant_id, "
                    + "made_on, legal_entity, currency, for_day, closing) values (?, ?, ?, ?, ?, ?) on conflict do nothing")) {
                for (CashForecast.Series s : series) {
                    for (CashForecast.Day d : s.days()) {
                        insert.setObject(2, today);
                        insert.setString(3, s.legalEntity());
                        insert.setString(4, s.currency());
                        insert.setObject(5, d.date());
                        insert.setBigDecimal(6, d.closing());
                        insert.addBatch();
                    }
                }
                insert.executeBatch();
            }
            return null;
        });
    }

    /** The forecasts kept and the balances the banks reported since {@code since}, for the accuracy. */
    public List<ForecastAccuracy.Series> accuracy(TenantScope scope, LocalDate since, List<Integer> horizons) {
        return db.inTenant(scope.tenantId(), c -> {
            List<ForecastAccuracy.Forecast> forecasts = new ArrayList<>();
            try (PreparedStatement select = TenantSql.prepare(c, scope, "select made_on, legal_entity, currency, for_day, "
                    + "closing from cash_forecast_snapshot where tenant_id = ? and made_on >= ? "
                    + "and for_day - made_on = any (?)")) {
                select.setObject(2, since);
                select.setArray(3, c.createArrayOf("integer", horizons.toArray()));
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        forecasts.add(new ForecastAccuracy.Forecast(rs.getObject(1, LocalDate.class), rs.getString(2),
                                rs.getString(3).trim(), rs.getObject(4, LocalDate.class), rs.getBigDecimal(5)));
                    }
                }
            }
            Map<String, String> names = entityNames(c, scope);
            List<ForecastAccuracy.Balance> balances = new ArrayList<>();
            try (PreparedStatement select = TenantSql.prepare(c, scope, "select b.account, h.legal_entity, b.currency, "
                    + "b.balance_date, b.balance, b.final from cash_balance b left join house_bank_account h "
                    + "on h.tenant_id = b.tenant_id and h.iban = b.account where b.tenant_id = ? and b.balance_date >= ?")) {
                // Balances from before the first forecast day are still an account's newest on its first days.
                select.setObject(2, since.minusDays(31));
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        balances.add(new ForecastAccuracy.Balance(rs.getString(1), entity(names, rs.getString(2)),
                                rs.getString(3).trim(), rs.getObject(4, LocalDate.class), rs.getBigDecimal(5),
                                rs.getBoolean(6)));
                    }
                }
            }
            return ForecastAccuracy.of(forecasts, balances, horizons);
        });
    }

    private static String entity(String name) {
        return name == null || name.isBlank() ? NO_ENTITY : name;
    }
}
