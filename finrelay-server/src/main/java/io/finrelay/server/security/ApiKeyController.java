package io.finrelay.server.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.finrelay.server.audit.AuditLog;
import io.finrelay.server.web.AcceptsIdempotencyKey;
import io.finrelay.server.web.ApiProblem;
import io.finrelay.server.web.Correlation;
import io.finrelay.server.web.IdempotentRequests;
import io.finrelay.server.web.RequestValidation;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** API keys of a tenant (create, list, rotate, revoke), and "who am I" for any caller. */
@RestController
public class ApiKeyController {
    private static final String KEYS = "/v1/tenants/{tenantId}/api-keys";

    /**
     * A key to create: a name people recognise it by, its role (or several roles; not partner-admin),
     * and optionally when it expires, as a duration from now ({@code P90D}) or an instant.
     */
    public record NewApiKey(
            @NotBlank(message = "must be 1 to 100 characters") @Size(max = 100, message = "must be 1 to 100 characters")
            String name,
            String role, List<String> roles, String expiresIn, String expiresAt) {}

    /** A rotation: how long the old secret keeps working ({@code PT24H}; none by default), and the new key's expiry. */
    public record Rotation(String gracePeriod, String expiresIn, String expiresAt) {}

    /** A key as the API shows it; {@code secret} only in the answer to its creation or rotation. */
    public record ApiKeyView(UUID id, UUID tenantId, String name, Set<String> roles, String prefix, Instant createdAt,
                             Instant expiresAt, Instant revokedAt, UUID rotatedTo, String secret) {
        static ApiKeyView of(ApiKeys.StoredKey key, String secret) {
            return new ApiKeyView(key.id(), key.tenantId().map(t -> t.value()).orElse(null), key.name(),
                    new java.util.TreeSet<>(key.roles().stream().map(Role::wireName).toList()), key.prefix(),
                    key.createdAt(), key.expiresAt().orElse(null), key.revokedAt().orElse(null),
                    key.rotatedTo().orElse(null), secret);
        }
    }

    /** The caller as the server sees it. */
    public record Me(String kind, UUID id, String subject, String name, Set<String> roles, UUID partnerId,
                     UUID tenantId, String actor) {}

    private final Access access;
    private final ApiKeys keys;
    private final VerifiedKeys verifiedKeys;
    private final IdempotentRequests idempotent;
    private final ObjectMapper json;
    private final Clock clock;
    private final AuditLog audit;
    private final RequestValidation validation;

