package io.finrelay.engine;

import io.finrelay.engine.outbox.CommandEnvelope;
import io.finrelay.engine.outbox.Delivery;
import io.finrelay.engine.runtime.InboundEvent;
import io.finrelay.engine.runtime.Receipt;
import java.time.Duration;
import java.util.List;

/**
 * What the engine tells an observer (a metrics registry) as it works. The engine itself measures
 * nothing and depends on no metrics library; the server binds this to Micrometer. Called on the
 * engine's threads: an implementation must be quick and must not throw.
 */
public interface EngineMetrics {
    /** Observes nothing. */
    EngineMetrics NONE = new EngineMetrics() {};

    /**
     * Events whose transaction has committed, with their receipts in the same order: accepted
     * (a transition), rejected, failed (parked), repeated (deduplicated by the inbox), and so on.
     */
    default void processed(List<InboundEvent> events, List<Receipt> receipts) {}

    /** One delivery attempt of a command to its connector (the look-up first, if it was asked), with its outcome. */
    default void attempted(CommandEnvelope command, Delivery outcome, boolean lookedUp, Duration took) {}

    /** A command left for later because its connector's circuit breaker is open for the tenant. */
    default void heldByBreaker(CommandEnvelope command) {}
}
