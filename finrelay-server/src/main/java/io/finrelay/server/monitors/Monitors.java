package io.finrelay.server.monitors;

import io.finrelay.engine.FailurePause;
import io.finrelay.engine.WorkflowEngine;
import io.finrelay.engine.db.Database;
import io.finrelay.engine.exception.ExceptionQueue;
import io.finrelay.engine.exception.OperatorAction;
import io.finrelay.engine.inbox.InboxKey;
import io.finrelay.engine.runtime.InboundEvent;
import io.finrelay.engine.runtime.Input;
import io.finrelay.engine.runtime.Receipt;
import io.finrelay.model.id.TenantId;
import io.finrelay.server.metrics.TenantTags;
import io.finrelay.server.security.Access;
import io.finrelay.server.security.TenantScope;
import io.finrelay.server.tenancy.TenantSql;
import io.finrelay.workflows.monitor.StuckAlert;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Runs the stuck-workflow monitors: every {@code finrelay.monitors.every} (one minute), on one node at a
 * time ({@link MonitorLock}), for every tenant with its own thresholds. A condition found for the first
 * time becomes a {@link StuckAlert} instance keyed by monitor, subject and since (its exception and its
 * webhook are the engine's, in the transition's one transaction); a condition found again changes
 * nothing; an open breach no longer found ends (its cleared webhook goes out) and its exception is
 * resolved by the monitor. Time is the injected clock's, so a test steps it and runs {@link #evaluate}.
 */
