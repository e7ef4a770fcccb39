package io.finrelay.server.expense;

import com.fasterxml.jackson.databind.JsonNode;
import io.finrelay.connectors.sandbox.ExpensePlatformClient;
import io.finrelay.connectors.sandbox.PeerEndpoint;
import io.finrelay.engine.db.Database;
import io.finrelay.engine.inbox.InboxKey;
import io.finrelay.engine.runtime.Receipt;
import io.finrelay.model.id.TenantId;
import io.finrelay.server.audit.AuditLog;
import io.finrelay.server.security.TenantScope;
import io.finrelay.server.tenancy.TenantSql;
import io.finrelay.server.web.ApiProblem;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The polling fallback for an expense platform that sends no webhooks (or loses some): per tenant, the
 * platform's list of approved reports changed since the tenant's cursor is read, and each report enters
 * the workflow through {@link ExpenseIngress}, the webhook's own path. A report announced by webhook and
 * found by a poll as well ends in one effect: its instance exists, and a second approval does not apply
 * to it. The cursor (the newest change taken in) is kept in the database, so a restarted node or another
 * one goes on from it; a poll holds its tenant by a lease on the database's clock, so nodes never poll one
 * tenant at the same time.
 */
@Component
public class ExpensePolling {
    private static final Logger log = LoggerFactory.getLogger(ExpensePolling.class);
    /** Read again from a little before the cursor: changes stamped in the same instant as the last one taken. */
    static final Duration OVERLAP = Duration.ofMinutes(1);
    static final int PAGE = 100;
    /** At most this many pages per poll; the rest waits for the next one, the cursor marking where it stopped. */
    static final int MAX_PAGES = 20;
    static final String SOURCE = "poll:expense-platform";

    /** A tenant's polling as stored, with the last poll's outcome. */
    public record Setting(boolean enabled, int everySeconds, Instant cursor, Instant lastPolledAt, String lastResult) {}

    /** What one poll did. {@code ran} is false when another node (or this one) was polling the tenant. */
    public record Outcome(boolean ran, int listed, int taken, int alreadyKnown, List<String> refused, Instant cursor, String failure) {
        static Outcome skipped() {
            return new Outcome(false, 0, 0, 0, List.of(), null, null);
        }

        String summary() {
            if (failure != null) {
                return "failed: " + failure;
            }
            return listed + " listed, " + taken + " taken in, " + alreadyKnown + " already known"
                    + (refused.isEmpty() ? "" : ", refused: " + String.join("; ", refused));
        }
    }

    private final Database db;
    private final Clock clock;
    private final AuditLog audit;
    private final ExpenseSettings settings;
    private final ExpenseIngress ingress;
    private final ExpensePlatformClient platform = new ExpensePlatformClient();

    public ExpensePolling(Database db, Clock clock, AuditLog audit, ExpenseSettings settings, ExpenseIngress ingress) {
        this.db = db;
        this.clock = clock;
        this.audit = audit;
        this.settings = settings;
        this.ingress = ingress;
    }

    public Optional<Setting> find(TenantId tenant) {
        return db.inTenant(tenant, c -> load(c, tenant));
    }

    private static Optional<Setting> load(Connection c, TenantId tenant) throws SQLException {
        try (PreparedStatement select = TenantSql.prepare(c, tenant, "select enabled, every_seconds, cursor_at, last_polled_at, "
                + "last_result from expense_polling where tenant_id = ?");
             ResultSet rs = select.executeQuery()) {
            return rs.next() ? Optional.of(new Setting(rs.getBoolean(1), rs.getInt(2), instant(rs.getTimestamp(3)),
                    instant(rs.getTimestamp(4)), rs.getString(5))) : Optional.empty();
        }
    }

    /** Turns polling on or off and sets how often; the cursor stays. Audited in the same transaction. */
    public Setting save(TenantScope scope, boolean enabled, int everySeconds, String correlationId) {
        TenantId tenant = scope.tenantId();
        return db.inTenant(tenant, c -> {
            Optional<Setting> before = load(c, tenant);
            try (PreparedStatement upsert = TenantSql.prepare(c, tenant, "insert into expense_polling (tenant_id, enabled, "
                    + "every_seconds, updated_at) values (?, ?, ?, ?) on conflict (tenant_id) do update set "
                    + "enabled = excluded.enabled, every_seconds = excluded.every_seconds, updated_at = excluded.updated_at")) {
                upsert.setBoolean(2, enabled);
                upsert.setInt(3, everySeconds);
                upsert.setTimestamp(4, Timestamp.from(clock.instant()));
                upsert.executeUpdate();
            }
            Setting after = load(c, tenant).orElseThrow();
            audit.configurationChanged(c, scope, "expense/polling", before.map(ExpensePolling::audited).orElse(null),
                    audited(after), correlationId);
            return after;
        });
    }

    private static Map<String, Object> audited(Setting s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("enabled", s.enabled());
        out.put("everySeconds", s.everySeconds());
        return out;
    }

