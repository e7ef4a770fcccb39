package io.finrelay.engine.exception;

import io.finrelay.engine.audit.AuditRecord;
import io.finrelay.engine.audit.AuditTrail;
import io.finrelay.engine.db.Database;
import io.finrelay.engine.inbox.InboxKey;
import io.finrelay.engine.outbox.OutboxStore;
import io.finrelay.engine.runtime.EventProcessor;
import io.finrelay.engine.runtime.IdGenerator;
import io.finrelay.engine.runtime.InboundEvent;
import io.finrelay.engine.runtime.Input;
import io.finrelay.engine.runtime.Signal;
import io.finrelay.engine.timer.TimerStore;
import io.finrelay.engine.workflow.CommandOutcome;
import io.finrelay.model.id.TenantId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The exception queue as operators see it: list, read, and act (retry, replay, resolve, cancel).
 * Every action is checked against the entry's state, carried out in one transaction with its effect
 * on the outbox and the workflow, and audited with the actor and the note.
 */
public final class ExceptionQueue {

    /** The action cannot apply to this exception in its current state (HTTP 409). */
    public static final class ActionRefused extends RuntimeException {
        public ActionRefused(String message) {
            super(message);
        }
    }

    private final Database db;
    private final EventProcessor processor;
    private final Clock clock;
    private final IdGenerator ids;
    private final Signal commandsWritten;
    private final ExceptionStore store = new ExceptionStore();
    private final OutboxStore outbox;
    private final AuditTrail audit = new AuditTrail();
    private final TimerStore timers = new TimerStore();

    /** The code of a command the peer refused for good (the dispatcher's {@code park}): only these are replayed. */
    static final String PERMANENT_FAILURE = "permanent-failure";

    /** Incidents of a timer the poller could not read and parked (TimerPoller): a retry re-arms the timer. */
    private static final java.util.Set<String> PARKED_TIMER_CODES = java.util.Set.of("timer-format-unknown",
            "timer-event-unreadable");

    public ExceptionQueue(Database db, EventProcessor processor, Clock clock, IdGenerator ids, Signal commandsWritten) {
        this.db = db;
        this.processor = processor;
        this.outbox = processor.outbox();
        this.clock = clock;
        this.ids = ids;
        this.commandsWritten = commandsWritten;
    }

    public List<ExceptionRecord> list(TenantId tenant, ExceptionRecord.Status status, UUID instanceId, int limit) {
        return list(tenant, new ExceptionStore.Filter(status, instanceId, null, null, null), limit);
    }

    /** Newest first, narrowed by {@code filter}. */
    public List<ExceptionRecord> list(TenantId tenant, ExceptionStore.Filter filter, int limit) {
        return db.inTenant(tenant, c -> store.list(c, tenant, filter, limit));
    }

    public Optional<ExceptionRecord> find(TenantId tenant, UUID id) {
        return db.inTenant(tenant, c -> store.find(c, tenant, id, false));
    }

    /**
     * Carries out an operator's action in its own transaction. Returns the exception as it is
     * afterwards; empty if the tenant has no such exception.
     */
    public Optional<ExceptionRecord> act(TenantId tenant, UUID exceptionId, OperatorAction action, String actor,
                                         String note, String correlationId) {
        Optional<ExceptionRecord> after = db.inTenant(tenant, c -> act(c, tenant, exceptionId, action, actor, note, correlationId));
        commandsWritten.raise();
        return after;
    }

    /**
     * Carries out an operator's action inside the caller's transaction (so that, for example, the
     * API's Idempotency-Key is recorded in the same commit as the action).
     */
    public Optional<ExceptionRecord> act(Connection c, TenantId tenant, UUID exceptionId, OperatorAction action,
                                         String actor, String note, String correlationId) throws SQLException {
        Optional<ExceptionRecord> found = store.find(c, tenant, exceptionId, true);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        ExceptionRecord record = found.get();
        if (record.status() != ExceptionRecord.Status.OPEN) {
            throw new ActionRefused("exception " + exceptionId + " is " + record.status() + ", not OPEN");
        }
        Instant now = clock.instant();
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("exception", exceptionId.toString());
        detail.put("action", action.name());
        detail.put("note", note == null ? "" : note);
        ExceptionRecord.Status status = switch (record.kind()) {
            case COMMAND -> actOnCommand(c, record, action, actor, note, now, detail);
            case INCIDENT -> actOnIncident(c, record, action, actor, note, now, detail);
        };
        // Before and after, like a transition's from/to, so the audit record tells the change on its own.
        detail.put("from", record.status().name());
        detail.put("to", status.name());
        store.updateStatus(c, record, status, now);
        audit.append(c, List.of(new AuditRecord(tenant, record.instanceId(), correlationId, now, actor,
                "exception." + action.name().toLowerCase(java.util.Locale.ROOT), detail)));
        commandsWritten.raise();
        return store.find(c, tenant, exceptionId, false);
    }

