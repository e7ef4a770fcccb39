package io.finrelay.server.tenancy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finrelay.model.id.PartnerId;
import io.finrelay.model.id.TenantId;
import io.finrelay.server.security.Access;
import io.finrelay.server.security.Action;
import io.finrelay.server.security.TenantScope;
import io.finrelay.server.web.AcceptsIdempotencyKey;
import io.finrelay.server.web.ApiProblem;
import io.finrelay.server.web.Correlation;
import io.finrelay.server.web.IdempotentRequests;
import io.finrelay.server.web.RequestValidation;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Tenants of a partner: created by the partner's admin, read by anyone inside the tenant. */
@RestController
public class TenantController {
    /** A new tenant: a display name and a unique, URL-safe slug. */
    public record NewTenant(
            @NotBlank(message = "must be 1 to 140 characters") @Size(max = 140, message = "must be 1 to 140 characters")
            String name,
            @NotNull(message = "must be 1 to 63 lower-case letters, digits or inner hyphens")
            @Pattern(regexp = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?",
                    message = "must be 1 to 63 lower-case letters, digits or inner hyphens")
            String slug) {}

    /** A tenant as the API shows it. */
    public record TenantView(UUID id, UUID partnerId, String name, String slug, String status, Instant createdAt) {
        static TenantView of(Tenant t) {
            return new TenantView(t.id().value(), t.partnerId().value(), t.name(), t.slug(), t.status(), t.createdAt());
        }
    }

    private final Access access;
    private final Tenants tenants;
    private final IdempotentRequests idempotent;
    private final ObjectMapper json;
    private final Clock clock;
    private final RequestValidation validation;

    public TenantController(Access access, Tenants tenants, IdempotentRequests idempotent,
                            ObjectMapper json, Clock clock, RequestValidation validation) {
        this.validation = validation;
        this.access = access;
        this.tenants = tenants;
        this.idempotent = idempotent;
        this.json = json;
        this.clock = clock;
    }

    /** Creates a tenant of the partner. */
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "201", description = "Created: the tenant, created", content = @io.swagger.v3.oas.annotations.media.Content(schema = @io.swagger.v3.oas.annotations.media.Schema(implementation = TenantView.class)))
    @AcceptsIdempotencyKey
    @PostMapping(path = "/v1/partners/{partnerId}/tenants", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<JsonNode> create(@PathVariable UUID partnerId, @RequestBody NewTenant body,
                                           HttpServletRequest request) {
        PartnerId partner = access.partner(partnerId, Action.MANAGE_TENANTS);
        validation.check(body);
        String name = body.name().trim();
        // Partner-level requests have no tenant yet: their idempotency keys live under the partner's id.
        return idempotent.execute(new TenantId(partner.value()), request, json.valueToTree(body), c -> {
            if (tenants.slugTaken(c, body.slug())) {
                throw ApiProblem.conflict("slug-taken", "the slug '" + body.slug() + "' is already in use");
            }
            // Stored at PostgreSQL's microsecond precision, so the answer matches every later read.
            Tenant tenant = tenants.create(c, partner, name, body.slug(),
                    clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS));
            tenants.recordCreation(c, tenant, access.principal().actor(), TenantView.of(tenant), Correlation.of(request));
            return IdempotentRequests.Outcome.of(HttpStatus.CREATED, URI.create("/v1/tenants/" + tenant.id()),
                    json.valueToTree(TenantView.of(tenant)));
        });
    }

    /** One tenant. */
    @GetMapping("/v1/tenants/{tenantId}")
    public TenantView get(@PathVariable UUID tenantId) {
        TenantScope scope = access.tenant(tenantId, Action.READ_TENANT);
        return tenants.find(scope)
                .map(TenantView::of)
                .orElseThrow(() -> ApiProblem.notFound("tenant " + tenantId));
    }
}
