package io.finrelay.engine;

import io.finrelay.engine.audit.AuditRetention;
import io.finrelay.engine.audit.AuditSealer;
import io.finrelay.engine.json.FieldSealer;
import io.finrelay.engine.audit.AuditTrail;
import io.finrelay.engine.audit.AuditVerifier;
import io.finrelay.engine.db.Database;
import io.finrelay.engine.exception.ExceptionQueue;
import io.finrelay.engine.outbox.ConnectorRegistry;
import io.finrelay.engine.outbox.Dispatcher;
import io.finrelay.engine.runtime.ClusterWakeUps;
import io.finrelay.engine.runtime.EventBatcher;
import io.finrelay.engine.runtime.EventProcessor;
import io.finrelay.engine.runtime.IdGenerator;
import io.finrelay.engine.runtime.InboundEvent;
import io.finrelay.engine.runtime.InstanceQueries;
import io.finrelay.engine.runtime.Receipt;
import io.finrelay.engine.runtime.Signal;
import io.finrelay.engine.runtime.WorkflowRegistry;
import io.finrelay.engine.timer.TimerPoller;
import io.finrelay.engine.workflow.TransitionHook;
import io.finrelay.model.id.TenantId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable workflow engine of one node: takes events in (deduplicated, group-committed), runs
 * the dispatcher workers and the timer poller, and offers the exception queue and the read side.
 * Build it with {@link #builder}; call {@link #start()} to run the background workers, or drive
 * {@link #dispatchOnce()} and {@link #fireDueTimers()} yourself (tests with a stepping clock do).
 */
public final class WorkflowEngine implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WorkflowEngine.class);
    /** The longest a worker waits between failed rounds (while the database is down, say). */
    static final Duration MAX_FAILURE_PAUSE = Duration.ofSeconds(5);

    /** Tuning of one node; the defaults suit the embedded default on a small machine. */
    public record Config(String node, int committers, int maxBatch, int dispatchWorkers, int dispatchBatch,
                         Duration lease, Duration idlePoll) {
        public static Config defaults(String node) {
            return new Config(node, 2, 256, 2, 64, Duration.ofMinutes(2), Duration.ofMillis(500));
        }

        public Config withIdlePoll(Duration poll) {
            return new Config(node, committers, maxBatch, dispatchWorkers, dispatchBatch, lease, poll);
        }

        /** How long a claim holds a command before any node may take it over as an unknown outcome. */
        public Config withLease(Duration value) {
            return new Config(node, committers, maxBatch, dispatchWorkers, dispatchBatch, value, idlePoll);
        }

    }

    private final Database db;
    private final WorkflowRegistry workflows;
    private final Clock clock;
    private final Config config;
    private final Signal commandsWritten = new Signal();
    private final Signal timersWritten = new Signal();
    private final EventProcessor processor;
    private final EventBatcher batcher;
    private final Dispatcher dispatcher;
    private final TimerPoller timers;
    private final ExceptionQueue exceptions;
    private final InstanceQueries instances;
    private final AuditTrail audit = new AuditTrail();
    private final AuditSealer sealer;
    private final AuditVerifier verifier;
    private final AuditRetention retention;
    private final Duration auditRetention;
    private final ClusterWakeUps wakeUps;
    private final Signal stopping = new Signal();
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean running;

    private WorkflowEngine(Builder b) {
        this.db = b.db;
        this.workflows = b.workflows;
        this.clock = b.clock;
        this.config = b.config;
        IdGenerator ids = b.ids != null ? b.ids : IdGenerator.timeOrdered(clock);
        this.processor = new EventProcessor(workflows, ids, b.fieldSealer, b.metrics, b.tracing, b.transitionHook);
        this.batcher = new EventBatcher(db, processor, clock, config.committers(), config.maxBatch(),
                commandsWritten, timersWritten);
        this.dispatcher = new Dispatcher(db, processor, b.connectors, clock, ids, b.random,
                new Dispatcher.Config(config.node(), config.dispatchBatch(), config.lease(), Duration.ofSeconds(5)),
                commandsWritten);
        this.timers = new TimerPoller(db, processor, workflows, clock, ids, 256, commandsWritten);
        this.exceptions = new ExceptionQueue(db, processor, clock, ids, commandsWritten);
        this.instances = new InstanceQueries(db, b.fieldSealer, workflows);
        this.sealer = new AuditSealer(db, clock, 10_000);
        this.verifier = new AuditVerifier(db);
        this.retention = new AuditRetention(db, 10_000);
        this.auditRetention = b.auditRetention;
        // the listener looks whether to stop at least twice a second, whatever the idle poll: a node with a long
        // poll would otherwise take that long to close (its listener blocked waiting for a notification)
        Duration listenPoll = config.idlePoll().compareTo(Duration.ofMillis(500)) < 0 ? config.idlePoll() : Duration.ofMillis(500);
        this.wakeUps = b.wakeUpsAcrossNodes ? new ClusterWakeUps(db, config.node(),
                java.util.Map.of("outbox", commandsWritten, "timers", timersWritten), listenPoll,
                Duration.ofMillis(10)) : null;
    }

    public static Builder builder(Database db, WorkflowRegistry workflows) {
        return new Builder(db, workflows);
    }

    /** Delivers one event and waits for its receipt (its transaction has committed when this returns). */
    public Receipt submit(InboundEvent event) {
        try {
            return submitAsync(event).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the commit", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    public CompletableFuture<Receipt> submitAsync(InboundEvent event) {
        workflows.get(event.workflowType());
        return batcher.submit(event);
    }

    /** Recovers this node's interrupted deliveries, then starts the dispatcher and timer workers. */
    public synchronized WorkflowEngine start() {
        if (running) {
            return this;
        }
        int recovered = dispatcher.recoverOwnClaims();
        if (recovered > 0) {
            log.info("node {}: {} deliveries were interrupted by the last stop; their peers will be asked first",
                    config.node(), recovered);
        }
        running = true;
        if (wakeUps != null) {
            wakeUps.start();
        }
        for (int i = 0; i < config.dispatchWorkers(); i++) {
            workers.add(Thread.ofPlatform().name("finrelay-dispatcher-" + i).daemon().start(this::dispatchLoop));
        }
        workers.add(Thread.ofPlatform().name("finrelay-timers").daemon().start(this::timerLoop));
        workers.add(Thread.ofPlatform().name("finrelay-audit-sealer").daemon().start(this::sealLoop));
        return this;
    }

    /**
     * Seals the audit trail on the slow poll (sealing is not on any caller's path, so it needs no
     * wake-up) and, with a retention period, purges what has outlived it once an hour.
     */
    private void sealLoop() {
        long seen = stopping.generation();
        Instant nextPurge = clock.instant();
        FailurePause failures = pauseFor("audit sealer");
        while (running) {
            try {
                sealer.sealAll();
                if (auditRetention != null && !clock.instant().isBefore(nextPurge)) {
                    purgeAudit();
                    nextPurge = clock.instant().plus(Duration.ofHours(1));
                }
                failures.worked(clock.instant());
                seen = stopping.await(seen, config.idlePoll());
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return; // interrupted while stopping (waiting for a connection, say): nothing failed
                }
                seen = pause(failures.failed(e, clock.instant()), stopping, seen);
            }
        }
    }

    private void dispatchLoop() {
        FailurePause failures = pauseFor(Thread.currentThread().getName());
        long seen = stopping.generation();
        while (running) {
            try {
                dispatcher.work(() -> running, commandsWritten, config.idlePoll(), () -> failures.worked(clock.instant()));
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return; // interrupted while stopping (waiting for a connection, say): nothing failed
                }
                seen = pause(failures.failed(e, clock.instant()), stopping, seen);
            }
        }
    }

    private void timerLoop() {
        long seen = timersWritten.generation();
        long stop = stopping.generation();
        FailurePause failures = pauseFor("timer poller");
        while (running) {
            try {
                if (timers.runOnce() == 0) {
                    Duration wait = timers.nextDue()
                            .map(due -> Duration.between(clock.instant(), due))
                            .filter(d -> d.compareTo(config.idlePoll()) < 0)
                            .map(d -> d.isNegative() ? Duration.ZERO : d)
                            .orElse(config.idlePoll());
                    failures.worked(clock.instant());
                    seen = timersWritten.await(seen, wait.isZero() ? Duration.ofMillis(1) : wait);
                } else {
                    failures.worked(clock.instant());
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                stop = pause(failures.failed(e, clock.instant()), stopping, stop);
            }
        }
    }

    /**
     * A worker's pause after failed rounds: from the poll interval, doubling up to {@link #MAX_FAILURE_PAUSE}
     * (a database that is down for a while is asked every few seconds by each worker, not flooded).
     */
    private FailurePause pauseFor(String worker) {
        Duration first = config.idlePoll().isZero() ? Duration.ofMillis(100) : config.idlePoll();
        return new FailurePause(worker, first, first.compareTo(MAX_FAILURE_PAUSE) > 0 ? first : MAX_FAILURE_PAUSE, log);
    }

    /** Waits {@code wait}, or less if the engine is stopping; answers the stop signal's generation seen. */
    private long pause(Duration wait, Signal stop, long seen) {
        try {
            return running ? stop.await(seen, wait) : seen;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return seen;
        }
    }

    /** Whether this node hears other nodes' wake-ups now (false without them, or while reconnecting). */
    public boolean listeningToOtherNodes() {
        return wakeUps != null && wakeUps.listening();
    }

    /** One dispatcher round on the caller's thread; returns how many commands it handled. */
    public int dispatchOnce() {
        return dispatcher.runOnce();
    }

    /** Fires the timers due now on the caller's thread; returns how many fired. */
    public int fireDueTimers() {
        return timers.runOnce();
    }

    public ExceptionQueue exceptions() {
        return exceptions;
    }

    public InstanceQueries instances() {
        return instances;
    }

    public List<AuditTrail.Entry> timeline(TenantId tenant, UUID instanceId) {
        return db.inTenant(tenant, c -> audit.timeline(c, tenant, instanceId));
    }

    /** A page of a tenant's audit trail. */
    public List<AuditTrail.Entry> auditPage(TenantId tenant, AuditTrail.PageQuery query) {
        return db.inTenant(tenant, c -> audit.page(c, tenant, query));
    }

    /** Seals the committed audit records on the caller's thread; returns how many it sealed. */
    public int sealAudit() {
        return sealer.sealAll();
    }

    /** Recomputes the tenant's audit chain and names the first broken record, if any. */
    public AuditVerifier.Result verifyAudit(TenantId tenant) {
        return verifier.verify(tenant);
    }

    /** Removes audit records older than the retention period (none without one); returns how many. */
    public long purgeAudit() {
        if (auditRetention == null) {
            return 0;
        }
        long removed = retention.purgeBefore(clock.instant().minus(auditRetention));
        if (removed > 0) {
            log.info("audit retention removed {} records older than {}", removed, auditRetention);
        }
        return removed;
    }

    public WorkflowRegistry workflows() {
        return workflows;
    }

    public Instant now() {
        return clock.instant();
    }

    @Override
    public synchronized void close() {
        running = false;
        commandsWritten.raise();
        timersWritten.raise();
        stopping.raise();
        for (Thread worker : workers) {
            worker.interrupt();
            try {
                worker.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        workers.clear();
        if (wakeUps != null) {
            wakeUps.close();
        }
        batcher.close();
        dispatcher.close();
    }

    /** Assembles an engine; only the database and the workflows are required. */
    public static final class Builder {
        private final Database db;
        private final WorkflowRegistry workflows;
        private ConnectorRegistry connectors = new ConnectorRegistry();
        private Clock clock = Clock.systemUTC();
        private IdGenerator ids;
        private RandomGenerator random = RandomGenerator.getDefault();
        private Config config = Config.defaults("node-1");
        private Duration auditRetention;
        private FieldSealer fieldSealer = FieldSealer.NONE;
        private EngineMetrics metrics = EngineMetrics.NONE;
        private EngineTracing tracing = EngineTracing.NONE;
        private TransitionHook transitionHook = TransitionHook.NONE;
        private boolean wakeUpsAcrossNodes;

        private Builder(Database db, WorkflowRegistry workflows) {
            this.db = db;
            this.workflows = workflows;
        }

        public Builder connectors(ConnectorRegistry value) {
            this.connectors = value;
            return this;
        }

        public Builder clock(Clock value) {
            this.clock = value;
            return this;
        }

        public Builder ids(IdGenerator value) {
            this.ids = value;
            return this;
        }

        public Builder random(RandomGenerator value) {
            this.random = value;
            return this;
        }

        public Builder config(Config value) {
            this.config = value;
            return this;
        }

        /** Seals sensitive fields (e.g. IBANs) of stored states and command payloads; none by default. */
        public Builder fieldSealer(FieldSealer value) {
            this.fieldSealer = java.util.Objects.requireNonNull(value);
            return this;
        }

        /** Who is told what the engine processed and delivered (metrics); nobody by default. */
        public Builder metrics(EngineMetrics value) {
            this.metrics = java.util.Objects.requireNonNull(value);
            return this;
        }

        /** Where transitions and deliveries join their traces (see {@link EngineTracing}); nowhere by default. */
        public Builder tracing(EngineTracing value) {
            this.tracing = java.util.Objects.requireNonNull(value);
            return this;
        }

        /** Commands the node adds to accepted transitions (business events on a tenant's stream); none by default. */
        public Builder transitionHook(TransitionHook value) {
            this.transitionHook = java.util.Objects.requireNonNull(value);
            return this;
        }

        /**
         * Wakes the other nodes on the same database when this one commits work, and is woken by them
         * (PostgreSQL LISTEN/NOTIFY, a hint only: see {@link ClusterWakeUps}); off by default.
         */
        public Builder wakeUpsAcrossNodes(boolean value) {
            this.wakeUpsAcrossNodes = value;
            return this;
        }

        /** How long audit records are kept; null (the default) keeps them forever. */
        public Builder auditRetention(Duration value) {
            if (value != null && (value.isNegative() || value.isZero())) {
                throw new IllegalArgumentException("audit retention must be positive, got " + value);
            }
            this.auditRetention = value;
            return this;
        }

        public WorkflowEngine build() {
            return new WorkflowEngine(this);
        }
    }
}
