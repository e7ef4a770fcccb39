package io.finrelay.server.invoice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.finrelay.sandbox.world.Api;
import io.finrelay.server.ServerIT;
import io.finrelay.server.expense.SandboxProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Approval routing through the API, on the real PostgreSQL and the sandbox ERP in its own process, with
 * the official EN 16931 example invoice of De Koksmaat (EUR 250.33). The tenant's rules: cost center 4100
 * up to EUR 5,000 needs one AP approver or k.brandt by name; anything else two approvers, one of them a
 * controller. The rule that routed each invoice is in its timeline; an approver the route does not admit,
 * a second approval without the controller, and the submitter approving their own upload are refused with
 * 403 problems naming the rule; a controller's delegate approves for them and is recorded as "X for Y".
 */
class ApprovalRoutingIT extends ServerIT {
    private static final Path SAMPLES = Path.of("../finrelay-einvoice/src/test/resources");
    private static final String KOKSMAAT_IBAN = "NL57RABO0107307510";

    private static Map<String, String> peers;
    private Api erp;
    private TestTenant t;
    private String entity;
    private String vendorRef;
    private String approverKey;

    @BeforeEach
    void tenantWithApprovalRules() {
        if (peers == null) {
            peers = SandboxProcess.urls();
        }
        erp = new Api(peers.get("erp"), null);
        t = newTenant("APRules");
        entity = legalEntity(t);
        vendorRef = "KOKSMAAT-" + UUID.randomUUID().toString().substring(0, 8);
        put(t.path("/expense/settings"), json("expensePlatformUrl", peers.get("expense-platform"),
                "erpUrl", peers.get("erp"), "treasuryUrl", peers.get("treasury"), "timeoutMillis", 1000));
        put(t.path("/ap-policy"), json("legalEntityId", entity, "expenseAccount", "6815", "taxAccount", "1576",
                "costOfCapitalPercent", "8", "liquidityBuffer", "50000.00", "defaultTermDays", 30));
        approverKey = keyFor(t, t.adminKey(), "approver");
        Answer set = call("PUT", t.path("/ap/approval-rules"), t.adminKey(), rules(
                rule("de01-4100-small", entity, "4100", null, "5000.00", 1, List.of("ap-approver"), List.of("k.brandt"), null),
                rule("de01-any", entity, null, null, null, 2, List.of("department-head", "ap-approver"), List.of(),
                        "controller")), Map.of());
        assertThat(set.status()).as(set.body().toString()).isEqualTo(200);
        put(t.path("/expense/roles/c.vogel"), json("roles", List.of("controller")));
        put(t.path("/expense/roles/j.hoffmann"), json("roles", List.of("department-head")));
        put(t.path("/expense/roles/l.schulz"), json("roles", List.of("department-head")));
    }

    @Test
    void theFirstFittingRuleRoutesTheInvoiceTheTimelineSaysWhichAndOnlyAnApproverItAdmitsCounts() {
        JsonNode stored = get(t.path("/ap/approval-rules"), t.adminKey()).body();
        assertThat(stored.get("rules")).extracting(r -> r.get("id").asText()).containsExactly("de01-4100-small", "de01-any");
        assertThat(stored.get("rules").get(1).get("requiredRole").asText()).isEqualTo("controller");

        vendor("4100");
        Answer uploaded = upload(xml());
        assertThat(uploaded.status()).as(uploaded.body().toString()).isEqualTo(201);
        String id = uploaded.body().get("id").asText();
        JsonNode workflow = get(t.path("/supplier-invoices/" + id), t.adminKey()).body().get("workflow");
        assertThat(workflow.get("route").get("rule").asText()).isEqualTo("de01-4100-small");
        assertThat(workflow.get("required").asInt()).isEqualTo(1);
        JsonNode entered = step(workflow, "AwaitingApproval");
        assertThat(entered.get("note").asText()).contains("approval rule de01-4100-small routed it", "cost center 4100",
                "250.33 EUR", "named k.brandt");

        Answer stranger = post(t.path("/supplier-invoices/" + id + "/approval"), approverKey,
                json("approver", "t.berger", "approve", true));
        assertThat(stranger.status()).isEqualTo(403);
        assertThat(stranger.contentType()).startsWith("application/problem+json");
        assertThat(stranger.body().get("rule").asText()).isEqualTo("sod.approver-not-eligible");
        assertThat(stranger.body().get("detail").asText()).contains("t.berger", "rule de01-4100-small");

        Answer named = post(t.path("/supplier-invoices/" + id + "/approval"), approverKey,
                json("approver", "k.brandt", "approve", true));
        assertThat(named.status()).as(named.body().toString()).isEqualTo(202);
        JsonNode scheduled = awaitState(id, "SCHEDULED");
        assertThat(scheduled.get("workflow").get("approvedBy")).extracting(JsonNode::asText).containsExactly("k.brandt");
        assertThat(postingsOf("12115118")).hasSize(1);
    }

