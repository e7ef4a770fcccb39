package io.finrelay.server.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finrelay.model.id.PartnerId;
import io.finrelay.model.id.TenantId;
import io.finrelay.server.audit.AuditLog;
import io.finrelay.server.web.AcceptsIdempotencyKey;
import io.finrelay.server.web.ApiProblem;
import io.finrelay.server.web.Correlation;
import io.finrelay.server.web.IdempotentRequests;
import io.finrelay.server.web.RequestValidation;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The people of a tenant, and a partner's own administrators: created with a password and roles, listed, disabled. */
@RestController
public class UserController {
    private static final String USERS = "/v1/tenants/{tenantId}/users";
    private static final String PARTNER_USERS = "/v1/partners/{partnerId}/users";
    private static final String USERNAME = "[a-z0-9][a-z0-9._@-]{2,99}";
    private static final String USERNAME_RULE =
            "must be 3 to 100 lower-case letters, digits or . _ @ -, starting with a letter or digit";
    private static final String PASSWORD_RULE =
            "must be " + Passwords.MIN_LENGTH + " to " + Passwords.MAX_LENGTH + " bytes long";

    /** A person to create. The password is never stored or shown again, only its BCrypt hash is kept. */
    public record NewUser(
            @NotNull(message = USERNAME_RULE) @Pattern(regexp = USERNAME, message = USERNAME_RULE) String username,
            @NotNull(message = PASSWORD_RULE) @Size(min = Passwords.MIN_LENGTH, max = Passwords.MAX_LENGTH,
                    message = PASSWORD_RULE) String password,
            String role, List<String> roles) {
        @Override
        public String toString() {
            return "NewUser[username=" + username + ", roles=" + (roles != null ? roles : role) + "]";
        }
    }

    public record UserView(UUID id, UUID tenantId, String username, Set<String> roles, Instant createdAt,
                           Instant disabledAt) {
        static UserView of(Users.User u) {
            return new UserView(u.id(), u.tenantId().map(t -> t.value()).orElse(null), u.username(),
                    new TreeSet<>(u.roles().stream().map(Role::wireName).toList()), u.createdAt(),
                    u.disabledAt().orElse(null));
        }
    }

    private final Access access;
    private final Users users;
    private final Passwords passwords;
    private final IdempotentRequests idempotent;
    private final ObjectMapper json;
    private final Clock clock;
    private final AuditLog audit;
    private final RequestValidation validation;

    public UserController(Access access, Users users, Passwords passwords, IdempotentRequests idempotent,
                          ObjectMapper json, Clock clock, AuditLog audit, RequestValidation validation) {
        this.audit = audit;
        this.validation = validation;
        this.access = access;
        this.users = users;
        this.passwords = passwords;
        this.idempotent = idempotent;
        this.json = json;
        this.clock = clock;
    }

