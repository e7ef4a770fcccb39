package io.finrelay.server.security;

import io.finrelay.model.id.PartnerId;
import io.finrelay.model.id.TenantId;
import java.util.Optional;
import java.util.UUID;

/**
 * Who is calling: the API key, its partner, its tenant (absent for a partner admin) and its role.
 * {@link #actor()} is what the audit trail records for this caller.
 */
public record ApiPrincipal(UUID keyId, String keyName, String prefix, PartnerId partnerId, Optional<TenantId> tenantId,
                           Role role) {
    public String actor() {
        return "api-key:" + prefix + " (" + keyName + ")";
    }
}
