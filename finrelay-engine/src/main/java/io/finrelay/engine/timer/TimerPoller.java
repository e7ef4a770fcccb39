package io.finrelay.engine.timer;

import io.finrelay.engine.db.Database;
import io.finrelay.engine.inbox.InboxKey;
import io.finrelay.engine.runtime.EventProcessor;
import io.finrelay.engine.runtime.InboundEvent;
import io.finrelay.engine.runtime.Input;
import io.finrelay.engine.runtime.WorkflowRegistry;
import io.finrelay.engine.workflow.WorkflowEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

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
    private final TimerStore timers = new TimerStore();

    public TimerPoller(Database db, EventProcessor processor, WorkflowRegistry registry, Clock clock, int batchSize) {
        this.db = db;
        this.processor = processor;
        this.registry = registry;
        this.clock = clock;
        this.batchSize = batchSize;
    }

    /** Fires the timers due now; returns how many fired. */
    public int runOnce() {
        Instant now = clock.instant();
        List<InboundEvent> fired = new ArrayList<>();
        EventProcessor.Result[] result = new EventProcessor.Result[1];
        int fires = db.inSystem(c -> {
            List<TimerStore.DueTimer> due = timers.claimDue(c, now, batchSize);
            List<InboundEvent> events = new ArrayList<>(due.size());
            for (TimerStore.DueTimer timer : due) {
                if (timer.workflowType() == null) {
                    continue; // its instance is gone; nothing to deliver to
                }
                WorkflowEvent event = registry.get(timer.workflowType()).events().read(timer.eventType(), timer.eventJson());
                events.add(new InboundEvent(
                        new InboxKey(timer.tenantId(), InboxKey.ENGINE, "timer:" + timer.instanceId() + ":" + timer.name() + ":" + timer.dueAt()),
                        timer.workflowType(), timer.businessKey(), new Input.Domain(event), timer.correlationId(), "timer"));
            }
            fired.clear();
            fired.addAll(events);
            result[0] = processor.process(c, events, now);
            return due.size();
        });
        if (result[0] != null) {
            processor.committed(fired, result[0]);
        }
        return fires;
    }

    /** When the next timer is due, so that an idle poller can sleep until then. */
    public java.util.Optional<Instant> nextDue() {
        return db.inSystem(timers::nextDue);
    }
}
