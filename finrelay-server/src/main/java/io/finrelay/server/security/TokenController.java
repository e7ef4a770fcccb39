package io.finrelay.server.security;

import io.finrelay.engine.audit.AuditRecord;
import io.finrelay.model.id.PartnerId;
import io.finrelay.model.id.TenantId;
import io.finrelay.server.audit.AuditLog;
import io.finrelay.server.web.ApiProblem;
import io.finrelay.server.web.Correlation;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Login for people (username and password for a short-lived signed token), and the public keys
 * that verify those tokens. Both are public paths. Every login, good or bad, is audited in the
 * person's tenant; a failure answers the same 401 whatever the reason.
 */
@RestController
public class TokenController {
    private static final Logger log = LoggerFactory.getLogger(TokenController.class);

    /**
     * A login: where the person belongs (a tenant's people name the tenant by its slug; a partner's own
     * administrators name the partner by its id, and no tenant), the username and the password.
     */
    public record Login(String tenant, String partner, String username, String password) {
        @Override
        public String toString() {
            return "Login[tenant=" + tenant + ", partner=" + partner + ", username=" + username + "]";
        }
    }

    /** The OAuth2 token response shape (RFC 6749 section 5.1). */
    public record TokenResponse(String access_token, String token_type, long expires_in) {}

    private final Users users;
    private final Passwords passwords;
    private final UserTokens tokens;
    private final SigningKey key;
    private final AuditLog audit;
    private final Clock clock;
    private final LoginThrottle throttle;

    public TokenController(Users users, Passwords passwords, UserTokens tokens, SigningKey key, Clock clock,
                           AuditLog audit, LoginThrottle throttle) {
        this.audit = audit;
        this.throttle = throttle;
        this.users = users;
        this.passwords = passwords;
        this.tokens = tokens;
        this.key = key;
        this.clock = clock;
    }

    /**
     * Logs a person in with the tenant's slug (or, for a partner's administrator, the partner's id), username
     * and password, and answers a short-lived bearer token.
     */
    @PostMapping(path = "/v1/tokens", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<TokenResponse> login(@RequestBody Login body, HttpServletRequest request) {
        String username = body.username() == null ? "" : body.username();
        String password = body.password() == null ? "" : body.password();
        Optional<PartnerId> partner = partnerOf(body);
        // The throttle counts per person: the same username in two tenants is two people.
        String who = (partner.isPresent() ? "partner/" + partner.get().value() : "tenant/" + body.tenant()) + "/" + username;
        Optional<LoginThrottle.Locked> locked = throttle.locked(who);
        if (locked.isPresent()) {
            throw lockedOut(locked.get());
        }
        // A login comes before any tenant's wall is up: it names the tenant (or the partner) itself.
        Optional<Users.User> user = partner.isPresent() ? users.findForPartnerLogin(partner.get(), username)
                : users.findForTenantLogin(body.tenant(), username);
        if (user.isEmpty()) {
            passwords.decoy(password);
            throttle.failed(who);  // throttled alike, so a lock-out does not tell which usernames exist
            log.warn("login refused for unknown username '{}'", who.length() > 160 ? who.substring(0, 160) : who);
            throw refused();
        }
        Users.User u = user.get();
        boolean matches = passwords.matches(password, u.passwordHash());
        String failure = !matches ? "wrong password" : u.disabledAt().isPresent() ? "user disabled" : null;
        audit(u, failure == null ? "login.succeeded" : "login.failed", failure, request);
        if (!matches) {
            Optional<LoginThrottle.Locked> lockOut = throttle.failed(who);
            if (lockOut.isPresent()) {
                audit(u, "login.locked", lockOut.get().failures() + " wrong passwords in a row; attempts refused for "
                        + lockOut.get().retryAfterSeconds() + " s", request);
            }
        } else {
            throttle.succeeded(who);
        }
        if (failure != null) {
            throw refused();
        }
        UserTokens.Issued issued = tokens.issue(u);
        return ResponseEntity.ok().cacheControl(CacheControl.noStore())
                .body(new TokenResponse(issued.token(), "Bearer", issued.expiresInSeconds()));
    }

    /** The public keys of Finrelay's tokens (RFC 7517), for Finrelay's nodes and anyone who checks them. */
    @GetMapping(path = "/.well-known/jwks.json", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> jwks() {
        return key.publicJwks();
    }

    private void audit(Users.User u, String kind, String failure, HttpServletRequest request) {
        // A partner's people have no tenant: their logins are audited under the partner's id.
        TenantId where = u.tenantId().orElse(new TenantId(u.partnerId().value()));
        Map<String, Object> detail = failure == null ? Map.of("username", u.username())
                : Map.of("username", u.username(), "reason", failure);
        AuditRecord record = new AuditRecord(where, null, Correlation.of(request), clock.instant(), "user:" + u.username(),
                kind, detail);
        audit.record(record);
    }

    /** The partner a login names, or empty for a tenant's person; exactly one of the two must be named. */
    private static Optional<PartnerId> partnerOf(Login body) {
        boolean tenant = body.tenant() != null && !body.tenant().isBlank();
        boolean partner = body.partner() != null && !body.partner().isBlank();
        if (tenant == partner) {
            throw ApiProblem.invalid("tenant", body.tenant(), "name the tenant you belong to (its slug), or, as a "
                    + "partner's administrator, the partner (its id) instead");
        }
        if (!partner) {
            return Optional.empty();
        }
        try {
            return Optional.of(new PartnerId(UUID.fromString(body.partner())));
        } catch (IllegalArgumentException e) {
            throw ApiProblem.invalid("partner", body.partner(), "must be a partner's id (a UUID)");
        }
    }

    private static ApiProblem lockedOut(LoginThrottle.Locked locked) {
        return new ApiProblem(HttpStatus.TOO_MANY_REQUESTS, "login-throttled", "Too many failed logins",
                "too many wrong passwords for this user; retry after " + locked.retryAfterSeconds() + " s",
                Map.of("retryAfterSeconds", locked.retryAfterSeconds()));
    }

    private static ApiProblem refused() {
        return new ApiProblem(HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized", "unknown username or wrong password");
    }
}
