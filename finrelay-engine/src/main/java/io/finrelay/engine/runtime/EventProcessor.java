package io.finrelay.engine.runtime;

import io.finrelay.engine.EngineMetrics;
import io.finrelay.engine.EngineTracing;
import io.finrelay.engine.audit.AuditRecord;
import io.finrelay.engine.audit.AuditTrail;
import io.finrelay.engine.exception.ExceptionRecord;
import io.finrelay.engine.exception.ExceptionStore;
import io.finrelay.engine.inbox.Claim;
import io.finrelay.engine.inbox.Inbox;
import io.finrelay.engine.inbox.InboxKey;
import io.finrelay.engine.db.DatabaseException;
import io.finrelay.engine.db.MultiInsert;
import com.fasterxml.jackson.databind.JsonNode;
import io.finrelay.engine.json.FieldSealer;
import io.finrelay.model.bank.IbanMasker;
import io.finrelay.engine.json.Json;
import io.finrelay.engine.outbox.OutboxStore;
import io.finrelay.engine.timer.TimerStore;
import io.finrelay.engine.workflow.CommandOutcome;
import io.finrelay.engine.workflow.CommandRequest;
import io.finrelay.engine.workflow.Decision;
import io.finrelay.engine.workflow.Incident;
import io.finrelay.engine.workflow.Reading;
import io.finrelay.engine.workflow.StoredFormatException;
import io.finrelay.engine.workflow.Transition;
import io.finrelay.engine.workflow.TransitionHook;
import io.finrelay.model.id.TenantId;
import io.finrelay.engine.workflow.TimerRequest;
import io.finrelay.engine.workflow.WorkflowEvent;
import io.finrelay.engine.workflow.WorkflowState;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Applies a batch of deliveries inside the caller's transaction: claims their inbox keys, locks their
 * instances (in key order, so that concurrent batches cannot deadlock), runs each pure transition in
 * memory, and writes the new states, outbox commands, timers, exceptions, audit records and inbox
 * results with a handful of batched statements. Many instances' transitions thus share one commit.
 *
 * <p>It never commits: the caller owns the transaction, so a dispatcher can record a command's
 * outcome and the transition it causes atomically.
 */
public final class EventProcessor {
    private final WorkflowRegistry registry;
    private final IdGenerator ids;
    private final Inbox inbox = new Inbox();
    private final InstanceStore instances;
    private final OutboxStore outbox;
    private final AuditTrail auditTrail = new AuditTrail();
    private final ExceptionStore exceptionStore = new ExceptionStore();

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(EventProcessor.class);

    private final EngineMetrics metrics;
    private final EngineTracing tracing;
    private final TransitionHook hook;

    public EventProcessor(WorkflowRegistry registry, IdGenerator ids) {
        this(registry, ids, FieldSealer.NONE);
    }

    /** {@code sealer} keeps sensitive fields of states and command payloads sealed at rest. */
    public EventProcessor(WorkflowRegistry registry, IdGenerator ids, FieldSealer sealer) {
        this(registry, ids, sealer, EngineMetrics.NONE);
    }

    public EventProcessor(WorkflowRegistry registry, IdGenerator ids, FieldSealer sealer, EngineMetrics metrics) {
        this(registry, ids, sealer, metrics, EngineTracing.NONE);
    }

    public EventProcessor(WorkflowRegistry registry, IdGenerator ids, FieldSealer sealer, EngineMetrics metrics,
                          EngineTracing tracing) {
        this(registry, ids, sealer, metrics, tracing, TransitionHook.NONE);
    }

    /** {@code hook} adds the node's own commands (business events, say) to accepted transitions. */
    public EventProcessor(WorkflowRegistry registry, IdGenerator ids, FieldSealer sealer, EngineMetrics metrics,
                          EngineTracing tracing, TransitionHook hook) {
        this.hook = java.util.Objects.requireNonNull(hook, "hook");
        this.registry = registry;
        this.ids = ids;
        this.instances = new InstanceStore(sealer);
        this.outbox = new OutboxStore(sealer);
        this.metrics = java.util.Objects.requireNonNull(metrics, "metrics");
        this.tracing = GuardedTracing.of(java.util.Objects.requireNonNull(tracing, "tracing"));
    }