@Component
public final class Monitors implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Monitors.class);
    /** The source of the monitors' inbox keys and the actor of their transitions and exception actions. */
    static final String SOURCE = "monitor";

    /** What one round did, over all tenants. */
    public record Round(int opened, int ended, int resolved, int open) {}

    private final Database db;
    private final WorkflowEngine engine;
    private final Access access;
    private final MonitorSettings settings;
    private final Clock clock;
    private final TenantTags tenantTags;
    private final MultiGauge openBreaches;
    private final ScheduledExecutorService schedule;
    private final FailurePause failures;

    public Monitors(Database db, WorkflowEngine engine, Access access, MonitorSettings settings, Clock clock,
                    MeterRegistry meters, TenantTags tenantTags,
                    @Value("${finrelay.monitors.enabled:true}") boolean enabled,
                    @Value("${finrelay.monitors.every:PT1M}") Duration every) {
        this.db = db;
        this.engine = engine;
        this.access = access;
        this.settings = settings;
        this.clock = clock;
        this.tenantTags = tenantTags;
        this.openBreaches = MultiGauge.builder("finrelay.monitor.breaches.open")
                .description("Stuck-workflow monitor breaches open, by tenant and monitor").register(meters);
        this.failures = new FailurePause("stuck-workflow monitors", every, every, log);
        this.schedule = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("finrelay-monitors").daemon().factory());
        if (enabled) {
            schedule.scheduleWithFixedDelay(this::scheduledRound, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** A database outage is logged once when it starts and once when it ends, not at every turn. */
    private void scheduledRound() {
        try {
            tryRound();
            failures.worked(clock.instant());
        } catch (RuntimeException e) {
            failures.failed(e, clock.instant());
        }
    }

    /** Every tenant's id: what a job that visits each tenant in its own scope goes through (the card sweep). */
    public static List<TenantId> tenants(Database db) {
        return MonitorLock.tenants(db);
    }

    /** One round now, waiting for a round on another node to end first. */
    public Round evaluate() {
        return round(true).orElseThrow();
    }

    /** One round now, unless another node is running one (then empty): what the schedule runs. */
    Optional<Round> tryRound() {
        return round(false);
    }

    private Optional<Round> round(boolean wait) {
        try (MonitorLock lock = MonitorLock.acquire(db.dataSource(), wait).orElse(null)) {
            if (lock == null) {
                return Optional.empty();
            }
            long started = System.nanoTime();
            int[] totals = new int[4];
            List<MultiGauge.Row<?>> rows = new ArrayList<>();
            for (TenantId tenant : MonitorLock.tenants(db)) {
                Round r;
                try {
                    r = evaluate(access.configured(tenant, SOURCE), rows);
                } catch (RuntimeException e) {
                    if (io.finrelay.engine.db.DatabaseOutage.isOutage(e)) {
                        throw e; // the round's trouble, not the tenant's: said once by the schedule's pause
                    }
                    // One tenant's trouble (a query, a submission) does not keep the others unwatched.
                    log.warn("stuck-workflow monitors: tenant {} not evaluated this round: {}", tenant, e.toString());
                    continue;
                }
                totals[0] += r.opened();
                totals[1] += r.ended();
                totals[2] += r.resolved();
                totals[3] += r.open();
            }
            openBreaches.register(rows, true);
            Round round = new Round(totals[0], totals[1], totals[2], totals[3]);
            long millis = (System.nanoTime() - started) / 1_000_000;
            if (round.opened() + round.ended() + round.resolved() > 0) {
                log.info("stuck-workflow monitors: round in {} ms: {}", millis, round);
            } else {
                log.debug("stuck-workflow monitors: round in {} ms: {}", millis, round);
            }
            return Optional.of(round);
        } catch (SQLException e) {
            throw new io.finrelay.engine.db.DatabaseException(e);
        }
    }

    /** One tenant's round: find, open what is new, end what is over, resolve the exceptions of what ended. */
    private Round evaluate(TenantScope scope, List<MultiGauge.Row<?>> gaugeRows) {
        TenantId tenant = scope.tenantId();
        Thresholds thresholds = settings.thresholds(scope);
        Instant now = clock.instant();
        Map<String, StuckQueries.Finding> current = new LinkedHashMap<>();
        for (StuckQueries.Finding f : db.inTenant(tenant, c -> find(c, scope, thresholds, now))) {
            current.put(key(f), f);
        }
        Set<String> known = db.inTenant(tenant, c -> known(c, scope, current.keySet()));
        int opened = 0;
        for (Map.Entry<String, StuckQueries.Finding> e : current.entrySet()) {
            if (known.contains(e.getKey())) {
                continue;
            }
            StuckQueries.Finding f = e.getValue();
            StuckAlert.Breach breach = new StuckAlert.Breach(f.kind().monitor(), f.subject(), f.since(),
                    thresholds.of(f.kind()), now, f.summary(), f.context());
            Receipt receipt = engine.submit(new InboundEvent(new InboxKey(tenant, SOURCE, e.getKey()), StuckAlert.TYPE,
                    e.getKey(), new Input.Domain(new StuckAlert.Breached(breach)), UUID.randomUUID().toString(), SOURCE));
            if (receipt instanceof Receipt.Accepted) {
                opened++;
                log.info("tenant {}: {} breached: {}", tenant, f.kind().monitor(), f.summary());
            }
        }
        int ended = 0;
        Map<String, Integer> open = new LinkedHashMap<>();
        for (String key : db.inTenant(tenant, c -> openBreaches(c, scope))) {
            if (current.containsKey(key) || beyondLookback(key, now)) {
                open.merge(monitorOf(key), 1, Integer::sum);
                continue;
            }
            Receipt receipt = engine.submit(new InboundEvent(new InboxKey(tenant, SOURCE, "ended:" + key), StuckAlert.TYPE,
                    key, new Input.Domain(new StuckAlert.ConditionEnded(now)), UUID.randomUUID().toString(), SOURCE));
            if (receipt instanceof Receipt.Accepted) {
                ended++;
                log.info("tenant {}: breach {} cleared", tenant, key);
            }
        }
        int resolved = resolveEnded(scope);
        // A watched tenant shows 0 for a monitor with nothing open, not nothing: a panel or an alert can tell
        // "none stuck" from "not watched".
        for (MonitorKind kind : MonitorKind.values()) {
            open.putIfAbsent(kind.monitor(), 0);
        }
        open.forEach((monitor, n) -> gaugeRows.add(MultiGauge.Row.of(
                Tags.of("tenant", tenantTags.of(tenant), "monitor", monitor), n)));
        return new Round(opened, ended, resolved, open.values().stream().mapToInt(Integer::intValue).sum());
    }

    private static List<StuckQueries.Finding> find(Connection c, TenantScope scope, Thresholds thresholds, Instant now)
            throws SQLException {
        List<StuckQueries.Finding> out = new ArrayList<>();
        for (StuckQueries.Watch w : StuckQueries.WATCHES) {
            out.addAll(StuckQueries.stuck(c, scope, w, thresholds.of(w.kind()), now));
        }
        out.addAll(StuckQueries.paidNotReconciled(c, scope, thresholds.of(MonitorKind.PAID_NOT_RECONCILED), now));
        out.addAll(StuckQueries.missingStatements(c, scope, thresholds.of(MonitorKind.STATEMENT_MISSING), now));
        out.addAll(StuckQueries.stalePositions(c, scope, thresholds.of(MonitorKind.CASH_POSITION_STALE), now));
        return out;
    }

    /** A breach's instance key: monitor, subject and since; the same condition found again has the same key. */
    static String key(StuckQueries.Finding f) {
        return f.kind().monitor() + ":" + f.subject() + ":" + f.since();
    }

    /**
     * A missing statement older than the look-back is no longer looked for, which does not mean it came:
     * its breach stays open for an operator to resolve rather than clearing itself.
     */
    static boolean beyondLookback(String key, Instant now) {
        String[] parts = key.split(":", 4);
        if (!parts[0].equals(MonitorKind.STATEMENT_MISSING.monitor()) || parts.length < 4) {
            return false;
        }
        return java.time.LocalDate.parse(parts[2]).isBefore(now.atOffset(java.time.ZoneOffset.UTC).toLocalDate()
                .minusDays(StuckQueries.STATEMENT_LOOKBACK_DAYS));
    }

    private static String monitorOf(String key) {
        return key.substring(0, key.indexOf(':'));
    }

    /** Which of {@code keys} are breaches already (in any state). */
    private static Set<String> known(Connection c, TenantScope scope, Set<String> keys) throws SQLException {
        Set<String> out = new HashSet<>();
        if (keys.isEmpty()) {
            return out;
        }
        try (PreparedStatement select = TenantSql.prepare(c, scope, "select business_key from workflow_instance "
                + "where tenant_id = ? and workflow_type = ? and business_key = any(?)")) {
            select.setString(2, StuckAlert.TYPE);
            select.setArray(3, c.createArrayOf("text", keys.toArray()));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    private static List<String> openBreaches(Connection c, TenantScope scope) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement select = TenantSql.prepare(c, scope, "select business_key from workflow_instance "
                + "where tenant_id = ? and workflow_type = ? and state_name = 'Open' order by business_key")) {
            select.setString(2, StuckAlert.TYPE);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /**
     * Resolves the open exceptions of breaches that have ended, as the monitor (audited as an operator
     * action would be). Run every round, so one left open by a node that stopped between ending the
     * breach and resolving its exception is resolved by the next round.
     */
    private int resolveEnded(TenantScope scope) {
        List<UUID> exceptions = db.inTenant(scope.tenantId(), c -> {
            List<UUID> out = new ArrayList<>();
            try (PreparedStatement select = TenantSql.prepare(c, scope, "select e.id from exception e "
                    + "join workflow_instance i on i.tenant_id = e.tenant_id and i.id = e.instance_id "
                    + "where e.tenant_id = ? and e.status = 'OPEN' and e.code like ? and i.workflow_type = ? "
                    + "and i.state_name in ('Clearing', 'Cleared')")) {
                select.setString(2, StuckAlert.CODE_PREFIX + "%");
                select.setString(3, StuckAlert.TYPE);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getObject(1, UUID.class));
                    }
                }
            }
            return out;
        });
        int resolved = 0;
        for (UUID id : exceptions) {
            try {
                engine.exceptions().act(scope.tenantId(), id, OperatorAction.RESOLVE, SOURCE,
                        "the condition ended: cleared by the monitor", UUID.randomUUID().toString());
                resolved++;
            } catch (ExceptionQueue.ActionRefused e) {
                // An operator acted on it in the meantime: nothing left to do.
            }
        }
        return resolved;
    }

    @Override
    public void close() {
        schedule.shutdownNow();
    }
}
