package io.finrelay.server.expense;

import io.finrelay.model.id.TenantId;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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

    private final ExpensePolling polling;
    private final Duration tick;
    private ScheduledExecutorService scheduler;

    public ExpensePoller(ExpensePolling polling, @Value("${finrelay.expense.polling.tick:5s}") Duration tick) {
        this.polling = polling;
        this.tick = tick;
    }

    void tick() {
        try {
            for (TenantId tenant : polling.due()) {
                polling.poll(tenant);
            }
        } catch (RuntimeException e) {
            // the database unreachable, say: the next tick tries again
            log.warn("expense platform polling: could not run this tick: {}", e.toString());
        }
    }

    @Override
    public synchronized void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "expense-poller");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::tick, tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (scheduler == null) {
            return;
        }
        scheduler.shutdown();
        try {
            if (!scheduler.awaitTermination(30, TimeUnit.SECONDS)) {
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