    /** Where transitions and deliveries join their traces (a tracer that throws costs only the trace). */
    public EngineTracing tracing() {
        return tracing;
    }

    /** Who is told what was processed; the callers tell it once their transaction has committed. */
    public EngineMetrics metrics() {
        return metrics;
    }

    /** Tells the metrics what a committed transaction processed. */
    public void committed(List<InboundEvent> events, Result result) {
        if (events.isEmpty()) {
            return;
        }
        try {
            metrics.processed(events, result.receipts());
        } catch (RuntimeException e) {
            // after the commit: a failing observer must not make the caller think the transaction failed
            log.warn("metrics observer failed on {} events: {}", events.size(), e.toString());
        }
    }

    /** The outbox as this processor stores it (with its sealer), for the dispatcher and exception queue. */
    public OutboxStore outbox() {
        return outbox;
    }

    /** What a batch produced, beyond the receipts: whether dispatchers and timer pollers should look. */
    public record Result(List<Receipt> receipts, boolean commandsWritten, boolean timersWritten) {}

    public Result process(Connection connection, List<InboundEvent> events, Instant now) throws SQLException {
        List<Inbox.Entry> entries = new ArrayList<>(events.size());
        List<Inbox.Entry> external = new ArrayList<>(events.size());
        for (InboundEvent event : events) {
            Inbox.Entry entry = event.key().internal() ? null : new Inbox.Entry(event.key(), Inbox.hash(payloadOf(event)));
            entries.add(entry);
            if (entry != null) {
                external.add(entry);
            }
        }
        Map<InboxKey, Claim> claims = inbox.claim(connection, external);
        for (InboundEvent event : events) {
            claims.putIfAbsent(event.key(), new Claim.Fresh());
        }

        TreeSet<InstanceRef> refs = new TreeSet<>();
        for (InboundEvent event : events) {
            if (claims.get(event.key()) instanceof Claim.Fresh) {
                refs.add(event.instanceRef());
            }
        }
        Map<InstanceRef, InstanceRow> loaded = instances.lockAll(connection, refs);
        Batch batch = new Batch(now);
        Map<InboxKey, Integer> firstInBatch = new HashMap<>();
        Receipt[] receipts = new Receipt[events.size()];
        for (int i = 0; i < events.size(); i++) {
            InboundEvent event = events.get(i);
            Integer first = firstInBatch.putIfAbsent(event.key(), i);
            if (first != null) {
                receipts[i] = repeatWithinBatch(receipts[first], entries.get(i) == null || entries.get(first) == null
                        || java.util.Arrays.equals(entries.get(first).payloadHash(), entries.get(i).payloadHash()));
                continue;
            }
            receipts[i] = switch (claims.get(event.key())) {
                case Claim.InFlight f -> new Receipt.InFlight();
                case Claim.PayloadMismatch m -> new Receipt.PayloadMismatch();
                case Claim.Repeat r -> new Receipt.Repeated(Json.read(r.firstResultJson(), Receipt.class));
                case Claim.Fresh f -> {
                    Receipt receipt = traced(connection, event, loaded, batch);
                    if (entries.get(i) != null) {
                        batch.inboxOutcomes.add(new Inbox.Outcome(entries.get(i), Json.write(receipt),
                                instanceIdOf(receipt), event.correlationId(), now));
                    }
                    yield receipt;
                }
            };
        }
        batch.write(connection);
        return new Result(List.of(receipts), !batch.commands.isEmpty(), !batch.timers.isEmpty());
    }

