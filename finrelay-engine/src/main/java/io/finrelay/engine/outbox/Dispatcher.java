package io.finrelay.engine.outbox;

import io.finrelay.engine.EngineTracing;
import io.finrelay.engine.audit.AuditRecord;
import io.finrelay.engine.audit.AuditTrail;
import io.finrelay.engine.db.Database;
import io.finrelay.engine.exception.ExceptionRecord;
import io.finrelay.engine.exception.ExceptionStore;
import io.finrelay.engine.inbox.InboxKey;
import io.finrelay.engine.runtime.EventProcessor;
import io.finrelay.engine.runtime.IdGenerator;
import io.finrelay.engine.runtime.InboundEvent;
import io.finrelay.engine.runtime.Input;
import io.finrelay.engine.runtime.Signal;
import io.finrelay.engine.workflow.CommandOutcome;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers outbox commands to connectors. A round claims a batch in one transaction, calls the
 * connectors outside any transaction (in parallel, on virtual threads), and records every outcome of
 * the batch, with the transitions those outcomes cause, in one more transaction.
 */
public final class Dispatcher {
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    /** How a dispatcher runs. {@code node} must be stable across restarts of the same node. */
    public record Config(String node, int batchSize, Duration lease, Duration breakerPause) {
        public static Config defaults(String node) {
            return new Config(node, 64, Duration.ofMinutes(2), Duration.ofSeconds(5));
        }
    }

    private final Database db;
    private final EventProcessor processor;
    private final ConnectorRegistry connectors;
    private final Clock clock;
    private final IdGenerator ids;
    private final RandomGenerator random;
    private final Config config;
    private final Signal commandsWritten;
    private final OutboxStore outbox;
    private final AuditTrail audit = new AuditTrail();
    private final ExceptionStore exceptions = new ExceptionStore();
    private final ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicReference<Instant> lastExpiryCheck = new AtomicReference<>();
    /**
     * Commands this node attempted whose outcome it could not record (the database went away between
     * the call and the record): they are still SENDING under this node's claim and may have reached
     * their peers. The next claim, once the database answers, makes them UNKNOWN so that their peers
     * are asked first, at once, rather than when their lease runs out minutes later.
     */
    private final ConcurrentLinkedQueue<OutboxStore.Claimed> unrecorded = new ConcurrentLinkedQueue<>();

    public Dispatcher(Database db, EventProcessor processor, ConnectorRegistry connectors, Clock clock, IdGenerator ids,
                      RandomGenerator random, Config config, Signal commandsWritten) {
        this.db = db;
        this.processor = processor;
        this.outbox = processor.outbox();
        this.connectors = connectors;
        this.clock = clock;
        this.ids = ids;
        this.random = random;
        this.config = config;
        this.commandsWritten = commandsWritten;
    }

    /** At start-up: what this node left SENDING when it stopped may or may not have been sent. */
    public int recoverOwnClaims() {
        return db.inSystem(c -> outbox.recoverOwn(c, config.node()));
    }

    /** The result of one attempt, before it is recorded. */
    private sealed interface Attempt {
        /**
         * {@code sent}: the connector's deliver was called (not only its lookup); {@code traceParent}: the
         * delivery span's, carried by the outcome event into the next transition.
         */
        record Delivered(Delivery delivery, boolean looked, boolean sent, String traceParent) implements Attempt {
            Delivered(Delivery delivery, boolean looked, boolean sent) {
                this(delivery, looked, sent, null);
            }
        }

        record NotAttempted(String reason) implements Attempt {}
    }

    /** One round: claim, deliver, record. Returns how many commands were claimed. */
    public int runOnce() {
        List<OutboxStore.Claimed> claimed = claimAlone();
        if (claimed.isEmpty()) {
            return 0;
        }
        List<Attempt> attempts = deliver(claimed);
        Instant recordedAt = clock.instant();
        Recorded recorded;
        try {
            recorded = db.inSystem(c -> record(c, claimed, attempts, recordedAt));
        } catch (RuntimeException e) {
            unrecorded.addAll(claimed);
            throw e;
        }
        recorded.tell(processor);
        if (recorded.wroteCommands()) {
            commandsWritten.raise();
        }
        return claimed.size();
    }

