package io.finrelay.server.kpi;

import io.finrelay.engine.db.Database;
import io.finrelay.model.Money;
import io.finrelay.server.security.TenantScope;
import io.finrelay.server.tenancy.TenantSql;
import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/**
 * A tenant's operating KPIs over a period, read in one transaction inside the tenant from the read models
 * the workflows keep: the expense workflow's straight-through rate ({@link StraightThrough}), the
 * reconciliation's auto-match rate, the payments the bank rejected or returned, the open exceptions by
 * age ({@link ExceptionAges}, now rather than in the period: they are a queue) and the early-payment
 * discounts of supplier invoices, offered against taken.
 */
@Component
public class TenantKpis {
    /** [start, end) of the period, and the moment "now" for the exception ages. */
    public record Period(Instant start, Instant end, Instant now) {}

    public record StraightThroughFigures(
            @Schema(description = "expense reports whose payment the bank settled in the period") long reimbursed,
            @Schema(description = "of those, the ones whose workflow never had an exception") long neededNobody,
            @Schema(description = "neededNobody / reimbursed, 0 to 1; null when nothing was reimbursed", example = "0.9167")
            BigDecimal rate) {}

    public record ReconciliationFigures(
            @Schema(description = "matches made in the period") long matches,
            @Schema(description = "of those, matched by the rules with nobody confirming (status AUTO)") long auto,
            @Schema(description = "auto / matches, 0 to 1; null without a match", example = "0.8000") BigDecimal autoMatchRate,
            @Schema(description = "the period's matches by status: AUTO, SUGGESTED, CONFIRMED, REJECTED, RETURNED")
            Map<String, Long> byStatus) {}

    public record PaymentFigures(
            @Schema(description = "payments the bank rejected (pain.002 RJCT) in files received in the period") long rejected,
            @Schema(description = "the rejections by the bank's reason code (none: no code given)", example = "{\"AC04\": 1}")
            Map<String, Long> rejectedByReason,
            @Schema(description = "statement lines of the period's runs reconciled as a payment returned by the payee's bank")
            long returned) {}

    public record ExceptionFigures(@Schema(description = "open exceptions now") long open,
                                   @Schema(description = "the open exceptions by how long they have waited") List<ExceptionAges.Bucket> byAge) {}

    /** One currency's early-payment discounts of supplier invoices received in the period. */
    public record DiscountFigures(
            @Schema(example = "EUR") String currency,
            @Schema(description = "invoices whose terms offer a discount") long offered,
            @Schema(description = "the discounts offered", example = "96.40") BigDecimal offeredAmount,
            @Schema(description = "invoices planned to be paid with the discount") long taken,
            @Schema(example = "72.30") BigDecimal takenAmount,
            @Schema(description = "of those, paid (the bank confirmed)") long captured,
            @Schema(example = "48.20") BigDecimal capturedAmount) {}

    public record Kpis(StraightThroughFigures straightThrough, ReconciliationFigures reconciliation,
                       PaymentFigures payments, ExceptionFigures exceptions, List<DiscountFigures> discounts) {}

    private final Database db;

    public TenantKpis(Database db) {
        this.db = db;
    }

    public Kpis read(TenantScope scope, Period period) {
        return db.inTenant(scope.tenantId(), c -> new Kpis(straightThrough(c, scope, period), reconciliation(c, scope, period),
                payments(c, scope, period), exceptions(c, scope, period.now()), discounts(c, scope, period)));
    }

