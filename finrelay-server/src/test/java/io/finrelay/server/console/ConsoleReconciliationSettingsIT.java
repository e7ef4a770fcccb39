package io.finrelay.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The reconciliation's settings and rules on their console page: read by anyone of the tenant, changed only by whom
 * the role matrix lets write master data, through the API's own endpoints (checked field by field, audited as
 * {@code configuration.changed}), and a rule removed against a list that changed meanwhile is refused, not guessed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleReconciliationSettingsIT extends ConsoleTestSupport {
    private TestTenant acme;
    private String page;

    @BeforeAll
    void people() {
        acme = newTenant("AcmeRecon");
        page = "/ui/tenants/" + acme.id() + "/reconciliation/settings";
        newUser(acme, "t.admin", "tenant-admin");
        newUser(acme, "i.weber", "integration");
        newUser(acme, "o.keller", "operator");
    }

    @Test
    void anIntegrationEngineerChangesTheToleranceAndTheApiReadsItAuditedWithThePersonAsActor() {
        String cookie = session(acme, "i.weber");
        Page shown = page(page, cookie);
        assertThat(shown.status()).isEqualTo(200);
        assertThat(shown.body()).contains("id=\"save-recon-settings\"").contains("<label for=\"rs-threshold\">");
        Page saved = form(page, cookie, settings(csrfOf(shown), Map.of("feeTolerance", "EUR 2.50\nCHF 3.00",
                "feeAccount", "6855", "margin", "0.15")));
        assertThat(saved.status()).as(saved.body()).isEqualTo(302);
        assertThat(saved.header("Location")).endsWith("?saved=settings");

        JsonNode api = get(acme.path("/reconciliation/settings"), acme.adminKey()).body();
        assertThat(api.get("feeTolerance").get("EUR").asText()).isEqualTo("2.50");
        assertThat(api.get("feeTolerance").get("CHF").asText()).isEqualTo("3.00");
        assertThat(api.get("feeAccount").asText()).isEqualTo("6855");
        assertThat(api.get("margin").asDouble()).isEqualTo(0.15);
        assertThat(api.get("autoClear").asBoolean()).isTrue();
        assertThat(page(page + "?saved=settings", cookie).body()).contains("The settings are saved.")
                .contains("EUR 2.50");
        assertThat(audited("reconciliation/settings", "user:i.weber")).isTrue();
    }

    @Test
    void settingsTheApiRefusesAreA400NamingTheFieldAndNothingChanges() {
        String cookie = session(acme, "t.admin");
        String csrf = csrfOf(page(page, cookie));
        JsonNode before = get(acme.path("/reconciliation/settings"), acme.adminKey()).body();
        Page noAccount = form(page, cookie, settings(csrf, Map.of("feeTolerance", "EUR 2.50")));
        assertThat(noAccount.status()).isEqualTo(400);
        assertThat(noAccount.body()).contains("feeAccount");
        Page threshold = form(page, cookie, settings(csrf, Map.of("autoThreshold", "1.5")));
        assertThat(threshold.status()).isEqualTo(400);
        assertThat(threshold.body()).contains("autoThreshold");
        Page words = form(page, cookie, settings(csrf, Map.of("dateWindowDays", "a month")));
        assertThat(words.status()).isEqualTo(400);
        assertThat(get(acme.path("/reconciliation/settings"), acme.adminKey()).body()).isEqualTo(before);
    }

    @Test
    void aTenantAdminAddsAndRemovesARuleAndAStaleFormIsA409() {
        String cookie = session(acme, "t.admin");
        Page empty = page(page, cookie);
        Page added = form(page + "/rules", cookie, rule(empty, "bank fees", "PMNT-MCOP-CHRG", "DEBIT", "6855"));
        assertThat(added.status()).as(added.body()).isEqualTo(302);
        Page withOne = page(page, cookie);
        Page second = form(page + "/rules", cookie, rule(withOne, "interest", "", "CREDIT", "2650"));
        assertThat(second.status()).as("a rule needs a code, a pattern or a counterparty").isEqualTo(400);
        Map<String, String> interest = new HashMap<>(rule(withOne, "interest", "", "CREDIT", "2650"));
        interest.put("textPattern", "(?i)habenzinsen");
        assertThat(form(page + "/rules", cookie, interest).status()).isEqualTo(302);

        JsonNode rules = get(acme.path("/reconciliation/rules"), acme.adminKey()).body();
        assertThat(rules.findValuesAsText("name")).containsExactly("bank fees", "interest");
        Page two = page(page, cookie);
        assertThat(two.body()).contains("aria-label=\"remove rule bank fees\"");

        // A form opened before the second rule came names the old list: refused, nothing removed.
        Page stale = form(page + "/rules/1/remove", cookie, Map.of("_csrf", csrfOf(withOne), "version", versionOf(withOne)));
        assertThat(stale.status()).isEqualTo(409);
        assertThat(get(acme.path("/reconciliation/rules"), acme.adminKey()).body()).hasSize(2);

        Page removed = form(page + "/rules/1/remove", cookie, Map.of("_csrf", csrfOf(two), "version", versionOf(two)));
        assertThat(removed.status()).isEqualTo(302);
        assertThat(get(acme.path("/reconciliation/rules"), acme.adminKey()).body().findValuesAsText("name"))
                .containsExactly("interest");
        assertThat(audited("reconciliation/rules", "user:t.admin")).isTrue();
    }

    @Test
    void anOperatorReadsTheSettingsWithoutAFormAndIsRefusedAChangeAsTheApiRefusesIt() {
        String cookie = session(acme, "o.keller");
        Page shown = page(page, cookie);
        assertThat(shown.status()).isEqualTo(200);
        assertThat(shown.body()).contains("Your roles let you read the settings").doesNotContain("id=\"save-recon-settings\"")
                .doesNotContain("id=\"add-rule\"").contains("<fieldset disabled");
        Page refused = form(page, cookie, settings(csrfOf(shown), Map.of()));
        assertThat(refused.status()).isEqualTo(403);
        Page otherTenant = page("/ui/tenants/" + newTenant("GlobexRecon").id() + "/reconciliation/settings", cookie);
        assertThat(otherTenant.status()).isEqualTo(404);
    }

    /** The settings form as the page sends it, with some fields changed. */
    private static Map<String, String> settings(String csrf, Map<String, String> changed) {
        Map<String, String> fields = new HashMap<>(Map.of("_csrf", csrf, "autoThreshold", "0.9", "margin", "0.1",
                "fxTolerance", "0.02", "dateWindowDays", "30", "maxSubsetSize", "4", "autoClear", "true"));
        fields.putAll(changed);
        return fields;
    }

    private static Map<String, String> rule(Page page, String name, String code, String direction, String account) {
        return Map.of("_csrf", csrfOf(page), "version", versionOf(page), "name", name, "bankTransactionCode", code,
                "direction", direction, "glAccount", account);
    }

    private static String versionOf(Page page) {
        int at = page.body().indexOf("name=\"version\" value=\"");
        int start = at + "name=\"version\" value=\"".length();
        return page.body().substring(start, page.body().indexOf('"', start));
    }

    private boolean audited(String setting, String actor) {
        for (JsonNode entry : get(acme.path("/audit?kind=configuration.changed"), acme.adminKey()).body()) {
            if (entry.get("detail").path("setting").asText().equals(setting) && entry.get("actor").asText().equals(actor)) {
                return true;
            }
        }
        return false;
    }
}