    /**
     * Applies one event inside the span of its transition: the commands it writes store that span's
     * traceparent. An event without a traceparent of its own takes the one current on this thread (the
     * caller's, when it processes in its own transaction; none on a committer thread).
     */
    private Receipt traced(Connection connection, InboundEvent event, Map<InstanceRef, InstanceRow> loaded, Batch batch)
            throws SQLException {
        InboundEvent withTrace = event.traceParent() != null ? event : event.withTraceParent(tracing.currentTraceParent());
        EngineTracing.Span span = tracing.transition(withTrace);
        batch.traceParent = span.traceParent();
        Receipt receipt = null;
        try {
            receipt = apply(connection, event, loaded, batch);
            return receipt;
        } finally {
            batch.traceParent = null;
            endQuietly(span, receipt);
        }
    }

    private static void endQuietly(EngineTracing.Span span, Receipt receipt) {
        switch (receipt) {
            case null -> span.end("error", null);
            case Receipt.Accepted a -> span.end("accepted", a.state());
            case Receipt.Rejected r -> span.end("rejected", r.state());
            case Receipt.Failed x -> span.end("failed", null);
            default -> span.end("other", null);
        }
    }

    /** A key seen twice in one batch: the second delivery is answered like any later repeat. */
    private static Receipt repeatWithinBatch(Receipt first, boolean samePayload) {
        if (!samePayload) {
            return new Receipt.PayloadMismatch();
        }
        return switch (first) {
            case Receipt.Repeated r -> r;
            case Receipt.InFlight f -> f;
            case Receipt.PayloadMismatch m -> m;
            default -> new Receipt.Repeated(first);
        };
    }

    private Receipt apply(Connection connection, InboundEvent event, Map<InstanceRef, InstanceRow> loaded, Batch batch)
            throws SQLException {
        WorkflowRegistry.Registered<?, ?> workflow = registry.get(event.workflowType());
        InstanceRef ref = event.instanceRef();
        InstanceRow row = loaded.computeIfAbsent(ref, r -> InstanceRow.fresh(r, ids.next(),
                workflow, event.correlationId(), batch.now));
        if (row.ended && !takesAfterEnd(workflow, event.input()) && !hooksOwn(event.input())) {
            return new Receipt.Rejected(row.id, row.stateName, "the instance has ended in state " + row.stateName, true);
        }
        return decide(connection, workflow, row, event, batch);
    }

    /**
     * The event as the audit trail keeps it: every IBAN in it masked, whichever record carries it (the
     * master data a decision saw holds the payee's bank details), because the trail is read by more
     * roles than may see them and cannot be changed afterwards.
     */
    private static JsonNode auditPayload(WorkflowEvent event) {
        String json = Json.write(event);
        String masked = IbanMasker.mask(json);
        return Json.read(masked, JsonNode.class);
    }

    /** The outcome of a command the node's hook added (a business event published): the workflow is not asked. */
    private boolean hooksOwn(Input input) {
        return input instanceof Input.Outcome o && hook.adds(o.outcome().type());
    }

    private static <S extends WorkflowState, E extends WorkflowEvent> boolean takesAfterEnd(
            WorkflowRegistry.Registered<S, E> workflow, Input input) {
        return input instanceof Input.Domain d && workflow.definition().eventType().isInstance(d.event())
                && workflow.definition().takesAfterEnd(workflow.definition().eventType().cast(d.event()));
    }