    /** Creates a person of the tenant with roles. */
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "201", description = "Created: the person, created", content = @io.swagger.v3.oas.annotations.media.Content(schema = @io.swagger.v3.oas.annotations.media.Schema(implementation = UserView.class)))
    @AcceptsIdempotencyKey
    @PostMapping(path = USERS, consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<JsonNode> create(@PathVariable UUID tenantId, @RequestBody NewUser body,
                                           HttpServletRequest request) {
        TenantScope scope = access.tenant(tenantId, Action.MANAGE_USERS);
        Set<Role> roles = Roles.tenantRoles(body.role(), body.roles());
        String hash = validatedHash(body);
        return idempotent.execute(scope.tenantId(), request, fingerprint(body, roles), c -> {
            users.refuseTaken(c, scope, body.username());
            Users.User user = users.create(c, scope, body.username(), hash, roles, now());
            audit.append(c, scope, "user.created", null, UserView.of(user), Correlation.of(request));
            return IdempotentRequests.Outcome.of(HttpStatus.CREATED, URI.create("/v1/tenants/" + tenantId + "/users/" + user.id()),
                    json.valueToTree(UserView.of(user)));
        });
    }

    /** A person who administers every tenant of the partner: always and only the partner-admin role. */
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "201", description = "Created: the person, created", content = @io.swagger.v3.oas.annotations.media.Content(schema = @io.swagger.v3.oas.annotations.media.Schema(implementation = UserView.class)))
    @AcceptsIdempotencyKey
    @PostMapping(path = PARTNER_USERS, consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<JsonNode> createForPartner(@PathVariable UUID partnerId, @RequestBody NewUser body,
                                                     HttpServletRequest request) {
        PartnerId partner = access.partner(partnerId, Action.MANAGE_USERS);
        List<String> asked = body.role() != null ? List.of(body.role()) : body.roles() == null ? List.of() : body.roles();
        if (!asked.isEmpty() && !asked.equals(List.of(Role.PARTNER_ADMIN.wireName()))) {
            throw ApiProblem.invalid("roles", asked, "a partner's own people are partner-admin; give tenant roles to "
                    + "people of a tenant");
        }
        String hash = validatedHash(body);
        // Partner-level requests have no tenant: their idempotency keys live under the partner's id.
        return idempotent.executeForPartner(partner, request, fingerprint(body, Set.of(Role.PARTNER_ADMIN)), c -> {
            users.refuseTakenForPartner(c, partner, body.username());
            Users.User user = users.createForPartner(c, partner, body.username(), hash, now());
            return IdempotentRequests.Outcome.of(HttpStatus.CREATED, null, json.valueToTree(UserView.of(user)));
        });
    }

    /** The partner's administrators. */
    @GetMapping(PARTNER_USERS)
    public List<UserView> listForPartner(@PathVariable UUID partnerId) {
        PartnerId partner = access.partner(partnerId, Action.MANAGE_USERS);
        return users.listForPartner(partner).stream().map(UserView::of).toList();
    }

    /** Disables a partner administrator. */
    @PostMapping(PARTNER_USERS + "/{userId}/disable")
    public UserView disableForPartner(@PathVariable UUID partnerId, @PathVariable UUID userId) {
        PartnerId partner = access.partner(partnerId, Action.MANAGE_USERS);
        return users.disableForPartner(partner, userId, now()).map(UserView::of)
                .orElseThrow(() -> ApiProblem.notFound("user " + userId));
    }

    /** Checks the username and password, and answers the password's BCrypt hash. */
    private String validatedHash(NewUser body) {
        validation.check(body);
        // The constraint counts characters; BCrypt's limit is in bytes, which non-ASCII passwords reach sooner.
        int length = body.password().getBytes(StandardCharsets.UTF_8).length;
        if (length > Passwords.MAX_LENGTH) {
            throw ApiProblem.invalid(List.of(new ApiProblem.FieldError("password", null, PASSWORD_RULE, "size")));
        }
        return passwords.hash(body.password());
    }

    /** The password stays out of the idempotency fingerprint, and so out of the database. */
    private JsonNode fingerprint(NewUser body, Set<Role> roles) {
        return json.createObjectNode().put("username", body.username())
                .set("roles", json.valueToTree(new TreeSet<>(roles.stream().map(Role::wireName).toList())));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /** The tenant's people. */
    @GetMapping(USERS)
    public List<UserView> list(@PathVariable UUID tenantId) {
        TenantScope scope = access.tenant(tenantId, Action.MANAGE_USERS);
        return users.list(scope).stream().map(UserView::of).toList();
    }

    /** Disables a person: no new tokens; tokens already issued run out within their short lifetime. */
    @PostMapping(USERS + "/{userId}/disable")
    public UserView disable(@PathVariable UUID tenantId, @PathVariable UUID userId, HttpServletRequest request) {
        TenantScope scope = access.tenant(tenantId, Action.MANAGE_USERS);
        return users.disable(scope, userId, now(), UserView::of, Correlation.of(request)).map(UserView::of)
                .orElseThrow(() -> ApiProblem.notFound("user " + userId));
    }
}
