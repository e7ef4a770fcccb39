package io.finrelay.sim;

import io.finrelay.engine.WorkflowEngine;
import io.finrelay.engine.db.Database;
import io.finrelay.engine.exception.ExceptionQueue;
import io.finrelay.engine.exception.ExceptionRecord;
import io.finrelay.engine.exception.OperatorAction;
import io.finrelay.engine.inbox.InboxKey;
import io.finrelay.engine.outbox.ConnectorRegistry;
import io.finrelay.engine.outbox.Dispatcher;
import io.finrelay.engine.outbox.RetryPolicy;
import io.finrelay.engine.runtime.EventProcessor;
import io.finrelay.engine.runtime.IdGenerator;
import io.finrelay.engine.runtime.InboundEvent;
import io.finrelay.engine.runtime.Input;
import io.finrelay.engine.runtime.Receipt;
import io.finrelay.engine.runtime.Signal;
import io.finrelay.engine.runtime.WorkflowRegistry;
import io.finrelay.model.id.TenantId;
import io.finrelay.testkit.StepClock;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * One run of the simulation for one seed: a few invoices through {@link SimFlow} on a small cluster of
 * engine nodes that the run drives itself, step by step, on a stepping clock. Each step is one thing
 * a real deployment does (a node delivers an inbound message, runs a dispatcher round, fires timers;
 * a node dies or comes back; the database goes away), picked with the seed; faults are armed at the
 * commits and calls of those steps. Everything the run decides comes from the seed, so the seed alone
 * replays it.
 */
final class SimRun {
    static final TenantId TENANT = TenantId.of("5eed0000-0000-4000-8000-000000000001");
    static final Instant START = Instant.parse("2026-11-02T09:00:00Z");
    /** How long a claim holds, in simulated time: a dead node's claims are taken over after it. */
    static final Duration LEASE = Duration.ofMinutes(2);
    static final RetryPolicy RETRIES = new RetryPolicy(Duration.ofSeconds(1), Duration.ofMinutes(1), 4);
    static final int MAX_STEPS = 4_000;
    private static final int MAX_NODES = 3;

    private final long seed;
    private final SimDatabase database;
    private final SplittableRandom random;
    final Faults faults;
    final StepClock clock = new StepClock(START);
    final SimPeer treasury = new SimPeer(SimFlow.TREASURY, true);
    final SimPeer erp = new SimPeer(SimFlow.ERP, false);
    final SimPeer bank = new SimPeer(SimFlow.BANK, true);
    final Inbound inbound = new Inbound();
    final List<String> trace = new ArrayList<>();
    final List<String> invoices = new ArrayList<>();
    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    private final WorkflowRegistry workflows = new WorkflowRegistry(List.of(new SimFlow()));
    private final IdGenerator ids;
    private final List<Node> nodes = new ArrayList<>();
    private final List<Downed> downed = new ArrayList<>();
    private int incarnations;
    private int outageStepsLeft;
    private int operatorRounds;
    private boolean dispatchStalled;
    /** How often each kind of fault or recovery happened in this run (sorted, for reports). */
    final java.util.Map<String, Integer> coverage = new java.util.TreeMap<>();
    private final boolean blindLookups;
    int steps;
    int crashes;
    int outages;

    /** A node of the cluster: its own id, engine and way to the database. */
    private record Node(String id, NodeConnections connections, WorkflowEngine engine) {}

    /** A node that died: its claims are free once its lease has run out; it may come back under its own id. */
    private record Downed(String id, Instant leaseEnds, Instant comesBack) {}

