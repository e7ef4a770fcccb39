package io.finrelay.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.finrelay.engine.db.Database;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The console session's life on the server's stepping clock (no sleeps): it slides while used (idle 30 minutes,
 * renewed once its cookie is a minute old), ends when left idle, ends at its maximum age (8 hours) however busy,
 * ends at the next request when the person is disabled or loses a role, and keeps its CSRF token across renewals
 * so a form opened before one still posts. A person of the enterprise's issuer keeps a session no longer than the
 * issuer's access token.
 */
// This class moves the server's clock by hours; the context (and its clock) is closed after it, so that no
// later class sees a server living ahead of its peers and their webhooks (as SegregationOfDutiesIT does).
@org.springframework.test.annotation.DirtiesContext(classMode = org.springframework.test.annotation.DirtiesContext.ClassMode.AFTER_CLASS)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleSessionIT extends ConsoleTestSupport {
    @Autowired
    Database db;

    private TestTenant acme;
    private String integration;
    private String overview;

    @BeforeAll
    void people() {
        acme = newTenant("AcmeSessions");
        integration = keyFor(acme, acme.adminKey(), "integration");
        overview = "/ui/tenants/" + acme.id();
        newUser(acme, "o.keller", "operator");
        newUser(acme, "s.vogt", "operator", "viewer");
    }

    @Test
    void aSessionUsedWithinItsIdleTimeIsRenewedAndLivesPastTheIdleTimeOfItsSignIn() {
        String cookie = session(acme, "o.keller");
        serverClock.advance(Duration.ofMinutes(20));
        Page used = page(overview, cookie);
        assertThat(used.status()).isEqualTo(200);
        String renewed = renewedCookie(used);
        assertThat(used.header("Set-Cookie")).contains("HttpOnly").contains("SameSite=Strict").contains("Path=/ui")
                .contains("Max-Age=1800");

        serverClock.advance(Duration.ofMinutes(20)); // 40 minutes after the sign-in, 20 after the last use
        assertThat(page(overview, renewed).status()).as("the renewed session lives on").isEqualTo(200);
        Page stale = page(overview, cookie);
        assertThat(stale.status()).as("the first cookie has run out").isEqualTo(302);
        assertThat(stale.header("Location")).contains("/ui/login?next=");
    }

    @Test
    void aSessionLeftIdleEndsAndItsCookieIsCleared() {
        String cookie = session(acme, "o.keller");
        serverClock.advance(Duration.ofMinutes(29));
        Page used = page(overview, cookie);
        assertThat(used.status()).isEqualTo(200);
        String renewed = renewedCookie(used);
        serverClock.advance(Duration.ofMinutes(30).plusSeconds(1));
        Page idle = page(overview, renewed);
        assertThat(idle.status()).isEqualTo(302);
        assertThat(idle.header("Location")).endsWith("/ui/login?next=%2Fui%2Ftenants%2F" + acme.id());
        assertThat(idle.header("Set-Cookie")).startsWith(ConsoleSession.COOKIE + "=;").contains("Max-Age=0");
    }

    @Test
    void theMaximumAgeEndsEvenASessionInConstantUse() {
        String cookie = session(acme, "o.keller");
        Duration used = Duration.ZERO;
        while (used.plusMinutes(29).compareTo(Duration.ofHours(8)) < 0) {
            serverClock.advance(Duration.ofMinutes(29));
            used = used.plusMinutes(29);
            Page page = page(overview, cookie);
            assertThat(page.status()).as("after %s", used).isEqualTo(200);
            cookie = renewedCookie(page);
        }
        // 7 h 44 min in: the last renewal's cookie lives only until the maximum age, not a full idle time.
        assertThat(used).isEqualTo(Duration.ofMinutes(29 * 16));
        serverClock.advance(Duration.ofMinutes(16).plusSeconds(1));
        Page ended = page(overview, cookie);
        assertThat(ended.status()).as("8 hours after the sign-in").isEqualTo(302);
        assertThat(ended.header("Location")).contains("/ui/login");
        assertThat(page(overview, session(acme, "o.keller")).status()).as("a new sign-in starts afresh").isEqualTo(200);
    }

    @Test
    void aRemovedRoleEndsTheSessionAtTheNextRequest() {
        String cookie = session(acme, "s.vogt");
        assertThat(page(overview + "/exceptions", cookie).body()).contains("s.vogt · operator, viewer");
        // An administrator takes the operator role away (as stored: the person's record is what the session is checked against).
        asOwner(db, c -> {
            try (PreparedStatement update = c.prepareStatement("update app_user set roles = array['viewer'] "
                    + "where tenant_id = ?::uuid and username = 's.vogt'")) {
                update.setString(1, acme.id());
                return update.executeUpdate();
            }
        });
        Page next = page(overview + "/exceptions", cookie);
        assertThat(next.status()).isEqualTo(302);
        assertThat(next.header("Location")).contains("/ui/login");
        Page again = page(overview + "/exceptions", session(acme, "s.vogt"));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body()).contains("s.vogt · viewer").doesNotContain("operator, viewer");
    }

    @Test
    void aDisabledPersonsSessionEndsAtTheNextRequest() {
        String userId = newUser(acme, "d.brandt", "operator");
        String cookie = session(acme, "d.brandt");
        assertThat(page(overview, cookie).status()).isEqualTo(200);
        assertThat(post(acme.path("/users/" + userId + "/disable"), acme.adminKey(), null).status()).isEqualTo(200);
        Page next = page(overview, cookie);
        assertThat(next.status()).isEqualTo(302);
        assertThat(next.header("Location")).contains("/ui/login");
    }

    @Test
    void aFormOpenedBeforeARenewalStillPostsAfterIt() {
        String instance = approve(acme, integration, "INV-FAIL-SESSION-1", "corr-session-1");
        String exception = openException(acme, instance);
        String page = overview + "/exceptions/" + exception;
        String cookie = session(acme, "o.keller");
        String csrf = csrfOf(page(page, cookie)); // the form is open in one tab...
        serverClock.advance(Duration.ofMinutes(10));
        Page elsewhere = page(overview + "/workflows", cookie); // ...while another page renews the session
        String renewed = renewedCookie(elsewhere);
        assertThat(renewed).isNotEqualTo(cookie);
        assertThat(csrfOf(elsewhere)).as("the renewal keeps the session's CSRF token").isEqualTo(csrf);

        Page saved = form(page + "/notes", renewed, Map.of("_csrf", csrf, "owner", "o.keller",
                "rootCause", "vendor master data: closed period"));
        assertThat(saved.status()).as(saved.body()).isEqualTo(302);
        assertThat(exception(acme, exception).get("owner").asText()).isEqualTo("o.keller");
        assertThat(form(page + "/notes", renewed, Map.of("_csrf", "forged", "owner", "")).status()).isEqualTo(403);
    }

    @Test
    void anIssuersPersonsSessionSlidesButNeverOutlivesTheIssuersToken() {
        io.finrelay.server.security.TestIssuer.signedIn(io.finrelay.server.security.TestIssuer.claims(
                "e.fischer@acme-logistik.example", acme.id(), serverClock.instant().plusSeconds(600), "operator").build());
        Page signedIn = throughTheIssuer("/ui/tenants/" + acme.id());
        String session = signedIn.headers("Set-Cookie").stream().filter(c -> c.startsWith(ConsoleSession.COOKIE + "="))
                .findFirst().orElseThrow();
        String cookie = session.substring(0, session.indexOf(';'));
        serverClock.advance(Duration.ofMinutes(8));
        Page used = page("/ui/tenants/" + acme.id(), cookie);
        assertThat(used.status()).isEqualTo(200);
        String renewed = used.headers("Set-Cookie").stream().filter(c -> c.startsWith(ConsoleSession.COOKIE + "="))
                .findFirst().orElseThrow();
        assertThat(renewed).as("renewed only up to the issuer token's expiry").containsPattern("Max-Age=1[0-2][0-9];");
        serverClock.advance(Duration.ofMinutes(2).plusSeconds(1));
        Page ended = page("/ui/tenants/" + acme.id(), renewed.substring(0, renewed.indexOf(';')));
        assertThat(ended.status()).isEqualTo(302);
        assertThat(ended.header("Location")).contains("/ui/login");
    }

    /** The browser's part of the issuer's sign-in: to the issuer and back to the callback, carrying the flow cookie. */
    private Page throughTheIssuer(String next) {
        Page start = page("/ui/login/oidc?next=" + java.net.URLEncoder.encode(next, java.nio.charset.StandardCharsets.UTF_8),
                null);
        assertThat(start.status()).isEqualTo(302);
        String flowCookie = start.header("Set-Cookie");
        try {
            var idp = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(start.header("Location"))).GET().build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            return pageAbsolute(idp.headers().firstValue("Location").orElseThrow(), flowCookie.substring(0, flowCookie.indexOf(';')));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The session cookie a page renewed ({@code name=value}); fails when the page renewed nothing. */
    private static String renewedCookie(Page page) {
        String setCookie = page.headers("Set-Cookie").stream().filter(c -> c.startsWith(ConsoleSession.COOKIE + "="))
                .findFirst().orElseThrow(() -> new AssertionError("the page did not renew the session"));
        assertThat(setCookie).doesNotContain("Max-Age=0;");
        return setCookie.substring(0, setCookie.indexOf(';'));
    }
}