    /** Tenants whose next poll is due (enabled, not polled for their interval, not held by a poll in progress). */
    List<TenantId> due() {
        Instant now = clock.instant();
        return db.inSystem(c -> {
            List<TenantId> out = new ArrayList<>();
            // every tenant's polling row, by design: the one query that finds who is due
            try (PreparedStatement select = c.prepareStatement("select tenant_id from expense_polling where enabled "
                    + "and (last_polled_at is null or last_polled_at + every_seconds * interval '1 second' <= ?) "
                    + "and (claimed_until is null or claimed_until < clock_timestamp()) order by last_polled_at nulls first")) {
                select.setTimestamp(1, Timestamp.from(now));
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        out.add(new TenantId(rs.getObject(1, UUID.class)));
                    }
                }
            }
            return out;
        });
    }

    /**
     * One poll of the tenant's platform, now, whatever its interval (the scheduler asks only when due).
     * Answers {@link Outcome#skipped()} when a poll of the tenant is already in progress anywhere.
     */
    public Outcome poll(TenantId tenant) {
        Optional<Instant> claimed = claim(tenant);
        if (claimed == null) {
            return Outcome.skipped();
        }
        Instant cursor = claimed.orElse(null);
        Outcome outcome;
        try {
            outcome = pollFrom(tenant, cursor);
        } catch (RuntimeException e) {
            outcome = new Outcome(true, 0, 0, 0, List.of(), cursor, e.getMessage() == null ? e.toString() : e.getMessage());
        }
        finish(tenant, outcome);
        if (outcome.failure() != null) {
            log.warn("expense platform poll of tenant {} failed: {}", tenant, outcome.failure());
        }
        return outcome;
    }

    private Outcome pollFrom(TenantId tenant, Instant cursor) {
        PeerEndpoint endpoint = settings.endpoint(tenant, "expense-platform")
                .orElseThrow(() -> new IllegalStateException("the tenant has no expense platform configured"));
        Instant after = cursor == null ? Instant.EPOCH : cursor.minus(OVERLAP);
        Instant newest = cursor;
        int listed = 0;
        int taken = 0;
        int known = 0;
        List<String> refused = new ArrayList<>();
        // pages by the change time (keyset, a millisecond of overlap): a report changed again while the list
        // is read moves to its end and is read there, where pages by offset would shift and skip one
        Instant from = after;
        int offset = 0;
        for (int page = 0; page < MAX_PAGES; page++) {
            ExpensePlatformClient.Page changed = platform.approvedSince(endpoint, from, offset, PAGE);
            Instant lastOnPage = null;
            for (String id : changed.refused()) {
                refused.add(id + ": its document is not on the platform's own address");
            }
            for (ExpensePlatformClient.Changed item : changed.items()) {
                listed++;
                Optional<JsonNode> report = platform.fetch(endpoint, item.userId(), item.reportId());
                if (report.isEmpty()) {
                    refused.add(item.reportId() + ": listed but not found");
                } else {
                    try {
                        Receipt receipt = ingress.submit(tenant, report.get(), new InboxKey(tenant, SOURCE, item.reportId() + "@" + item.modified()),
                                UUID.randomUUID().toString(), SOURCE);
                        // a new instance, also one that went straight to the exception queue, is taken in; a
                        // repeat, or an approval the existing instance no longer takes, was known already
                        if (receipt instanceof Receipt.Accepted || receipt instanceof Receipt.Failed) {
                            taken++;
                        } else {
                            known++;
                        }
                    } catch (ApiProblem e) {
                        refused.add(item.reportId() + ": " + e.getMessage());
                    }
                }
                newest = newest == null || item.modified().isAfter(newest) ? item.modified() : newest;
                lastOnPage = lastOnPage == null || item.modified().isAfter(lastOnPage) ? item.modified() : lastOnPage;
            }
            if (!changed.more() || lastOnPage == null) {
                break;
            }
            Instant next = lastOnPage.minusMillis(1);
            if (next.isAfter(from)) {
                from = next;
                offset = 0;
            } else {
                offset += PAGE; // a whole page changed within one millisecond: go on by offset within it
            }
        }
        return new Outcome(true, listed, taken, known, List.copyOf(refused), newest, null);
    }

    /** The tenant's poll lease, on the database's clock: its cursor (empty for none yet), or null when held. */
    private Optional<Instant> claim(TenantId tenant) {
        return db.inTenant(tenant, c -> {
            try (PreparedStatement update = TenantSql.prepare(c, tenant, "update expense_polling set claimed_until = "
                    + "clock_timestamp() + interval '5 minutes' where tenant_id = ? and "
                    + "(claimed_until is null or claimed_until < clock_timestamp()) returning cursor_at")) {
                try (ResultSet rs = update.executeQuery()) {
                    return rs.next() ? Optional.ofNullable(instant(rs.getTimestamp(1))) : null;
                }
            }
        });
    }

    private void finish(TenantId tenant, Outcome outcome) {
        db.inTenant(tenant, c -> {
            try (PreparedStatement update = TenantSql.prepare(c, tenant, "with row as (select tenant_id from expense_polling "
                    + "where tenant_id = ?) update expense_polling p set claimed_until = null, cursor_at = coalesce(?, p.cursor_at), "
                    + "last_polled_at = ?, last_result = ? from row where p.tenant_id = row.tenant_id")) {
                update.setTimestamp(2, outcome.cursor() == null ? null : Timestamp.from(outcome.cursor()));
                update.setTimestamp(3, Timestamp.from(clock.instant()));
                update.setString(4, outcome.summary());
                update.executeUpdate();
            }
            return null;
        });
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
