package io.finrelay.server.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.finrelay.server.ServerIT;
import io.finrelay.engine.fixtures.PaymentFlow;
import io.finrelay.server.security.Action;
import io.finrelay.server.security.Role;
import io.finrelay.workflows.expense.ExpenseEvent;
import io.finrelay.workflows.expense.ExpenseReimbursement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Events through the engine to an instance, its timeline with our correlation id, and the exception queue. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkflowEventsIT extends ServerIT {
    private static final String EVENTS = "/workflows/" + PaymentFlow.TYPE + "/events";
    private TestTenant tenant;
    private String integration;
    private String operator;

    @BeforeAll
    void tenant() {
        tenant = newTenant("Flows");
        integration = keyFor(tenant, tenant.adminKey(), "integration");
        operator = keyFor(tenant, tenant.adminKey(), "operator");
    }

    private Answer approve(String invoice, String key, String correlationId) {
        String body = json("businessKey", invoice, "event", Map.of("type", "InvoiceApproved",
                "data", Map.of("invoice", invoice, "vendor", "Hotel Adlon", "amount", "1234.50")));
        return call("POST", tenant.path(EVENTS), integration, body,
                Map.of("Idempotency-Key", key, "X-Correlation-Id", correlationId));
    }

    private JsonNode instance(String id) {
        return get(tenant.path("/workflows/instances/" + id), tenant.adminKey()).body();
    }

    private static List<String> kinds(JsonNode instance) {
        List<String> kinds = new ArrayList<>();
        instance.get("timeline").forEach(e -> kinds.add(e.get("kind").asText()));
        return kinds;
    }

    @Test
    void anEventDrivesAnInstanceToItsEndWithOneCorrelationIdThroughout() {
        Answer accepted = approve("INV-2026-0042", "evt-0042", "corr-inv-0042");
        assertThat(accepted.status()).as(String.valueOf(accepted.body())).isEqualTo(202);
        assertThat(accepted.body().get("outcome").asText()).isEqualTo("accepted");
        assertThat(accepted.body().get("state").asText()).isEqualTo("Posting");
        String id = accepted.body().get("instanceId").asText();
        assertThat(accepted.header("Location")).isEqualTo(tenant.path("/workflows/instances/" + id));

        await().atMost(Duration.ofSeconds(30)).until(() -> instance(id).get("state").asText().equals("Paid"));
        JsonNode paid = instance(id);
        assertThat(paid.get("ended").asBoolean()).isTrue();
        assertThat(paid.get("correlationId").asText()).isEqualTo("corr-inv-0042");
        assertThat(paid.get("timeline").size()).isGreaterThanOrEqualTo(3);
        paid.get("timeline").forEach(e -> assertThat(e.get("correlationId").asText()).isEqualTo("corr-inv-0042"));
        List<Long> ids = new ArrayList<>();
        paid.get("timeline").forEach(e -> ids.add(e.get("id").asLong()));
        assertThat(ids).isSorted();
        assertThat(paid.get("timeline").get(0).get("actor").asText()).startsWith("api-key:");

        Answer listed = get(tenant.path("/workflows/instances?type=" + PaymentFlow.TYPE + "&state=Paid"),
                tenant.adminKey());
        assertThat(listed.body().findValuesAsText("id")).contains(id);
    }

    @Test
    void aResentEventIsAnsweredWithTheFirstReceiptAndChangesNothing() {
        Answer first = approve("INV-2026-0050", "evt-0050", "corr-0050");
        Answer again = approve("INV-2026-0050", "evt-0050", "corr-0050-again");
        assertThat(again.status()).isEqualTo(202);
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.body()).isEqualTo(first.body());
        String other = json("businessKey", "INV-2026-0050", "event", Map.of("type", "InvoiceApproved",
                "data", Map.of("invoice", "INV-2026-0050", "vendor", "Hotel Adlon", "amount", "9999.00")));
        Answer mismatch = call("POST", tenant.path(EVENTS), integration, other, Map.of("Idempotency-Key", "evt-0050"));
        assertThat(mismatch.status()).isEqualTo(422);
        assertThat(mismatch.contentType()).startsWith("application/problem+json");
    }

    @Test
    void anEventTheStateDoesNotTakeIsRejectedWith409() {
        String id = approve("INV-2026-0060", "evt-0060", "corr-0060").body().get("instanceId").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> instance(id).get("ended").asBoolean());
        Answer late = call("POST", tenant.path(EVENTS), integration, json("businessKey", "INV-2026-0060",
                "externalId", "evt-0060-late", "event", Map.of("type", "DueDateReached")), Map.of());
        assertThat(late.status()).isEqualTo(409);
        assertThat(late.body().get("type").asText()).endsWith("/event-rejected");
        assertThat(late.body().get("state").asText()).isEqualTo("Paid");
    }

    /**
     * Who may submit which event through the generic API, per role and workflow: exactly the workflow's
     * declared external inputs, for the roles whose permission they name. The expense workflow declares
     * none (reports, reviews, releases and bank statuses have endpoints or signed webhooks of their own,
     * command outcomes and retries come from the engine and the exception queue).
     */
    @Test
    void eachRoleMaySubmitExactlyTheEventsItsWorkflowDeclaresAndEveryOtherIsRefusedAndAudited() {
        Map<String, List<String>> allowed = new java.util.TreeMap<>();
        int n = 0;
        for (Role role : Role.values()) {
            if (role == Role.PARTNER_ADMIN) {
                continue;
            }
            String key = keyFor(tenant, tenant.adminKey(), role.wireName());
            for (String type : List.of(PaymentFlow.TYPE, ExpenseReimbursement.TYPE)) {
                Class<?> events = type.equals(PaymentFlow.TYPE) ? PaymentFlow.Event.class : ExpenseEvent.class;
                for (Class<?> event : events.getPermittedSubclasses()) {
                    Answer answer = post(tenant.path("/workflows/" + type + "/events"), key, json("businessKey",
                            "ROLE-" + n, "event", Map.of("type", event.getSimpleName())), "role-event-" + n++);
                    if (answer.status() != 403) {
                        allowed.computeIfAbsent(role.wireName(), r -> new ArrayList<>()).add(type + ":" + event.getSimpleName());
                    } else if (role.allows(Action.SUBMIT_EVENTS)) {
                        assertThat(answer.body().get("detail").asText()).as(role + " " + event.getSimpleName())
                                .contains("is not taken from callers");
                    }
                }
            }
        }
        List<String> paymentFlowInputs = List.of(PaymentFlow.TYPE + ":InvoiceApproved", PaymentFlow.TYPE + ":DueDateReached",
                PaymentFlow.TYPE + ":VendorUnblocked");
        assertThat(allowed).containsOnlyKeys("tenant-admin", "integration");
        assertThat(allowed.get("integration")).containsExactlyInAnyOrderElementsOf(paymentFlowInputs);
        assertThat(allowed.get("tenant-admin")).containsExactlyInAnyOrderElementsOf(paymentFlowInputs);
        JsonNode refusals = get(tenant.path("/audit?kind=permission.refused&limit=500"),
                keyFor(tenant, tenant.adminKey(), "auditor")).body();
        List<String> refusedEvents = new ArrayList<>();
        refusals.forEach(r -> {
            if (r.get("detail").has("event")) {
                refusedEvents.add(r.get("detail").get("workflow").asText() + ":" + r.get("detail").get("event").asText());
            }
        });
        assertThat(refusedEvents).contains(ExpenseReimbursement.TYPE + ":PaymentStatusReported",
                ExpenseReimbursement.TYPE + ":StepCancelled", ExpenseReimbursement.TYPE + ":ValidationRetried",
                PaymentFlow.TYPE + ":JournalPosted");
    }

    @Test
    void badSubmissionsAreRefusedNamingTheField() {
        String good = json("businessKey", "INV-X", "event", Map.of("type", "InvoiceApproved",
                "data", Map.of("invoice", "INV-X", "vendor", "V", "amount", "1.00")));
        Answer noKey = post(tenant.path(EVENTS), integration, good);
        assertThat(noKey.status()).isEqualTo(400);
        assertThat(noKey.body().get("errors").get(0).get("field").asText()).isEqualTo("Idempotency-Key");
        Answer unknownEvent = post(tenant.path(EVENTS), integration, json("businessKey", "INV-X",
                "event", Map.of("type", "InvoiceEaten")), "k-1");
        assertThat(unknownEvent.body().get("errors").get(0).get("field").asText()).isEqualTo("event.type");
        Answer badData = post(tenant.path(EVENTS), integration, json("businessKey", "INV-X",
                "event", Map.of("type", "InvoiceApproved", "data", Map.of("invoice", "INV-X", "colour", "red"))), "k-2");
        assertThat(badData.status()).isEqualTo(400);
        assertThat(badData.body().get("errors").get(0).get("field").asText()).isEqualTo("event.data");
        Answer unknownType = post(tenant.path("/workflows/no-such-flow/events"), integration, good, "k-3");
        assertThat(unknownType.status()).isEqualTo(404);
        String viewer = keyFor(tenant, tenant.adminKey(), "viewer");
        assertThat(post(tenant.path(EVENTS), viewer, good, "k-4").status()).isEqualTo(403);
    }

    @Test
    void aPermanentFailureBecomesAnExceptionThatAnOperatorRetries() {
        String id = approve("INV-FAIL-0070", "evt-0070", "corr-0070").body().get("instanceId").asText();
        await().atMost(Duration.ofSeconds(30)).until(() ->
                get(tenant.path("/exceptions?status=OPEN&instanceId=" + id), operator).body().size() == 1);
        JsonNode exception = get(tenant.path("/exceptions?status=OPEN&instanceId=" + id), operator).body().get(0);
        assertThat(exception.get("kind").asText()).isEqualTo("COMMAND");
        assertThat(exception.get("reason").asText()).contains("posting period");
        assertThat(exception.get("correlationId").asText()).isEqualTo("corr-0070");
        String exceptionId = exception.get("id").asText();
        assertThat(get(tenant.path("/exceptions/" + exceptionId), operator).body().get("status").asText()).isEqualTo("OPEN");

        String integrationTries = post(tenant.path("/exceptions/" + exceptionId + "/retry"), integration,
                json("note", "x")).body().get("status").asText();
        assertThat(integrationTries).isEqualTo("403");
        Answer retried = call("POST", tenant.path("/exceptions/" + exceptionId + "/retry"), operator,
                json("note", "period reopened by finance"), Map.of("X-Correlation-Id", "corr-0070-retry"));
        assertThat(retried.status()).as(String.valueOf(retried.body())).isEqualTo(200);
        assertThat(retried.body().get("status").asText()).isEqualTo("RETRIED");

        await().atMost(Duration.ofSeconds(30)).until(() -> instance(id).get("state").asText().equals("Paid"));
        JsonNode timeline = instance(id).get("timeline");
        JsonNode action = null;
        for (JsonNode entry : timeline) {
            if (entry.get("kind").asText().equals("exception.retry")) {
                action = entry;
            }
        }
        assertThat(action).as(kinds(instance(id)).toString()).isNotNull();
        assertThat(action.get("actor").asText()).contains("operator key");
        assertThat(action.get("correlationId").asText()).isEqualTo("corr-0070-retry");
        assertThat(action.get("detail").get("note").asText()).isEqualTo("period reopened by finance");

        Answer again = post(tenant.path("/exceptions/" + exceptionId + "/retry"), operator, json("note", "twice"));
        assertThat(again.status()).isEqualTo(409);
    }
}