    public ApiKeyController(Access access, ApiKeys keys, VerifiedKeys verifiedKeys,
                            IdempotentRequests idempotent, ObjectMapper json, Clock clock, AuditLog audit,
                            RequestValidation validation) {
        this.audit = audit;
        this.validation = validation;
        this.access = access;
        this.keys = keys;
        this.verifiedKeys = verifiedKeys;
        this.idempotent = idempotent;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Creates a key and answers with its secret, the only time it is ever shown. The secret is not
     * stored, not even in the idempotency record: a replay answers the key without it.
     */
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "201", description = "Created: the key, shown once", content = @io.swagger.v3.oas.annotations.media.Content(schema = @io.swagger.v3.oas.annotations.media.Schema(implementation = ApiKeyView.class)))
    @AcceptsIdempotencyKey
    @PostMapping(path = KEYS, consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<JsonNode> create(@PathVariable UUID tenantId, @RequestBody NewApiKey body,
                                           HttpServletRequest request) {
        TenantScope scope = access.tenant(tenantId, Action.MANAGE_KEYS);
        validation.check(body);
        String name = body.name().trim();
        Set<Role> roles = Roles.tenantRoles(body.role(), body.roles());
        Instant now = now();
        Optional<Instant> expiresAt = Lifetimes.expiry(body.expiresIn(), body.expiresAt(), now);
        return idempotent.execute(scope.tenantId(), request, json.valueToTree(body), c -> {
            ApiKeyToken token = ApiKeyToken.generate();
            ApiKeys.StoredKey key = keys.create(c, scope.principal().partnerId(), Optional.of(scope.tenantId()),
                    new ApiKeys.KeySpec(name, roles, expiresAt), token, now);
            audit.append(c, scope, "api-key.created", null, audited(key), Correlation.of(request));
            return shownOnce(HttpStatus.CREATED, key, token);
        });
    }

    /** The tenant's API keys (prefix, role, state), never their secrets. */
    @GetMapping(KEYS)
    public List<ApiKeyView> list(@PathVariable UUID tenantId) {
        TenantScope scope = access.tenant(tenantId, Action.MANAGE_KEYS);
        return keys.list(scope).stream().map(k -> ApiKeyView.of(k, null)).toList();
    }

    /**
     * A new secret for a key, shown once, with the same name and roles. The old secret keeps working
     * for the grace period (so that clients can be redeployed) and then stops; rotating a revoked or
     * already rotated key is refused.
     */
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "201", description = "Created: the new key, shown once", content = @io.swagger.v3.oas.annotations.media.Content(schema = @io.swagger.v3.oas.annotations.media.Schema(implementation = ApiKeyView.class)))
    @AcceptsIdempotencyKey
    @PostMapping(KEYS + "/{keyId}/rotate")
    public ResponseEntity<JsonNode> rotate(@PathVariable UUID tenantId, @PathVariable UUID keyId,
                                           @RequestBody(required = false) Rotation body, HttpServletRequest request) {
        TenantScope scope = access.tenant(tenantId, Action.MANAGE_KEYS);
        Rotation rotation = body == null ? new Rotation(null, null, null) : body;
        Instant now = now();
        Instant oldStops = now.plus(Lifetimes.grace(rotation.gracePeriod()));
        Optional<Instant> expiresAt = Lifetimes.expiry(rotation.expiresIn(), rotation.expiresAt(), now);
        AtomicReference<String> retired = new AtomicReference<>();
        ResponseEntity<JsonNode> answer = idempotent.execute(scope.tenantId(), request, json.valueToTree(rotation), c -> {
            ApiKeys.StoredKey old = keys.lock(c, scope, keyId).orElseThrow(() -> ApiProblem.notFound("API key " + keyId));
            retired.set(old.prefix());
            if (old.revokedAt().isPresent() || old.rotatedTo().isPresent()
                    || old.expiresAt().filter(at -> !at.isAfter(now)).isPresent()) {
                throw ApiProblem.conflict("key-not-active", "API key " + keyId + " is revoked, expired or already rotated");
            }
            ApiKeyToken token = ApiKeyToken.generate();
            ApiKeys.StoredKey next = keys.create(c, old.partnerId(), old.tenantId(),
                    new ApiKeys.KeySpec(old.name(), old.roles(), expiresAt), token, now);
            keys.retire(c, scope, keyId, next.id(), oldStops);
            Map<String, Object> after = audited(next);
            after.put("replaces", old.id());
            after.put("oldSecretStopsAt", oldStops);
            audit.append(c, scope, "api-key.rotated", audited(old), after, Correlation.of(request));
            return shownOnce(HttpStatus.CREATED, next, token);
        });
        // After the commit: this node sees the old key's new end at once (others within the cache's TTL).
        Optional.ofNullable(retired.get()).ifPresent(verifiedKeys::forget);
        return answer;
    }

    /** Revokes a key at once; revoking it again changes nothing. */
    @PostMapping(KEYS + "/{keyId}/revoke")
    public ApiKeyView revoke(@PathVariable UUID tenantId, @PathVariable UUID keyId, HttpServletRequest request) {
        TenantScope scope = access.tenant(tenantId, Action.MANAGE_KEYS);
        ApiKeys.StoredKey revoked = keys.revoke(scope, keyId, now(), ApiKeyController::audited, Correlation.of(request))
                .orElseThrow(() -> ApiProblem.notFound("API key " + keyId));
        // After the commit: revoked at once on this node (on others within the cache's TTL).
        verifiedKeys.forget(revoked.prefix());
        return ApiKeyView.of(revoked, null);
    }

    /** Who the caller is: principal, partner, tenant and roles. */
    @GetMapping("/v1/me")
    public Me me() {
        ApiPrincipal p = access.principal();
        return new Me(p.kind().wireName(), p.id(), p.subject(), p.name(), p.roleNames(), p.partnerId().value(),
                p.tenantId().map(t -> t.value()).orElse(null), p.actor());
    }

    /** A key as the audit trail keeps it: what identifies it, never its secret or hash. */
    private static Map<String, Object> audited(ApiKeys.StoredKey key) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", key.id());
        out.put("prefix", key.prefix());
        out.put("name", key.name());
        out.put("roles", new java.util.TreeSet<>(key.roles().stream().map(Role::wireName).toList()));
        out.put("expiresAt", key.expiresAt().orElse(null));
        key.revokedAt().ifPresent(at -> out.put("revokedAt", at));
        key.rotatedTo().ifPresent(to -> out.put("rotatedTo", to));
        return out;
    }

    private IdempotentRequests.Outcome shownOnce(HttpStatus status, ApiKeys.StoredKey key, ApiKeyToken token) {
        ObjectNode live = json.valueToTree(ApiKeyView.of(key, token.token()));
        ObjectNode stored = live.deepCopy();
        stored.remove("secret");
        return new IdempotentRequests.Outcome(status, null, live, stored);
    }

    /** Stored at PostgreSQL's microsecond precision, so the answer matches every later read. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
