package io.finrelay.server.metrics;

import io.finrelay.engine.db.Database;
import io.finrelay.server.kpi.StraightThrough;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How the business runs, per tenant over the reports reimbursed in the last {@link #WINDOW}, read from the
 * expense read model every {@code refresh} (and by {@link #refresh()}), never per scrape (Prometheus names):
 * <ul>
 *   <li>{@code finrelay_expense_cycle_time_seconds{tenant,quantile}}: from the report's approval to the bank
 *       settling its payment, median (0.5) and 95th percentile (0.95);</li>
 *   <li>{@code finrelay_expense_posting_latency_seconds{tenant,quantile}}: from the report's arrival to the
 *       ERP confirming its journal, over the reports posted in the window;</li>
 *   <li>{@code finrelay_expense_straight_through_ratio{tenant}}: the share of the window's reimbursed reports
 *       whose workflow never had an exception (nobody had to act; defined once in {@link StraightThrough},
 *       as the tenant's KPIs read it), and
 *       {@code finrelay_expense_reimbursed{tenant}} how many there were.</li>
 * </ul>
 * A tenant with nothing reimbursed in the window has no series (no figure rather than a made-up zero).
 */
public final class BusinessGauges extends PeriodicGauges {
    /** The window the figures are taken over. */
    public static final Duration WINDOW = Duration.ofDays(1);
    private final Database db;
    private final Clock clock;
    private final TenantTags tenants;
    private final MultiGauge cycle;
    private final MultiGauge posting;
    private final MultiGauge straightThrough;
    private final MultiGauge reimbursed;

    public BusinessGauges(Database db, Clock clock, TenantTags tenants, MeterRegistry registry, Duration refresh) {
        super("finrelay-business-metrics", "business");
        this.db = db;
        this.clock = clock;
        this.tenants = tenants;
        this.cycle = MultiGauge.builder("finrelay.expense.cycle.time").baseUnit("seconds")
                .description("Approval to settled payment, over the reports reimbursed in the last day").register(registry);
        this.posting = MultiGauge.builder("finrelay.expense.posting.latency").baseUnit("seconds")
                .description("Arrival to the ERP's confirmed journal, over the reports posted in the last day")
                .register(registry);
        this.straightThrough = MultiGauge.builder("finrelay.expense.straight.through.ratio")
                .description("Share of the last day's reimbursed reports that needed nobody (no exception)")
                .register(registry);
        this.reimbursed = MultiGauge.builder("finrelay.expense.reimbursed")
                .description("Reports reimbursed in the last day").register(registry);
        start(refresh);
    }

    /** Reads the figures now. */
    @Override
    public synchronized void refresh() {
        java.time.Instant now = clock.instant();
        Timestamp since = Timestamp.from(now.minus(WINDOW));
        List<MultiGauge.Row<?>> cycleRows = new ArrayList<>();
        List<MultiGauge.Row<?>> postingRows = new ArrayList<>();
        List<MultiGauge.Row<?>> ratioRows = new ArrayList<>();
        List<MultiGauge.Row<?>> countRows = new ArrayList<>();
        db.inSystem(c -> {
            try (PreparedStatement s = c.prepareStatement("select r.tenant_id::text, count(*), "
                    + "percentile_disc(0.5) within group (order by extract(epoch from r.settled_at - r.approved_at)), "
                    + "percentile_disc(0.95) within group (order by extract(epoch from r.settled_at - r.approved_at)), "
                    + StraightThrough.NEEDED_NOBODY + " "
                    + "from expense_report r where " + StraightThrough.SETTLED_IN + " group by 1")) {
                s.setTimestamp(1, since);
                s.setTimestamp(2, Timestamp.from(now));
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        Tags tenant = Tags.of("tenant", tenants.of(r.getString(1)));
                        long n = r.getLong(2);
                        cycleRows.add(MultiGauge.Row.of(tenant.and("quantile", "0.5"), r.getDouble(3)));
                        cycleRows.add(MultiGauge.Row.of(tenant.and("quantile", "0.95"), r.getDouble(4)));
                        ratioRows.add(MultiGauge.Row.of(tenant, StraightThrough.rate(n, r.getLong(5)).doubleValue()));
                        countRows.add(MultiGauge.Row.of(tenant, n));
                    }
                }
            }
            try (PreparedStatement s = c.prepareStatement("select tenant_id::text, "
                    + "percentile_disc(0.5) within group (order by extract(epoch from posted_at - received_at)), "
                    + "percentile_disc(0.95) within group (order by extract(epoch from posted_at - received_at)) "
                    + "from expense_report where posted_at >= ? group by 1")) {
                s.setTimestamp(1, since);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        Tags tenant = Tags.of("tenant", tenants.of(r.getString(1)));
                        postingRows.add(MultiGauge.Row.of(tenant.and("quantile", "0.5"), r.getDouble(2)));
                        postingRows.add(MultiGauge.Row.of(tenant.and("quantile", "0.95"), r.getDouble(3)));
                    }
                }
            }
            return null;
        });
        cycle.register(cycleRows, true);
        posting.register(postingRows, true);
        straightThrough.register(ratioRows, true);
        reimbursed.register(countRows, true);
    }
}
