package io.finrelay.server.security;

import io.finrelay.engine.audit.AuditRecord;
import io.finrelay.model.id.TenantId;
import io.finrelay.server.audit.AuditLog;
import io.finrelay.server.web.ApiProblem;
import io.finrelay.server.web.Correlation;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
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

    public record Login(String username, String password) {
        @Override
        public String toString() {
            return "Login[username=" + username + "]";
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

    /** Logs a person in with username and password and answers a short-lived bearer token. */
    @PostMapping(path = "/v1/tokens", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<TokenResponse> login(@RequestBody Login body, HttpServletRequest request) {
        String username = body.username() == null ? "" : body.username();
        String password = body.password() == null ? "" : body.password();
        Optional<LoginThrottle.Locked> locked = throttle.locked(username);
        if (locked.isPresent()) {
            throw lockedOut(locked.get());
        }
        // A login comes before any tenant is known: the username says which.
        Optional<Users.User> user = users.findForLogin(username);
        if (user.isEmpty()) {
            passwords.decoy(password);
            throttle.failed(username);  // throttled alike, so a lock-out does not tell which usernames exist
            log.warn("login refused for unknown username '{}'", username.length() > 100 ? username.substring(0, 100) : username);
            throw refused();
        }
        Users.User u = user.get();
        boolean matches = passwords.matches(password, u.passwordHash());
        String failure = !matches ? "wrong password" : u.disabledAt().isPresent() ? "user disabled" : null;
        audit(u, failure == null ? "login.succeeded" : "login.failed", failure, request);
        if (!matches) {
            Optional<LoginThrottle.Locked> lockOut = throttle.failed(u.username());
            if (lockOut.isPresent()) {
                audit(u, "login.locked", lockOut.get().failures() + " wrong passwords in a row; attempts refused for "
                        + lockOut.get().retryAfterSeconds() + " s", request);
            }
        } else {
            throttle.succeeded(u.username());
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

    private static ApiProblem lockedOut(LoginThrottle.Locked locked) {
        return new ApiProblem(HttpStatus.TOO_MANY_REQUESTS, "login-throttled", "Too many failed logins",
                "too many wrong passwords for this user; retry after " + locked.retryAfterSeconds() + " s",
                Map.of("retryAfterSeconds", locked.retryAfterSeconds()));
    }

    private static ApiProblem refused() {
        return new ApiProblem(HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized", "unknown username or wrong password");
    }
}
