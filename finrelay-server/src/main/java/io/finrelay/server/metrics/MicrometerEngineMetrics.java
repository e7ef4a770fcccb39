package io.finrelay.server.metrics;

import io.finrelay.engine.EngineMetrics;
import io.finrelay.engine.outbox.CommandEnvelope;
import io.finrelay.engine.outbox.Delivery;
import io.finrelay.engine.runtime.InboundEvent;
import io.finrelay.engine.runtime.Receipt;
import io.finrelay.model.id.TenantId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The engine's work as Micrometer meters (Prometheus names in brackets):
 * <ul>
 *   <li>{@code finrelay.events} [finrelay_events_total]: events processed, by tenant, workflow, source and
 *       result (accepted, rejected, failed, repeated: deduplicated by the inbox, mismatch, in-flight);</li>
 *   <li>{@code finrelay.transitions} [finrelay_transitions_total]: accepted events, by tenant, workflow and
 *       the state reached; {@code finrelay.workflows.ended} [finrelay_workflows_ended_total] those that ended it;</li>
 *   <li>{@code finrelay.deliveries} [finrelay_deliveries_seconds_*]: delivery attempts to peers, by tenant,
 *       connector, command and outcome (done, transient, unknown, permanent), with their latency;</li>
 *   <li>{@code finrelay.deliveries.held} [finrelay_deliveries_held_total]: commands left for later because
 *       the connector's circuit breaker is open.</li>
 * </ul>
 * Workflow, source, connector and command tags come from the code (bounded); the tenant tag is bounded
 * by {@link TenantTags}.
 */
public final class MicrometerEngineMetrics implements EngineMetrics {
    private final MeterRegistry registry;
    private final TenantTags tenants;
    // Each series' meter, found by its key without building an id: these are called on the engine's
    // committer and dispatcher threads, once per event and per delivery.
    private final Map<EventKey, Counter> events = new ConcurrentHashMap<>();
    private final Map<StateKey, Counter> transitions = new ConcurrentHashMap<>();
    private final Map<StateKey, Counter> ended = new ConcurrentHashMap<>();
    private final Map<DeliveryKey, Timer> deliveries = new ConcurrentHashMap<>();

    private record EventKey(TenantId tenant, String workflow, String source, String result) {}

    private record StateKey(TenantId tenant, String workflow, String state) {}

    private record DeliveryKey(TenantId tenant, String connector, String command, String outcome) {}

    public MicrometerEngineMetrics(MeterRegistry registry, TenantTags tenants) {
        this.registry = registry;
        this.tenants = tenants;
    }

    @Override
    public void processed(List<InboundEvent> events, List<Receipt> receipts) {
        for (int i = 0; i < events.size() && i < receipts.size(); i++) {
            InboundEvent event = events.get(i);
            TenantId tenant = event.key().tenantId();
            Receipt receipt = receipts.get(i);
            this.events.computeIfAbsent(new EventKey(tenant, event.workflowType(), source(event), result(receipt)),
                    k -> Counter.builder("finrelay.events").description("Events processed by the engine, by result")
                            .tags("tenant", tenants.of(k.tenant()), "workflow", k.workflow(), "source", k.source(),
                                    "result", k.result())
                            .register(registry)).increment();
            if (receipt instanceof Receipt.Accepted accepted) {
                StateKey key = new StateKey(tenant, event.workflowType(), accepted.state());
                transitions.computeIfAbsent(key, k -> Counter.builder("finrelay.transitions")
                        .description("Transitions applied, by the state reached")
                        .tags("tenant", tenants.of(k.tenant()), "workflow", k.workflow(), "state", k.state())
                        .register(registry)).increment();
                if (accepted.ended()) {
                    ended.computeIfAbsent(key, k -> Counter.builder("finrelay.workflows.ended")
                            .description("Workflow instances ended, by final state")
                            .tags("tenant", tenants.of(k.tenant()), "workflow", k.workflow(), "state", k.state())
                            .register(registry)).increment();
                }
            }
        }
    }

    @Override
    public void attempted(CommandEnvelope command, Delivery outcome, boolean lookedUp, Duration took) {
        deliveries.computeIfAbsent(new DeliveryKey(command.tenantId(), command.connector(), command.type(), outcome(outcome)),
                k -> Timer.builder("finrelay.deliveries").description("Delivery attempts of commands to peers, by outcome")
                        .tags("tenant", tenants.of(k.tenant()), "connector", k.connector(), "command", k.command(),
                                "outcome", k.outcome())
                        .serviceLevelObjectives(Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofSeconds(1),
                                Duration.ofSeconds(5))
                        .register(registry)).record(took);
    }

    @Override
    public void heldByBreaker(CommandEnvelope command) {
        Counter.builder("finrelay.deliveries.held").description("Commands held back by an open circuit breaker")
                .tags("tenant", tenants.of(command.tenantId()), "connector", command.connector())
                .register(registry).increment();
    }

    /** Where the event came from, as its inbox key names it (the engine, a webhook, the API, an import). */
    private static String source(InboundEvent event) {
        String source = event.key().source();
        return source == null || source.isBlank() ? "unknown" : source.length() > 40 ? source.substring(0, 40) : source;
    }

    private static String result(Receipt receipt) {
        return switch (receipt) {
            case Receipt.Accepted a -> "accepted";
            case Receipt.Rejected r -> "rejected";
            case Receipt.Failed f -> "failed";
            case Receipt.Repeated r -> "repeated";
            case Receipt.PayloadMismatch m -> "mismatch";
            case Receipt.InFlight f -> "in-flight";
        };
    }

    private static String outcome(Delivery delivery) {
        return switch (delivery) {
            case Delivery.Done d -> "done";
            case Delivery.Transient t -> "transient";
            case Delivery.Unknown u -> "unknown";
            case Delivery.Permanent p -> "permanent";
        };
    }
}
