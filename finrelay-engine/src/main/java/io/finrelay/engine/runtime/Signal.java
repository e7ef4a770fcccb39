package io.finrelay.engine.runtime;

import java.time.Duration;

/**
 * An in-process wake-up: writers {@link #raise()} it after committing work, idle workers
 * {@link #await} it with a timeout that is the slow poll kept as a safety net. Work another node
 * wrote arrives as {@link #wake()} (from {@link ClusterWakeUps}, a hint only), which wakes the
 * workers without telling the raise hook, so a wake-up from elsewhere is never sent back out.
 */
public final class Signal {
    private long generation;
    private volatile Runnable onRaise = () -> { };

    /** This node committed work: wake the local workers and tell the hook (other nodes). */
    public void raise() {
        wake();
        onRaise.run();
    }

    /** Wakes the local workers only: another node said it wrote work. */
    public synchronized void wake() {
        generation++;
        notifyAll();
    }

    /** Run after every {@link #raise()} (not after {@link #wake()}): how other nodes hear of local work. */
    public void onRaise(Runnable hook) {
        this.onRaise = java.util.Objects.requireNonNull(hook);
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
