package io.finrelay.engine.runtime;

import io.finrelay.engine.db.Database;
import io.finrelay.engine.db.DatabaseException;
import io.finrelay.engine.db.DatabaseOutage;
import io.finrelay.engine.outbox.Dispatcher;
import io.finrelay.engine.outbox.OutboxStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
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
 *
 * <p>The commands a batch writes are claimed for this node's dispatcher in the batch's own transaction and
 * handed to it after the commit ({@link Dispatcher#claimWritten}): no claim of their own, no wake-up round.
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
    private final Dispatcher dispatcher;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final List<Thread> committers = new ArrayList<>();
    private volatile boolean running = true;

    public EventBatcher(Database db, EventProcessor processor, Clock clock, int committers, int maxBatch,
                        Signal commandsWritten, Signal timersWritten, Dispatcher dispatcher) {
        this.db = db;
        this.processor = processor;
        this.clock = clock;
        this.maxBatch = maxBatch;
        this.commandsWritten = commandsWritten;
        this.timersWritten = timersWritten;
        this.dispatcher = dispatcher;
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
            EventProcessor.Result result = commitAndHandOver(events);
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
                EventProcessor.Result result = commitAndHandOver(List.of(pending.event()));
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

    /** A batch's result and the commands it claimed for this node's dispatcher. */
    private record Committed(EventProcessor.Result result, List<OutboxStore.Claimed> claimed) {}

    /**
     * Applies {@code events} in one transaction that also claims the commands they write for this node's dispatcher,
     * and hands those over once it has committed. If anything fails on the way (the commit, say, whose outcome a cut
     * connection leaves unknown) the claims are handed back to the outbox, where they are claimed as usual if the
     * transaction did commit and nothing exists if it did not.
     */
    private EventProcessor.Result commitAndHandOver(List<InboundEvent> events) {
        AtomicReference<List<OutboxStore.Claimed>> claimed = new AtomicReference<>(List.of());
        boolean handed = false;
        Committed done;
        try {
            done = db.inSystem(c -> {
                EventProcessor.Result result = processor.process(c, events, clock.instant());
                Committed d = new Committed(result, dispatcher.claimWritten(c, result.commands()));
                claimed.set(d.claimed());
                return d;
            });
            processor.committed(events, done.result());
            dispatcher.handOver(done.claimed());
            handed = true;
        } finally {
            if (!handed) {
                dispatcher.handBack(claimed.get());
            }
        }
        signal(done);
        return done.result();
    }

    /**
     * After the hand-over: the commands not claimed (waiting behind an earlier command of their instance, or more than
     * the dispatcher takes now) wake the workers of every node as before.
     */
    private void signal(Committed done) {
        EventProcessor.Result result = done.result();
        if (result.commands().size() > done.claimed().size()) {
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