    SimRun(long seed, SimDatabase database, boolean blindLookups) {
        this.seed = seed;
        this.blindLookups = blindLookups;
        this.database = database;
        this.random = new SplittableRandom(seed);
        this.faults = Faults.draw(random.split());
        SplittableRandom idRandom = random.split();
        // Time-ordered like the product's ids, but from the seed: the same run makes the same ids.
        this.ids = () -> {
            synchronized (idRandom) {
                long high = (clock.millis() << 16) | 0x7000L | (idRandom.nextInt() & 0x0FFFL);
                return new UUID(high, (idRandom.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L);
            }
        };
    }

    /** Runs until every instance has ended or waits for an operator, or the step budget is spent. */
    boolean execute() {
        note("faults " + faults);
        scheduleInvoices();
        int nodesAtStart = 1 + random.nextInt(MAX_NODES);
        for (int i = 0; i < nodesAtStart; i++) {
            startNode(null);
        }
        for (steps = 0; steps < MAX_STEPS; steps++) {
            clock.advance(Duration.ofMillis(1 + random.nextInt(400)));
            housekeeping();
            if (!step()) {
                if (!jumpToNextDue()) {
                    if (operatorRound()) {
                        continue;
                    }
                    note("settled");
                    return true;
                }
            }
        }
        note("did not settle within " + MAX_STEPS + " steps");
        return false;
    }

    private void scheduleInvoices() {
        int count = 2 + random.nextInt(3);
        for (int i = 1; i <= count; i++) {
            String invoice = String.format("INV-2026-%05d", 100 + i);
            invoices.add(invoice);
            long amountMinor = 10_000 + random.nextLong(5_000_000);
            Instant dueAt = START.plus(Duration.ofMinutes(random.nextInt(3 * 24 * 60)));
            Instant arrives = START.plus(Duration.ofMillis(random.nextInt(600_000)));
            SimFlow.InvoiceApproved approved = new SimFlow.InvoiceApproved(invoice, "Müller Bürobedarf GmbH",
                    amountMinor, dueAt);
            inbound.send(new Inbound.Message("invoice-source", "approval:" + invoice, invoice, approved, arrives, 0));
            if (random.nextDouble() < faults.resent()) {
                // The source lost its acknowledgement and sends the approval again, under a new message id.
                inbound.send(new Inbound.Message("invoice-source", "approval:" + invoice + ":resent", invoice, approved,
                        arrives.plus(Duration.ofSeconds(1 + random.nextInt(3_600))), 0));
            }
        }
    }

    /** Ends a database outage when its time is up, frees the leases of dead nodes, brings nodes back. */
    private void housekeeping() {
        if (outageStepsLeft > 0 && --outageStepsLeft == 0) {
            note("database back");
        }
        Instant now = clock.instant();
        for (Downed d : List.copyOf(downed)) {
            Downed current = d;
            if (d.leaseEnds() != null && !now.isBefore(d.leaseEnds())) {
                // The database's clock passes the lease too: its claims may be taken over by any node now.
                int expired = database.update("update outbox set lease_until = clock_timestamp() - interval '1 second' "
                        + "where status = 'SENDING' and claimed_by = ?", d.id());
                if (expired > 0) {
                    cover("a dead node's claims freed by its lease");
                    note("lease of " + d.id() + " ran out on " + expired + " claims");
                }
                downed.remove(d);
                current = new Downed(d.id(), null, d.comesBack());
                if (d.comesBack() != null) {
                    downed.add(current);
                }
            }
            if (current.comesBack() != null && !now.isBefore(current.comesBack()) && nodes.size() < MAX_NODES) {
                downed.remove(current);
                startNode(current.id());
            }
        }
        if (nodes.isEmpty() && downed.stream().noneMatch(d -> d.comesBack() != null)) {
            startNode(null);
        }
    }

    /**
     * One step: a node does one thing that is due now (deliver an inbound message, run a dispatcher round,
     * fire timers), picked at random among them; false when nothing is due (the clock then jumps). While
     * the database is down the nodes try anyway, and fail as they would.
     */
    private boolean step() {
        if (outageStepsLeft == 0 && random.nextDouble() < faults.databaseOutage()) {
            outageStepsLeft = 1 + random.nextInt(20);
            outages++;
            cover("database restarted (all connections dropped, refused for a while)");
            note("database restarts: every connection dropped, refused for " + outageStepsLeft + " steps");
            database.dropAllConnections();
        }
        if (nodes.isEmpty()) {
            return false;
        }
        if (random.nextInt(100) < 2 && nodes.size() < MAX_NODES && downed.stream().noneMatch(d -> d.comesBack() != null)) {
            startNode(null);
            return true;
        }
        List<String> due = new ArrayList<>(3);
        if (inbound.hasDue(clock.instant())) {
            due.add("deliver");
        }
        if (outageStepsLeft > 0) {
            due.add("dispatch");
            due.add("timers");
        } else {
            List<String> found = database.rows("select exists (select 1 from outbox o where status in ('READY', 'UNKNOWN') "
                    + "and next_attempt_at <= ? and not exists (select 1 from outbox p where p.instance_id = o.instance_id "
                    + "and p.seq < o.seq and p.tenant_id = o.tenant_id)) or exists (select 1 from outbox where status = 'SENDING' "
                    + "and (claimed_by = any (?) or lease_until < clock_timestamp())), exists (select 1 from timer where due_at <= ?)",
                    java.sql.Timestamp.from(clock.instant()), nodes.stream().map(Node::id).toArray(String[]::new),
                    java.sql.Timestamp.from(clock.instant())).getFirst();
            if (found.get(0).equals("t") && !dispatchStalled) {
                due.add("dispatch");
            }
            if (found.get(1).equals("t")) {
                due.add("timers");
            }
        }
        if (due.isEmpty()) {
            return false;
        }
        Node node = nodes.get(random.nextInt(nodes.size()));
        return switch (due.get(random.nextInt(due.size()))) {
            case "deliver" -> deliverInbound(node);
            case "dispatch" -> {
                boolean worked = dispatch(node);
                // Due, yet nothing to claim: a lease ran out that no node has looked at yet (they look every
                // quarter lease). Until the clock moves on, dispatching again would change nothing.
                dispatchStalled = !worked;
                yield true;
            }
            default -> {
                fireTimers(node);
                yield true;
            }
        };
    }

    /** Whether the payment's answer was recorded before its settlement notice arrived. */
    private boolean paymentAnswered(String invoice) {
        return database.count("select count(*) from outbox_done d join workflow_instance w on w.tenant_id = d.tenant_id "
                + "and w.id = d.instance_id where w.business_key = ? and d.command_type = 'pay' and d.outcome = 'DONE'",
                invoice) > 0;
    }

    private boolean deliverInbound(Node node) {
        Optional<Inbound.Message> taken = inbound.take(clock.instant(), random);
        if (taken.isEmpty()) {
            return false;
        }
        Inbound.Message message = taken.get();
        if (inbound.hasDueBefore(message)) {
            cover("inbound events delivered out of order");
        }
        armFaults(node, 1);
        InboundEvent event = new InboundEvent(new InboxKey(TENANT, message.source(), message.key()), SimFlow.TYPE,
                message.businessKey(), new Input.Domain(message.event()), "corr-" + message.businessKey(),
                message.source());
        Optional<Receipt> receipt = attempt(node, "deliver " + message.key(), () -> node.engine().submit(event));
        if (receipt.isEmpty()) {
            inbound.again(message, clock.instant().plus(Duration.ofMillis(500 + random.nextInt(5_000))));
            return true;
        }
        note(node.id() + " delivered " + message.key() + ": " + describe(receipt.get()));
        if (receipt.get() instanceof Receipt.Repeated) {
            cover("inbound event delivered again (same key)");
        }
        if (message.key().endsWith(":resent")) {
            cover("inbound event resent under a new key");
        }
        if (message.key().startsWith("settled:") && describe(receipt.get()).contains("accepted, now Settled")
                && bank.effects(message.businessKey(), "pay") > 0 && !paymentAnswered(message.businessKey())) {
            cover("settlement notice overtook the payment's answer");
        }
        if (random.nextDouble() < faults.duplicate()) {
            inbound.again(message, clock.instant().plus(Duration.ofMillis(random.nextInt(60_000))));
        }
        return true;
    }

    private boolean dispatch(Node node) {
        armFaults(node, 2);
        Optional<Integer> handled = attempt(node, "dispatch", () -> node.engine().dispatchOnce());
        flushCalls(node);
        handled.filter(n -> n > 0).ifPresent(n -> {
            note(node.id() + " dispatched " + n);
            // The round's calls took their time: latency is simulated time, not the machine's.
            clock.advance(Duration.ofMillis(random.nextInt(2_000)));
        });
        return handled.isEmpty() || handled.get() > 0;
    }

    private boolean fireTimers(Node node) {
        armFaults(node, 1);
        Optional<Integer> fired = attempt(node, "timers", () -> node.engine().fireDueTimers());
        fired.filter(n -> n > 0).ifPresent(n -> note(node.id() + " fired " + n + " timers"));
        return fired.isEmpty() || fired.get() > 0;
    }

    /**
     * Arms this step's fault, if the seed wants one, at one of the step's {@code commits}: a dispatcher
     * round commits its claim (1) and then its outcomes (2), so a crash lands after the claim, after
     * the calls before the outcome is recorded, or after the outcome is recorded.
     */
    private void armFaults(Node node, int commits) {
        double roll = random.nextDouble();
        int nth = 1 + random.nextInt(commits);
        if (roll < faults.nodeCrash()) {
            node.connections().arm(nth, random.nextBoolean() ? NodeConnections.CommitFault.CRASH_BEFORE_COMMIT
                    : NodeConnections.CommitFault.CRASH_AFTER_COMMIT);
        } else if (roll < faults.nodeCrash() + faults.connectionCut()) {
            node.connections().arm(nth, NodeConnections.CommitFault.CUT_CONNECTION);
        }
    }

    /** Runs one step's work on {@code node}; a failure is traced, and a node that died is taken down. */
    private <T> Optional<T> attempt(Node node, String what, Supplier<T> work) {
        try {
            T result = work.get();
            coverFired(node, what);
            return Optional.of(result);
        } catch (RuntimeException e) {
            coverFired(node, what);
            if (node.connections().dead()) {
                crash(node, what);
            } else {
                note(node.id() + " " + what + " failed: " + rootMessage(e));
            }
            return Optional.empty();
        } finally {
            node.connections().disarm();
        }
    }

    /** Counts the commit fault that fired during {@code what}, named after the commit it hit. */
    private void coverFired(Node node, String what) {
        String fired = node.connections().takeFired();
        if (fired == null) {
            return;
        }
        String action = what.split(" ")[0];
        String commit = switch (action) {
            case "dispatch" -> fired.startsWith("1") ? "a dispatcher's claim" : "a dispatcher's outcomes (after its calls)";
            case "deliver" -> "an inbound event's batch";
            case "timers" -> "a timer round";
            default -> action;
        };
        cover(switch (fired.substring(2)) {
            case "CRASH_BEFORE_COMMIT" -> "node crashed before the commit of " + commit;
            case "CRASH_AFTER_COMMIT" -> "node crashed after the commit of " + commit;
            default -> "connection cut at the commit of " + commit;
        });
    }

    private void crash(Node node, String during) {
        flushCalls(node);
        crashes++;
        nodes.remove(node);
        closeLater(node);
        Instant now = clock.instant();
        Instant back = random.nextBoolean() ? now.plus(Duration.ofSeconds(1 + random.nextInt(300))) : null;
        downed.add(new Downed(node.id(), now.plus(LEASE), back));
        note(node.id() + " crashed during " + during + (back == null ? ", for good" : ", back at " + offset(back)));
    }

    /** Starts a node: under a dead node's id it first settles what it had claimed (as a restart does). */
    private void startNode(String comingBack) {
        String id = comingBack != null ? comingBack : "node-" + (++incarnations);
        NodeConnections connections = new NodeConnections(database.pool(), () -> outageStepsLeft > 0, database::terminate);
        Database db = new Database(connections);
        Random jitter = new Random(SimConnector.mix(seed, id.hashCode(), steps));
        ConnectorRegistry registry = new ConnectorRegistry(CircuitBreakerConfig.custom()
                // The breaker's pause runs on the machine's clock, not the simulated one: kept out of the runs.
                .minimumNumberOfCalls(1_000_000).build());
        for (SimPeer peer : List.of(treasury, erp, bank)) {
            registry.register(new SimConnector(peer, seed, faults, connections::dead, calls, this::onFreshEffect,
                    this::cover, blindLookups), RETRIES);
        }
        WorkflowEngine engine = WorkflowEngine.builder(db, workflows).connectors(registry).clock(clock).ids(ids)
                .random(jitter)
                .config(new WorkflowEngine.Config(id, 1, 64, 1, 1 + random.nextInt(4), LEASE, Duration.ofSeconds(1)))
                .build();
        Node node = new Node(id, connections, engine);
        if (comingBack != null) {
            attempt(node, "recovery", () -> {
                int recovered = new Dispatcher(db, new EventProcessor(workflows, ids), registry, clock, ids, jitter,
                        Dispatcher.Config.defaults(id), new Signal()).recoverOwnClaims();
                note(id + " is back and marks its " + recovered + " interrupted claims unknown");
                cover(recovered > 0 ? "a restarted node took back its own claims" : "a node restarted under its own id");
                return recovered;
            });
        } else {
            note(id + " starts");
        }
        nodes.add(node);
    }

    /** A peer carried out a command: the bank then sends its settlement notice, some time later. */
    private void onFreshEffect(SimPeer.Effect effect, String businessKey) {
        if (effect.type().equals("pay")) {
            SplittableRandom delay = new SplittableRandom(SimConnector.mix(seed, effect.reference().hashCode()));
            inbound.send(new Inbound.Message("bank", "settled:" + effect.reference(), businessKey,
                    new SimFlow.PaymentSettled(effect.invoice(), effect.reference()),
                    clock.instant().plus(Duration.ofMillis(delay.nextInt(120_000))), 0));
        }
    }

    /**
     * Moves the clock to the next moment something is due (a message, a command's next attempt, a timer,
     * a lease or a node coming back); false when nothing is: the run has settled.
     */
    private boolean jumpToNextDue() {
        List<Instant> due = new ArrayList<>();
        inbound.nextDue().ifPresent(due::add);
        for (List<String> row : database.rows("select (select (extract(epoch from min(next_attempt_at)) * 1000000)::bigint "
                + "from outbox o where status in ('READY', 'UNKNOWN') and not exists (select 1 from outbox p where "
                + "p.instance_id = o.instance_id and p.seq < o.seq and p.tenant_id = o.tenant_id)), (select (extract(epoch from min(due_at)) * 1000000)::bigint "
                + "from timer where due_at < '9999-01-01')")) {
            addMicros(due, row.get(0));
            addMicros(due, row.get(1));
        }
        for (List<String> claim : database.rows("select distinct claimed_by from outbox where status = 'SENDING'")) {
            // A dead node's claims wait for its lease; a live node's unrecorded ones for its next round.
            // Any other's lease has run out: a node's next claim takes it over (it looks every quarter lease).
            String owner = claim.getFirst();
            due.add(nodes.stream().anyMatch(n -> n.id().equals(owner)) ? clock.instant()
                    : downed.stream().filter(d -> d.id().equals(owner) && d.leaseEnds() != null)
                    .map(Downed::leaseEnds).findFirst().orElse(clock.instant().plus(LEASE.dividedBy(4))));
        }
        if (nodes.size() < MAX_NODES) {
            // A node coming back needs a free place in the cluster; it takes the first one that frees up.
            downed.stream().filter(d -> d.comesBack() != null).forEach(d -> due.add(d.comesBack()));
        }
        if (outageStepsLeft > 0) {
            due.add(clock.instant());
        }
        if (due.isEmpty()) {
            return false;
        }
        Instant next = Collections.min(due);
        dispatchStalled = false;
        // Nothing due acts now: what is "due" waits for the dispatchers' next look at expired leases.
        clock.set(next.isAfter(clock.instant()) ? next.plusMillis(1) : clock.instant().plus(LEASE.dividedBy(4)));
        return true;
    }

    private static void addMicros(List<Instant> due, String micros) {
        if (micros != null) {
            long value = Long.parseLong(micros);
            due.add(Instant.ofEpochSecond(Math.floorDiv(value, 1_000_000L), Math.floorMod(value, 1_000_000L) * 1_000L));
        }
    }

    /** Before the run ends, an operator acts on each open exception (twice at most per run). */
    private boolean operatorRound() {
        if (!faults.operator() || operatorRounds >= 2 || nodes.isEmpty()) {
            return false;
        }
        operatorRounds++;
        ExceptionQueue queue = nodes.getFirst().engine().exceptions();
        List<ExceptionRecord> open = queue.list(TENANT, ExceptionRecord.Status.OPEN, null, 100).stream()
                .sorted(java.util.Comparator.comparing(ExceptionRecord::id)).toList();
        boolean acted = false;
        for (ExceptionRecord record : open) {
            int pick = random.nextInt(100);
            OperatorAction action = pick < 35 ? OperatorAction.RETRY : pick < 60 ? OperatorAction.REPLAY
                    : pick < 75 ? OperatorAction.RESOLVE : pick < 85 ? OperatorAction.CANCEL : null;
            if (action == null) {
                note("operator leaves " + record.code() + " of " + record.context().get("businessKey"));
                continue;
            }
            try {
                queue.act(TENANT, record.id(), action, "ops.simulated", "simulated operator", "corr-operator");
                cover("operator " + action);
                note("operator " + action + " on " + record.code() + " of " + record.context().get("businessKey")
                        + " (" + record.reason() + ")");
                acted = true;
            } catch (ExceptionQueue.ActionRefused e) {
                cover("operator " + action + " refused");
                note("operator " + action + " refused: " + e.getMessage());
            }
        }
        return acted;
    }

    private void flushCalls(Node node) {
        List<String> round;
        synchronized (calls) {
            round = new ArrayList<>(calls);
            calls.clear();
        }
        Collections.sort(round); // parallel calls: their order in the trace must not depend on the threads
        round.forEach(call -> note(node.id() + " call " + call));
    }

    /** Closes the nodes still running. */
    void close() {
        nodes.forEach(SimRun::closeLater);
    }

    /**
     * Stops a node's engine threads in the background: its committer notices only at its next poll (up to
     * 100 ms), time the next run need not wait for. A dead node reaches the database no more meanwhile.
     */
    private static void closeLater(Node node) {
        Thread.ofVirtual().name("close-" + node.id()).start(() -> node.engine().close());
    }

    /** A node that can serve the final checks (the database is back by then). */
    WorkflowEngine anyEngine() {
        if (nodes.isEmpty()) {
            startNode(null);
        }
        return nodes.getFirst().engine();
    }

    void cover(String what) {
        synchronized (coverage) {
            coverage.merge(what, 1, Integer::sum);
        }
    }

    void note(String line) {
        trace.add(String.format("%5d %10s  %s", steps, offset(clock.instant()), line));
    }

    private static String offset(Instant at) {
        Duration d = Duration.between(START, at);
        return String.format("+%d:%02d:%02d.%03d", d.toHours(), d.toMinutesPart(), d.toSecondsPart(), d.toMillisPart());
    }

    private static String describe(Receipt receipt) {
        return switch (receipt) {
            case Receipt.Accepted a -> "accepted, now " + a.state();
            case Receipt.Rejected r -> "rejected in " + r.state() + ": " + r.reason();
            case Receipt.Repeated r -> "repeat of (" + describe(r.first()) + ")";
            case Receipt.Failed f -> "failed: " + f.reason();
            case Receipt.PayloadMismatch m -> "payload mismatch";
            case Receipt.InFlight f -> "in flight";
        };
    }

    /**
     * Why a step failed, as the trace tells it: a lost or refused connection by its kind only (the driver's
     * words for a connection the server ended depend on who noticed first), anything else in full.
     */
    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof java.sql.SQLException sql && sql.getSQLState() != null
                && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
            return sql.getSQLState().equals("08001") ? "connection refused" : "connection lost";
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
