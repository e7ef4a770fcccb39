package io.finrelay.server.tracing;

import io.finrelay.engine.EngineTracing;
import io.micrometer.tracing.Tracer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Traces: Spring Boot's Micrometer Tracing on OpenTelemetry makes a span of every API request and
 * webhook (a child of the caller's W3C {@code traceparent}); this binds the engine's transitions and
 * deliveries to the same tracer. Export over OTLP is Spring Boot's, on only when
 * {@code management.otlp.tracing.endpoint} is set (FINRELAY_OTLP_TRACES_ENDPOINT); without it spans are
 * made and dropped. With tracing off ({@code management.tracing.enabled=false}) the tracer is a no-op
 * and the engine is told nothing.
 */
@Configuration(proxyBeanMethods = false)
public class TracingConfiguration {

    @Bean
    EngineTracing engineTracing(ObjectProvider<Tracer> tracer) {
        Tracer t = tracer.getIfAvailable();
        if (t == null || t == Tracer.NOOP) {
            return EngineTracing.NONE;
        }
        return new MicrometerEngineTracing(t);
    }
}
