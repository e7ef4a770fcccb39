package io.finrelay.server.security;

import io.finrelay.model.id.TenantId;
import io.finrelay.server.metrics.TenantTags;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Calls into a tenant or partner that is not the caller's (each answered 404, as for one that does not
 * exist), recorded where the operator running Finrelay sees them and neither tenant does: the counter
 * {@code finrelay_access_outside_total{caller_tenant,kind}} (the caller's tenant, bounded like every tenant
 * tag; {@code partner} for a partner-level caller) and a line on the {@code finrelay.security} log naming
 * the caller and what it asked for. A key that probes other tenants' ids shows as a rising counter.
 */
@Component
public class OutsideCalls {
    private static final Logger log = LoggerFactory.getLogger("finrelay.security");

    private final MeterRegistry registry;
    private final TenantTags tenants;

    public OutsideCalls(MeterRegistry registry, TenantTags tenants) {
        this.registry = registry;
        this.tenants = tenants;
    }

    void tenant(ApiPrincipal caller, TenantId wanted) {
        record(caller, "tenant", wanted.toString());
    }

    void partner(ApiPrincipal caller, UUID wanted) {
        record(caller, "partner", wanted.toString());
    }

    private void record(ApiPrincipal caller, String kind, String wanted) {
        String callerTenant = caller.tenantId().map(tenants::of).orElse("partner");
        Counter.builder("finrelay.access.outside").description("Calls into a tenant or partner not the caller's (404)")
                .tags("caller_tenant", callerTenant, "kind", kind).register(registry).increment();
        log.warn("outside call: {} {} of partner {} (tenant {}) asked for {} {}", caller.kind(), caller.subject(),
                caller.partnerId(), caller.tenantId().map(Object::toString).orElse("-"), kind, wanted);
    }
}