    /**
     * A worker's loop until {@code running} turns false. Each round records the outcomes of the batch
     * it holds and claims the next batch in the same transaction: one commit per round instead of two,
     * and the commands those outcomes caused are claimed at once. Idle, it waits for {@code wake}; a round
     * whose own claim found nothing waits too, rather than asking again at once in a transaction of its own
     * (which found nothing as well, nearly always: a read-only commit per round). Work written after that
     * claim's transaction began has raised {@code wake} since, so the wait ends at once and nothing waits
     * for the idle poll. {@code roundWorked} is told after every transaction that committed (the caller's
     * failure pause starts again from its shortest wait, and an outage it reported is over).
     */
    public void work(BooleanSupplier running, Signal wake, Duration idlePoll, Runnable roundWorked)
            throws InterruptedException {
        long seen = wake.generation();
        List<OutboxStore.Claimed> claimed = List.of();
        boolean claimFirst = true;
        try {
            while (running.getAsBoolean()) {
                if (claimed.isEmpty()) {
                    if (claimFirst) {
                        claimed = claimAlone();
                        roundWorked.run();
                    }
                    claimFirst = true;
                    if (claimed.isEmpty()) {
                        seen = wake.await(seen, idlePoll);
                    }
                    continue;
                }
                List<OutboxStore.Claimed> delivered = claimed;
                // From here on these may have reached their peers: if recording fails they stay SENDING
                // and become UNKNOWN (asked first), never handed back as if untouched.
                claimed = List.of();
                List<Attempt> attempts = deliver(delivered);
                Instant recordedAt = clock.instant();
                Recorded[] recorded = new Recorded[1];
                List<OutboxStore.Claimed> settling = new ArrayList<>(unrecorded);
                boolean[] claimedToo = new boolean[1];
                long before = wake.generation();
                try {
                    claimed = db.inSystem(c -> {
                        recorded[0] = record(c, delivered, attempts, recordedAt);
                        claimedToo[0] = running.getAsBoolean();
                        return claimedToo[0] ? claim(c, settling) : List.<OutboxStore.Claimed>of();
                    });
                } catch (RuntimeException e) {
                    unrecorded.addAll(delivered);
                    throw e;
                }
                boolean tookAll = claimedToo[0] && claimed.size() < config.batchSize();
                if (claimedToo[0]) {
                    unrecorded.removeAll(settling);
                    if (claimed.isEmpty()) {
                        seen = before;
                        claimFirst = false;
                    }
                }
                roundWorked.run();
                recorded[0].tell(processor);
                // Commands the outcomes' transitions wrote are for the other workers and nodes only when this
                // round's own claim did not take them all (it saw them: same transaction). Raised after every round,
                // the signal woke this worker and every other to look again at a queue it had just emptied.
                if (recorded[0].wroteCommands() && !tookAll) {
                    commandsWritten.raise();
                }
            }
        } finally {
            release(claimed);
        }
    }

    /** Hands back commands claimed but not attempted (the worker is stopping), so nobody has to ask a peer. */
    private void release(List<OutboxStore.Claimed> claimed) {
        if (!claimed.isEmpty()) {
            try {
                db.inSystem(c -> {
                    outbox.release(c, claimed);
                    return null;
                });
            } catch (RuntimeException e) {
                log.warn("could not hand back {} claimed commands; the next start will ask their peers", claimed.size(), e);
            }
        }
    }

    /**
     * Claims in a transaction of its own. The unrecorded commands it settles leave the queue only once that
     * transaction has committed: a claim that fails after settling them (its commit cut off, say) would
     * otherwise lose them, and they would wait SENDING for their lease instead of being asked at once (found
     * by the fault simulator, finrelay-sim: a connection cut at a claim's commit after one at a record's).
     */
    private List<OutboxStore.Claimed> claimAlone() {
        List<OutboxStore.Claimed> settling = new ArrayList<>(unrecorded);
        List<OutboxStore.Claimed> claimed = db.inSystem(c -> claim(c, settling));
        unrecorded.removeAll(settling);
        return claimed;
    }

