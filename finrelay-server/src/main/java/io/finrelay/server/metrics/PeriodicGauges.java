package io.finrelay.server.metrics;

import io.finrelay.engine.FailurePause;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gauges read from the database on a schedule of their own, never on a scrape: a subclass says what it
 * reads ({@link #refresh()}) and starts the schedule once it is built ({@link #start}). A failed read is
 * logged (a database outage once until it ends) and tried again at the next turn; the gauges keep their
 * last figures meanwhile.
 */
abstract class PeriodicGauges implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PeriodicGauges.class);

    private final ScheduledExecutorService schedule;
    private final String what;
    private FailurePause failures;

    PeriodicGauges(String threadName, String what) {
        this.what = what;
        this.schedule = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name(threadName).daemon().factory());
    }

    /** Reads the figures now. */
    public abstract void refresh();

    /** Reads now and every {@code every} from now on; called at the end of the subclass's constructor. */
    final void start(Duration every) {
        failures = new FailurePause(what + " metrics", every, every, log);
        schedule.scheduleWithFixedDelay(this::refreshQuietly, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A database outage is logged once when it starts and once when it ends, not at every turn. */
    private void refreshQuietly() {
        try {
            refresh();
            failures.worked(Clock.systemUTC().instant());
        } catch (RuntimeException e) {
            failures.failed(e, Clock.systemUTC().instant());
        }
    }

    @Override
    public void close() {
        schedule.shutdownNow();
    }
}
