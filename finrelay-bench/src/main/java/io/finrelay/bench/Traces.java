package io.finrelay.bench;

import io.finrelay.engine.EngineTracing;
import io.finrelay.server.tracing.MicrometerEngineTracing;
import io.micrometer.tracing.otel.bridge.OtelBaggageManager;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.micrometer.tracing.otel.bridge.Slf4JEventListener;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tracing as the server runs it with its exporter off: Micrometer Tracing's OpenTelemetry bridge on an
 * SDK tracer that samples every trace, the log MDC listener, and a batch span processor
 * (as Spring Boot configures it) whose exporter only counts what reaches it and sends nothing.
 */
final class Traces implements AutoCloseable {
    private final AtomicLong ended = new AtomicLong();
    private final SdkTracerProvider provider;
    private final MicrometerEngineTracing engineTracing;

    Traces() {
        SpanExporter counting = new SpanExporter() {
            @Override
            public CompletableResultCode export(Collection<SpanData> spans) {
                ended.addAndGet(spans.size());
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode flush() {
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode shutdown() {
                return CompletableResultCode.ofSuccess();
            }
        };
        provider = SdkTracerProvider.builder().setSampler(Sampler.parentBased(Sampler.alwaysOn()))
                .addSpanProcessor(BatchSpanProcessor.builder(counting).build()).build();
        io.opentelemetry.api.trace.Tracer otel = provider.get("finrelay");
        OtelCurrentTraceContext current = new OtelCurrentTraceContext();
        Slf4JEventListener mdc = new Slf4JEventListener();
        OtelTracer tracer = new OtelTracer(otel, current, mdc::onEvent, new OtelBaggageManager(current, List.of(), List.of()));
        engineTracing = new MicrometerEngineTracing(tracer);
    }

    EngineTracing engineTracing() {
        return engineTracing;
    }

    /** Spans ended and handed to the (silent) exporter so far, after a flush. */
    long ended() {
        provider.forceFlush().join(10, java.util.concurrent.TimeUnit.SECONDS);
        return ended.get();
    }

    @Override
    public void close() {
        provider.shutdown().join(10, java.util.concurrent.TimeUnit.SECONDS);
    }
}