    @Test
    void aControllersDelegateApprovesForThemWithinTheDatesAndIsRecordedAsDelegateForController() {
        vendor("4300");
        String id = upload(xml()).body().get("id").asText();
        JsonNode workflow = get(t.path("/supplier-invoices/" + id), t.adminKey()).body().get("workflow");
        assertThat(workflow.get("route").get("rule").asText()).isEqualTo("de01-any");
        assertThat(workflow.get("required").asInt()).isEqualTo(2);
        assertThat(step(workflow, "AwaitingApproval").get("note").asText()).contains("cost center 4300",
                "2 approvers", "one of them with role controller");

        assertThat(approve(id, "m.wolf", null).status()).as("no delegation yet").isEqualTo(403);
        assertThat(approve(id, "j.hoffmann", null).status()).isEqualTo(202);
        Answer noController = approve(id, "l.schulz", null);
        assertThat(noController.status()).isEqualTo(403);
        assertThat(noController.body().get("rule").asText()).isEqualTo("sod.approver-role");

        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Answer delegated = post(t.path("/ap/approval-delegations"), approverKey, json("approver", "c.vogel",
                "delegate", "m.wolf", "validFrom", today.minusDays(1).toString(), "validTo", today.plusDays(13).toString()));
        assertThat(delegated.status()).as(delegated.body().toString()).isEqualTo(201);
        assertThat(delegated.header("Location")).endsWith("/ap/approval-delegations/" + delegated.body().get("id").asText());

        Answer forController = approve(id, "m.wolf", null);
        assertThat(forController.status()).as(forController.body().toString()).isEqualTo(202);
        JsonNode scheduled = awaitState(id, "SCHEDULED");
        assertThat(scheduled.get("workflow").get("approvedBy")).extracting(JsonNode::asText)
                .containsExactly("j.hoffmann", "m.wolf for c.vogel");
        assertThat(scheduled.get("workflow").get("timeline")).extracting(s -> s.path("note").asText())
                .contains("approved by j.hoffmann; 1 of 2", "approved by m.wolf for c.vogel (delegation); 2 of 2");
        assertThat(postingsOf("12115118")).hasSize(1);

        JsonNode listed = get(t.path("/ap/approval-delegations"), t.adminKey()).body();
        assertThat(listed).hasSize(1);
        Answer withdrawn = post(t.path("/ap/approval-delegations/" + listed.get(0).get("id").asText() + "/withdraw"),
                approverKey, "{}");
        assertThat(withdrawn.status()).as(withdrawn.body().toString()).isEqualTo(200);
        assertThat(withdrawn.body().get("withdrawnAt").isNull()).isFalse();
        assertThat(get(t.path("/audit?kind=configuration.changed"), t.adminKey()).body())
                .extracting(a -> a.path("detail").path("setting").asText())
                .contains("ap/approval-rules", "ap/approval-delegations/" + listed.get(0).get("id").asText());
    }

