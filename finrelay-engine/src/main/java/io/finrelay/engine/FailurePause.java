package io.finrelay.engine;

import io.finrelay.engine.db.DatabaseOutage;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;

/**
 * How one background worker (a dispatcher, the timer poller, the audit sealer; in the server also the
 * metrics refresh and the bank channels' polls) waits after a failed round, and what it says about it.
 *
 * <p>Why: a worker that logs and retries at its poll rate fills the log with one stack trace per round
 * while the database is down (a restart, a fail-over) and keeps knocking at it. Here the wait doubles
 * from {@code first} up to {@code max} while rounds fail, and falls back at the first round that works.
 * A database outage is logged once when it starts (a warning, no stack trace: it is an operating
 * condition, not a bug) and once when it ends; any other failure is logged every time with its stack
 * trace, since each one may be a different bug.
 */
public final class FailurePause {
    private final String worker;
    private final Duration first;
    private final Duration max;
    private final Logger log;
    private Duration next;
    private Instant outageSince;

    public FailurePause(String worker, Duration first, Duration max, Logger log) {
        if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("pause must grow from a positive first " + first + " up to max " + max);
        }
        this.worker = worker;
        this.first = first;
        this.max = max;
        this.log = log;
        this.next = first;
    }

    /** A round failed at {@code now}: says so if it should, and answers how long to wait before the next one. */
    public Duration failed(RuntimeException failure, Instant now) {
        Duration wait = next;
        next = next.multipliedBy(2).compareTo(max) > 0 ? max : next.multipliedBy(2);
        if (DatabaseOutage.isOutage(failure)) {
            if (outageSince == null) {
                outageSince = now;
                log.warn("{}: the database is unavailable ({}); waiting for it, trying again after {} ms and then up "
                        + "to every {} ms (said once until it is back)", worker, reason(failure), wait.toMillis(),
                        max.toMillis());
            }
        } else {
            log.error("{} failed; trying again after {} ms", worker, wait.toMillis(), failure);
        }
        return wait;
    }

    /** A round worked at {@code now}: the next failure waits {@code first} again, and an outage is over. */
    public void worked(Instant now) {
        next = first;
        if (outageSince != null) {
            log.info("{}: the database is back after {} s; resumed", worker,
                    Math.max(0, Duration.between(outageSince, now).toSeconds()));
            outageSince = null;
        }
    }

    /** The failure's message, and its root cause's where that says more (a pool's timeout wraps "refused"). */
    static String reason(Throwable failure) {
        Throwable root = failure;
        for (int depth = 0; root.getCause() != null && root.getCause() != root && depth < 16; depth++) {
            root = root.getCause();
        }
        String top = String.valueOf(failure.getMessage());
        String deepest = String.valueOf(root.getMessage());
        return root == failure || top.contains(deepest) ? top : top + ": " + deepest;
    }

    /** True while the rounds meet a database outage (since the first failed round, until one works). */
    public boolean inOutage() {
        return outageSince != null;
    }
}
