package io.finrelay.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import io.finrelay.server.ServerIT;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Identities end to end: API keys with expiry, rotation and revocation; people who log in for a
 * signed token; and an external identity provider's tokens. Every way of failing is the same 401.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdentityIT extends ServerIT {
    private static final String PASSWORD = "Correct-Horse-Battery-9";
    private TestTenant acme;
    private TestTenant globex;

    @BeforeAll
    void tenants() {
        acme = newTenant("Acme");
        globex = newTenant("Globex");
    }

    /** The part of a 401 that must not differ between reasons (the correlation id and instance do). */
    private static List<Object> unauthorized(Answer answer) {
        assertThat(answer.contentType()).startsWith("application/problem+json");
        return List.of(answer.status(), answer.body().get("type").asText(), answer.body().get("title").asText(),
                answer.body().get("detail").asText(), String.valueOf(answer.header("WWW-Authenticate")));
    }

    private List<Object> unknownKey() {
        return unauthorized(get("/v1/me", "frk_0123456789ab_" + "f".repeat(64)));
    }

    private JsonNode createKey(String body) {
        Answer created = post(acme.path("/api-keys"), acme.adminKey(), body);
        assertThat(created.status()).as(String.valueOf(created.body())).isEqualTo(201);
        return created.body();
    }

    // ---- API keys ------------------------------------------------------------------------------

    @Test
    void aRotatedKeyWorksUntilItsGracePeriodEndsAndItsSuccessorIsShownOnce() {
        JsonNode first = createKey(json("name", "ERP nightly import", "role", "integration"));
        Answer rotated = post(acme.path("/api-keys/" + first.get("id").asText() + "/rotate"), acme.adminKey(),
                json("gracePeriod", "PT1H"));
        assertThat(rotated.status()).isEqualTo(201);
        JsonNode second = rotated.body();
        assertThat(second.get("secret").asText()).startsWith("frk_").isNotEqualTo(first.get("secret").asText());
        assertThat(second.get("name").asText()).isEqualTo("ERP nightly import");
        assertThat(second.get("roles")).extracting(JsonNode::asText).containsExactly("integration");

        assertThat(get("/v1/me", first.get("secret").asText()).status()).as("old key inside its grace period").isEqualTo(200);
        assertThat(get("/v1/me", second.get("secret").asText()).status()).isEqualTo(200);
        JsonNode old = keyView(first.get("id").asText());
        assertThat(old.get("rotatedTo").asText()).isEqualTo(second.get("id").asText());
        assertThat(Duration.between(Instant.now(), Instant.parse(old.get("expiresAt").asText())))
                .isBetween(Duration.ofMinutes(55), Duration.ofMinutes(61));
        assertThat(keyView(second.get("id").asText()).has("secret")).as("a listed key never shows its secret").isFalse();
        assertThat(post(acme.path("/api-keys/" + first.get("id").asText() + "/rotate"), acme.adminKey(), "{}").status())
                .as("a key is rotated once").isEqualTo(409);

        // Without a grace period the old secret stops at once, answered exactly like an unknown key.
        Answer third = post(acme.path("/api-keys/" + second.get("id").asText() + "/rotate"), acme.adminKey(), "{}");
        assertThat(third.status()).isEqualTo(201);
        assertThat(unauthorized(get("/v1/me", second.get("secret").asText()))).isEqualTo(unknownKey());
        assertThat(get("/v1/me", third.body().get("secret").asText()).status()).isEqualTo(200);
    }

    private JsonNode keyView(String id) {
        for (JsonNode key : get(acme.path("/api-keys"), acme.adminKey()).body()) {
            if (key.get("id").asText().equals(id)) {
                return key;
            }
        }
        throw new AssertionError("key " + id + " not listed");
    }

    @Test
    void revokedExpiredMalformedAndUnknownKeysAllGetTheSame401() {
        JsonNode key = createKey(json("name", "Treasury bridge", "role", "viewer"));
        assertThat(get("/v1/me", key.get("secret").asText()).status()).isEqualTo(200);
        Answer revoked = post(acme.path("/api-keys/" + key.get("id").asText() + "/revoke"), acme.adminKey(), null);
        assertThat(revoked.status()).isEqualTo(200);
        assertThat(revoked.body().get("revokedAt").asText()).isNotBlank();
        assertThat(unauthorized(get("/v1/me", key.get("secret").asText()))).isEqualTo(unknownKey());
        assertThat(unauthorized(get("/v1/me", "not-a-key"))).isEqualTo(unknownKey());
        assertThat(unauthorized(get("/v1/me", null))).isEqualTo(unknownKey());
        assertThat(unauthorized(get("/v1/me", "eyJhbGciOiJub25lIn0.eyJpc3MiOiJmaW5yZWxheSJ9."))).isEqualTo(unknownKey());
    }

    @Test
    void aKeyExpiresWhenAskedAndAnExpiryInThePastIsRefusedNamingTheField() {
        JsonNode key = createKey(json("name", "Auditor export", "role", "auditor", "expiresIn", "P90D"));
        assertThat(Duration.between(Instant.now(), Instant.parse(key.get("expiresAt").asText())))
                .isBetween(Duration.ofDays(89), Duration.ofDays(90));
        Answer past = post(acme.path("/api-keys"), acme.adminKey(),
                json("name", "Too late", "role", "viewer", "expiresAt", "2020-01-01T00:00:00Z"));
        assertThat(past.status()).isEqualTo(400);
        assertThat(past.body().get("errors").get(0).get("field").asText()).isEqualTo("expiresAt");
    }

    @Test
    void aKeyWithTreasurerAsWellMayReleaseWhereTheAdminAloneIsRefused() {
        String admin = acme.adminKey();
        String adminAndTreasurer = createKey(JSON.createObjectNode().put("name", "Payment run")
                .set("roles", JSON.valueToTree(List.of("tenant-admin", "treasurer"))).toString()).get("secret").asText();
        String release = acme.path("/expense-reports/EXP-2026-0042/releases");
        assertThat(post(release, admin, json("releaser", "j.roth")).status()).isEqualTo(403);
        assertThat(post(release, adminAndTreasurer, json("releaser", "j.roth")).status())
                .as("admitted past the role check; the report does not exist").isEqualTo(404);
        assertThat(get("/v1/me", adminAndTreasurer).body().get("roles")).extracting(JsonNode::asText)
                .containsExactly("tenant-admin", "treasurer");
    }

    @Test
    void ibansAreShownOnlyToRolesThatReadBankDetails() {
        String entity = legalEntity(acme);
        String employee = post(acme.path("/employees"), acme.adminKey(), json("legalEntityId", entity,
                "name", "Erika Mustermann", "email", "erika.mustermann@acme-logistik.de", "active", true,
                "bankAccount", Map.of("iban", "DE89370400440532013000", "holderName", "Erika Mustermann")))
                .body().get("id").asText();
        String path = acme.path("/employees/" + employee);
        String viewer = keyFor(acme, acme.adminKey(), "viewer");
        String treasurer = keyFor(acme, acme.adminKey(), "treasurer");
        assertThat(get(path, viewer).body().get("bankAccount").get("iban").asText()).isEqualTo("DE89 **** **** **** **30 00");
        assertThat(get(acme.path("/employees"), viewer).body().toString()).doesNotContain("DE89370400440532013000");
        assertThat(get(path, treasurer).body().get("bankAccount").get("iban").asText()).isEqualTo("DE89370400440532013000");
    }

    // ---- people and Finrelay's own tokens ------------------------------------------------------

    private String newUser(TestTenant tenant, String username, String... roles) {
        Answer created = post(tenant.path("/users"), tenant.adminKey(), JSON.createObjectNode().put("username", username)
                .put("password", PASSWORD).set("roles", JSON.valueToTree(List.of(roles))).toString());
        assertThat(created.status()).as(String.valueOf(created.body())).isEqualTo(201);
        assertThat(created.body().has("password")).isFalse();
        return created.body().get("id").asText();
    }

    private Answer login(TestTenant tenant, String username, String password) {
        return post("/v1/tokens", null, json("tenant", tenant.slug(), "username", username, "password", password));
    }

    private Answer loginToPartner(String partner, String username, String password) {
        return post("/v1/tokens", null, json("partner", partner, "username", username, "password", password));
    }

    @Test
    void aPersonLogsInForAShortLivedSignedTokenThatActsAsThem() throws Exception {
        newUser(acme, "m.keller@acme-logistik.de", "treasurer");
        Answer token = login(acme, "m.keller@acme-logistik.de", PASSWORD);
        assertThat(token.status()).isEqualTo(200);
        assertThat(token.body().get("token_type").asText()).isEqualTo("Bearer");
        assertThat(token.body().get("expires_in").asLong()).isEqualTo(900);
        assertThat(token.header("Cache-Control")).contains("no-store");
        String jwt = token.body().get("access_token").asText();

        JsonNode me = get("/v1/me", jwt).body();
        assertThat(me.get("kind").asText()).isEqualTo("user");
        assertThat(me.get("subject").asText()).isEqualTo("m.keller@acme-logistik.de");
        assertThat(me.get("actor").asText()).isEqualTo("user:m.keller@acme-logistik.de");
        assertThat(me.get("tenantId").asText()).isEqualTo(acme.id());
        assertThat(me.get("roles")).extracting(JsonNode::asText).containsExactly("treasurer");
        assertThat(get(acme.path("/users"), jwt).status()).as("a treasurer does not manage users").isEqualTo(403);
        assertThat(get(globex.path(""), jwt).status()).as("another tenant").isEqualTo(404);

        // Anyone can check the token with the published key.
        SignedJWT parsed = SignedJWT.parse(jwt);
        JWKSet keys = JWKSet.parse(get("/.well-known/jwks.json", null).raw().body());
        ECKey key = (ECKey) keys.getKeyByKeyId(parsed.getHeader().getKeyID());
        assertThat(key.isPrivate()).isFalse();
        assertThat(parsed.verify(new ECDSAVerifier(key))).isTrue();
        assertThat(parsed.getJWTClaimsSet().getStringClaim("tenant")).isEqualTo(acme.id());
        assertThat(parsed.getJWTClaimsSet().getIssuer()).isEqualTo("finrelay");

        String tampered = jwt.substring(0, jwt.length() - 4) + (jwt.endsWith("AAAA") ? "BBBB" : "AAAA");
        assertThat(unauthorized(get("/v1/me", tampered))).isEqualTo(unknownKey());
    }

    @Test
    void aPartnersAdministratorLogsInOnceForEveryTenantOfThePartner() throws Exception {
        String partner = get("/v1/me", BOOTSTRAP_KEY).body().get("partnerId").asText();
        String users = "/v1/partners/" + partner + "/users";
        assertThat(post(users, BOOTSTRAP_KEY, json("username", "c.vogel", "password", PASSWORD, "role", "treasurer"))
                .status()).as("a partner's own people are partner-admin only").isEqualTo(400);
        assertThat(post(users, acme.adminKey(), json("username", "c.vogel", "password", PASSWORD)).status())
                .as("a tenant's admin is outside the partner").isEqualTo(404);
        Answer created = post(users, BOOTSTRAP_KEY, json("username", "c.vogel", "password", PASSWORD));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().get("roles")).extracting(JsonNode::asText).containsExactly("partner-admin");

        String jwt = loginToPartner(partner, "c.vogel", PASSWORD).body().get("access_token").asText();
        assertThat(SignedJWT.parse(jwt).getJWTClaimsSet().getClaim("tenant")).isNull();
        JsonNode me = get("/v1/me", jwt).body();
        assertThat(me.get("subject").asText()).isEqualTo("c.vogel");
        assertThat(me.has("tenantId")).isFalse();
        assertThat(get(acme.path(""), jwt).status()).isEqualTo(200);
        assertThat(get(globex.path("/users"), jwt).status()).isEqualTo(200);
        assertThat(get(users, BOOTSTRAP_KEY).body()).extracting(u -> u.get("username").asText()).contains("c.vogel");

        Answer disabled = post(users + "/" + created.body().get("id").asText() + "/disable", BOOTSTRAP_KEY, null);
        assertThat(disabled.body().get("disabledAt").asText()).isNotBlank();
        assertThat(loginToPartner(partner, "c.vogel", PASSWORD).status()).isEqualTo(401);
        assertThat(post(users + "/" + java.util.UUID.randomUUID() + "/disable", BOOTSTRAP_KEY, null).status()).isEqualTo(404);
    }

    @Test
    void wrongPasswordsUnknownAndDisabledPeopleGetTheSame401AndEveryLoginIsAudited() {
        String id = newUser(acme, "s.brandt@acme-logistik.de", "operator");
        Answer wrong = login(acme, "s.brandt@acme-logistik.de", "Wrong-Horse-Battery-9");
        Answer unknown = login(acme, "nobody@acme-logistik.de", PASSWORD);
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(List.of(unknown.status(), unknown.body().get("detail").asText()))
                .isEqualTo(List.of(wrong.status(), wrong.body().get("detail").asText()));
        assertThat(login(acme, "s.brandt@acme-logistik.de", PASSWORD).status()).isEqualTo(200);

        Answer disabled = post(acme.path("/users/" + id + "/disable"), acme.adminKey(), null);
        assertThat(disabled.body().get("disabledAt").asText()).isNotBlank();
        Answer afterDisable = login(acme, "s.brandt@acme-logistik.de", PASSWORD);
        assertThat(afterDisable.status()).isEqualTo(401);
        assertThat(afterDisable.body().get("detail").asText()).isEqualTo(wrong.body().get("detail").asText());

        JsonNode failed = get(acme.path("/audit?kind=login.failed"), acme.adminKey()).body();
        assertThat(failed).extracting(e -> e.get("detail").get("reason").asText())
                .containsExactly("user disabled", "wrong password");
        assertThat(failed.get(0).get("actor").asText()).isEqualTo("user:s.brandt@acme-logistik.de");
        assertThat(get(acme.path("/audit?kind=login.succeeded"), acme.adminKey()).body())
                .anySatisfy(e -> assertThat(e.get("detail").get("username").asText()).isEqualTo("s.brandt@acme-logistik.de"));
    }

    @Test
    void aUsernameIsOneTenantsOwnSoAnotherTenantLearnsNothingAndEachPersonLogsInToTheirTenant() {
        // Globex's admin creating "f.richter" learns nothing about Acme's "f.richter": two people, one name.
        newUser(acme, "f.richter", "approver");
        assertThat(post(globex.path("/users"), globex.adminKey(), json("username", "f.richter", "password",
                "Globex-Kasse-2026!", "role", "viewer")).status()).isEqualTo(201);
        Answer atAcme = login(acme, "f.richter", PASSWORD);
        Answer atGlobex = post("/v1/tokens", null, json("tenant", globex.slug(), "username", "f.richter",
                "password", "Globex-Kasse-2026!"));
        assertThat(get("/v1/me", atAcme.body().get("access_token").asText()).body().get("tenantId").asText())
                .isEqualTo(acme.id());
        assertThat(get("/v1/me", atGlobex.body().get("access_token").asText()).body().get("roles"))
                .extracting(JsonNode::asText).containsExactly("viewer");
        assertThat(login(globex, "f.richter", PASSWORD).status()).as("Acme's password is not Globex's person's")
                .isEqualTo(401);
        assertThat(post("/v1/tokens", null, json("tenant", "no-such-tenant", "username", "f.richter", "password",
                PASSWORD)).body().get("detail").asText()).as("an unknown tenant answers like a wrong password")
                .isEqualTo(login(acme, "f.richter", "Wrong-Horse-Battery-9").body().get("detail").asText());

        Answer noRealm = post("/v1/tokens", null, json("username", "f.richter", "password", PASSWORD));
        assertThat(noRealm.status()).isEqualTo(400);
        assertThat(noRealm.body().get("errors").get(0).get("field").asText()).isEqualTo("tenant");
        Answer both = post("/v1/tokens", null, json("tenant", acme.slug(), "partner", java.util.UUID.randomUUID()
                .toString(), "username", "f.richter", "password", PASSWORD));
        assertThat(both.status()).isEqualTo(400);
        assertThat(post("/v1/tokens", null, json("partner", "acme", "username", "f.richter", "password", PASSWORD))
                .body().get("errors").get(0).get("field").asText()).isEqualTo("partner");
        assertThat(loginToPartner(get("/v1/me", BOOTSTRAP_KEY).body().get("partnerId").asText(), "f.richter", PASSWORD)
                .status()).as("a tenant's person is not one of the partner's own").isEqualTo(401);
    }

    @Test
    void aPersonNeedsAGoodUsernameALongPasswordAndATenantRole() {
        String users = acme.path("/users");
        Answer shortPassword = post(users, acme.adminKey(), json("username", "k.wolf", "password", "tooshort", "role", "viewer"));
        assertThat(shortPassword.status()).isEqualTo(400);
        assertThat(shortPassword.body().get("errors").get(0).get("field").asText()).isEqualTo("password");
        assertThat(shortPassword.body().toString()).doesNotContain("tooshort");
        assertThat(post(users, acme.adminKey(), json("username", "K Wolf", "password", PASSWORD, "role", "viewer"))
                .status()).isEqualTo(400);
        assertThat(post(users, acme.adminKey(), json("username", "k.wolf", "password", PASSWORD, "role", "partner-admin"))
                .status()).isEqualTo(400);
        newUser(acme, "k.wolf", "viewer");
        assertThat(post(users, acme.adminKey(), json("username", "k.wolf", "password", PASSWORD, "role", "auditor"))
                .status()).isEqualTo(409);
        assertThat(get(users, acme.adminKey()).body()).anySatisfy(u -> {
            assertThat(u.get("username").asText()).isEqualTo("k.wolf");
            assertThat(u.has("password") || u.has("passwordHash")).isFalse();
        });
    }

    @Test
    void anotherTenantsKeyAndUserIdsAre404UnderTheCallersOwnTenantAndStayUntouched() {
        JsonNode acmeKey = createKey(json("name", "Bank statement import", "role", "integration"));
        String acmeUser = newUser(acme, "l.hoffmann@acme-logistik.de", "approver");
        String keyId = acmeKey.get("id").asText();
        List<Answer> attempts = List.of(
                post(globex.path("/api-keys/" + keyId + "/rotate"), globex.adminKey(), json("gracePeriod", "PT1H")),
                post(globex.path("/api-keys/" + keyId + "/revoke"), globex.adminKey(), null),
                post(globex.path("/users/" + acmeUser + "/disable"), globex.adminKey(), null));
        assertThat(attempts).allSatisfy(a -> {
            assertThat(a.status()).isEqualTo(404);
            assertThat(a.contentType()).startsWith("application/problem+json");
        });
        assertThat(get(globex.path("/api-keys"), globex.adminKey()).body().toString()).doesNotContain(keyId);
        assertThat(get(globex.path("/users"), globex.adminKey()).body().toString()).doesNotContain("l.hoffmann");
        assertThat(get("/v1/me", acmeKey.get("secret").asText()).status()).isEqualTo(200);
        assertThat(login(acme, "l.hoffmann@acme-logistik.de", PASSWORD).status()).isEqualTo(200);
    }

    // ---- an external identity provider ---------------------------------------------------------

    @Test
    void anExternalIssuersTokenActsAsThePersonInTheTenantItNames() {
        Instant inAnHour = Instant.now().plusSeconds(3600);
        String operator = TestIssuer.sign(TestIssuer.claims("ops.lead@acme.example", acme.id(), inAnHour, "operator").build());
        Answer tenant = get(acme.path(""), operator);
        assertThat(tenant.status()).isEqualTo(200);
        int fetched = TestIssuer.fetches();
        JsonNode me = get("/v1/me", operator).body();
        assertThat(me.get("kind").asText()).isEqualTo("user");
        assertThat(me.get("subject").asText()).isEqualTo("ops.lead@acme.example");
        assertThat(me.get("roles")).extracting(JsonNode::asText).containsExactly("operator");
        assertThat(post(acme.path("/api-keys"), operator, json("name", "x", "role", "viewer")).status())
                .as("an operator does not manage keys").isEqualTo(403);
        String accessToken = TestIssuer.signAccessToken(TestIssuer.claims("ops.lead@acme.example", acme.id(), inAnHour,
                "operator").build());
        assertThat(get(acme.path(""), accessToken).status()).as("typed at+jwt").isEqualTo(200);
        assertThat(TestIssuer.fetches()).as("the issuer's keys are cached").isEqualTo(fetched);

        String forGlobex = TestIssuer.sign(TestIssuer.claims("ops.lead@globex.example", globex.id(), inAnHour, "tenant-admin").build());
        Answer other = get(acme.path(""), forGlobex);
        assertThat(other.status()).as("a token for another tenant").isEqualTo(404);
        assertThat(other.contentType()).startsWith("application/problem+json");
    }

    @Test
    void wrongIssuerAudienceExpiryForgedSignatureUnknownKeyOrNoRoleAreAllTheSame401() {
        Instant inAnHour = Instant.now().plusSeconds(3600);
        List<String> bad = List.of(
                TestIssuer.sign(TestIssuer.claims("a@acme.example", acme.id(), inAnHour, "viewer")
                        .issuer("https://login.evil.example/realms/finance").build()),
                TestIssuer.sign(TestIssuer.claims("a@acme.example", acme.id(), inAnHour, "viewer").audience("other-api").build()),
                TestIssuer.sign(TestIssuer.claims("a@acme.example", acme.id(), Instant.now().minusSeconds(600), "viewer").build()),
                TestIssuer.forge(TestIssuer.claims("a@acme.example", acme.id(), inAnHour, "viewer").build()),
                TestIssuer.unknownKid(TestIssuer.claims("a@acme.example", acme.id(), inAnHour, "viewer").build()),
                TestIssuer.sign(TestIssuer.claims("a@acme.example", acme.id(), inAnHour, "partner-admin").build()),
                TestIssuer.sign(TestIssuer.claims("a@acme.example", acme.id(), inAnHour, "superuser").build()));
        for (String token : bad) {
            assertThat(unauthorized(get(acme.path(""), token))).isEqualTo(unknownKey());
        }
    }
}