    @Test
    void thePersonWhoUploadedTheInvoiceMayNotApproveItEvenWhenTheRuleAdmitsThem() {
        vendor("4100");
        put(t.path("/expense/roles/a.meier"), json("roles", List.of("ap-approver")));
        String token = tokenOf("a.meier", "integration", "approver");
        Answer uploaded = call("POST", t.path("/supplier-invoices"), token, xml(), Map.of("Content-Type", "application/xml"));
        assertThat(uploaded.status()).as(uploaded.body().toString()).isEqualTo(201);
        String id = uploaded.body().get("id").asText();

        Answer self = post(t.path("/supplier-invoices/" + id + "/approval"), token, json("approve", true));
        assertThat(self.status()).as(self.body().toString()).isEqualTo(403);
        assertThat(self.contentType()).startsWith("application/problem+json");
        assertThat(self.body().get("rule").asText()).isEqualTo("sod.self-approval");
        assertThat(self.body().get("detail").asText()).contains("a.meier took invoice 12115118 in");
        assertThat(get(t.path("/audit?kind=sod.refused"), t.adminKey()).body()).extracting(a -> a.path("detail")
                .path("rule").asText()).containsExactly("sod.self-approval");
        assertThat(get(t.path("/supplier-invoices/" + id), t.adminKey()).body().get("state").asText())
                .isEqualTo("AWAITING_APPROVAL");
        assertThat(postingsOf("12115118")).isEmpty();
    }

    @Test
    void rulesAndDelegationsAreCheckedAtTheEdgeAndABadSetChangesNothing() {
        Answer upsideDown = call("PUT", t.path("/ap/approval-rules"), t.adminKey(), rules(
                rule("ok", entity, null, null, null, 1, List.of(), List.of(), null),
                rule("band", entity, null, "5000.00", "1000.00", 1, List.of(), List.of(), null)), Map.of());
        assertThat(upsideDown.status()).isEqualTo(400);
        assertThat(upsideDown.body().get("errors").get(0).get("field").asText()).isEqualTo("rules[1]");
        Answer twice = call("PUT", t.path("/ap/approval-rules"), t.adminKey(), rules(
                rule("same", entity, null, null, null, 1, List.of(), List.of(), null),
                rule("same", entity, null, null, null, 2, List.of(), List.of(), null)), Map.of());
        assertThat(twice.status()).isEqualTo(400);
        Answer noApprovers = call("PUT", t.path("/ap/approval-rules"), t.adminKey(), rules(
                rule("Big One", entity, null, null, null, 0, List.of(), List.of(), null)), Map.of());
        assertThat(noApprovers.status()).isEqualTo(400);
        assertThat(noApprovers.body().get("errors")).extracting(e -> e.get("field").asText())
                .contains("rules[0].approvers", "rules[0].id");
        assertThat(call("PUT", t.path("/ap/approval-rules"), approverKey, rules(), Map.of()).status())
                .as("an approver does not write master data").isEqualTo(403);
        assertThat(get(t.path("/ap/approval-rules"), t.adminKey()).body().get("rules")).hasSize(2);

        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Answer backwards = post(t.path("/ap/approval-delegations"), approverKey, json("approver", "c.vogel",
                "delegate", "m.wolf", "validFrom", today.toString(), "validTo", today.minusDays(1).toString()));
        assertThat(backwards.status()).isEqualTo(400);
        assertThat(backwards.body().get("errors").get(0).get("field").asText()).isEqualTo("validTo");
        Answer toSelf = post(t.path("/ap/approval-delegations"), approverKey, json("approver", "c.vogel",
                "delegate", "c.vogel", "validFrom", today.toString(), "validTo", today.toString()));
        assertThat(toSelf.status()).isEqualTo(400);
        Answer nobody = post(t.path("/ap/approval-delegations"), approverKey, json("delegate", "m.wolf",
                "validFrom", today.toString(), "validTo", today.toString()));
        assertThat(nobody.status()).as("a key must name the approver").isEqualTo(400);
        assertThat(get(t.path("/ap/approval-delegations"), t.adminKey()).body()).isEmpty();
        assertThat(post(t.path("/ap/approval-delegations/" + UUID.randomUUID() + "/withdraw"), approverKey, "{}").status())
                .isEqualTo(404);
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private Answer approve(String id, String approver, String onBehalfOf) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("approver", approver);
        body.put("approve", true);
        if (onBehalfOf != null) {
            body.put("onBehalfOf", onBehalfOf);
        }
        return post(t.path("/supplier-invoices/" + id + "/approval"), approverKey, JSON.valueToTree(body).toString());
    }

