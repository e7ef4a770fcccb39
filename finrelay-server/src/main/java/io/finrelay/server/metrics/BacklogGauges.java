package io.finrelay.server.metrics;

import io.finrelay.engine.db.Database;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What is waiting, read from the database across tenants every {@code refresh} (and by
 * {@link #refresh()}), so that a scrape never queries it (Prometheus names):
 * <ul>
 *   <li>{@code finrelay_outbox_commands{tenant,status}}: commands not delivered yet (READY, SENDING,
 *       UNKNOWN, EXCEPTION), and {@code finrelay_outbox_oldest_age_seconds{tenant}} the age of the oldest;</li>
 *   <li>{@code finrelay_exceptions_open{tenant,reason}}: the exception queue, by reason code, and
 *       {@code finrelay_exceptions_oldest_age_seconds{tenant}} the oldest open one;</li>
 *   <li>{@code finrelay_timers_due{tenant}}: timers past their due time, not fired yet;</li>
 *   <li>{@code finrelay_cash_position_oldest_age_seconds{tenant}}: how old the staler of the tenant's house
 *       accounts' positions is (the bank's time of its newest balance): an account whose statement did not
 *       arrive shows here.</li>
 * </ul>
 * The tables read are small or indexed for exactly these questions (the outbox keeps only undelivered
 * commands, open exceptions and due timers have their own indexes). Tenants beyond the tag limit are
 * summed under {@code other}; a tenant seen at work with nothing waiting shows 0 (an exception reason
 * of {@code none}), so that an alert on these series sees the tenant.
 */
public final class BacklogGauges extends PeriodicGauges {
    private static final List<String> STATUSES = List.of("READY", "SENDING", "UNKNOWN", "EXCEPTION");

    private final Database db;
    private final Clock clock;
    private final TenantTags tenants;
    private final MultiGauge outbox;
    private final MultiGauge outboxAge;
    private final MultiGauge exceptions;
    private final MultiGauge exceptionAge;
    private final MultiGauge timersDue;
    private final MultiGauge positionAge;

    public BacklogGauges(Database db, Clock clock, TenantTags tenants, MeterRegistry registry, Duration refresh) {
        super("finrelay-metrics", "backlog");
        this.db = db;
        this.clock = clock;
        this.tenants = tenants;
        this.outbox = MultiGauge.builder("finrelay.outbox.commands").description("Commands not delivered yet, by status")
                .register(registry);
        this.outboxAge = MultiGauge.builder("finrelay.outbox.oldest.age").baseUnit("seconds")
                .description("Age of the oldest command not delivered yet").register(registry);
        this.exceptions = MultiGauge.builder("finrelay.exceptions.open").description("Open exceptions, by reason code")
                .register(registry);
        this.exceptionAge = MultiGauge.builder("finrelay.exceptions.oldest.age").baseUnit("seconds")
                .description("Age of the oldest open exception").register(registry);
        this.timersDue = MultiGauge.builder("finrelay.timers.due").description("Timers past their due time, not fired yet")
                .register(registry);
        this.positionAge = MultiGauge.builder("finrelay.cash.position.oldest.age").baseUnit("seconds")
                .description("Age of the staler house account's cash position (the bank's time of its newest balance)")
                .register(registry);
        start(refresh);
    }

    /** Reads the backlog now. */
    @Override
    public synchronized void refresh() {
        Instant now = clock.instant();
        Map<List<String>, Long> commands = new HashMap<>();
        Map<String, Instant> oldestCommand = new HashMap<>();
        Map<List<String>, Long> open = new HashMap<>();
        Map<String, Instant> oldestException = new HashMap<>();
        Map<String, Long> due = new HashMap<>();
        Map<String, Instant> stalest = new HashMap<>();
        db.inSystem(c -> {
            try (PreparedStatement s = c.prepareStatement("select tenant_id::text, status, count(*), min(created_at) "
                    + "from outbox group by 1, 2"); ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    String tenant = tenants.of(r.getString(1));
                    commands.merge(List.of(tenant, r.getString(2)), r.getLong(3), Long::sum);
                    oldestCommand.merge(tenant, r.getTimestamp(4).toInstant(), BacklogGauges::earlier);
                }
            }
            try (PreparedStatement s = c.prepareStatement("select tenant_id::text, code, count(*), min(created_at) "
                    + "from exception where status = 'OPEN' group by 1, 2"); ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    String tenant = tenants.of(r.getString(1));
                    open.merge(List.of(tenant, r.getString(2)), r.getLong(3), Long::sum);
                    oldestException.merge(tenant, r.getTimestamp(4).toInstant(), BacklogGauges::earlier);
                }
            }
            try (PreparedStatement s = c.prepareStatement("select tenant_id::text, count(*) from timer where due_at <= ? "
                    + "group by 1")) {
                s.setTimestamp(1, Timestamp.from(now));
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        due.merge(tenants.of(r.getString(1)), r.getLong(2), Long::sum);
                    }
                }
            }
            try (PreparedStatement s = c.prepareStatement("select p.tenant_id::text, min(p.as_of) from cash_position p "
                    + "join house_bank_account h on h.tenant_id = p.tenant_id and h.iban = p.account group by 1");
                 ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    stalest.merge(tenants.of(r.getString(1)), r.getTimestamp(2).toInstant(), BacklogGauges::earlier);
                }
            }
            return null;
        });
        // a tenant seen at work shows 0, not nothing, where it has nothing waiting
        for (String tenant : tenants.tagged()) {
            for (String status : STATUSES) {
                commands.putIfAbsent(List.of(tenant, status), 0L);
            }
            if (open.keySet().stream().noneMatch(k -> k.get(0).equals(tenant))) {
                open.put(List.of(tenant, "none"), 0L);
            }
            due.putIfAbsent(tenant, 0L);
        }
        outbox.register(rows(commands, "status"), true);
        outboxAge.register(ages(oldestCommand, now), true);
        exceptions.register(rows(open, "reason"), true);
        exceptionAge.register(ages(oldestException, now), true);
        List<MultiGauge.Row<?>> dueRows = new ArrayList<>();
        due.forEach((tenant, n) -> dueRows.add(MultiGauge.Row.of(Tags.of("tenant", tenant), n)));
        timersDue.register(dueRows, true);
        positionAge.register(ages(stalest, now), true);
    }

    private static List<MultiGauge.Row<?>> rows(Map<List<String>, Long> counts, String second) {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        counts.forEach((k, n) -> rows.add(MultiGauge.Row.of(Tags.of("tenant", k.get(0), second, k.get(1)), n)));
        return rows;
    }

    private static List<MultiGauge.Row<?>> ages(Map<String, Instant> oldest, Instant now) {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        oldest.forEach((tenant, at) -> rows.add(MultiGauge.Row.of(Tags.of("tenant", tenant),
                Math.max(0, Duration.between(at, now).toMillis() / 1000.0))));
        return rows;
    }

    private static Instant earlier(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
