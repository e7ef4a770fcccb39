package io.finrelay.server.card;

import io.finrelay.engine.FailurePause;
import io.finrelay.engine.WorkflowEngine;
import io.finrelay.engine.db.Database;
import io.finrelay.engine.db.DatabaseOutage;
import io.finrelay.engine.inbox.InboxKey;
import io.finrelay.engine.runtime.InboundEvent;
import io.finrelay.engine.runtime.Input;
import io.finrelay.engine.runtime.Receipt;
import io.finrelay.formats.card.CardTransactionFile.CardTransaction;
import io.finrelay.model.id.TenantId;
import io.finrelay.reconciliation.card.CardMatcher;
import io.finrelay.server.monitors.Monitors;
import io.finrelay.server.security.Access;
import io.finrelay.server.security.TenantScope;
import io.finrelay.workflows.card.CardAccrual;
import io.finrelay.workflows.card.CardReminder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * What happens to card transactions after they arrive, for every tenant every {@code finrelay.cards.every}
 * (five minutes) and for one tenant right after it sends a file: they are matched to the expense lines that
 * have come in since; an unmatched charge posted more than the tenant's grace period ago becomes a
 * {@link CardReminder} (keyed by the transaction, so its holder is reminded once); and once a month has ended,
 * the charges and refunds posted in it or before that are still unmatched become one {@link CardAccrual} per
 * legal entity (keyed by month and entity, so it is posted once). Every node may sweep: matching locks the
 * tenant's unmatched rows, and the inbox keeps a second reminder or accrual out. Time is the injected clock's
 * (UTC days), so a test steps it and calls {@link #sweep}.
 */
@Component
public final class CardFollowUps implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CardFollowUps.class);
    /** The source of the sweep's inbox keys and the actor of its transitions. */
    static final String SOURCE = "card-sweep";

    /** What one sweep did in one tenant (or, summed, in all). */
    public record Round(int matched, int reminded, int accruals, int accrued, int unassigned) {
        Round plus(Round o) {
            return new Round(matched + o.matched, reminded + o.reminded, accruals + o.accruals, accrued + o.accrued,
                    unassigned + o.unassigned);
        }
    }

    private final Database db;
    private final WorkflowEngine engine;
    private final Access access;
    private final CardTransactions transactions;
    private final CardSettings settings;
    private final Clock clock;
    private final ScheduledExecutorService schedule;
    private final FailurePause failures;

    public CardFollowUps(Database db, WorkflowEngine engine, Access access, CardTransactions transactions,
                         CardSettings settings, Clock clock,
                         @Value("${finrelay.cards.enabled:true}") boolean enabled,
                         @Value("${finrelay.cards.every:PT5M}") Duration every) {
        this.db = db;
        this.engine = engine;
        this.access = access;
        this.transactions = transactions;
        this.settings = settings;
        this.clock = clock;
        this.failures = new FailurePause("card sweep", every, every, log);
        this.schedule = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("finrelay-cards").daemon().factory());
        if (enabled) {
            schedule.scheduleWithFixedDelay(this::scheduled, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void scheduled() {
        try {
            sweep();
            failures.worked(clock.instant());
        } catch (RuntimeException e) {
            failures.failed(e, clock.instant());
        }
    }

    /** One sweep of every tenant now. */
    public Round sweep() {
        Round total = new Round(0, 0, 0, 0, 0);
        for (TenantId tenant : Monitors.tenants(db)) {
            try {
                total = total.plus(sweep(access.configured(tenant, SOURCE)));
            } catch (RuntimeException e) {
                if (DatabaseOutage.isOutage(e)) {
                    throw e;
                }
                // One tenant's trouble does not keep the others' cards unfollowed.
                log.warn("card sweep: tenant {} not swept this round: {}", tenant, e.toString());
            }
        }
        return total;
    }

    /** One tenant's sweep: match, remind, accrue. */
    public Round sweep(TenantScope scope) {
        CardSettings.CardFeedSettings s = settings.of(scope);
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        int matched = transactions.match(scope, s.matcher(), now).size();
        int reminded = remind(scope, s, today, now);
        int[] accrual = s.accrues() ? accrue(scope, s, today, now) : new int[] {0, 0, 0};
        Round round = new Round(matched, reminded, accrual[0], accrual[1], accrual[2]);
        if (matched + reminded + accrual[0] > 0) {
            log.info("tenant {}: card sweep {}", scope.tenantId(), round);
        }
        return round;
    }

    /** Matches one tenant's transactions now (after a file arrived); the matches made. */
    List<CardMatcher.Match> match(TenantScope scope) {
        return transactions.match(scope, settings.of(scope).matcher(), clock.instant());
    }

    /** Reminds the holders of the charges posted more than the grace period ago and still unmatched. */
    private int remind(TenantScope scope, CardSettings.CardFeedSettings s, LocalDate today, Instant now) {
        List<String> done = new ArrayList<>();
        int reminded = 0;
        for (CardTransactions.Unmatched u : transactions.unmatched(scope, today.minusDays(s.graceDays() + 1L), true)) {
            CardTransaction t = u.transaction();
            if (t.billingAmount().signum() < 0) {
                continue; // a refund asks nothing of its holder
            }
            CardReminder.Reminder reminder = new CardReminder.Reminder(t.transactionId(), t.employeeId(), t.holderName(),
                    t.cardAccount(), t.merchantName(), t.transactionDate(), t.billingAmount(), t.billingCurrency(),
                    t.postingDate().plusDays(s.graceDays()));
            Receipt receipt = engine.submit(new InboundEvent(new InboxKey(scope.tenantId(), SOURCE,
                    "remind:" + t.transactionId()), CardReminder.TYPE, t.transactionId(),
                    new Input.Domain(new CardReminder.GraceExpired(reminder)), UUID.randomUUID().toString(), SOURCE));
            if (receipt instanceof Receipt.Accepted) {
                reminded++;
            }
            // Submitted now or before (the inbox answered the first receipt): the holder has been reminded.
            if (receipt instanceof Receipt.Accepted || receipt instanceof Receipt.Repeated) {
                done.add(t.transactionId());
            }
        }
        transactions.reminded(scope, done, now);
        return reminded;
    }

    /**
     * Accrues the month that ended last: per legal entity the transactions posted by its last day and still
     * unmatched. {accruals submitted, transactions in them, transactions of holders without a legal entity}.
     */
    private int[] accrue(TenantScope scope, CardSettings.CardFeedSettings s, LocalDate today, Instant now) {
        YearMonth ended = YearMonth.from(today).minusMonths(1);
        String period = ended.toString();
        Set<String> already = transactions.accrued(scope, period);
        Map<String, List<CardAccrual.Item>> byEntity = new TreeMap<>();
        int unassigned = 0;
        for (CardTransactions.Unmatched u : transactions.unmatched(scope, ended.atEndOfMonth(), false)) {
            if (u.legalEntityId() == null) {
                unassigned++;
                continue;
            }
            CardTransaction t = u.transaction();
            byEntity.computeIfAbsent(u.legalEntityId(), e -> new ArrayList<>()).add(new CardAccrual.Item(t.transactionId(),
                    t.cardAccount(), t.employeeId(), t.merchantName(), t.transactionDate(), t.billingAmount(),
                    t.billingCurrency()));
        }
        int accruals = 0;
        int accrued = 0;
        for (Map.Entry<String, List<CardAccrual.Item>> e : byEntity.entrySet()) {
            if (already.contains(e.getKey())) {
                continue;
            }
            CardAccrual.Accrual accrual = new CardAccrual.Accrual(scope.tenantId().toString(), e.getKey(), period,
                    s.accrualAccount(), s.liabilityAccount(), e.getValue());
            Receipt receipt = engine.submit(new InboundEvent(new InboxKey(scope.tenantId(), SOURCE,
                    "accrue:" + accrual.key()), CardAccrual.TYPE, accrual.key(),
                    new Input.Domain(new CardAccrual.MonthClosed(accrual)), UUID.randomUUID().toString(), SOURCE));
            if (receipt instanceof Receipt.Accepted) {
                accruals++;
                accrued += e.getValue().size();
            }
            // Submitted now, or before with another set of transactions (the inbox keeps the first): done either way.
            if (receipt instanceof Receipt.Accepted || receipt instanceof Receipt.Repeated
                    || receipt instanceof Receipt.PayloadMismatch) {
                transactions.accrualSubmitted(scope, period, e.getKey(), e.getValue().size(), now);
            } else {
                log.warn("tenant {}: card accrual {} not submitted: {}", scope.tenantId(), accrual.key(), receipt);
            }
        }
        return new int[] {accruals, accrued, unassigned};
    }

    @Override
    public void close() {
        schedule.shutdownNow();
    }
}