    private static Map<String, Object> rule(String id, String entity, String costCenter, String above, String upTo,
                                            int approvers, List<String> roles, List<String> named, String requiredRole) {
        Map<String, Object> r = new HashMap<>();
        r.put("id", id);
        r.put("legalEntityId", entity);
        r.put("costCenter", costCenter);
        r.put("currency", "EUR");
        r.put("above", above);
        r.put("upTo", upTo);
        r.put("approvers", approvers);
        r.put("roles", roles);
        r.put("named", named);
        r.put("requiredRole", requiredRole);
        return r;
    }

    private static String rules(Object... rules) {
        return JSON.valueToTree(Map.of("rules", List.of(rules))).toString();
    }

    private static JsonNode step(JsonNode workflow, String to) {
        return StreamSupport.stream(workflow.get("timeline").spliterator(), false)
                .filter(s -> to.equals(s.path("to").asText()) && "transition".equals(s.path("kind").asText()))
                .findFirst().orElseThrow(() -> new AssertionError("no step to " + to + " in " + workflow.get("timeline")));
    }

    private void vendor(String costCenter) {
        Answer created = post(t.path("/vendors"), t.adminKey(), json("legalEntityId", entity, "name", "De Koksmaat",
                "country", "NL", "bankAccount", Map.of("iban", KOKSMAAT_IBAN, "holderName", "De Koksmaat"), "active", true,
                "vatId", "NL8200.98.395.B.01", "erpRef", vendorRef, "costCenter", costCenter));
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
    }

    private Answer upload(String body) {
        return call("POST", t.path("/supplier-invoices"), t.adminKey(), body, Map.of("Content-Type", "application/xml"));
    }

    private void put(String path, String body) {
        Answer answer = call("PUT", path, t.adminKey(), body, Map.of());
        assertThat(answer.status()).as(path + ": " + answer.body()).isIn(200, 201, 204);
    }

    private JsonNode awaitState(String id, String state) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> get(t.path("/supplier-invoices/" + id), t.adminKey()).body(),
                body -> body.get("state").asText().equals(state));
    }

    private List<JsonNode> postingsOf(String number) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode request : erp.get("/_sandbox/state").require(200).body().get("supplierInvoiceRequests")) {
            if (request.get("body").get("vendorRef").asText().equals(vendorRef)
                    && request.get("body").get("number").asText().equals(number)) {
                out.add(request);
            }
        }
        return out;
    }

    /** A person of the tenant with these roles, logged in: their bearer token. */
    private String tokenOf(String username, String... roles) {
        String password = "Kreditoren-2026-" + username.length();
        Answer made = post(t.path("/users"), t.adminKey(), JSON.createObjectNode().put("username", username)
                .put("password", password).set("roles", JSON.valueToTree(List.of(roles))).toString());
        assertThat(made.status()).as(String.valueOf(made.body())).isEqualTo(201);
        Answer login = post("/v1/tokens", null, json("tenant", t.slug(), "username", username, "password", password));
        assertThat(login.status()).as(String.valueOf(login.body())).isEqualTo(200);
        return login.body().get("access_token").asText();
    }

    private static String xml() {
        try {
            return Files.readString(SAMPLES.resolve("samples/ubl/ubl-tc434-example1.xml"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
