package io.finrelay.engine;

import io.finrelay.engine.outbox.CommandEnvelope;
import io.finrelay.engine.runtime.InboundEvent;

/**
 * Where the engine's work joins a distributed trace. The engine depends on no tracing library; the
 * server binds this to Micrometer Tracing (OpenTelemetry bridge). A trace context travels as a W3C
 * {@code traceparent} string: an event takes the one current on the thread that submits it (an API
 * request's, a webhook's), its transition's span is a child of it, every command the transition writes
 * stores the transition span's traceparent in its outbox row ({@code outbox.trace_parent}), and the
 * delivery, later and on whichever thread or node claims the command, is a child of that; the outcome
 * event the delivery causes carries the delivery span's traceparent into the next transition.
 *
 * <p>Called on the engine's threads: an implementation must be quick and must not throw.
 */
public interface EngineTracing {
    /** Traces nothing. */
    EngineTracing NONE = new EngineTracing() {};

    /** The traceparent of the span current on the calling thread, or null when there is none. */
    default String currentTraceParent() {
        return null;
    }

    /** Starts the span of one event's transition, a child of the event's traceparent if it has one. */
    default Span transition(InboundEvent event) {
        return Span.NONE;
    }

    /** Starts the span of one delivery attempt of a command, a child of the traceparent stored with it (may be null). */
    default Span delivery(CommandEnvelope command, String storedTraceParent) {
        return Span.NONE;
    }

    /** A started span; {@link #end} is called exactly once. */
    interface Span {
        Span NONE = new Span() {};

        /** This span's traceparent, stored with the work it causes; null when it is not traced. */
        default String traceParent() {
            return null;
        }

        /**
         * Makes this span current on the calling thread until the scope closes, so that what runs there
         * (a connector's peer call, a log line) belongs to it.
         */
        default Scope open() {
            return Scope.NONE;
        }

        /**
         * Ends the span. {@code outcome}: for a transition accepted, rejected, failed or repeated; for a
         * delivery done, transient, unknown, permanent or held; {@code state} the instance's state after a
         * transition (null for a delivery).
         */
        default void end(String outcome, String state) {}
    }

    /** What {@link Span#open} returns; closing it restores what was current before. */
    interface Scope extends AutoCloseable {
        Scope NONE = () -> {};

        @Override
        void close();
    }
}
