package io.finrelay.engine.outbox;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.finrelay.model.id.TenantId;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The connectors of this node, their retry policies, and one circuit breaker per tenant and
 * connector (Resilience4j): a peer that keeps failing for one tenant is left alone for a while
 * without holding back the other tenants' traffic.
 */
public final class ConnectorRegistry {
    private final Map<String, Connector> connectors = new HashMap<>();
    private final Map<String, RetryPolicy> policies = new HashMap<>();
    private final CircuitBreakerRegistry breakers;

    public ConnectorRegistry(CircuitBreakerConfig breakerConfig) {
        this.breakers = CircuitBreakerRegistry.of(breakerConfig);
    }

    public ConnectorRegistry() {
        this(CircuitBreakerConfig.custom()
                .failureRateThreshold(50)
                .minimumNumberOfCalls(10)
                .slidingWindowSize(20)
                .waitDurationInOpenState(Duration.ofSeconds(30))
                .permittedNumberOfCallsInHalfOpenState(2)
                .build());
    }

    public ConnectorRegistry register(Connector connector, RetryPolicy policy) {
        if (connectors.putIfAbsent(connector.name(), connector) != null) {
            throw new IllegalArgumentException("two connectors named " + connector.name());
        }
        policies.put(connector.name(), policy);
        return this;
    }

    public ConnectorRegistry registerAll(List<Connector> all, RetryPolicy policy) {
        all.forEach(c -> register(c, policy));
        return this;
    }

    public Optional<Connector> find(String name) {
        return Optional.ofNullable(connectors.get(name));
    }

    public RetryPolicy policy(String name) {
        return policies.getOrDefault(name, RetryPolicy.DEFAULT);
    }

    /** Every breaker, one per tenant and connector ({@code <tenant>:<connector>}), for metrics. */
    public CircuitBreakerRegistry breakers() {
        return breakers;
    }

    public CircuitBreaker breaker(TenantId tenant, String connector) {
        return breakers.circuitBreaker(tenant + ":" + connector);
    }
}
