package io.finrelay.server.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.finrelay.sandbox.world.Api;
import io.finrelay.sandbox.world.DemoData;
import io.finrelay.server.ServerIT;
import io.finrelay.server.expense.SandboxProcess;
import io.finrelay.server.web.WebhookSignature;
import io.finrelay.testkit.TestDatabase;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * A trace that starts at the expense platform: its webhook carries a W3C traceparent, and everything
 * Finrelay does about the report belongs to that trace, also what the dispatcher delivers later on its
 * own threads: the fetch of the report from the platform and the journal posted to the ERP reach the
 * sandbox peers with a traceparent of the same trace id, and the spans of the transitions and of the
 * deliveries (recorded by an in-memory exporter; no OTLP exporter is configured, so none exists) are in
 * it, named and tagged. Log lines name the correlation id and the trace id.
 */
@AutoConfigureObservability(metrics = false)
@Import(TracingIT.InMemorySpans.class)
@ExtendWith(OutputCaptureExtension.class)
class TracingIT extends ServerIT {
    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

    @TestConfiguration(proxyBeanMethods = false)
    static class InMemorySpans {
        @Bean
        InMemorySpanExporter inMemorySpanExporter() {
            return InMemorySpanExporter.create();
        }
    }

    /** A database of this class's own: the other ITs' servers would otherwise deliver this one's commands untraced. */
    @BeforeAll
    static void ownDatabase() {
        ownDatabaseUrl = TestDatabase.jdbcUrl(((PGSimpleDataSource) TestDatabase.newDatabase("tracing")).getDatabaseName());
    }

    @AfterAll
    static void sharedDatabaseForTheOthers() {
        ownDatabaseUrl = null;
    }

    @Autowired
    InMemorySpanExporter spans;
    @Autowired
    ApplicationContext context;

