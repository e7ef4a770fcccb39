package io.finrelay.server.connectors;

import io.finrelay.connectors.erp.tryton.TrytonConfig;
import io.finrelay.connectors.erp.tryton.TrytonErp;
import io.finrelay.model.id.TenantId;
import io.finrelay.server.security.Access;
import io.finrelay.server.security.TenantScope;
import io.finrelay.workflows.port.ErpPort;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Each tenant's ERP as its connector configuration says: a Tryton connector built from the tenant's
 * settings and secret, or none (the tenant's ERP is then the REST ERP of its expense settings, as
 * before connectors were configurable). Built once per tenant and kept; the stored configuration's
 * version is checked at most once a second, so a change made on any node is picked up within a second
 * (at once on the node that saved it) and the connector is rebuilt.
 */
@Component
public class ErpConnections {
    private static final Duration RECHECK = Duration.ofSeconds(1);

    private record Cached(long version, Optional<ErpPort> tryton, Instant checkAfter) {}

    private final Access access;
    private final ConnectorConfigs configs;
    private final Clock clock;
    private final Map<TenantId, Cached> cache = new ConcurrentHashMap<>();
    /** How often each tenant's connector was forgotten; changed and read only inside {@code cache.compute} of the tenant. */
    private final Map<TenantId, Long> forgotten = new ConcurrentHashMap<>();

    public ErpConnections(Access access, ConnectorConfigs configs, Clock clock) {
        this.access = access;
        this.configs = configs;
        this.clock = clock;
    }

    /** The tenant's Tryton ERP, if its {@code erp} connector is of type tryton. */
    public Optional<ErpPort> tryton(TenantId tenant) {
        Instant now = clock.instant();
        Cached cached = cache.get(tenant);
        if (cached != null && now.isBefore(cached.checkAfter())) {
            return cached.tryton();
        }
        long generation = forgotten.getOrDefault(tenant, 0L);
        TenantScope scope = access.configured(tenant, "erp-connector");
        Optional<ConnectorConfig> config = configs.find(scope, ConnectorConfigs.ERP);
        long version = config.map(ConnectorConfig::version).orElse(0L);
        Optional<ErpPort> port = cached != null && cached.version() == version ? cached.tryton() : build(scope, config);
        // Kept only when no save on this node forgot the tenant meanwhile: a configuration read before the save
        // would otherwise come back for up to a second after it.
        cache.compute(tenant, (t, current) -> forgotten.getOrDefault(t, 0L) == generation
                ? new Cached(version, port, now.plus(RECHECK)) : current);
        return port;
    }

    /** Drops the tenant's connector, after its configuration was saved on this node; a read begun before is not kept. */
    public void forget(TenantId tenant) {
        cache.compute(tenant, (t, current) -> {
            forgotten.merge(t, 1L, Long::sum);
            return null;
        });
    }

    private Optional<ErpPort> build(TenantScope scope, Optional<ConnectorConfig> config) {
        if (config.isEmpty() || !(config.get().settings() instanceof ConnectorSettings.Tryton tryton)) {
            return Optional.empty();
        }
        return Optional.of(new TrytonErp(trytonConfig(scope.tenantId(), tryton, configs.openSecret(scope, config.get()))));
    }

    /** The connector's configuration from the tenant's settings and its opened secret. */
    static TrytonConfig trytonConfig(TenantId tenant, ConnectorSettings.Tryton s, String secret) {
        return new TrytonConfig(tenant, s.url(), s.database(), s.user(), secret, s.acknowledgeWarnings(), s.journalCode(),
                s.paymentJournal(), Duration.ofMillis(s.callTimeoutMillis()), s.batchSize(), s.clearingAccount());
    }
}
