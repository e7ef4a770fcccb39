package io.finrelay.workflows.monitor;

import io.finrelay.engine.workflow.CommandOutcome;
import io.finrelay.engine.workflow.CommandType;
import io.finrelay.engine.workflow.Decision;
import io.finrelay.engine.workflow.Incident;
import io.finrelay.engine.workflow.WorkflowDefinition;
import io.finrelay.engine.workflow.WorkflowEvent;
import io.finrelay.engine.workflow.WorkflowState;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One breach of a stuck-workflow monitor (an invoice due but in no payment run for longer than the
 * tenant allows, an account without its statement), from the moment a monitor finds it until the
 * condition ends. The instance is keyed by the monitor, the subject and the moment the condition began,
 * so however often the monitors run, one condition is one breach: one exception, one announcement.
 *
 * <pre>
 *   New --Breached--> Open          (incident stuck-&lt;monitor&gt;; webhook monitor.breached)
 *   Open --ConditionEnded--> Clearing   (webhook monitor.cleared)
 *   Clearing --(the webhook's outcome)--> Cleared
 * </pre>
 *
 * The announcements go to the tenant's operations tool through the outbox (connector {@value #CONNECTOR}),
 * so each is delivered with retries and under one id however often it is retried; the cleared one waits
 * behind the breached one (the outbox keeps an instance's commands in order).
 */
public final class StuckAlert implements WorkflowDefinition<StuckAlert.State, StuckAlert.Event> {
    public static final String TYPE = "stuck-alert";
    public static final String CONNECTOR = "ops-webhook";
    public static final String BREACHED = "monitor.breached";
    public static final String CLEARED = "monitor.cleared";
    /** The prefix of the exception codes, followed by the monitor's name. */
    public static final String CODE_PREFIX = "stuck-";

    /**
     * What a monitor found: which {@code monitor}, about what ({@code subject}: an instance id, an account),
     * since when the condition holds ({@code since}), the tenant's {@code threshold} it passed, when it was
     * found, a sentence for the person who will act, and the facts behind it.
     */
    public record Breach(String monitor, String subject, Instant since, Duration threshold, Instant detectedAt,
                         String summary, Map<String, String> context) {
        public Breach {
            Objects.requireNonNull(monitor, "monitor");
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(since, "since");
            Objects.requireNonNull(threshold, "threshold");
            Objects.requireNonNull(detectedAt, "detectedAt");
            Objects.requireNonNull(summary, "summary");
            context = Map.copyOf(context);
        }
    }

    /** One webhook to the operations tool: a breach ({@value #BREACHED}) or its end ({@value #CLEARED}). */
    public record Announcement(String type, Breach breach, Instant at) {
        public Announcement {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(breach, "breach");
            Objects.requireNonNull(at, "at");
        }
    }

    public static final CommandType<Announcement> ANNOUNCE_BREACHED =
            new CommandType<>(CONNECTOR, "announce-breached", Announcement.class);
    public static final CommandType<Announcement> ANNOUNCE_CLEARED =
            new CommandType<>(CONNECTOR, "announce-cleared", Announcement.class);

    public sealed interface State extends WorkflowState {}

    public record New() implements State {}

    /** The condition holds; its exception is open. */
    public record Open(Breach breach) implements State {}

    /** The condition ended at {@code endedAt}; the cleared webhook is on its way. */
    public record Clearing(Breach breach, Instant endedAt) implements State {}

    public record Cleared(Breach breach, Instant endedAt) implements State {
        @Override
        public boolean isTerminal() {
            return true;
        }
    }

    public sealed interface Event extends WorkflowEvent {}

    public record Breached(Breach breach) implements Event {}

    public record ConditionEnded(Instant at) implements Event {}

    /** The cleared webhook was delivered (or an operator settled it). */
    public record ClearedAnnounced() implements Event {}

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Class<State> stateType() {
        return State.class;
    }

    @Override
    public Class<Event> eventType() {
        return Event.class;
    }

    @Override
    public State initialState() {
        return new New();
    }

    @Override
    public Decision<State> decide(State state, Event event) {
        return switch (state) {
            case New n when event instanceof Breached b -> Decision.<State>moveTo(new Open(b.breach()))
                    .raise(incident(b.breach()))
                    .send(ANNOUNCE_BREACHED, new Announcement(BREACHED, b.breach(), b.breach().detectedAt()));
            case Open o when event instanceof ConditionEnded e -> Decision.<State>moveTo(new Clearing(o.breach(), e.at()))
                    .send(ANNOUNCE_CLEARED, new Announcement(CLEARED, o.breach(), e.at()));
            case Clearing c when event instanceof ClearedAnnounced a -> Decision.moveTo(new Cleared(c.breach(), c.endedAt()));
            default -> Decision.reject(event.name() + " does not apply to a monitor breach in state " + state.name());
        };
    }

    /** Only the cleared webhook's outcome moves the instance on; the breached one's leaves it open. */
    @Override
    public Optional<Event> onCommandOutcome(State state, CommandOutcome outcome) {
        return state instanceof Clearing && ANNOUNCE_CLEARED.type().equals(outcome.type())
                ? Optional.of(new ClearedAnnounced()) : Optional.empty();
    }

    /** The exception a breach opens: code {@code stuck-<monitor>}, the summary, and the facts with since and threshold. */
    public static Incident incident(Breach breach) {
        Map<String, String> context = new LinkedHashMap<>(breach.context());
        context.put("monitor", breach.monitor());
        context.put("subject", breach.subject());
        context.put("since", breach.since().toString());
        context.put("threshold", breach.threshold().toString());
        return new Incident(CODE_PREFIX + breach.monitor(), breach.summary(), context);
    }
}
