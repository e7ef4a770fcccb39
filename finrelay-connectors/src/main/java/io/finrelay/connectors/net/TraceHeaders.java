package io.finrelay.connectors.net;

import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.net.http.HttpRequest;

/**
 * Puts the trace context current on the calling thread on an outgoing peer call, as W3C
 * {@code traceparent} (and {@code tracestate}): the dispatcher makes a delivery's span current while a
 * connector runs, a request thread has its request's span, so the peer's logs and traces join ours.
 * With no span current (tracing off) nothing is added.
 */
public final class TraceHeaders {
    private static final TextMapSetter<HttpRequest.Builder> SETTER = (builder, name, value) -> {
        if (builder != null) {
            builder.setHeader(name, value);
        }
    };

    private TraceHeaders() {}

    /** Adds the current trace context to {@code request}; returns it. */
    public static HttpRequest.Builder current(HttpRequest.Builder request) {
        W3CTraceContextPropagator.getInstance().inject(Context.current(), request, SETTER);
        return request;
    }
}