    private List<OutboxStore.Claimed> claim(Connection c, List<OutboxStore.Claimed> settling) throws SQLException {
        settleUnrecorded(c, settling);
        Instant now = clock.instant();
        Instant last = lastExpiryCheck.get();
        if (last == null || now.isAfter(last.plus(config.lease().dividedBy(4))) || now.isBefore(last)) {
            lastExpiryCheck.set(now);
            outbox.recoverExpired(c);
        }
        return outbox.claim(c, config.node(), now, config.lease(), config.batchSize());
    }

    /**
     * Marks the commands whose outcome went unrecorded as UNKNOWN (lookup first), in the claiming
     * transaction; the caller takes them off the queue once it has committed (if it fails they are settled
     * by the next one: marking them again changes nothing). A record that did commit although its caller
     * saw an error left them SENDING no more, and this changes nothing.
     */
    private void settleUnrecorded(Connection c, List<OutboxStore.Claimed> pending) throws SQLException {
        if (pending.isEmpty()) {
            return;
        }
        int settled = outbox.recoverUnrecorded(c, config.node(), pending);
        log.info("{} of {} commands attempted while the database was unreachable are now UNKNOWN: their peers "
                + "are asked first", settled, pending.size());
    }

    private List<Attempt> deliver(List<OutboxStore.Claimed> claimed) {
        List<Future<Attempt>> futures = new ArrayList<>(claimed.size());
        for (OutboxStore.Claimed command : claimed) {
            futures.add(calls.submit(() -> attempt(command)));
        }
        List<Attempt> attempts = new ArrayList<>(claimed.size());
        for (Future<Attempt> future : futures) {
            attempts.add(join(future));
        }
        return attempts;
    }