    private ExceptionRecord.Status actOnCommand(Connection c, ExceptionRecord record, OperatorAction action,
                                                String actor, String note, Instant now, Map<String, Object> detail)
            throws SQLException {
        OutboxStore.Row command = outbox.find(c, record.tenantId(), record.commandId(), true)
                .filter(row -> row.status().equals("EXCEPTION"))
                .orElseThrow(() -> new ActionRefused("command " + record.commandId() + " is no longer waiting for an operator"));
        detail.put("command", command.commandId().toString());
        return switch (action) {
            case RETRY -> {
                outbox.reschedule(c, envelopeOf(command), command.lookupFirst() ? "UNKNOWN" : "READY",
                        command.lookupFirst(), 0, now, "retried by " + actor);
                yield ExceptionRecord.Status.RETRIED;
            }
            case REPLAY -> {
                if (command.lookupFirst()) {
                    // Sending under a new key when the first may have taken effect could pay twice.
                    throw new ActionRefused("the outcome of command " + command.commandId()
                            + " is unknown: retry it (the peer is asked first) or resolve it, but do not replay it");
                }
                if (!PERMANENT_FAILURE.equals(record.code())) {
                    // Its retry budget went on transient failures, and a 5xx can come after the peer acted: a peer
                    // that keeps idempotency keys answers the same key with its first answer, so a retry is safe,
                    // while a new key would be a second payment. Found by the fault simulator (finrelay-sim).
                    throw new ActionRefused("command " + command.commandId() + " failed with errors that may have "
                            + "reached the peer (" + record.reason() + "): retry it under its key or resolve it; only "
                            + "a command the peer refused for good is replayed under a new key");
                }
                UUID newId = ids.next();
                outbox.replaceId(c, command, newId, now);
                detail.put("replacedBy", newId.toString());
                yield ExceptionRecord.Status.REPLAYED;
            }
            case RESOLVE -> {
                outbox.finish(c, command.tenantId(), command.commandId(), "RESOLVED", null, null, now);
                deliver(c, command, new CommandOutcome.ResolvedByOperator(command.commandId(), command.type(), "{}",
                        actor, note == null ? "" : note), now);
                yield ExceptionRecord.Status.RESOLVED;
            }
            case CANCEL -> {
                outbox.finish(c, command.tenantId(), command.commandId(), "CANCELLED", null, null, now);
                deliver(c, command, new CommandOutcome.Cancelled(command.commandId(), command.type(), actor,
                        note == null ? "" : note), now);
                yield ExceptionRecord.Status.CANCELLED;
            }
        };
    }

    private ExceptionRecord.Status actOnIncident(Connection c, ExceptionRecord record, OperatorAction action,
                                                 String actor, String note, Instant now, Map<String, Object> detail)
            throws SQLException {
        return switch (action) {
            case RETRY -> {
                if (record.instanceId() == null) {
                    throw new ActionRefused("exception " + record.id() + " belongs to no instance: there is nothing to retry");
                }
                if (PARKED_TIMER_CODES.contains(record.code())) {
                    // The timer kept its event as stored: firing it again reads it anew (on a node that can).
                    if (!timers.rearm(c, record.tenantId(), record.instanceId(), record.context().get("timer"), now)) {
                        throw new ActionRefused("timer " + record.context().get("timer") + " of exception " + record.id()
                                + " is no longer parked: it was replaced, cancelled or re-armed since");
                    }
                    detail.put("timer", record.context().get("timer"));
                    yield ExceptionRecord.Status.RETRIED;
                }
                Optional<CommandOutcome> parkedOutcome = parkedOutcome(c, record);
                if (parkedOutcome.isPresent()) {
                    // The outcome of a finished command, parked because the state could not be read then:
                    // delivered again, it is decided on now (the workflow's own retry would not redo it).
                    deliver(c, record.tenantId(), record.instanceId(), record.correlationId(), parkedOutcome.get(), now);
                    detail.put("command", parkedOutcome.get().commandId().toString());
                    yield ExceptionRecord.Status.RETRIED;
                }
                InstanceAddress address = address(c, record.tenantId(), record.instanceId());
                processor.process(c, List.of(new InboundEvent(
                        new InboxKey(record.tenantId(), "operator", "retry:" + record.id()), address.type(),
                        address.businessKey(), new Input.OperatorRetry(actor, note == null ? "" : note),
                        address.correlationId(), actor)), now);
                yield ExceptionRecord.Status.RETRIED;
            }
            case REPLAY -> throw new ActionRefused("an incident has no command to replay: retry, resolve or cancel it");
            case RESOLVE -> ExceptionRecord.Status.RESOLVED;
            case CANCEL -> ExceptionRecord.Status.CANCELLED;
        };
    }

