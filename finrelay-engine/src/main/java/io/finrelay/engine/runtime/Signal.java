package io.finrelay.engine.runtime;

import java.time.Duration;

/**
 * An in-process wake-up: writers {@link #raise()} it after committing work, idle workers
 * {@link #await} it with a timeout that is the slow poll kept as a safety net (and the only way a
 * node learns of work another node wrote).
 */
public final class Signal {
    private long generation;

    public synchronized void raise() {
        generation++;
        notifyAll();
    }

    /** Waits until raised after {@code seen}, or the timeout; returns the generation to pass next time. */
    public synchronized long await(long seen, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (generation == seen) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return generation;
    }

    public synchronized long generation() {
        return generation;
    }
}
