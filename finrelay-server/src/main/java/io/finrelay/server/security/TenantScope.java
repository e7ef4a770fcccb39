package io.finrelay.server.security;

import io.finrelay.model.id.TenantId;
import java.util.Objects;

/**
 * Proof that the caller may act in one tenant. Only {@link Access} makes one (an ArchUnit rule keeps
 * it so), and every tenant-scoped repository method takes one: a query cannot forget the tenant, and
 * cannot be handed a tenant the caller was not checked for.
 */
public final class TenantScope {
    private final TenantId tenantId;
    private final ApiPrincipal principal;

    TenantScope(TenantId tenantId, ApiPrincipal principal) {
        this.tenantId = Objects.requireNonNull(tenantId);
        this.principal = Objects.requireNonNull(principal);
    }

    public TenantId tenantId() {
        return tenantId;
    }

    public ApiPrincipal principal() {
        return principal;
    }

    @Override
    public String toString() {
        return "TenantScope[" + tenantId + "]";
    }
}
