package io.finrelay.server.expense;

import io.finrelay.model.id.TenantId;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Runs {@link ExpensePolling} for every tenant that has it on: every tick it asks which tenants are due
 * and polls each. Any node may run it; a tenant's lease keeps two nodes from polling it at once. A poll
 * that fails is recorded as the tenant's last result and tried again at its next interval.
 */
@Component
public class ExpensePoller implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(ExpensePoller.class);

    /** How long a stop waits for a poll under way before interrupting it. */
    static final Duration GRACE = Duration.ofSeconds(5);

    private final ExpensePolling polling;
    private final Duration tick;
    private final Duration grace;
    private ScheduledExecutorService scheduler;
    private volatile boolean stopping;

    @Autowired
    public ExpensePoller(ExpensePolling polling, @Value("${finrelay.expense.polling.tick:5s}") Duration tick) {
        this(polling, tick, GRACE);
    }

    ExpensePoller(ExpensePolling polling, Duration tick, Duration grace) {
        this.polling = polling;
        this.tick = tick;
        this.grace = grace;
    }

    void tick() {
        try {
            for (TenantId tenant : polling.due()) {
                if (stopping) {
                    return;
                }
                polling.poll(tenant);
            }
        } catch (RuntimeException e) {
            // the database unreachable, say: the next tick tries again
            log.warn("expense platform polling: could not run this tick: {}", e.toString());
        }
    }

    @Override
    public synchronized void start() {
        stopping = false;
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "expense-poller");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::tick, tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Stops polling: no tenant is started after this, a poll under way may finish within {@link #GRACE}, then
     * it is interrupted (a tenant's poll is taken again at its next interval, its lease runs out by itself).
     * Waiting longer held a node's shutdown for as long as a poll waited for a database that was going away.
     */
    @Override
    public synchronized void stop() {
        if (scheduler == null) {
            return;
        }
        stopping = true;
        scheduler.shutdown();
        try {
            if (!scheduler.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("expense platform polling: a poll still runs after {}; interrupting it", grace);
                scheduler.shutdownNow();
            }
        } catch (InterruptedException e) {
            scheduler.shutdownNow();
            Thread.currentThread().interrupt();
        }
        scheduler = null;
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }
}
