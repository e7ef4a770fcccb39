package io.finrelay.server.sla;

import io.finrelay.server.security.Access;
import io.finrelay.server.security.Action;
import io.finrelay.server.security.TenantScope;
import io.finrelay.server.web.Correlation;
import jakarta.servlet.http.HttpServletRequest;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * A tenant's SLA policy (how long an open exception may wait, by reason code): anyone in the tenant may
 * read it, as the queue and the overview show it; a tenant admin sets it, audited (before and after).
 */
@RestController
public class SlaController {
    static final String PATH = "/v1/tenants/{tenantId}/policies/sla";

    private final Access access;
    private final Slas slas;

    public SlaController(Access access, Slas slas) {
        this.access = access;
        this.slas = slas;
    }

    /** The tenant's SLA policy; {@code exceptionResolveWithin} null while the tenant has set none. */
    @GetMapping(PATH)
    public SlaPolicy slaPolicy(@PathVariable UUID tenantId) {
        TenantScope scope = access.tenant(tenantId, Action.READ_TENANT);
        return slas.policy(scope);
    }

    /** Sets the tenant's SLA policy; every open exception is measured against it from now on. */
    @PutMapping(PATH)
    public SlaPolicy setSlaPolicy(@PathVariable UUID tenantId, @RequestBody(required = false) SlaPolicy body,
                         HttpServletRequest request) {
        TenantScope scope = access.tenant(tenantId, Action.MANAGE_GOVERNANCE);
        return slas.set(scope, body, Correlation.of(request));
    }
}