    private static StraightThroughFigures straightThrough(Connection c, TenantScope scope, Period period) throws SQLException {
        try (PreparedStatement s = TenantSql.prepare(c, scope, "select count(*), " + StraightThrough.NEEDED_NOBODY
                + " from expense_report r where r.tenant_id = ? and " + StraightThrough.SETTLED_IN)) {
            bindPeriod(s, 2, period);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return new StraightThroughFigures(r.getLong(1), r.getLong(2), StraightThrough.rate(r.getLong(1), r.getLong(2)));
            }
        }
    }

    private static ReconciliationFigures reconciliation(Connection c, TenantScope scope, Period period) throws SQLException {
        Map<String, Long> byStatus = new TreeMap<>();
        try (PreparedStatement s = TenantSql.prepare(c, scope, "select status, count(*) from recon_match "
                + "where tenant_id = ? and created_at >= ? and created_at < ? group by status")) {
            bindPeriod(s, 2, period);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    byStatus.put(r.getString(1), r.getLong(2));
                }
            }
        }
        long matches = byStatus.values().stream().mapToLong(Long::longValue).sum();
        long auto = byStatus.getOrDefault("AUTO", 0L);
        return new ReconciliationFigures(matches, auto, StraightThrough.rate(matches, auto), byStatus);
    }

    private static PaymentFigures payments(Connection c, TenantScope scope, Period period) throws SQLException {
        Map<String, Long> byReason = new TreeMap<>();
        try (PreparedStatement s = TenantSql.prepare(c, scope, "select coalesce(s.reason_code, 'none'), count(*) "
                + "from bank_payment_status s join bank_file f on f.tenant_id = s.tenant_id and f.id = s.file_id "
                + "where s.tenant_id = ? and s.status = 'REJECTED' and f.received_at >= ? and f.received_at < ? group by 1")) {
            bindPeriod(s, 2, period);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    byReason.put(r.getString(1), r.getLong(2));
                }
            }
        }
        long returned;
        try (PreparedStatement s = TenantSql.prepare(c, scope, "select count(*) from recon_line l join recon_run u "
                + "on u.tenant_id = l.tenant_id and u.id = l.run_id where l.tenant_id = ? and l.outcome = 'RETURN' "
                + "and u.started_at >= ? and u.started_at < ?")) {
            bindPeriod(s, 2, period);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                returned = r.getLong(1);
            }
        }
        return new PaymentFigures(byReason.values().stream().mapToLong(Long::longValue).sum(), byReason, returned);
    }

    private static ExceptionFigures exceptions(Connection c, TenantScope scope, Instant now) throws SQLException {
        try (PreparedStatement s = TenantSql.prepare(c, scope, "with open as (select created_at from exception "
                + "where tenant_id = ? and status = 'OPEN') select " + ExceptionAges.columns() + " from open")) {
            ExceptionAges.bind(s, 2, now);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                long[] counts = new long[ExceptionAges.NAMES.size()];
                long open = 0;
                for (int i = 0; i < counts.length; i++) {
                    counts[i] = r.getLong(i + 1);
                    open += counts[i];
                }
                return new ExceptionFigures(open, ExceptionAges.of(counts));
            }
        }
    }

    /**
     * The discounts offered by the period's supplier invoices (not credit notes; not invalid, refused or
     * cancelled ones, which are not paid at all), with the amount each offers computed exactly as the
     * invoice workflow's payment plan computes it ({@code InvoiceRules.schedule}: the payable amount times
     * the percent, rounded to the currency's minor unit).
     */
    private static List<DiscountFigures> discounts(Connection c, TenantScope scope, Period period) throws SQLException {
        Map<String, long[]> counts = new TreeMap<>();
        Map<String, Money[]> amounts = new TreeMap<>();
        try (PreparedStatement s = TenantSql.prepare(c, scope, "select currency, payable, "
                + "invoice->'paymentTerms'->'earlyPaymentDiscount'->>'percent', coalesce(discount_taken, false), state "
                + "from supplier_invoice where tenant_id = ? and received_at >= ? and received_at < ? and kind = 'INVOICE' "
                + "and state not in ('INVALID', 'REFUSED', 'CANCELLED') "
                + "and invoice->'paymentTerms'->'earlyPaymentDiscount'->>'percent' is not null")) {
            bindPeriod(s, 2, period);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    Currency currency = Currency.getInstance(r.getString(1));
                    Money discount = Money.rounded(r.getBigDecimal(2).multiply(new BigDecimal(r.getString(3)))
                            .divide(BigDecimal.valueOf(100)), currency);
                    long[] n = counts.computeIfAbsent(currency.getCurrencyCode(), k -> new long[3]);
                    Money[] sum = amounts.computeIfAbsent(currency.getCurrencyCode(),
                            k -> new Money[] {Money.zero(currency), Money.zero(currency), Money.zero(currency)});
                    n[0]++;
                    sum[0] = sum[0].plus(discount);
                    if (r.getBoolean(4)) {
                        n[1]++;
                        sum[1] = sum[1].plus(discount);
                        if ("PAID".equals(r.getString(5))) {
                            n[2]++;
                            sum[2] = sum[2].plus(discount);
                        }
                    }
                }
            }
        }
        List<DiscountFigures> figures = new ArrayList<>();
        counts.forEach((currency, n) -> {
            Money[] sum = amounts.get(currency);
            figures.add(new DiscountFigures(currency, n[0], sum[0].amount(), n[1], sum[1].amount(), n[2], sum[2].amount()));
        });
        return figures;
    }

    private static void bindPeriod(PreparedStatement s, int first, Period period) throws SQLException {
        s.setTimestamp(first, Timestamp.from(period.start()));
        s.setTimestamp(first + 1, Timestamp.from(period.end()));
    }
}
