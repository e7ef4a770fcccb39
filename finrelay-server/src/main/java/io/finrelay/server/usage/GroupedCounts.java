package io.finrelay.server.usage;

import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Counts added by concurrent callers, written together (a group commit): a caller's count goes into the
 * next write, and the caller returns once that write has ended. While one write runs, every count that
 * arrives waits and goes into the one after it, made by the first of those callers that finds no write
 * running. So a write per burst of calls, not per call, and no count is answered before it was written.
 * A write that fails loses its counts: the writer reports that itself and returns (should it throw, the
 * caller that made the write gets the exception and the others of its group return as if written).
 *
 * @param <K> what is counted, in the order the writer should take the keys (a lock order)
 */
final class GroupedCounts<K extends Comparable<K>> {
    private final Consumer<SortedMap<K, Long>> writer;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition ended = lock.newCondition();
    private TreeMap<K, Long> pending = new TreeMap<>();
    private long pendingCount;
    /** The number of the write that will take what is pending; the one before it may be running. */
    private long next = 1;
    /** The number of the last write that ended. */
    private long done;
    private boolean writing;

    /** {@code writer} writes one group's counts, each key with how many were added, and reports its own failure. */
    GroupedCounts(Consumer<SortedMap<K, Long>> writer) {
        this.writer = writer;
    }

    /** Adds one to {@code key}; returns once a write that holds it has ended. */
    void add(K key) {
        lock.lock();
        try {
            pending.merge(key, 1L, Long::sum);
            pendingCount++;
            long mine = next;
            while (done < mine) {
                if (writing) {
                    ended.awaitUninterruptibly();
                    continue;
                }
                // No write runs, so what is pending (this count among it) is write number `next`.
                writing = true;
                TreeMap<K, Long> group = pending;
                pending = new TreeMap<>();
                pendingCount = 0;
                long number = next++;
                lock.unlock();
                try {
                    writer.accept(group);
                } finally {
                    lock.lock();
                    writing = false;
                    done = number;
                    ended.signalAll();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** How many counts wait for a write (for tests: callers queued behind a running write). */
    long waiting() {
        lock.lock();
        try {
            return pendingCount;
        } finally {
            lock.unlock();
        }
    }
}
