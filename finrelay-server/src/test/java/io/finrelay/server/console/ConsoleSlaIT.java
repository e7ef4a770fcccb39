package io.finrelay.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A tenant's SLA on its exception queue, on the server's stepping clock: set through the API and the settings page
 * (checked, audited, a tenant admin's), each open exception measured against its reason code's time, the breaches
 * counted in the partner's health and on its overview, and the workbench filtered to the breached or the due soon.
 */
// This class moves the server's clock by hours; the context (and its clock) is closed after it (see ConsoleSessionIT).
@org.springframework.test.annotation.DirtiesContext(classMode = org.springframework.test.annotation.DirtiesContext.ClassMode.AFTER_CLASS)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleSlaIT extends ConsoleTestSupport {
    private TestTenant acme;
    private String integration;
    private String partner;

    @BeforeAll
    void people() {
        acme = newTenant("AcmeSla");
        integration = keyFor(acme, acme.adminKey(), "integration");
        partner = get("/v1/me", BOOTSTRAP_KEY).body().get("partnerId").asText();
        newUser(acme, "t.admin", "tenant-admin");
        newUser(acme, "o.keller", "operator");
    }

    @Test
    void anExceptionPastItsReasonCodesTimeIsBreachedOneNearItIsDueSoonAndTheHealthCountsBoth() {
        TestTenant tenant = newTenant("Brandt");
        String key = keyFor(tenant, tenant.adminKey(), "integration");
        assertThat(put(tenant.path("/policies/sla"), tenant.adminKey(), "{\"exceptionResolveWithin\":\"P1D\","
                + "\"byCode\":{\"permanent-failure\":\"PT2H\"},\"dueSoonWithin\":\"PT1H\"}").status()).isEqualTo(200);
        String early = openException(tenant, approve(tenant, key, "INV-FAIL-SLA-1", "corr-sla-1"));
        serverClock.advance(Duration.ofMinutes(90));
        String late = openException(tenant, approve(tenant, key, "INV-FAIL-SLA-2", "corr-sla-2"));
        assertThat(ids(tenant, "due-soon")).containsExactly(early);
        assertThat(ids(tenant, "breached")).isEmpty();

        serverClock.advance(Duration.ofMinutes(61)); // early: 2 h 31 min open (2 h allowed); late: 1 h 1 min
        assertThat(ids(tenant, "breached")).containsExactly(early);
        assertThat(ids(tenant, "due-soon")).containsExactly(late);
        JsonNode sla = health(tenant).get("sla");
        assertThat(sla.get("policySet").asBoolean()).isTrue();
        assertThat(sla.get("breached").asLong()).isEqualTo(1);
        assertThat(sla.get("dueSoon").asLong()).isEqualTo(1);
        assertThat(sla.get("stepsOverdue").asLong()).isZero();

        // Without the reason code's own time, the tenant's day applies: nothing is breached or due yet.
        assertThat(put(tenant.path("/policies/sla"), tenant.adminKey(), "{\"exceptionResolveWithin\":\"P1D\","
                + "\"dueSoonWithin\":\"PT1H\"}").status()).isEqualTo(200);
        assertThat(ids(tenant, "breached")).isEmpty();
        assertThat(health(tenant).get("sla").get("breached").asLong()).isZero();

        // A resolved exception is outside every SLA count.
        assertThat(put(tenant.path("/policies/sla"), tenant.adminKey(), "{\"exceptionResolveWithin\":\"PT2H\"}")
                .status()).isEqualTo(200);
        assertThat(post(tenant.path("/exceptions/" + early + "/resolve"), tenant.adminKey(), json("note", "paid by hand"))
                .status()).isEqualTo(200);
        assertThat(ids(tenant, "breached")).isEmpty();
        assertThat(health(tenant).get("sla").get("breached").asLong()).isZero();
        assertThat(get(tenant.path("/exceptions?sla=breached&status=RESOLVED"), tenant.adminKey()).status()).isEqualTo(400);
        assertThat(get(tenant.path("/exceptions?sla=late"), tenant.adminKey()).status()).isEqualTo(400);
    }

    @Test
    void aTenantWithoutAnSlaHasNothingBreachedAndSaysSo() {
        TestTenant tenant = newTenant("OhneSla");
        JsonNode policy = get(tenant.path("/policies/sla"), tenant.adminKey()).body();
        assertThat(policy.hasNonNull("exceptionResolveWithin")).as("no SLA set").isFalse();
        assertThat(policy.get("dueSoonWithin").asText()).isEqualTo("PT4H");
        openException(tenant, approve(tenant, keyFor(tenant, tenant.adminKey(), "integration"), "INV-FAIL-NOSLA", "corr-nosla"));
        serverClock.advance(Duration.ofHours(5));
        assertThat(ids(tenant, "breached")).isEmpty();
        JsonNode sla = health(tenant).get("sla");
        assertThat(sla.get("policySet").asBoolean()).isFalse();
        assertThat(sla.get("breached").asLong()).isZero();
    }

    @Test
    void aBadPolicyIsA400NamingTheFieldAndNothingIsStoredOrAudited() {
        TestTenant acme = newTenant("Strenge");
        for (String body : List.of("{}", "{\"exceptionResolveWithin\":\"tomorrow\"}", "{\"exceptionResolveWithin\":\"PT1M\"}",
                "{\"exceptionResolveWithin\":\"PT4H\",\"dueSoonWithin\":\"-PT1H\"}",
                "{\"exceptionResolveWithin\":\"PT4H\",\"byCode\":{\"bad code!\":\"PT1H\"}}",
                "{\"exceptionResolveWithin\":\"PT4H\",\"byCode\":{\"permanent-failure\":\"P400D\"}}")) {
            Answer refused = put(acme.path("/policies/sla"), acme.adminKey(), body);
            assertThat(refused.status()).as(body).isEqualTo(400);
            assertThat(refused.contentType()).startsWith("application/problem+json");
        }
        assertThat(get(acme.path("/audit?kind=configuration.changed"), acme.adminKey()).body().findValuesAsText("setting"))
                .doesNotContain("policies/sla");
        Answer operator = put(acme.path("/policies/sla"), keyFor(acme, acme.adminKey(), "operator"),
                "{\"exceptionResolveWithin\":\"PT4H\"}");
        assertThat(operator.status()).isEqualTo(403);
    }

    @Test
    void aTenantAdminSetsTheSlaOnTheSettingsPageAuditedAndAnOperatorSeesItWithoutTheForm() {
        String settings = "/ui/tenants/" + acme.id() + "/settings";
        String cookie = session(acme, "t.admin");
        Page page = page(settings, cookie);
        assertThat(page.body()).contains("id=\"sla-none\"").contains("<label for=\"sla-within\">");
        Page saved = form(settings + "/sla", cookie, Map.of("_csrf", csrfOf(page), "exceptionResolveWithin", "P1D",
                "dueSoonWithin", "PT4H", "byCode", "permanent-failure PT4H\nerp-timeout  PT30M\n"));
        assertThat(saved.status()).as(saved.body()).isEqualTo(302);
        JsonNode policy = get(acme.path("/policies/sla"), acme.adminKey()).body();
        assertThat(policy.get("exceptionResolveWithin").asText()).isEqualTo("PT24H");
        assertThat(policy.get("byCode").get("permanent-failure").asText()).isEqualTo("PT4H");
        assertThat(policy.get("byCode").get("erp-timeout").asText()).isEqualTo("PT30M");
        JsonNode audited = get(acme.path("/audit?kind=configuration.changed"), acme.adminKey()).body();
        boolean found = false;
        for (JsonNode entry : audited) {
            found |= entry.get("detail").path("setting").asText().equals("policies/sla")
                    && entry.get("actor").asText().equals("user:t.admin")
                    && entry.get("detail").path("after").path("byCode").path("erp-timeout").asText().equals("PT30M");
        }
        assertThat(found).isTrue();

        Page bad = form(settings + "/sla", cookie, Map.of("_csrf", csrfOf(page), "exceptionResolveWithin", "soon"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("exceptionResolveWithin");

        String operator = session(acme, "o.keller");
        Page seen = page(settings, operator);
        assertThat(seen.body()).contains("id=\"sla-current\"").contains("PT24H").doesNotContain("id=\"save-sla\"");
        assertThat(form(settings + "/sla", operator, Map.of("_csrf", csrfOf(seen), "exceptionResolveWithin", "PT1H"))
                .status()).as("the API refuses it as it refuses the operator's key").isEqualTo(403);
    }

    @Test
    void theWorkbenchFiltersByTheSlaAndThePartnerOverviewCountsTheBreaches() {
        TestTenant tenant = newTenant("Kessler");
        newUser(tenant, "o.keller", "operator");
        assertThat(put(tenant.path("/policies/sla"), tenant.adminKey(), "{\"exceptionResolveWithin\":\"PT4H\","
                + "\"dueSoonWithin\":\"PT1H\"}").status()).isEqualTo(200);
        String key = keyFor(tenant, tenant.adminKey(), "integration");
        String breached = openException(tenant, approve(tenant, key, "INV-FAIL-WB-1", "corr-wb-1"));
        serverClock.advance(Duration.ofHours(4).plusMinutes(1));
        String fresh = openException(tenant, approve(tenant, key, "INV-FAIL-WB-2", "corr-wb-2"));

        String cookie = session(tenant, "o.keller");
        String queue = "/ui/tenants/" + tenant.id() + "/exceptions";
        Page all = page(queue, cookie);
        assertThat(all.body()).contains(breached).contains(fresh).contains("<label for=\"sla\">SLA</label>")
                .contains("data-sla=\"breached\"").contains("data-sla=\"on-time\"");
        Page late = page(queue + "?sla=breached", cookie);
        assertThat(late.body()).contains(breached).doesNotContain(fresh);
        assertThat(page(queue + "?sla=due-soon", cookie).body()).doesNotContain(breached).doesNotContain(fresh);
        assertThat(page(queue + "?sla=whenever", cookie).status()).isEqualTo(400);

        String admin = "p.sla-" + java.util.UUID.randomUUID().toString().substring(0, 6);
        assertThat(post("/v1/partners/" + partner + "/users", BOOTSTRAP_KEY, json("username", admin, "password", PASSWORD))
                .status()).isEqualTo(201);
        Page login = form("/ui/login", null, Map.of("partner", partner, "username", admin, "password", PASSWORD));
        String partnerCookie = login.header("Set-Cookie").substring(0, login.header("Set-Cookie").indexOf(';'));
        Page overview = page("/ui/partners/" + partner, partnerCookie);
        String row = overview.body().replaceAll("(?s).*(<tr data-tenant=\"" + tenant.id() + "\">.*?</tr>).*", "$1");
        assertThat(row).contains("1 breached, 0 due soon");
    }

    private List<String> ids(TestTenant tenant, String sla) {
        Answer listed = get(tenant.path("/exceptions?sla=" + sla + "&limit=500"), tenant.adminKey());
        assertThat(listed.status()).as(String.valueOf(listed.body())).isEqualTo(200);
        return listed.body().findValuesAsText("id");
    }

    private JsonNode health(TestTenant tenant) {
        for (JsonNode t : get("/v1/partners/" + partner + "/health", BOOTSTRAP_KEY).body().get("tenants")) {
            if (t.get("tenantId").asText().equals(tenant.id())) {
                return t;
            }
        }
        throw new AssertionError("the tenant is not in its partner's health");
    }

    private Answer put(String path, String key, String body) {
        return call("PUT", path, key, body, Map.of());
    }
}
