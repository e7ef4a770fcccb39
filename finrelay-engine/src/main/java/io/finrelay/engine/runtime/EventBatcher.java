package io.finrelay.engine.runtime;

import io.finrelay.engine.db.Database;
import io.finrelay.engine.db.DatabaseException;
import io.finrelay.engine.db.DatabaseOutage;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for inbound events. Producers hand their events to a queue; a few committer threads
 * each take what is waiting (up to a batch) and apply it in one transaction. Under load, batches
 * grow by themselves and many transitions share one commit (one WAL flush); with a single producer
 * a batch is one event and nothing waits.
 *
 * <p>If a batch fails (a concurrent creation of the same instance, a deadlock), its events are
 * applied one by one, each in its own transaction, so one event's trouble never fails another's.
 * A database that cannot be reached fails the whole batch at once: nothing was applied, and every
 * caller is told so (see {@link DatabaseOutage}).
 */
public final class EventBatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EventBatcher.class);
    private static final int ATTEMPTS_ALONE = 3;

    private record Pending(InboundEvent event, CompletableFuture<Receipt> receipt) {}

    private final Database db;
    private final EventProcessor processor;
    private final Clock clock;
    private final int maxBatch;
    private final Signal commandsWritten;
    private final Signal timersWritten;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final List<Thread> committers = new ArrayList<>();
    private volatile boolean running = true;

    public EventBatcher(Database db, EventProcessor processor, Clock clock, int committers, int maxBatch,
                        Signal commandsWritten, Signal timersWritten) {
        this.db = db;
        this.processor = processor;
        this.clock = clock;
        this.maxBatch = maxBatch;
        this.commandsWritten = commandsWritten;
        this.timersWritten = timersWritten;
        for (int i = 0; i < committers; i++) {
            Thread thread = Thread.ofPlatform().name("finrelay-committer-" + i).daemon().start(this::commitLoop);
            this.committers.add(thread);
        }
    }

    public CompletableFuture<Receipt> submit(InboundEvent event) {
        CompletableFuture<Receipt> receipt = new CompletableFuture<>();
        if (!running) {
            receipt.completeExceptionally(new IllegalStateException("the engine is stopping"));
            return receipt;
        }
        if (event.traceParent() == null) {
            // the committer thread knows nothing of the caller's trace: the event takes it along
            String current = processor.tracing().currentTraceParent();
            event = current == null ? event : event.withTraceParent(current);
        }
        queue.add(new Pending(event, receipt));
        return receipt;
    }

    private void commitLoop() {
        List<Pending> batch = new ArrayList<>(maxBatch);
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                commit(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | Error e) {
                log.error("committer failed on a batch of {}", batch.size(), e);
                batch.forEach(p -> p.receipt().completeExceptionally(e));
            } finally {
                batch.clear();
            }
        }
    }

    private void commit(List<Pending> batch) {
        try {
            List<InboundEvent> events = batch.stream().map(Pending::event).toList();
            EventProcessor.Result result = db.inSystem(c -> processor.process(c, events, clock.instant()));
            processor.committed(events, result);
            signal(result);
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).receipt().complete(result.receipts().get(i));
            }
        } catch (RuntimeException e) {
            // Whatever failed the batch (a race on a new instance, a deadlock, one unserialisable
            // event) is found again one event at a time, where it fails only its own event.
            // A database that cannot be reached fails every event alike: each caller hears so now (an API
            // answers 503), rather than after one more wait for a connection per event.
            if ((batch.size() == 1 && !retryable(e)) || DatabaseOutage.isOutage(e)) {
                batch.forEach(p -> p.receipt().completeExceptionally(e));
                return;
            }
            for (Pending pending : batch) {
                commitAlone(pending);
            }
        }
    }

    private void commitAlone(Pending pending) {
        for (int attempt = 1; ; attempt++) {
            try {
                EventProcessor.Result result = db.inSystem(c -> processor.process(c, List.of(pending.event()),
                        clock.instant()));
                processor.committed(List.of(pending.event()), result);
                signal(result);
                pending.receipt().complete(result.receipts().get(0));
                return;
            } catch (DatabaseException | ConcurrentChangeException e) {
                if (attempt >= ATTEMPTS_ALONE || !retryable(e) || DatabaseOutage.isOutage(e)) {
                    pending.receipt().completeExceptionally(e);
                    return;
                }
            } catch (RuntimeException e) {
                pending.receipt().completeExceptionally(e);
                return;
            }
        }
    }

    private static boolean retryable(RuntimeException e) {
        return e instanceof ConcurrentChangeException || (e instanceof DatabaseException d && d.isRetryable());
    }

    private void signal(EventProcessor.Result result) {
        if (result.commandsWritten()) {
            commandsWritten.raise();
        }
        if (result.timersWritten()) {
            timersWritten.raise();
        }
    }

    @Override
    public void close() {
        running = false;
        for (Thread thread : committers) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
