package io.finrelay.connectors.erp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Coalesces concurrent single calls into batch calls. The outbox dispatcher calls a connector once per
 * command, in parallel; a peer like Tryton is four times faster per entry in batches of 20. Callers
 * {@link #submit} one item and block (cheaply, on a virtual thread); one drainer thread takes what
 * has arrived, waits at most {@code linger} for more while the batch is not full, makes one batch
 * call, and completes every caller with its own result.
 *
 * <p>One batch is in flight at a time per batcher: the peer serialises writes anyway, and the
 * waiting callers form the next batch meanwhile, so no time is lost lingering under load.
 */
public final class MicroBatcher<I, O> implements AutoCloseable {
    private record Call<I, O>(I item, CompletableFuture<O> result) {}

    private final LinkedBlockingQueue<Call<I, O>> queue = new LinkedBlockingQueue<>();
    private final Function<List<I>, List<O>> batchCall;
    private final int maxBatch;
    private final long lingerNanos;
    private final List<Thread> drainers = new ArrayList<>();
    private volatile boolean closed;

    /** {@code batchCall} must answer one result per item, in order. One batch in flight at a time. */
    public MicroBatcher(String name, int maxBatch, Duration linger, Function<List<I>, List<O>> batchCall) {
        this(name, maxBatch, linger, 1, batchCall);
    }

    /**
     * {@code inFlight} batches may run at once: with 2, the next batch is formed and sent while the
     * previous one is still being answered (the peer serialises its writes, but its per-call overhead,
     * HTTP, parsing and the read of the numbers, overlaps).
     */
    public MicroBatcher(String name, int maxBatch, Duration linger, int inFlight,
                        Function<List<I>, List<O>> batchCall) {
        if (maxBatch < 1 || inFlight < 1) {
            throw new IllegalArgumentException("maxBatch and inFlight must be at least 1");
        }
        this.batchCall = Objects.requireNonNull(batchCall, "batchCall");
        this.maxBatch = maxBatch;
        this.lingerNanos = linger.toNanos();
        for (int i = 0; i < inFlight; i++) {
            drainers.add(Thread.ofVirtual().name("micro-batcher-" + name + "-" + i).start(this::drain));
        }
    }

    /** Adds the item to the next batch and waits for its result; the batch call's exception is rethrown. */
    public O submit(I item) {
        if (closed) {
            throw new IllegalStateException("batcher closed");
        }
        CompletableFuture<O> result = new CompletableFuture<>();
        queue.add(new Call<>(item, result));
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the batch was running", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private void drain() {
        List<Call<I, O>> batch = new ArrayList<>(maxBatch);
        while (!closed) {
            try {
                batch.add(queue.take());
                queue.drainTo(batch, maxBatch - batch.size());
                long deadline = System.nanoTime() + lingerNanos;
                while (batch.size() < maxBatch) {
                    long left = deadline - System.nanoTime();
                    Call<I, O> next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
                    if (next == null) {
                        break;
                    }
                    batch.add(next);
                    queue.drainTo(batch, maxBatch - batch.size());
                }
            } catch (InterruptedException e) {
                break;
            }
            run(batch);
            batch.clear();
        }
        Call<I, O> left;
        while ((left = queue.poll()) != null) {
            left.result().completeExceptionally(new IllegalStateException("batcher closed"));
        }
        batch.forEach(c -> c.result().completeExceptionally(new IllegalStateException("batcher closed")));
    }

    private void run(List<Call<I, O>> batch) {
        try {
            List<O> results = batchCall.apply(batch.stream().map(Call::item).toList());
            if (results.size() != batch.size()) {
                throw new IllegalStateException("batch call answered " + results.size() + " results for "
                        + batch.size() + " items");
            }
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).result().complete(results.get(i));
            }
        } catch (RuntimeException e) {
            batch.forEach(c -> c.result().completeExceptionally(e));
        }
    }

    @Override
    public void close() {
        closed = true;
        drainers.forEach(Thread::interrupt);
    }
}
