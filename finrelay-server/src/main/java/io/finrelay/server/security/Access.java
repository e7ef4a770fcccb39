package io.finrelay.server.security;

import io.finrelay.engine.audit.AuditRecord;
import io.finrelay.engine.audit.AuditTrail;
import io.finrelay.engine.db.Database;
import io.finrelay.engine.workflow.WorkflowDefinition;
import io.finrelay.model.id.PartnerId;
import io.finrelay.model.id.TenantId;
import io.finrelay.server.web.ApiProblem;
import io.finrelay.server.web.Correlation;
import jakarta.servlet.http.HttpServletRequest;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The access check every endpoint starts with. A caller outside the tenant (or partner) in the path
 * gets 404, exactly as for a tenant that does not exist: never 403, so a caller cannot even learn
 * that another tenant's ids exist. Only inside its own tenant does a missing action give 403, and
 * that refusal is written to the tenant's audit trail ({@code permission.refused}).
 */
@Component
public class Access {
    /** The request attribute naming the tenant a request was admitted into (its usage is counted: usage.ApiCallMeter). */
    public static final String ADMITTED_TENANT = Access.class.getName() + ".admittedTenant";

    private final Database db;
    private final TenantDirectory directory;
    private final AuditTrail audit = new AuditTrail();
    private final Clock clock;
    private final OutsideCalls outside;

    public Access(Database db, TenantDirectory directory, Clock clock, OutsideCalls outside) {
        this.db = db;
        this.directory = directory;
        this.clock = clock;
        this.outside = outside;
    }

    /** The authenticated caller of the current request. */
    public ApiPrincipal principal() {
        Object principal = RequestContextHolder.currentRequestAttributes()
                .getAttribute(ApiKeyFilter.PRINCIPAL, RequestAttributes.SCOPE_REQUEST);
        if (principal instanceof ApiPrincipal p) {
            return p;
        }
        throw new ApiProblem(HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized", "a valid API key or token is required");
    }

    /** Admits the caller into tenant {@code tenantId} for {@code action}, or throws 404/403. */
    public TenantScope tenant(UUID tenantId, Action action) {
        TenantScope scope = admit(tenantId);
        require(scope, action);
        return scope;
    }

    /**
     * Admits the caller into the tenant whatever its roles, for endpoints that must look an object
     * up before they may refuse (another tenant's or an unknown id is a 404 for every role). Follow
     * it with {@link #require}.
     */
    public TenantScope admit(UUID tenantId) {
        ApiPrincipal caller = principal();
        TenantId wanted = new TenantId(tenantId);
        boolean inside = caller.tenantId().isPresent()
                ? caller.tenantId().get().equals(wanted)
                : caller.isPartnerAdmin() && directory.partnerOf(wanted).filter(caller.partnerId()::equals).isPresent();
        if (!inside) {
            outside.tenant(caller, wanted);
            throw ApiProblem.notFound("tenant " + tenantId);
        }
        RequestContextHolder.currentRequestAttributes().setAttribute(ADMITTED_TENANT, wanted, RequestAttributes.SCOPE_REQUEST);
        return new TenantScope(wanted, caller);
    }

    /**
     * A scope for work that the server's own configuration starts in a tenant, with no API caller
     * (a bank channel's poller). Never for a request: a request's scope comes from {@link #tenant}.
     * The tenant must exist; {@code job} names the work where an actor is recorded.
     */
    public TenantScope configured(TenantId tenant, String job) {
        return system(tenant, job, directory.partnerOf(tenant));
    }

    /**
     * The same for a workflow's read model written in the engine's deciding transaction, {@code c} (system role):
     * the tenant comes from the instance, and its partner is read on that transaction, not on a second connection.
     */
    public TenantScope deciding(Connection c, TenantId tenant, String job) throws SQLException {
        return system(tenant, job, directory.partnerOf(c, tenant));
    }

    private static TenantScope system(TenantId tenant, String job, Optional<PartnerId> partnerOf) {
        PartnerId partner = partnerOf
                .orElseThrow(() -> new IllegalStateException("configured tenant " + tenant + " does not exist (" + job + ")"));
        return new TenantScope(tenant, new ApiPrincipal(ApiPrincipal.Kind.SYSTEM, null, job, job, partner,
                Optional.of(tenant), Set.of(Role.INTEGRATION)));
    }

    /** Admits a partner admin into its own partner, or throws 404/403. */
    public PartnerId partner(UUID partnerId, Action action) {
        ApiPrincipal caller = principal();
        if (!caller.partnerId().value().equals(partnerId) || caller.tenantId().isPresent()) {
            outside.partner(caller, partnerId);
            throw ApiProblem.notFound("partner " + partnerId);
        }
        if (!caller.allows(action)) {
            // No tenant to audit under: partner-level refusals live under the partner's id, as its idempotency keys do.
            refuse(new TenantId(partnerId), caller, action);
        }
        return caller.partnerId();
    }

    /**
     * Checks an action inside a tenant the caller was already admitted to. Endpoints that act on
     * one object look it up first, so that another tenant's id is a 404 whatever the caller's role.
     */
    public void require(TenantScope scope, Action action) {
        if (!scope.principal().allows(action)) {
            refuse(scope.tenantId(), scope.principal(), action);
        }
    }

    /**
     * The permission a caller needs to submit this event to a workflow, or a 403 (audited like every
     * refusal) when the workflow does not take it from outside at all: the engine, an operator or a
     * signed peer causes it, whatever the caller's roles.
     */
    public void requireExternalInput(TenantScope scope, WorkflowDefinition<?, ?> workflow, String eventType) {
        String needed = workflow.externalInputs().entrySet().stream()
                .filter(e -> e.getKey().getSimpleName().equals(eventType)).map(Map.Entry::getValue).findFirst().orElse(null);
        Optional<Action> action = needed == null ? Optional.empty() : Arrays.stream(Action.values())
                .filter(a -> a.wireName().equals(needed)).findFirst();
        if (action.isPresent()) {
            require(scope, action.get());
            return;
        }
        HttpServletRequest request = ((ServletRequestAttributes) RequestContextHolder.currentRequestAttributes()).getRequest();
        String name = eventType;
        ApiPrincipal caller = scope.principal();
        AuditRecord refused = new AuditRecord(scope.tenantId(), null, Correlation.of(request), clock.instant(), caller.actor(),
                "permission.refused", Map.of("event", name, "workflow", workflow.type(), "method", request.getMethod(),
                "path", request.getRequestURI().substring(request.getContextPath().length()),
                "roles", List.copyOf(caller.roleNames())));
        db.inTenant(scope.tenantId(), c -> {
            audit.append(c, List.of(refused));
            return null;
        });
        throw ApiProblem.forbidden("event " + name + " of workflow " + workflow.type() + " is not taken from callers: "
                + "the engine, an operator or a signed peer causes it");
    }

    private void refuse(TenantId tenant, ApiPrincipal caller, Action action) {
        HttpServletRequest request = ((ServletRequestAttributes) RequestContextHolder.currentRequestAttributes()).getRequest();
        String path = request.getRequestURI().substring(request.getContextPath().length());
        AuditRecord refused = new AuditRecord(tenant, null, Correlation.of(request), clock.instant(), caller.actor(),
                "permission.refused", Map.of("action", action.wireName(), "method", request.getMethod(), "path", path,
                "roles", List.copyOf(caller.roleNames())));
        db.inTenant(tenant, c -> {
            audit.append(c, List.of(refused));
            return null;
        });
        throw ApiProblem.forbidden("roles " + caller.roleNames() + " may not " + action.wireName() + " ("
                + action.meaning() + ")");
    }
}
