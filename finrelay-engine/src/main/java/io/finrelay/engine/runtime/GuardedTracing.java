package io.finrelay.engine.runtime;

import io.finrelay.engine.EngineTracing;
import io.finrelay.engine.outbox.CommandEnvelope;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A tracer whose failures cost only the trace: a transition or delivery whose tracing throws goes on
 * untraced (and the failure is logged), as a failing metrics observer changes nothing the engine does.
 */
final class GuardedTracing implements EngineTracing {
    private static final Logger log = LoggerFactory.getLogger(GuardedTracing.class);

    private final EngineTracing delegate;

    private GuardedTracing(EngineTracing delegate) {
        this.delegate = delegate;
    }

    static EngineTracing of(EngineTracing tracing) {
        return tracing == EngineTracing.NONE || tracing instanceof GuardedTracing ? tracing : new GuardedTracing(tracing);
    }

    @Override
    public String currentTraceParent() {
        return guard("read the current trace", delegate::currentTraceParent, null);
    }

    @Override
    public Span transition(InboundEvent event) {
        return new GuardedSpan(guard("start a transition span", () -> delegate.transition(event), Span.NONE));
    }

    @Override
    public Span delivery(CommandEnvelope command, String storedTraceParent) {
        return new GuardedSpan(guard("start a delivery span", () -> delegate.delivery(command, storedTraceParent), Span.NONE));
    }

    private static <T> T guard(String what, Supplier<T> call, T otherwise) {
        try {
            T value = call.get();
            return value == null ? otherwise : value;
        } catch (RuntimeException e) {
            log.warn("tracing failed to {}: {}", what, e.toString());
            return otherwise;
        }
    }

    private record GuardedSpan(Span span) implements Span {
        @Override
        public String traceParent() {
            return guard("read a span's traceparent", span::traceParent, null);
        }

        @Override
        public Scope open() {
            Scope scope = guard("make a span current", span::open, Scope.NONE);
            return () -> {
                try {
                    scope.close();
                } catch (RuntimeException e) {
                    log.warn("tracing failed to leave a span's scope: {}", e.toString());
                }
            };
        }

        @Override
        public void end(String outcome, String state) {
            try {
                span.end(outcome, state);
            } catch (RuntimeException e) {
                log.warn("tracing failed to end a span: {}", e.toString());
            }
        }
    }
}