    /**
     * Reads the state, turns the input into the workflow's event, lets the definition enrich it with
     * what it reads in this transaction, and decides. A database failure (SQLException or
     * DatabaseException) fails the batch like any of its writes; a definition that throws otherwise
     * parks the input as an incident.
     */
    private <S extends WorkflowState, E extends WorkflowEvent> Receipt decide(Connection connection,
            WorkflowRegistry.Registered<S, E> workflow, InstanceRow row, InboundEvent event, Batch batch)
            throws SQLException {
        S state;
        try {
            state = workflow.readState(row.stateName, row.stateJson, row.stateFormat);
        } catch (StoredFormatException e) {
            // Written by code this node does not have (or beyond what its upcasters read): park the input and
            // leave the stored state untouched for a node that can read it, rather than guess and overwrite.
            return parkFailure(row, event, e, batch, e.unknownVersion() ? "state-format-unknown" : "state-upcast-failed");
        } catch (RuntimeException e) {
            return parkFailure(row, event, e, batch, "state-unreadable");
        }
        Optional<E> domainEvent;
        Decision<S> decision;
        try {
            Optional<E> input = switch (event.input()) {
                case Input.Domain d -> Optional.of(workflow.definition().eventType().cast(d.event()));
                case Input.Outcome o -> hooksOwn(o) ? Optional.<E>empty()
                        : workflow.definition().onCommandOutcome(state, o.outcome());
                case Input.OperatorRetry r -> workflow.definition().onOperatorRetry(state);
            };
            domainEvent = input.isEmpty() ? input : Optional.of(workflow.definition().enrich(state, input.get(),
                    new Reading(connection, row.ref.tenantId(), batch.now)));
            decision = domainEvent.<Decision<S>>map(e -> workflow.definition().decide(state, e))
                    .orElseGet(() -> Decision.moveTo(state));
        } catch (DatabaseException e) {
            throw e;
        } catch (RuntimeException e) {
            return parkFailure(row, event, e, batch, "transition-failed");
        }
        String eventName = domainEvent.map(WorkflowEvent::name).orElse(inputName(event.input()));
        return switch (decision) {
            case Decision.Rejected<S> rejected -> {
                if (row.persisted) {
                    Map<String, Object> detail = new LinkedHashMap<>();
                    detail.put("event", eventName);
                    detail.put("state", row.stateName);
                    detail.put("reason", IbanMasker.mask(rejected.reason()));
                    addCause(detail, event.input());
                    batch.audit.add(audit(row, event, batch.now, "event.rejected", detail));
                }
                yield new Receipt.Rejected(row.persisted ? row.id : null, row.stateName, rejected.reason());
            }
            case Decision.Accepted<S> accepted -> accept(workflow, row, event, eventName, domainEvent, state, accepted, batch);
        };
    }

