package io.finrelay.server.tracing;

import io.finrelay.engine.EngineTracing;
import io.finrelay.engine.outbox.CommandEnvelope;
import io.finrelay.engine.runtime.InboundEvent;
import io.finrelay.server.web.Correlation;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import java.util.Objects;
import org.slf4j.MDC;

/**
 * The engine's spans on Micrometer Tracing (the OpenTelemetry bridge, so OTLP-exportable): a span
 * {@code transition <workflow type>} per applied event and {@code delivery <connector>/<command type>}
 * per delivery attempt, tagged with tenant, workflow type, command type and outcome. Parents are read
 * from, and traceparents written as, W3C {@code traceparent} (version 00; a trace state is not kept); while a
 * delivery runs its span is current (peer calls send it, log lines name it) and the command's
 * correlation id is in the log MDC.
 */
public final class MicrometerEngineTracing implements EngineTracing {
    private final Tracer tracer;

    public MicrometerEngineTracing(Tracer tracer) {
        this.tracer = Objects.requireNonNull(tracer, "tracer");
    }

    @Override
    public String currentTraceParent() {
        io.micrometer.tracing.Span span = tracer.currentSpan();
        return span == null ? null : traceParentOf(span.context());
    }

    @Override
    public EngineTracing.Span transition(InboundEvent event) {
        io.micrometer.tracing.Span span = builder(event.traceParent())
                .name("transition " + event.workflowType())
                .tag("finrelay.tenant", event.tenantId().value().toString())
                .tag("finrelay.workflow.type", event.workflowType())
                .tag("finrelay.business.key", event.businessKey())
                .tag("finrelay.source", event.key().source())
                .tag("finrelay.correlation.id", event.correlationId())
                .start();
        return new Started(span, event.correlationId());
    }

    @Override
    public EngineTracing.Span delivery(CommandEnvelope command, String storedTraceParent) {
        io.micrometer.tracing.Span span = builder(storedTraceParent)
                .name("delivery " + command.connector() + "/" + command.type())
                .kind(io.micrometer.tracing.Span.Kind.CLIENT)
                .tag("finrelay.tenant", command.tenantId().value().toString())
                .tag("finrelay.workflow.type", command.workflowType())
                .tag("finrelay.business.key", command.businessKey())
                .tag("finrelay.connector", command.connector())
                .tag("finrelay.command.type", command.type())
                .tag("finrelay.command.id", command.commandId().toString())
                .tag("finrelay.attempt", Integer.toString(command.attempt()))
                .tag("finrelay.correlation.id", command.correlationId())
                .start();
        return new Started(span, command.correlationId());
    }

    /**
     * A child of {@code traceParent} when it is a W3C traceparent, else the root of a new trace. Parsed and
     * written here rather than through the propagator's header maps: this runs for every transition.
     */
    private io.micrometer.tracing.Span.Builder builder(String traceParent) {
        TraceContext parent = parse(traceParent);
        return parent == null ? tracer.spanBuilder().setNoParent() : tracer.spanBuilder().setParent(parent);
    }

    private TraceContext parse(String traceParent) {
        if (traceParent == null || traceParent.length() != 55 || traceParent.charAt(2) != '-'
                || traceParent.charAt(35) != '-' || traceParent.charAt(52) != '-') {
            return null;
        }
        return tracer.traceContextBuilder().traceId(traceParent.substring(3, 35)).spanId(traceParent.substring(36, 52))
                .sampled(traceParent.charAt(54) == '1').build();
    }

    private static String traceParentOf(TraceContext context) {
        return "00-" + context.traceId() + "-" + context.spanId() + (Boolean.TRUE.equals(context.sampled()) ? "-01" : "-00");
    }

    private final class Started implements EngineTracing.Span {
        private final io.micrometer.tracing.Span span;
        private final String correlationId;
        private final String traceParent;

        Started(io.micrometer.tracing.Span span, String correlationId) {
            this.span = span;
            this.correlationId = correlationId;
            this.traceParent = traceParentOf(span.context());
        }

        @Override
        public String traceParent() {
            return traceParent;
        }

        @Override
        public Scope open() {
            Tracer.SpanInScope inScope = tracer.withSpan(span);
            String before = MDC.get(Correlation.MDC_KEY);
            MDC.put(Correlation.MDC_KEY, correlationId);
            return () -> {
                if (before == null) {
                    MDC.remove(Correlation.MDC_KEY);
                } else {
                    MDC.put(Correlation.MDC_KEY, before);
                }
                inScope.close();
            };
        }

        @Override
        public void end(String outcome, String state) {
            span.tag("finrelay.outcome", outcome);
            if (state != null) {
                span.tag("finrelay.state", state);
            }
            if (!outcome.equals("accepted") && !outcome.equals("done")) {
                span.event("finrelay." + outcome);
            }
            span.end();
        }
    }
}
