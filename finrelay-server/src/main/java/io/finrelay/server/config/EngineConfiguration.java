package io.finrelay.server.config;

import io.finrelay.engine.EngineMetrics;
import io.finrelay.engine.WorkflowEngine;
import io.finrelay.engine.db.Database;
import io.finrelay.engine.json.FieldSealer;
import io.finrelay.engine.json.Json;
import io.finrelay.engine.outbox.Connector;
import io.finrelay.engine.outbox.ConnectorRegistry;
import io.finrelay.engine.outbox.RetryPolicy;
import io.finrelay.engine.runtime.WorkflowRegistry;
import io.finrelay.engine.workflow.TransitionHook;
import io.finrelay.engine.workflow.WorkflowDefinition;
import io.finrelay.server.audit.AuditProperties;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Assembles the workflow engine from the beans it finds: every {@link WorkflowDefinition} and every
 * {@link Connector} in the context. The engine's dispatcher and timer workers start with the
 * application and stop (after the web server) when it stops.
 */
@Configuration(proxyBeanMethods = false)
public class EngineConfiguration {
    private static final Logger log = LoggerFactory.getLogger(EngineConfiguration.class);

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * The node's connectors with their retry policies and circuit breakers (one per tenant and connector),
     * a bean of its own so that the partner's health (PartnerHealth) reads the breakers' states.
     */
    @Bean
    ConnectorRegistry connectorRegistry(FinrelayProperties properties, ObjectProvider<Connector> connectors,
                                        io.micrometer.core.instrument.MeterRegistry meters) {
        FinrelayProperties.Retry retry = properties.retry();
        ConnectorRegistry registry = new ConnectorRegistry().registerAll(connectors.orderedStream().toList(),
                new RetryPolicy(retry.baseDelay(), retry.maxDelay(), retry.maxAttempts()));
        // each tenant's breaker per connector as resilience4j_circuitbreaker_state{name="<tenant>:<connector>",state=...}
        io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(registry.breakers())
                .bindTo(meters);
        return registry;
    }

    @Bean(destroyMethod = "close")
    WorkflowEngine workflowEngine(Database db, FinrelayProperties properties, AuditProperties audit, Clock clock,
                                  FieldSealer fieldSealer, ObjectProvider<WorkflowDefinition<?, ?>> definitions,
                                  ObjectProvider<Connector> connectors, ConnectorRegistry registry, EngineMetrics metrics,
                                  io.finrelay.engine.EngineTracing tracing, ObjectProvider<TransitionHook> hook) {
        List<WorkflowDefinition<?, ?>> workflows = definitions.orderedStream().toList();
        List<String> adapters = connectors.orderedStream().map(Connector::name).toList();
        String node = NodeId.resolve(properties.nodeId(), java.nio.file.Path.of(properties.dataDir()).toAbsolutePath().getParent());
        log.info("workflow engine on node {}: workflows {}, connectors {}", node,
                workflows.stream().map(WorkflowDefinition::type).toList(), adapters);
        return WorkflowEngine.builder(db, new WorkflowRegistry(workflows))
                .connectors(registry)
                .clock(clock)
                .config(WorkflowEngine.Config.defaults(node).withLease(properties.engine().lease())
                        .withIdlePoll(properties.engine().idlePoll()))
                .wakeUpsAcrossNodes(properties.engine().wakeUps())
                .auditRetention(audit.retention())
                .fieldSealer(fieldSealer)
                .metrics(metrics)
                .tracing(tracing)
                // the business events announced on tenants' Kafka topics (kafka.BusinessEvents)
                .transitionHook(hook.getIfAvailable(() -> TransitionHook.NONE))
                .build()
                .start();
    }

    /**
     * The API's JSON is the engine's JSON: decimals are written as strings (never a double on the
     * way out), floats are read as BigDecimal, dates are ISO-8601 text, unknown properties refused.
     */
    @Bean
    Jackson2ObjectMapperBuilderCustomizer finrelayJson() {
        return builder -> builder.postConfigurer(Json::configure);
    }
}