    private static Attempt join(Future<Attempt> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            // Whether the call happened is not known: a replayed command keeps asking about its old id (and a resend
            // under its new id is the same idempotency key again).
            return new Attempt.Delivered(new Delivery.Unknown("dispatcher interrupted"), false, false);
        } catch (ExecutionException e) {
            return new Attempt.Delivered(new Delivery.Unknown("connector failed: " + e.getCause()), false, false);
        }
    }

    private Attempt attempt(OutboxStore.Claimed claimed) {
        CommandEnvelope command = claimed.envelope();
        EngineTracing.Span span = startSpan(command, claimed.traceParent());
        Attempt attempt = null;
        EngineTracing.Scope scope = span.open();
        try {
            attempt = attemptTraced(claimed);
            return attempt instanceof Attempt.Delivered d && span.traceParent() != null
                    ? new Attempt.Delivered(d.delivery(), d.looked(), d.sent(), span.traceParent()) : attempt;
        } finally {
            scope.close();
            endSpan(span, attempt);
        }
    }

    /** The processor's tracing is guarded: a tracer that throws leaves the delivery untraced. */
    private EngineTracing.Span startSpan(CommandEnvelope command, String traceParent) {
        return processor.tracing().delivery(command, traceParent);
    }

    private static void endSpan(EngineTracing.Span span, Attempt attempt) {
        String outcome = switch (attempt) {
            case null -> "error";
            case Attempt.NotAttempted n -> "held";
            case Attempt.Delivered d -> switch (d.delivery()) {
                case Delivery.Done x -> "done";
                case Delivery.Transient x -> "transient";
                case Delivery.Unknown x -> "unknown";
                case Delivery.Permanent x -> "permanent";
            };
        };
        span.end(outcome, null);
    }

    private Attempt attemptTraced(OutboxStore.Claimed claimed) {
        CommandEnvelope command = claimed.envelope();
        Connector connector = connectors.find(command.connector()).orElse(null);
        if (connector == null) {
            return new Attempt.Delivered(new Delivery.Permanent("no connector named '" + command.connector()
                    + "' is configured on this node"), false, false);
        }
        CircuitBreaker breaker = connectors.breaker(command.tenantId(), command.connector());
        if (!breaker.tryAcquirePermission()) {
            observe(() -> processor.metrics().heldByBreaker(command));
            return new Attempt.NotAttempted("circuit breaker open for " + command.tenantId() + ":" + command.connector());
        }
        long start = System.nanoTime();
        Delivery delivery;
        boolean looked = false;
        boolean sent = false;
        try {
            delivery = null;
            if (claimed.lookupFirst()) {
                looked = true;
                // A replayed command is asked about under the id it replaces until it has been sent under its own,
                // and then under its own id as well: an attempt whose outcome went unrecorded (a crash after the
                // call) may have reached the peer under it.
                if (claimed.replaces() != null) {
                    delivery = lookUp(connector, command.withCommandId(claimed.replaces()));
                }
                if (delivery == null) {
                    delivery = lookUp(connector, command);
                }
            }
            if (delivery == null) {
                sent = true;
                delivery = connector.deliver(command);
            }
        } catch (RuntimeException e) {
            // A connector that throws has not told us whether the peer acted: that is an unknown outcome.
            delivery = new Delivery.Unknown("connector threw " + e);
            sent = true;
        }
        long elapsed = System.nanoTime() - start;
        Delivery outcome = delivery;
        boolean lookedUp = looked;
        observe(() -> processor.metrics().attempted(command, outcome, lookedUp, Duration.ofNanos(elapsed)));
        switch (delivery) {
            case Delivery.Transient t -> breaker.onError(elapsed, TimeUnit.NANOSECONDS, new RuntimeException(t.reason()));
            case Delivery.Unknown u -> breaker.onError(elapsed, TimeUnit.NANOSECONDS, new RuntimeException(u.reason()));
            default -> breaker.onSuccess(elapsed, TimeUnit.NANOSECONDS);
        }
        return new Attempt.Delivered(delivery, looked, sent);
    }

    /** What the peer says of {@code asked}: done if it acted, unknown if it could not say, null if it did not act. */
    private static Delivery lookUp(Connector connector, CommandEnvelope asked) {
        return switch (connector.lookup(asked)) {
            case Lookup.Found found -> new Delivery.Done(found.resultJson());
            case Lookup.Unreachable u -> new Delivery.Unknown("lookup failed: " + u.reason());
            case Lookup.NotFound n -> null;
        };
    }

    /** Tells the metrics; a failing observer never turns a delivery into an unknown outcome. */
    private static void observe(Runnable tell) {
        try {
            tell.run();
        } catch (RuntimeException e) {
            log.warn("metrics observer failed: {}", e.toString());
        }
    }

    /** The outcome events a round's record processed, to tell the metrics once it has committed. */
    private record Recorded(List<InboundEvent> outcomes, EventProcessor.Result result) {
        boolean wroteCommands() {
            return result != null && result.commandsWritten();
        }

        void tell(EventProcessor processor) {
            if (result != null) {
                processor.committed(outcomes, result);
            }
        }
    }

    private Recorded record(Connection c, List<OutboxStore.Claimed> claimed, List<Attempt> attempts, Instant now)
            throws SQLException {
        List<InboundEvent> outcomes = new ArrayList<>();
        List<OutboxStore.Finished> finished = new ArrayList<>();
        List<AuditRecord> auditRecords = new ArrayList<>();
        List<ExceptionRecord> opened = new ArrayList<>();
        List<CommandEnvelope> sentAfterReplay = new ArrayList<>();
        for (int i = 0; i < claimed.size(); i++) {
            OutboxStore.Claimed command = claimed.get(i);
            CommandEnvelope env = command.envelope();
            if (command.replaces() != null && attempts.get(i) instanceof Attempt.Delivered d && d.sent()) {
                sentAfterReplay.add(env);
            }
            RetryPolicy policy = connectors.policy(env.connector());
            int attemptsNow = command.attemptsBefore() + 1;
            switch (attempts.get(i)) {
                case Attempt.NotAttempted skipped -> outbox.reschedule(c, env,
                        command.lookupFirst() ? "UNKNOWN" : "READY", command.lookupFirst(), command.attemptsBefore(),
                        now.plus(config.breakerPause()), skipped.reason());
                case Attempt.Delivered(Delivery.Done done, boolean looked, boolean sent, String trace) -> {
                    finished.add(new OutboxStore.Finished(env.tenantId(), env.commandId(), "DONE", done.resultJson(),
                            attemptsNow));
                    outcomes.add(outcomeEvent(env, new CommandOutcome.Succeeded(env.commandId(), env.type(),
                            done.resultJson()), Map.of("attempt", attemptsNow, "foundByLookup", looked,
                            "result", done.resultJson(), "connector", env.connector())).withTraceParent(trace));
                }
                case Attempt.Delivered(Delivery.Transient t, boolean looked, boolean sent, String trace) -> retryOrPark(c, env, policy, attemptsNow,
                        false, t.reason(), policy.delay(attemptsNow, t.retryAfter(), random), now, auditRecords, opened);
                case Attempt.Delivered(Delivery.Unknown u, boolean looked, boolean sent, String trace) -> retryOrPark(c, env, policy, attemptsNow,
                        true, u.reason(), policy.delay(attemptsNow, java.util.Optional.empty(), random), now,
                        auditRecords, opened);
                case Attempt.Delivered(Delivery.Permanent p, boolean looked, boolean sent, String trace) -> park(c, env, attemptsNow, false,
                        "permanent-failure", p.reason(), now, auditRecords, opened);
            }
        }
        if (!sentAfterReplay.isEmpty()) {
            outbox.forgetReplaced(c, sentAfterReplay);
        }
        outbox.finishAll(c, finished, now);
        exceptions.insert(c, opened);
        audit.append(c, auditRecords);
        return new Recorded(outcomes, outcomes.isEmpty() ? null : processor.process(c, outcomes, now));
    }

    private void retryOrPark(Connection c, CommandEnvelope env, RetryPolicy policy, int attemptsNow, boolean unknown,
                             String reason, Duration delay, Instant now, List<AuditRecord> auditRecords,
                             List<ExceptionRecord> opened) throws SQLException {
        if (policy.exhausted(attemptsNow)) {
            park(c, env, attemptsNow, unknown, "retry-budget-spent", reason, now, auditRecords, opened);
            return;
        }
        Instant next = now.plus(delay);
        outbox.reschedule(c, env, unknown ? "UNKNOWN" : "READY", unknown, attemptsNow, next, reason);
        auditRecords.add(audit(env, now, unknown ? "command.outcome-unknown" : "command.retry-scheduled",
                Map.of("attempt", attemptsNow, "reason", reason, "nextAttemptAt", next.toString())));
    }

    private void park(Connection c, CommandEnvelope env, int attemptsNow, boolean unknown, String code, String reason,
                      Instant now, List<AuditRecord> auditRecords, List<ExceptionRecord> opened) throws SQLException {
        outbox.reschedule(c, env, "EXCEPTION", unknown, attemptsNow, now, reason);
        Map<String, String> context = new LinkedHashMap<>();
        context.put("workflowType", env.workflowType());
        context.put("businessKey", env.businessKey());
        context.put("connector", env.connector());
        context.put("commandType", env.type());
        context.put("attempts", Integer.toString(attemptsNow));
        context.put("outcomeUnknown", Boolean.toString(unknown));
        context.put("payload", env.payloadJson());
        ExceptionRecord record = new ExceptionRecord(env.tenantId(), ids.next(), env.instanceId(), env.commandId(),
                ExceptionRecord.Kind.COMMAND, code, reason, context, ExceptionRecord.Status.OPEN, null,
                env.correlationId(), now, now);
        opened.add(record);
        auditRecords.add(audit(env, now, "command.exception", Map.of("attempt", attemptsNow, "code", code,
                "reason", reason, "exception", record.id().toString())));
        log.warn("command {} ({} {}) of tenant {} parked as exception {}: {}", env.commandId(), env.connector(),
                env.type(), env.tenantId(), record.id(), reason);
    }

    private static AuditRecord audit(CommandEnvelope env, Instant now, String kind, Map<String, Object> detail) {
        Map<String, Object> all = new LinkedHashMap<>(detail);
        all.put("command", env.commandId().toString());
        all.put("connector", env.connector());
        all.put("commandType", env.type());
        return new AuditRecord(env.tenantId(), env.instanceId(), env.correlationId(), now, "dispatcher", kind, all);
    }

    static InboundEvent outcomeEvent(CommandEnvelope env, CommandOutcome outcome, Map<String, Object> facts) {
        return new InboundEvent(new InboxKey(env.tenantId(), InboxKey.ENGINE, "outcome:" + env.commandId()),
                env.workflowType(), env.businessKey(), new Input.Outcome(outcome, facts), env.correlationId(), "dispatcher");
    }

    public void close() {
        calls.shutdownNow();
    }
}
