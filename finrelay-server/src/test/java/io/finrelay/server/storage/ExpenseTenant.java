package io.finrelay.server.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finrelay.server.ServerIT;
import io.finrelay.sandbox.world.Api;
import io.finrelay.sandbox.world.DemoData;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;
import org.awaitility.Awaitility;

/**
 * A tenant of a server process set up as a customer would through the API (master data of the demo's
 * world, the expense settings pointing at the sandbox peers, the peers' webhooks subscribed), and what
 * a test does with its expense reports: send them from the expense platform, release them, read them.
 */
record ExpenseTenant(String tenantId, String slug, String key, Api finrelay, Api expense, Api erp, Api treasury, Api bank,
                     DemoData.World data) {
    static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

    static ExpenseTenant setUp(String base, PeersProcess peers, String name) {
        Api partnerAdmin = new Api(base, ServerIT.BOOTSTRAP_KEY);
        String partner = partnerAdmin.get("/v1/me").require(200).body().get("partnerId").asText();
        String slug = name.toLowerCase(java.util.Locale.ROOT) + "-" + UUID.randomUUID().toString().substring(0, 8);
        String tenantId = partnerAdmin.post("/v1/partners/" + partner + "/tenants", Map.of("name", name, "slug", slug))
                .require(201).body().get("id").asText();
        String key = partnerAdmin.post("/v1/tenants/" + tenantId + "/api-keys", Map.of("name", name + " admin",
                "roles", List.of("tenant-admin", "treasurer", "auditor"))).require(201).body().get("secret").asText();
        Api finrelay = new Api(base, key);
        DemoData.World data = DemoData.setUp(finrelay, tenantId, TODAY);
        Api expense = new Api(peers.url("expense-platform"), null);
        Api bank = new Api(peers.url("bank"), null);
        JsonNode settings = finrelay.put("/v1/tenants/" + tenantId + "/expense/settings", Map.of(
                "expensePlatformUrl", peers.url("expense-platform"), "erpUrl", peers.url("erp"),
                "treasuryUrl", peers.url("treasury"), "timeoutMillis", 10_000)).require(200).body();
        expense.post("/_sandbox/subscriptions", Map.of("url", base + settings.get("expenseWebhookUrl").asText(),
                "secret", settings.get("expenseWebhookSecret").asText())).require(200);
        bank.post("/_sandbox/subscriptions", Map.of("url", base + settings.get("bankWebhookUrl").asText(),
                "secret", settings.get("bankWebhookSecret").asText())).require(200);
        return new ExpenseTenant(tenantId, slug, key, finrelay, expense, new Api(peers.url("erp"), null),
                new Api(peers.url("treasury"), null), bank, data);
    }

    String path(String rest) {
        return "/v1/tenants/" + tenantId + rest;
    }

    /** Approved reports of the demo's people, sent by the expense platform (its signed webhooks); answers their ids. */
    List<String> sendReports(String prefix, int count) {
        ArrayNode reports = JSON.createArrayNode();
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            DemoData.Person p = data.people().get(i % data.people().size());
            String id = prefix + "-" + i + "-" + UUID.randomUUID().toString().substring(0, 6);
            ids.add(id);
            reports.add(DemoData.report(id, p, "Kundentermin Hamburg", "EUR",
                    DemoData.expenses(new Random(id.hashCode()), data, p, TODAY), Instant.now()));
        }
        expense.post("/_sandbox/reports", reports).require(202);
        return ids;
    }

    String state(String id) {
        Api.Answer answer = finrelay.get(path("/expense-reports/" + id));
        return answer.status() == 200 ? answer.body().get("state").asText() : "HTTP " + answer.status();
    }

    void awaitAll(List<String> ids, String state, Duration atMost) {
        Awaitility.await("reports " + ids + " in " + state).atMost(atMost).pollInterval(Duration.ofMillis(200))
                .until(() -> ids.stream().allMatch(id -> state(id).equals(state)));
    }

    /** Releases as t.berger, and as j.roth too when the amount needs four eyes. */
    void releaseFully(String id) {
        finrelay.post(path("/expense-reports/" + id + "/releases"), Map.of("releaser", "t.berger")).require(202);
        if (state(id).equals("AwaitingRelease")) {
            finrelay.post(path("/expense-reports/" + id + "/releases"), Map.of("releaser", "j.roth")).require(202);
        }
    }

    /** Each report's effects, exactly once at every peer, and no second effect under another key anywhere. */
    void assertEachEffectOnce(List<String> ids) {
        JsonNode erpState = erp.get("/_sandbox/state").require(200).body();
        JsonNode treasuryState = treasury.get("/_sandbox/state").require(200).body();
        JsonNode bankState = bank.get("/_sandbox/state").require(200).body();
        JsonNode expenseState = expense.get("/_sandbox/state").require(200).body();
        org.assertj.core.api.Assertions.assertThat(erpState.get("violations")).as("ERP violations").isEmpty();
        org.assertj.core.api.Assertions.assertThat(treasuryState.get("violations")).as("treasury violations").isEmpty();
        org.assertj.core.api.Assertions.assertThat(bankState.get("violations")).as("bank violations").isEmpty();
        for (String id : ids) {
            org.assertj.core.api.Assertions.assertThat(matching(erpState.get("journals"),
                    j -> j.path("description").asText().contains(id + ":"))).as("journals of %s", id).hasSize(1);
            org.assertj.core.api.Assertions.assertThat(matching(erpState.get("clearings"),
                    c -> c.path("reportId").asText().equals(id))).as("clearings of %s", id).hasSize(1);
            org.assertj.core.api.Assertions.assertThat(matching(treasuryState.get("obligations"),
                    o -> o.path("reportId").asText().equals(id))).as("obligations of %s", id).hasSize(1);
            org.assertj.core.api.Assertions.assertThat(matching(bankState.get("payments"),
                    p -> p.path("endToEndId").asText().equals(id))).as("payments of %s", id).hasSize(1);
            org.assertj.core.api.Assertions.assertThat(expenseState.path("paymentStatuses").path(id))
                    .as("status-backs of %s", id).hasSize(1);
        }
    }

    static List<JsonNode> matching(JsonNode all, Predicate<JsonNode> filter) {
        return StreamSupport.stream(all.spliterator(), false).filter(filter).toList();
    }
}
