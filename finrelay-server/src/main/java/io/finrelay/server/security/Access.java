package io.finrelay.server.security;

import io.finrelay.engine.db.Database;
import io.finrelay.model.id.PartnerId;
import io.finrelay.model.id.TenantId;
import io.finrelay.server.tenancy.Tenants;
import io.finrelay.server.web.ApiProblem;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * The access check every endpoint starts with. A caller outside the tenant (or partner) in the path
 * gets 404, exactly as for a tenant that does not exist: never 403, so a key cannot even learn that
 * another tenant's ids exist. Only inside its own tenant does a missing permission give 403.
 */
@Component
public class Access {
    private final Database db;
    private final Tenants tenants;

    public Access(Database db, Tenants tenants) {
        this.db = db;
        this.tenants = tenants;
    }

    /** The authenticated caller of the current request. */
    public ApiPrincipal principal() {
        Object principal = RequestContextHolder.currentRequestAttributes()
                .getAttribute(ApiKeyFilter.PRINCIPAL, RequestAttributes.SCOPE_REQUEST);
        if (principal instanceof ApiPrincipal p) {
            return p;
        }
        throw new ApiProblem(HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized", "a valid API key is required");
    }

    /** Admits the caller into tenant {@code tenantId} for {@code permission}, or throws 404/403. */
    public TenantScope tenant(UUID tenantId, Permission permission) {
        ApiPrincipal caller = principal();
        TenantId wanted = new TenantId(tenantId);
        boolean inside = caller.tenantId().isPresent()
                ? caller.tenantId().get().equals(wanted)
                : caller.role() == Role.PARTNER_ADMIN && partnerOf(wanted).filter(caller.partnerId()::equals).isPresent();
        if (!inside) {
            throw ApiProblem.notFound("tenant " + tenantId);
        }
        require(caller, permission);
        return new TenantScope(wanted, caller);
    }

    /**
     * A scope for work that the server's own configuration starts in a tenant, with no API caller
     * (a bank channel's poller). Never for a request: a request's scope comes from {@link #tenant}.
     * The tenant must exist; {@code job} names the work where an actor is recorded.
     */
    public TenantScope configured(TenantId tenant, String job) {
        PartnerId partner = partnerOf(tenant)
                .orElseThrow(() -> new IllegalStateException("configured tenant " + tenant + " does not exist (" + job + ")"));
        return new TenantScope(tenant, new ApiPrincipal(null, job, "config", partner, Optional.of(tenant), Role.INTEGRATION));
    }

    /** Admits a partner admin into its own partner, or throws 404/403. */
    public PartnerId partner(UUID partnerId, Permission permission) {
        ApiPrincipal caller = principal();
        if (!caller.partnerId().value().equals(partnerId) || caller.tenantId().isPresent()) {
            throw ApiProblem.notFound("partner " + partnerId);
        }
        require(caller, permission);
        return caller.partnerId();
    }

    /**
     * Checks a permission inside a tenant the caller was already admitted to. Endpoints that act on
     * one object look it up first, so that another tenant's id is a 404 whatever the caller's role.
     */
    public void require(TenantScope scope, Permission permission) {
        require(scope.principal(), permission);
    }

    private static void require(ApiPrincipal caller, Permission permission) {
        if (!caller.role().allows(permission)) {
            throw ApiProblem.forbidden("role " + caller.role().wireName() + " may not " + describe(permission));
        }
    }

    private static String describe(Permission permission) {
        return switch (permission) {
            case READ -> "read";
            case WRITE -> "write";
            case ACT_ON_EXCEPTIONS -> "act on exceptions";
            case MANAGE_KEYS -> "manage API keys";
            case MANAGE_TENANTS -> "manage tenants";
        };
    }

    private Optional<PartnerId> partnerOf(TenantId tenant) {
        // The access check itself: no tenant scope exists yet (tenant rows carry no tenant wall anyway).
        return db.inSystem(c -> tenants.partnerOf(c, tenant));
    }
}