    private <S extends WorkflowState, E extends WorkflowEvent> Receipt accept(
            WorkflowRegistry.Registered<S, E> workflow, InstanceRow row, InboundEvent event, String eventName,
            Optional<E> domainEvent, S oldState, Decision.Accepted<S> accepted, Batch batch) {
        String from = row.stateName;
        S newState = accepted.newState();
        Transition<S> transition = new Transition<>(row.id, row.ref.businessKey(), oldState, newState);
        TenantId tenant = row.ref.tenantId();
        List<CommandRequest> commands = accepted.commands();
        try {
            List<CommandRequest> added = hook.commandsFor(tenant, row.ref.workflowType(), transition, batch.now);
            if (!added.isEmpty()) {
                commands = new ArrayList<>(commands);
                commands.addAll(added);
            }
        } catch (RuntimeException e) {
            return parkFailure(row, event, e, batch, "transition-hook-failed");
        }
        batch.projections.add((connection, now) -> workflow.definition().project(transition,
                new Reading(connection, tenant, now)));
        row.stateName = workflow.states().nameOf(newState);
        row.stateJson = workflow.states().write(newState);
        row.stateFormat = workflow.format().current();
        row.ended = newState.isTerminal();
        row.version++;
        batch.touch(row);

        List<String> commandIds = new ArrayList<>();
        for (CommandRequest command : commands) {
            UUID commandId = ids.next();
            commandIds.add(commandId.toString());
            batch.commands.add(new OutboxStore.NewCommand(row.ref.tenantId(), commandId, row.id, row.nextSeq++,
                    command.connector(), command.type(), Json.write(command.payload()), row.correlationId,
                    batch.now, batch.traceParent));
        }
        for (TimerRequest timer : row.ended ? List.<TimerRequest>of() : accepted.timers()) {
            batch.timers.add(new TimerStore.NewTimer(row.ref.tenantId(), row.id, timer.name(), timer.dueAt(),
                    timer.event().name(), Json.write(timer.event()), workflow.format().current()));
        }
        for (String name : accepted.cancelledTimers()) {
            batch.cancelledTimers.add(new TimerStore.TimerKey(row.ref.tenantId(), row.id, name));
        }
        if (row.ended) {
            batch.endedInstances.add(row);
        }
        List<String> exceptionIds = new ArrayList<>();
        for (Incident incident : accepted.incidents()) {
            UUID exceptionId = ids.next();
            exceptionIds.add(exceptionId.toString());
            batch.exceptions.add(new ExceptionRecord(row.ref.tenantId(), exceptionId, row.id, null,
                    ExceptionRecord.Kind.INCIDENT, incident.code(), incident.reason(), incident.context(),
                    ExceptionRecord.Status.OPEN, null, row.correlationId, batch.now, batch.now));
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("event", eventName);
        domainEvent.ifPresent(e -> detail.put("payload", auditPayload(e)));
        detail.put("from", from);
        detail.put("to", row.stateName);
        detail.put("version", row.version);
        detail.put("source", event.key().source());
        detail.put("dedupKey", event.key().key());
        addCause(detail, event.input());
        if (!commandIds.isEmpty()) {
            detail.put("commands", commandIds);
        }
        if (!accepted.timers().isEmpty()) {
            detail.put("timers", accepted.timers().stream().map(t -> t.name() + "@" + t.dueAt()).toList());
        }
        if (!exceptionIds.isEmpty()) {
            detail.put("exceptions", exceptionIds);
        }
        if (accepted.note() != null) {
            detail.put("note", accepted.note());
        }
        batch.audit.add(audit(row, event, batch.now, "transition", detail));
        return new Receipt.Accepted(row.id, row.stateName, row.version, row.ended);
    }

    /**
     * A transition that throws is a bug or an unreadable event, and a state this node cannot read is newer
     * code's: park the input with its payload, never drop it, and leave the instance as it is.
     */
    private Receipt parkFailure(InstanceRow row, InboundEvent event, RuntimeException failure, Batch batch,
                                String code) {
        UUID exceptionId = ids.next();
        String reason = failure.getClass().getSimpleName() + ": " + failure.getMessage();
        Map<String, String> context = new LinkedHashMap<>();
        context.put("workflowType", row.ref.workflowType());
        context.put("businessKey", row.ref.businessKey());
        context.put("state", row.stateName);
        context.put("input", inputName(event.input()));
        context.put("payload", payloadOf(event));
        if (failure instanceof StoredFormatException format) {
            context.put("storedFormat", Integer.toString(format.storedVersion()));
            context.put("currentFormat", Integer.toString(format.currentVersion()));
        }
        if (event.input() instanceof Input.Outcome o) {
            // The command is done and will not come back: the exception names its outcome so that a retry
            // can deliver it again (ExceptionQueue) once a node can read the state.
            context.put("command", o.outcome().commandId().toString());
            context.put("commandType", o.outcome().type());
            context.put("outcome", o.outcome().getClass().getSimpleName());
            switch (o.outcome()) {
                case CommandOutcome.ResolvedByOperator r -> {
                    context.put("outcomeActor", r.actor());
                    context.put("outcomeNote", r.note() == null ? "" : r.note());
                }
                case CommandOutcome.Cancelled x -> {
                    context.put("outcomeActor", x.actor());
                    context.put("outcomeNote", x.note() == null ? "" : x.note());
                }
                case CommandOutcome.Succeeded x -> { }
            }
        }
        UUID instanceId = row.persisted ? row.id : null;
        batch.exceptions.add(new ExceptionRecord(row.ref.tenantId(), exceptionId, instanceId, null,
                ExceptionRecord.Kind.INCIDENT, code, reason, context, ExceptionRecord.Status.OPEN,
                null, event.correlationId(), batch.now, batch.now));
        batch.audit.add(new AuditRecord(row.ref.tenantId(), instanceId, event.correlationId(), batch.now,
                event.actor(), "transition.failed", Map.of("reason", reason, "exception", exceptionId.toString(),
                "code", code)));
        return new Receipt.Failed(instanceId, exceptionId, reason);
    }

    /** An outcome's command and facts belong in the record of what the outcome caused. */
    private static void addCause(Map<String, Object> detail, Input input) {
        if (input instanceof Input.Outcome o) {
            detail.put("command", o.outcome().commandId().toString());
            detail.put("commandType", o.outcome().type());
            detail.put("outcome", o.outcome().getClass().getSimpleName());
            detail.putAll(o.facts());
        }
    }

    private static AuditRecord audit(InstanceRow row, InboundEvent event, Instant now, String kind,
                                     Map<String, Object> detail) {
        return new AuditRecord(row.ref.tenantId(), row.id, row.correlationId, now, event.actor(), kind, detail);
    }

    /**
     * What the inbox hashes to tell a repeat from a different request under the same key: the
     * addressed instance as well as the event, so a key reused for another business object is a 422.
     */
    static String payloadOf(InboundEvent event) {
        String address = event.workflowType() + "\u001f" + event.businessKey() + "\u001f";
        return address + switch (event.input()) {
            case Input.Domain d -> "event:" + d.event().name() + ":" + Json.write(d.event());
            case Input.Outcome o -> "outcome:" + Json.write(o.outcome());
            case Input.OperatorRetry r -> "retry:" + Json.write(r);
        };
    }

    private static String inputName(Input input) {
        return switch (input) {
            case Input.Domain d -> d.event().name();
            case Input.Outcome o -> "CommandOutcome." + o.outcome().getClass().getSimpleName() + ":" + o.outcome().type();
            case Input.OperatorRetry r -> "OperatorRetry";
        };
    }

    private static UUID instanceIdOf(Receipt receipt) {
        return switch (receipt) {
            case Receipt.Accepted a -> a.instanceId();
            case Receipt.Rejected r -> r.instanceId();
            case Receipt.Failed f -> f.instanceId();
            default -> null;
        };
    }

    /** One accepted transition's read-model write, run after the batch's own. */
    @FunctionalInterface
    private interface Projection {
        void write(Connection connection, Instant now) throws SQLException;
    }

    /** Everything one batch writes, gathered so that each table gets one batched statement. */
    private final class Batch {
        final Instant now;
        final List<InstanceRow> touched = new ArrayList<>();
        final List<OutboxStore.NewCommand> commands = new ArrayList<>();
        final List<TimerStore.NewTimer> timers = new ArrayList<>();
        final List<TimerStore.TimerKey> cancelledTimers = new ArrayList<>();
        final List<InstanceRow> endedInstances = new ArrayList<>();
        final List<ExceptionRecord> exceptions = new ArrayList<>();
        final List<AuditRecord> audit = new ArrayList<>();
        final List<Inbox.Outcome> inboxOutcomes = new ArrayList<>();
        final List<Projection> projections = new ArrayList<>();
        /** The traceparent of the transition being applied, stored with the commands it writes. */
        String traceParent;

        Batch(Instant now) {
            this.now = now;
        }

        void touch(InstanceRow row) {
            if (!row.inBatch) {
                row.inBatch = true;
                touched.add(row);
            }
        }

        /**
         * Two round trips in the common case: the instance updates (batched) and one multi-table
         * insert of new instances, commands, timers, exceptions, audit records and inbox results.
         * Timer cancellations, rare, come first so that a timer replaced in the same batch survives.
         */
        void write(Connection connection) throws SQLException {
            TimerStore timerStore = new TimerStore();
            timerStore.cancel(connection, cancelledTimers);
            timerStore.cancelAll(connection, endedInstances.stream()
                    .map(r -> new TimerStore.InstanceKey(r.ref.tenantId(), r.id)).toList());
            instances.updateExisting(connection, touched, now);
            MultiInsert insert = new MultiInsert();
            instances.stageNew(insert, touched, now);
            outbox.stage(insert, commands);
            timerStore.stage(insert, timers);
            exceptionStore.stage(insert, this.exceptions);
            auditTrail.stage(insert, this.audit);
            inbox.stage(insert, inboxOutcomes);
            insert.execute(connection);
            for (Projection projection : projections) {
                projection.write(connection, now);
            }
        }
    }
}