    /**
     * What a person notes on an exception while working it: who owns it now ({@code owner}: null leaves it
     * as it is, blank gives it to nobody), a comment, the root cause found. Any of them, in any status;
     * the owner is kept on the exception, and everything is audited ({@code exception.annotated}) in the
     * instance's timeline. Empty if the tenant has no such exception.
     */
    public Optional<ExceptionRecord> annotate(Connection c, TenantId tenant, UUID exceptionId, String owner, String comment,
                                              String rootCause, String actor, String correlationId) throws SQLException {
        Optional<ExceptionRecord> found = store.find(c, tenant, exceptionId, true);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        ExceptionRecord record = found.get();
        Instant now = clock.instant();
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("exception", exceptionId.toString());
        if (owner != null) {
            String next = owner.isBlank() ? null : owner.strip();
            store.updateOwner(c, record, next, now);
            detail.put("owner", next == null ? "" : next);
            detail.put("previousOwner", record.owner() == null ? "" : record.owner());
        }
        if (comment != null && !comment.isBlank()) {
            detail.put("comment", comment.strip());
        }
        if (rootCause != null && !rootCause.isBlank()) {
            detail.put("rootCause", rootCause.strip());
        }
        audit.append(c, List.of(new AuditRecord(tenant, record.instanceId(), correlationId, now, actor,
                "exception.annotated", detail)));
        return store.find(c, tenant, exceptionId, false);
    }

    /**
     * What an action would do to one exception: whether it applies, the exception's status after it and
     * the workflow's state before and after (unchanged for a command sent again: it moves when the peer
     * answers), or why it is refused.
     */
    public record DryRun(UUID exceptionId, boolean applies, String statusAfter, String stateBefore, String stateAfter,
                         String explanation) {}

    /**
     * Finds out what {@link #act} would do by doing it inside the caller's transaction and rolling it
     * back to a savepoint: the same checks and the same workflow decision as the real action, and
     * nothing of it kept, not even its audit record. Empty if the tenant has no such exception.
     */
    public Optional<DryRun> dryRun(Connection c, TenantId tenant, UUID exceptionId, OperatorAction action, String actor)
            throws SQLException {
        Optional<ExceptionRecord> found = store.find(c, tenant, exceptionId, false);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        ExceptionRecord record = found.get();
        String stateBefore = stateOf(c, tenant, record.instanceId());
        Savepoint savepoint = c.setSavepoint();
        try {
            ExceptionRecord after = act(c, tenant, exceptionId, action, actor, "dry run", "dry-run").orElseThrow();
            String stateAfter = stateOf(c, tenant, record.instanceId());
            return Optional.of(new DryRun(exceptionId, true, after.status().name(), stateBefore, stateAfter,
                    explain(record, action)));
        } catch (ActionRefused refused) {
            return Optional.of(new DryRun(exceptionId, false, record.status().name(), stateBefore, stateBefore,
                    refused.getMessage()));
        } finally {
            c.rollback(savepoint);
        }
    }

    /** What one action of {@link #actOnEach} did: the status after it, or why it was refused. */
    public record Outcome(UUID exceptionId, boolean applied, String statusAfter, String refusal) {}

    /**
     * Carries out one action on each of {@code exceptionIds} inside the caller's transaction, each under a
     * savepoint: one the action cannot apply to is rolled back alone and reported, the others are done and
     * audited. An id the tenant does not have is reported as refused.
     */
    public List<Outcome> actOnEach(Connection c, TenantId tenant, List<UUID> exceptionIds, OperatorAction action,
                                   String actor, String note, String correlationId) throws SQLException {
        List<Outcome> outcomes = new java.util.ArrayList<>();
        for (UUID id : exceptionIds) {
            Savepoint savepoint = c.setSavepoint();
            try {
                Optional<ExceptionRecord> after = act(c, tenant, id, action, actor, note, correlationId);
                outcomes.add(after.map(r -> new Outcome(id, true, r.status().name(), null))
                        .orElseGet(() -> new Outcome(id, false, null, "no such exception")));
                c.releaseSavepoint(savepoint);
            } catch (ActionRefused refused) {
                c.rollback(savepoint);
                outcomes.add(new Outcome(id, false, null, refused.getMessage()));
            }
        }
        return outcomes;
    }

    /** {@link #dryRun} for each of {@code exceptionIds}, in one transaction that keeps nothing. */
    public List<DryRun> dryRunEach(TenantId tenant, List<UUID> exceptionIds, OperatorAction action, String actor) {
        return db.inTenant(tenant, c -> {
            List<DryRun> runs = new java.util.ArrayList<>();
            for (UUID id : exceptionIds) {
                dryRun(c, tenant, id, action, actor).ifPresent(runs::add);
            }
            return runs;
        });
    }

