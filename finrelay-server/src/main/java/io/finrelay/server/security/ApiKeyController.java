package io.finrelay.server.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.finrelay.server.web.ApiProblem;
import io.finrelay.server.web.IdempotentRequests;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** API keys of a tenant, and "who am I" for any key. */
@RestController
public class ApiKeyController {

    /** A key to create: a name people recognise it by, and its role (not partner-admin). */
    public record NewApiKey(String name, String role) {}

    /** A key as the API shows it; {@code secret} only in the answer to its creation. */
    public record ApiKeyView(UUID id, UUID tenantId, String name, String role, String prefix, Instant createdAt,
                             String secret) {}

    /** The caller as the server sees it. */
    public record Me(UUID keyId, String name, String role, UUID partnerId, UUID tenantId, String actor) {}

    private final Access access;
    private final ApiKeys keys;
    private final IdempotentRequests idempotent;
    private final ObjectMapper json;
    private final Clock clock;

    public ApiKeyController(Access access, ApiKeys keys, IdempotentRequests idempotent, ObjectMapper json, Clock clock) {
        this.access = access;
        this.keys = keys;
        this.idempotent = idempotent;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Creates a key and answers with its secret, the only time it is ever shown. The secret is not
     * stored, not even in the idempotency record: a replay answers the key without it.
     */
    @PostMapping(path = "/v1/tenants/{tenantId}/api-keys", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<JsonNode> create(@PathVariable UUID tenantId, @RequestBody NewApiKey body,
                                           HttpServletRequest request) {
        TenantScope scope = access.tenant(tenantId, Permission.MANAGE_KEYS);
        String name = body.name() == null ? "" : body.name().trim();
        if (name.isEmpty() || name.length() > 100) {
            throw ApiProblem.invalid("name", body.name(), "must be 1 to 100 characters");
        }
        Role role = Role.fromWire(body.role()).filter(r -> r != Role.PARTNER_ADMIN)
                .orElseThrow(() -> ApiProblem.invalid("role", body.role(),
                        "must be one of tenant-admin, operator, integration, viewer"));
        return idempotent.execute(scope.tenantId(), request, json.valueToTree(body), c -> {
            ApiKeyToken token = ApiKeyToken.generate();
            ApiKeys.StoredKey key = keys.create(c, scope.principal().partnerId(), Optional.of(scope.tenantId()), name,
                    role, token, clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS));
            ApiKeyView view = new ApiKeyView(key.id(), tenantId, name, role.wireName(), token.prefix(),
                    key.createdAt(), token.token());
            ObjectNode live = json.valueToTree(view);
            ObjectNode stored = live.deepCopy();
            stored.remove("secret");
            return new IdempotentRequests.Outcome(HttpStatus.CREATED, null, live, stored);
        });
    }

    @GetMapping("/v1/me")
    public Me me() {
        ApiPrincipal p = access.principal();
        return new Me(p.keyId(), p.keyName(), p.role().wireName(), p.partnerId().value(),
                p.tenantId().map(t -> t.value()).orElse(null), p.actor());
    }
}
