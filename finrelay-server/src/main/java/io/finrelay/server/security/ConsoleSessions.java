package io.finrelay.server.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.finrelay.model.id.PartnerId;
import io.finrelay.model.id.TenantId;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The console's sessions: a signed token of their own in the session cookie (audience {@code finrelay-console},
 * so the API never takes one as a bearer token), that names a stable session id, the person, when they signed
 * in and when the session must end at the latest. Nothing is kept on the server, so any node serves any page.
 *
 * <ul>
 *   <li><b>Sliding expiry</b>: a session not used for {@link ConsoleSessionProperties#idle()} ends; a request to a
 *   session older than {@link ConsoleSessionProperties#refreshAfter()} renews it (same session id, so the CSRF token of a
 *   form already open still fits), up to {@link ConsoleSessionProperties#maxAge()} after the sign-in, when the person
 *   signs in again however busy the session is.</li>
 *   <li><b>The person re-checked on every request</b>: a Finrelay user must still exist, not be disabled, belong to the
 *   same partner and tenant and hold exactly the roles the session was given; otherwise the session ends at that
 *   request (a role removed or added takes effect at the next sign-in). A person of the external issuer has no record
 *   here: their tenant must still be the partner's, and the session never outlives the issuer's access token.</li>
 * </ul>
 */
@Component
public class ConsoleSessions {
    static final String AUDIENCE = "finrelay-console";
    private static final Set<String> REQUIRED = Set.of("sub", "exp", "iat", "sid", "auth_time", "end", "partner", "roles");

    /**
     * A live session.
     *
     * @param id        the session's id: stable for its whole life (renewals keep it), what the CSRF token derives from
     * @param person    who it is, with the roles re-checked for this request
     * @param startedAt when the person signed in
     * @param issuedAt  when the cookie's token was issued (at the sign-in or the last renewal)
     * @param ends      when the session ends at the latest (the maximum age, or the issuer's token's expiry)
     */
    public record Session(String id, ApiPrincipal person, Instant startedAt, Instant issuedAt, Instant ends) {}

    /** A session token as handed out, and how long its cookie lives. */
    public record Issued(String token, Duration cookieLifetime) {}

    private final SigningKey key;
    private final String issuer;
    private final ConsoleSessionProperties config;
    private final Users users;
    private final TenantDirectory directory;
    private final Clock clock;
    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    public ConsoleSessions(SigningKey key, SecurityProperties security, ConsoleSessionProperties config, Users users,
                           TenantDirectory directory, Clock clock) {
        this.key = key;
        this.issuer = security.tokens().issuer();
        this.config = config;
        this.users = users;
        this.directory = directory;
        this.clock = clock;
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.ES256,
                new ImmutableJWKSet<>(new JWKSet(key.privateKey().toPublicJWK()))));
        ClockedClaimsVerifier verifier = new ClockedClaimsVerifier(clock, issuer, Set.of(AUDIENCE), REQUIRED);
        verifier.setMaxClockSkew(0); // one server signs and checks: an idle session ends on time, not a minute late
        processor.setJWTClaimsSetVerifier(verifier);
    }

    /**
     * A new session for a person who just signed in; {@code notAfter} bounds it further (an external issuer's access
     * token's expiry), null for none.
     */
    public Issued start(ApiPrincipal person, Instant notAfter) {
        Instant now = clock.instant();
        Instant end = now.plus(config.maxAge());
        if (notAfter != null && notAfter.isBefore(end)) {
            end = notAfter;
        }
        return issue(UUID.randomUUID().toString(), person, now, now, end);
    }

    /** The live session a cookie's token names, its person re-checked; empty for anything else. */
    public Optional<Session> verify(String token) {
        if (token == null || token.isEmpty() || token.length() > 8192) {
            return Optional.empty();
        }
        try {
            JWTClaimsSet claims = processor.process(SignedJWT.parse(token), null);
            Instant now = clock.instant();
            Instant end = claims.getDateClaim("end").toInstant();
            if (!now.isBefore(end)) {
                return Optional.empty();
            }
            Set<Role> roles = EnumSet.noneOf(Role.class);
            for (String name : claims.getStringListClaim("roles")) {
                roles.add(Role.fromWire(name).orElseThrow(() -> new IllegalArgumentException("unknown role " + name)));
            }
            PartnerId partner = new PartnerId(UUID.fromString(claims.getStringClaim("partner")));
            Optional<TenantId> tenant = Optional.ofNullable(claims.getStringClaim("tenant")).map(UUID::fromString)
                    .map(TenantId::new);
            String uid = claims.getStringClaim("uid");
            ApiPrincipal person = new ApiPrincipal(ApiPrincipal.Kind.USER, uid == null ? null : UUID.fromString(uid),
                    claims.getSubject(), claims.getSubject(), partner, tenant, roles);
            if (!stillValid(person)) {
                return Optional.empty();
            }
            return Optional.of(new Session(claims.getStringClaim("sid"), person,
                    claims.getDateClaim("auth_time").toInstant(), claims.getIssueTime().toInstant(), end));
        } catch (ParseException | BadJOSEException | JOSEException | IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }

    /** The renewed token of a session used now, when its cookie is old enough to renew; empty while it is fresh. */
    public Optional<Issued> renewed(Session session) {
        Instant now = clock.instant();
        if (Duration.between(session.issuedAt(), now).compareTo(config.refreshAfter()) < 0) {
            return Optional.empty();
        }
        return Optional.of(issue(session.id(), session.person(), session.startedAt(), now, session.ends()));
    }

    /** The person as stored now: the same user, enabled, of the same partner and tenant, with the same roles. */
    private boolean stillValid(ApiPrincipal person) {
        if (person.id() == null) {
            // A person of the external issuer: no record of ours to re-read; their tenant must still be the partner's.
            return person.tenantId().flatMap(directory::partnerOf).filter(person.partnerId()::equals).isPresent()
                    && !person.isPartnerAdmin();
        }
        return users.findById(person.id()).filter(u -> u.disabledAt().isEmpty())
                .filter(u -> u.partnerId().equals(person.partnerId()) && u.tenantId().equals(person.tenantId()))
                .filter(u -> u.roles().equals(person.roles()) && u.username().equals(person.subject()))
                .isPresent();
    }

    private Issued issue(String sid, ApiPrincipal person, Instant startedAt, Instant now, Instant end) {
        Instant expires = now.plus(config.idle());
        if (expires.isAfter(end)) {
            expires = end;
        }
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(issuer).audience(AUDIENCE)
                .subject(person.subject()).issueTime(Date.from(now)).expirationTime(Date.from(expires))
                .claim("sid", sid).claim("auth_time", Date.from(startedAt)).claim("end", Date.from(end))
                .claim("partner", person.partnerId().value().toString())
                .claim("roles", person.roles().stream().map(Role::wireName).sorted().toList());
        if (person.id() != null) {
            claims.claim("uid", person.id().toString());
        }
        person.tenantId().ifPresent(t -> claims.claim("tenant", t.value().toString()));
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.privateKey().getKeyID())
                .type(JOSEObjectType.JWT).build(), claims.build());
        try {
            jwt.sign(new ECDSASigner(key.privateKey()));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a console session with key " + key.privateKey().getKeyID(), e);
        }
        return new Issued(jwt.serialize(), Duration.between(now, expires));
    }
}