    @Test
    void aTraceIdSentInAWebhookReachesThePeersOfTheCallsItCausesAndSpansOfItsTransitionsAndDeliveries() throws Exception {
        Map<String, String> urls = SandboxProcess.urls();
        var tenant = newTenant("Tracing");
        String key = post(tenant.path("/api-keys"), tenant.adminKey(), "{\"name\": \"tracing\", "
                + "\"roles\": [\"tenant-admin\", \"treasurer\"]}").body().get("secret").asText();
        Api finrelay = new Api("http://localhost:" + port, key);
        DemoData.World data = DemoData.setUp(finrelay, tenant.id(), TODAY);
        JsonNode settings = finrelay.put(tenant.path("/expense/settings"), Map.of("expensePlatformUrl",
                urls.get("expense-platform"), "erpUrl", urls.get("erp"), "treasuryUrl", urls.get("treasury"),
                "timeoutMillis", 5_000)).require(200).body();
        Api expense = new Api(urls.get("expense-platform"), null);
        Api erp = new Api(urls.get("erp"), null);

        // The platform knows the report; this test, not the platform, announces it, with its trace.
        DemoData.Person person = data.people().getFirst();
        String reportId = "IT-TRACE-" + UUID.randomUUID().toString().substring(0, 8);
        ObjectNode report = DemoData.report(reportId, person, "Kundentermin Hamburg", "EUR",
                DemoData.expenses(new Random(reportId.hashCode()), data, person, TODAY), Instant.now());
        expense.post("/_sandbox/reports", report).require(202);
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        String traceparent = "00-" + traceId + "-00f067aa0ba902b7-01";
        String body = "{\"eventType\":\"StatusChange\",\"data\":{\"reportId\":\"" + reportId + "\",\"userId\":\""
                + report.path("reportOwner").path("userId").asText() + "\",\"action\":\"APPROVE\"}}";
        long now = Instant.now().getEpochSecond();
        String webhookId = "msg_trace_" + UUID.randomUUID();
        Answer taken = call("POST", settings.get("expenseWebhookUrl").asText(), null, body, Map.of(
                "webhook-id", webhookId, "webhook-timestamp", String.valueOf(now),
                "webhook-signature", WebhookSignature.sign(settings.get("expenseWebhookSecret").asText(), webhookId, now,
                        body.getBytes(StandardCharsets.UTF_8)),
                "traceparent", traceparent));
        assertThat(taken.status()).isEqualTo(200);
        assertThat(taken.header("X-Correlation-Id")).as("the trace id is the correlation id").isEqualTo(traceId);

        // the report fetched from the platform, on the webhook's own thread
        List<JsonNode> fetches = ledger(expense, e -> e.path("path").asText().endsWith("/reports/" + reportId));
        assertThat(fetches).isNotEmpty();
        assertThat(fetches).allSatisfy(e -> assertThat(traceIdOf(e)).isEqualTo(traceId));
        // the journal posted to the ERP by the dispatcher, later and on another thread
        List<JsonNode> postings = await().atMost(Duration.ofSeconds(60)).until(
                () -> ledger(erp, e -> e.path("method").asText().equals("POST") && e.path("body").toString().contains(reportId)),
                l -> !l.isEmpty());
        assertThat(postings).allSatisfy(e -> assertThat(traceIdOf(e)).isEqualTo(traceId));
        String posted = postings.getFirst().get("traceparent").asText();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<SpanData> ours = spans.getFinishedSpanItems().stream()
                    .filter(s -> s.getTraceId().equals(traceId)).toList();
            SpanData transition = ours.stream().filter(s -> s.getName().equals("transition expense-reimbursement")
                    && reportId.equals(s.getAttributes().get(AttributeKey.stringKey("finrelay.business.key")))).findFirst()
                    .orElseThrow(() -> new AssertionError("no transition span of " + reportId + " yet: " + ours));
            assertThat(transition.getAttributes().get(AttributeKey.stringKey("finrelay.tenant"))).isEqualTo(tenant.id());
            assertThat(transition.getAttributes().get(AttributeKey.stringKey("finrelay.outcome"))).isEqualTo("accepted");
            assertThat(transition.getAttributes().get(AttributeKey.stringKey("finrelay.source"))).isEqualTo("webhook:expense-platform");
            // the ERP's request came from the delivery span, a child of a transition of the same trace
            SpanData delivery = ours.stream().filter(s -> posted.contains(s.getSpanId())).findFirst()
                    .orElseThrow(() -> new AssertionError("no span " + posted + " yet: " + ours));
            assertThat(delivery.getName()).isEqualTo("delivery expense-erp/post-journal");
            assertThat(delivery.getAttributes().get(AttributeKey.stringKey("finrelay.connector"))).isEqualTo("expense-erp");
            assertThat(delivery.getAttributes().get(AttributeKey.stringKey("finrelay.command.type"))).isEqualTo("post-journal");
            assertThat(delivery.getAttributes().get(AttributeKey.stringKey("finrelay.workflow.type"))).isEqualTo("expense-reimbursement");
            assertThat(delivery.getAttributes().get(AttributeKey.stringKey("finrelay.tenant"))).isEqualTo(tenant.id());
            assertThat(delivery.getAttributes().get(AttributeKey.stringKey("finrelay.outcome"))).isEqualTo("done");
            assertThat(ours.stream().filter(s -> s.getSpanId().equals(delivery.getParentSpanId())).map(SpanData::getName)
                    .findFirst()).contains("transition expense-reimbursement");
        });
        assertThat(context.getBeansOfType(io.opentelemetry.sdk.trace.export.SpanExporter.class).values())
                .as("no OTLP exporter unless its endpoint is set").containsExactly(spans);
    }

    @Test
    void aLogLineOfARequestNamesItsCorrelationIdAndTraceId(CapturedOutput output) {
        var tenant = newTenant("TracingLogs");
        String traceId = "0af7651916cd43dd8448eb211c80319c";
        String correlation = "corr-" + UUID.randomUUID();
        Answer refused = call("POST", "/v1/webhooks/" + tenant.id() + "/bank", null, "{}", Map.of(
                "traceparent", "00-" + traceId + "-b7ad6b7169203331-01", "X-Correlation-Id", correlation,
                "webhook-id", "msg_log", "webhook-timestamp", String.valueOf(Instant.now().getEpochSecond()),
                "webhook-signature", "v1,bm90IGEgc2lnbmF0dXJl"));
        assertThat(refused.status()).isEqualTo(401);
        await().atMost(Duration.ofSeconds(10)).until(() -> output.getOut().lines()
                .anyMatch(l -> l.contains("webhook from bank for tenant " + tenant.id())));
        String line = output.getOut().lines().filter(l -> l.contains("webhook from bank for tenant " + tenant.id()))
                .findFirst().orElseThrow();
        assertThat(line).contains(correlation).contains(traceId);
    }

    private static String traceIdOf(JsonNode ledgerEntry) {
        String traceparent = ledgerEntry.path("traceparent").asText("");
        String[] parts = traceparent.split("-");
        return parts.length == 4 ? parts[1] : "(no traceparent: " + ledgerEntry + ")";
    }

    private static List<JsonNode> ledger(Api peer, java.util.function.Predicate<JsonNode> which) {
        List<JsonNode> out = new ArrayList<>();
        StreamSupport.stream(peer.get("/_sandbox/ledger").require(200).body().spliterator(), false)
                .filter(which).forEach(out::add);
        return out;
    }
}