    private static String explain(ExceptionRecord record, OperatorAction action) {
        if (action == OperatorAction.RETRY && PARKED_TIMER_CODES.contains(record.code())) {
            return "the parked timer fires again with its event as stored";
        }
        if (action == OperatorAction.RETRY && UNREADABLE_STATE_CODES.contains(record.code())
                && record.context().containsKey("command")) {
            return "the parked outcome of command " + record.context().get("command") + " is delivered again";
        }
        return switch (record.kind()) {
            case COMMAND -> switch (action) {
                case RETRY -> "the command is delivered again under its own id (the peer is asked first when its "
                        + "outcome is unknown)";
                case REPLAY -> "the command is sent again under a new id";
                case RESOLVE -> "the command counts as done by the operator and the workflow goes on";
                case CANCEL -> "the command is cancelled and the workflow is told so";
            };
            case INCIDENT -> switch (action) {
                case RETRY -> "the workflow decides again from its current state";
                case REPLAY -> "nothing: an incident has no command to replay";
                case RESOLVE, CANCEL -> "the exception is closed; the workflow is not touched";
            };
        };
    }

    private static String stateOf(Connection c, TenantId tenant, UUID instanceId) throws SQLException {
        if (instanceId == null) {
            return null;
        }
        try (PreparedStatement select = c.prepareStatement(
                "select state_name from workflow_instance where tenant_id = ? and id = ?")) {
            select.setObject(1, tenant.value());
            select.setObject(2, instanceId);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private record InstanceAddress(String type, String businessKey, String correlationId) {}

    private static InstanceAddress address(Connection c, TenantId tenant, UUID instanceId) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(
                "select workflow_type, business_key, correlation_id from workflow_instance where tenant_id = ? and id = ?")) {
            select.setObject(1, tenant.value());
            select.setObject(2, instanceId);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    throw new ActionRefused("instance " + instanceId + " no longer exists");
                }
                return new InstanceAddress(rs.getString(1), rs.getString(2), rs.getString(3));
            }
        }
    }

    /** Incidents of a state the engine could not read (EventProcessor): a retry delivers a parked outcome again. */
    private static final java.util.Set<String> UNREADABLE_STATE_CODES = java.util.Set.of("state-format-unknown",
            "state-upcast-failed", "state-unreadable");

    /** The command outcome an unreadable state's incident parked, rebuilt from the finished command; or none. */
    private Optional<CommandOutcome> parkedOutcome(Connection c, ExceptionRecord record) throws SQLException {
        Map<String, String> context = record.context();
        if (!UNREADABLE_STATE_CODES.contains(record.code()) || !context.containsKey("command")) {
            return Optional.empty();
        }
        UUID commandId = UUID.fromString(context.get("command"));
        String type = context.get("commandType");
        String actor = context.getOrDefault("outcomeActor", "");
        String note = context.getOrDefault("outcomeNote", "");
        return switch (context.get("outcome")) {
            case "Succeeded" -> Optional.of(new CommandOutcome.Succeeded(commandId, type,
                    outbox.finishedResult(c, record.tenantId(), commandId).orElseThrow(() -> new ActionRefused(
                            "command " + commandId + " of exception " + record.id() + " has no recorded outcome to deliver again"))));
            case "ResolvedByOperator" -> Optional.of(new CommandOutcome.ResolvedByOperator(commandId, type, "{}", actor, note));
            case "Cancelled" -> Optional.of(new CommandOutcome.Cancelled(commandId, type, actor, note));
            default -> Optional.empty();
        };
    }

    private void deliver(Connection c, TenantId tenant, UUID instanceId, String correlationId, CommandOutcome outcome,
                         Instant now) throws SQLException {
        InstanceAddress address = address(c, tenant, instanceId);
        processor.process(c, List.of(new InboundEvent(
                new InboxKey(tenant, InboxKey.ENGINE, "outcome:" + outcome.commandId()), address.type(),
                address.businessKey(), new Input.Outcome(outcome), correlationId, "operator")), now);
    }

    private void deliver(Connection c, OutboxStore.Row command, CommandOutcome outcome, Instant now) throws SQLException {
        InstanceAddress address = address(c, command.tenantId(), command.instanceId());
        processor.process(c, List.of(new InboundEvent(
                new InboxKey(command.tenantId(), InboxKey.ENGINE, "outcome:" + command.commandId()), address.type(),
                address.businessKey(), new Input.Outcome(outcome), command.correlationId(), "operator")), now);
    }

    private static io.finrelay.engine.outbox.CommandEnvelope envelopeOf(OutboxStore.Row row) {
        return new io.finrelay.engine.outbox.CommandEnvelope(row.tenantId(), row.commandId(), row.instanceId(), null,
                null, row.connector(), row.type(), row.payloadJson(), row.correlationId(), row.attempts());
    }
}
