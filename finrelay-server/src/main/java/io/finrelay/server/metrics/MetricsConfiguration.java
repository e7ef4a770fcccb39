package io.finrelay.server.metrics;

import io.finrelay.engine.EngineMetrics;
import io.finrelay.engine.db.Database;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Finrelay's meters on Spring Boot's Micrometer registry. Prometheus scrapes them from the management
 * port ({@code GET /actuator/prometheus}), which is off unless {@code FINRELAY_METRICS_PORT} is set and
 * listens on {@code FINRELAY_METRICS_ADDRESS} (loopback by default): it is not behind the API's keys,
 * so it is never on the API's port. Spring's own HTTP server metrics ({@code http_server_requests_seconds})
 * come with it.
 */
@Configuration(proxyBeanMethods = false)
public class MetricsConfiguration {

    @Bean
    TenantTags tenantTags(@Value("${finrelay.metrics.max-tenants:200}") int maxTenants) {
        return new TenantTags(maxTenants);
    }

    @Bean
    EngineMetrics engineMetrics(MeterRegistry registry, TenantTags tenants) {
        return new MicrometerEngineMetrics(registry, tenants);
    }

    @Bean
    FinanceMetrics financeMetrics(MeterRegistry registry, TenantTags tenants) {
        return new FinanceMetrics(registry, tenants);
    }

    @Bean(destroyMethod = "close")
    BacklogGauges backlogGauges(Database db, Clock clock, TenantTags tenants, MeterRegistry registry,
                                @Value("${finrelay.metrics.refresh:PT15S}") Duration refresh) {
        return new BacklogGauges(db, clock, tenants, registry, refresh);
    }

    @Bean(destroyMethod = "close")
    BusinessGauges businessGauges(Database db, Clock clock, TenantTags tenants, MeterRegistry registry,
                                  @Value("${finrelay.metrics.refresh:PT15S}") Duration refresh) {
        return new BusinessGauges(db, clock, tenants, registry, refresh);
    }
}
