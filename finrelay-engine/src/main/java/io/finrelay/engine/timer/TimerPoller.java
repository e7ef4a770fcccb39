package io.finrelay.engine.timer;

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
import io.finrelay.engine.runtime.WorkflowRegistry;
import io.finrelay.engine.workflow.StoredFormatException;
import io.finrelay.engine.workflow.WorkflowEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fires due timers: claims them (SKIP LOCKED, so nodes share the work), deletes them and delivers
 * their events in one transaction, so a timer fires exactly once: a crash before the commit leaves
 * the row in place to fire after the restart, and after the commit the row is gone.
 */
public final class TimerPoller {
    private final Database db;
    private final EventProcessor processor;
    private final WorkflowRegistry registry;
    private final Clock clock;
    private final int batchSize;
    private final IdGenerator ids;
    private final Signal commandsWritten;
    private final TimerStore timers = new TimerStore();
    private final ExceptionStore exceptions = new ExceptionStore();
    private final AuditTrail audit = new AuditTrail();

    /** {@code commandsWritten} is raised after a round whose transitions wrote commands (the dispatchers' wake-up). */
    public TimerPoller(Database db, EventProcessor processor, WorkflowRegistry registry, Clock clock, IdGenerator ids,
                       int batchSize, Signal commandsWritten) {
        this.db = db;
        this.processor = processor;
        this.registry = registry;
        this.clock = clock;
        this.ids = ids;
        this.batchSize = batchSize;
        this.commandsWritten = commandsWritten;
    }

    /** Fires the timers due now; returns how many fired. */
    public int runOnce() {
        Instant now = clock.instant();
        List<InboundEvent> fired = new ArrayList<>();
        EventProcessor.Result[] result = new EventProcessor.Result[1];
        int fires = db.inSystem(c -> {
            List<TimerStore.DueTimer> due = timers.claimDue(c, now, batchSize);
            List<InboundEvent> events = new ArrayList<>(due.size());
            List<ExceptionRecord> unreadable = new ArrayList<>();
            List<TimerStore.NewTimer> parked = new ArrayList<>();
            for (TimerStore.DueTimer timer : due) {
                if (timer.workflowType() == null) {
                    continue; // its instance is gone; nothing to deliver to
                }
                WorkflowEvent event;
                try {
                    event = registry.get(timer.workflowType()).readEvent(timer.eventType(), timer.eventJson(),
                            timer.eventFormat());
                } catch (RuntimeException e) {
                    // Newer code's event, or one the upcasters cannot read: one timer must not stop every
                    // other's firing, and its event must not be lost or guessed at. It is kept, parked, with
                    // its event as stored, and an operator sees it; retrying the exception re-arms it.
                    unreadable.add(unreadable(timer, e, now));
                    parked.add(new TimerStore.NewTimer(timer.tenantId(), timer.instanceId(), timer.name(),
                            TimerStore.PARKED, timer.eventType(), timer.eventJson(), timer.eventFormat()));
                    continue;
                }
                events.add(new InboundEvent(
                        new InboxKey(timer.tenantId(), InboxKey.ENGINE, "timer:" + timer.instanceId() + ":" + timer.name() + ":" + timer.dueAt()),
                        timer.workflowType(), timer.businessKey(), new Input.Domain(event), timer.correlationId(), "timer"));
            }
            fired.clear();
            fired.addAll(events);
            result[0] = processor.process(c, events, now);
            if (!unreadable.isEmpty()) {
                timers.upsert(c, parked);
                exceptions.insert(c, unreadable);
                audit.append(c, unreadable.stream().map(e -> new AuditRecord(e.tenantId(), e.instanceId(),
                        e.correlationId(), now, "timer", "timer.unreadable",
                        Map.<String, Object>of("reason", e.reason(), "exception", e.id().toString()))).toList());
            }
            return due.size();
        });
        if (result[0] != null) {
            processor.committed(fired, result[0]);
            if (result[0].commandsWritten()) {
                commandsWritten.raise();
            }
        }
        return fires;
    }

    /** The exception a timer whose event cannot be read becomes, with what it would have delivered. */
    private ExceptionRecord unreadable(TimerStore.DueTimer timer, RuntimeException failure, Instant now) {
        Map<String, String> context = new LinkedHashMap<>();
        context.put("workflowType", timer.workflowType());
        context.put("businessKey", timer.businessKey());
        context.put("timer", timer.name());
        context.put("dueAt", timer.dueAt().toString());
        context.put("event", timer.eventType());
        context.put("payload", timer.eventJson());
        context.put("storedFormat", Integer.toString(timer.eventFormat()));
        if (failure instanceof StoredFormatException format) {
            context.put("currentFormat", Integer.toString(format.currentVersion()));
        }
        String code = failure instanceof StoredFormatException format && format.unknownVersion()
                ? "timer-format-unknown" : "timer-event-unreadable";
        return new ExceptionRecord(timer.tenantId(), ids.next(), timer.instanceId(), null,
                ExceptionRecord.Kind.INCIDENT, code, failure.getClass().getSimpleName() + ": " + failure.getMessage(),
                context, ExceptionRecord.Status.OPEN, null, timer.correlationId(), now, now);
    }

    /** When the next timer is due, so that an idle poller can sleep until then. */
    public java.util.Optional<Instant> nextDue() {
        return db.inSystem(timers::nextDue);
    }
}
