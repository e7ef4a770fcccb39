package io.finrelay.server.expense;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finrelay.connectors.sandbox.ExpensePlatformClient;
import io.finrelay.connectors.sandbox.PeerEndpoint;
import io.finrelay.engine.WorkflowEngine;
import io.finrelay.engine.inbox.InboxKey;
import io.finrelay.engine.runtime.InboundEvent;
import io.finrelay.engine.runtime.Input;
import io.finrelay.engine.runtime.Receipt;
import io.finrelay.model.id.TenantId;
import io.finrelay.server.web.ApiProblem;
import io.finrelay.server.web.Correlation;
import io.finrelay.model.bank.PaymentStatus;
import io.finrelay.workflows.expense.ExpenseEvent;
import io.finrelay.workflows.expense.ExpenseReimbursement;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Webhooks from the tenant's expense platform (report approved) and bank (payment status), signed per
 * Standard Webhooks with the tenant's secrets. A missing, wrong or stale signature is a 401 problem
 * and nothing is recorded: the signature is checked before anything is read or written. An authentic
 * delivery is deduplicated by its {@code webhook-id} in the engine's inbox; one that no longer fits
 * the report's state (a late or repeated status) is answered 200 "ignored" so the sender stops.
 */
@RestController
public class WebhookController {
    private static final Logger log = LoggerFactory.getLogger(WebhookController.class);

    private final ExpenseSettings settings;
    private final ExpenseIngress ingress;
    private final WorkflowEngine engine;
    private final ObjectMapper json;
    private final Clock clock;
    private final ExpensePlatformClient platform = new ExpensePlatformClient();

    public WebhookController(ExpenseSettings settings, ExpenseIngress ingress, WorkflowEngine engine, ObjectMapper json,
                             Clock clock) {
        this.settings = settings;
        this.ingress = ingress;
        this.engine = engine;
        this.json = json;
        this.clock = clock;
    }

    @PostMapping("/v1/webhooks/{tenantId}/{source:expense-platform|bank}")
    public ResponseEntity<Map<String, Object>> receive(@PathVariable UUID tenantId, @PathVariable String source,
                                                       @RequestBody(required = false) byte[] body,
                                                       HttpServletRequest request) {
        TenantId tenant = new TenantId(tenantId);
        byte[] payload = body == null ? new byte[0] : body;
        String webhookId = request.getHeader("webhook-id");
        Optional<String> problem = settings.find(tenant)
                .map(s -> WebhookSignature.problem(s.secretFor(source), webhookId, request.getHeader("webhook-timestamp"),
                        request.getHeader("webhook-signature"), payload, clock.instant()))
                .orElse(Optional.of("tenant has no expense settings"));
        if (problem.isPresent()) {
            log.warn("webhook from {} for tenant {} refused: {}", source, tenantId, problem.get());
            throw new ApiProblem(HttpStatus.UNAUTHORIZED, "invalid-signature", "Invalid webhook signature",
                    "the webhook signature is missing, wrong or outside the accepted time window");
        }
        JsonNode event;
        try {
            event = json.readTree(payload);
        } catch (IOException e) {
            throw ApiProblem.invalid("body", null, "is not JSON");
        }
        InboxKey key = new InboxKey(tenant, "webhook:" + source, webhookId);
        Receipt receipt = source.equals("bank") ? bankStatus(tenant, event, key, request)
                : reportApproved(tenant, event, key, request);
        return answer(receipt);
    }

    private Receipt reportApproved(TenantId tenant, JsonNode event, InboxKey key, HttpServletRequest request) {
        JsonNode data = event.path("data");
        PeerEndpoint endpoint = settings.endpoint(tenant, "expense-platform")
                .orElseThrow(() -> ApiProblem.invalid("tenant", null, "has no expense platform configured"));
        JsonNode report;
        try {
            report = platform.fetch(endpoint, data.path("userId").asText(), data.path("reportId").asText())
                    .orElseThrow(() -> ApiProblem.invalid("data.reportId", data.path("reportId").asText(),
                            "the expense platform does not know this report"));
        } catch (IllegalStateException e) {
            // The platform cannot be asked now: 503 makes it deliver the webhook again later.
            throw new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, "peer-unavailable", "Expense platform unavailable",
                    e.getMessage());
        }
        String correlation = event.hasNonNull("correlationId") ? event.get("correlationId").asText() : Correlation.of(request);
        return ingress.submit(tenant, report, key, correlation, "webhook:expense-platform");
    }

    private Receipt bankStatus(TenantId tenant, JsonNode event, InboxKey key, HttpServletRequest request) {
        String code = event.path("status").asText();
        PaymentStatus status = PaymentStatus.fromIsoCode(code);
        if (status == PaymentStatus.UNKNOWN || status == PaymentStatus.PARTIALLY_ACCEPTED) {
            throw ApiProblem.invalid("status", code, "is not an ISO 20022 status of a single payment "
                    + "(ExternalPaymentTransactionStatus1Code: ACCP, ACSC, RJCT...)");
        }
        String reportId = event.path("endToEndId").asText();
        if (reportId.isBlank()) {
            throw ApiProblem.invalid("endToEndId", null, "is required");
        }
        Instant at = event.hasNonNull("at") ? Instant.parse(event.get("at").asText()) : clock.instant();
        return engine.submit(new InboundEvent(key, ExpenseReimbursement.TYPE, reportId, new Input.Domain(
                new ExpenseEvent.PaymentStatusReported(event.path("obligationId").asText(), status,
                        event.path("reasonCode").asText(null), event.path("bankReference").asText(null), at)),
                Correlation.of(request), "webhook:bank"));
    }

    private static ResponseEntity<Map<String, Object>> answer(Receipt receipt) {
        Map<String, Object> body = new LinkedHashMap<>();
        switch (receipt) {
            case Receipt.Accepted a -> {
                body.put("outcome", "accepted");
                body.put("instanceId", a.instanceId());
                body.put("state", a.state());
            }
            case Receipt.Repeated r -> body.put("outcome", "repeated");
            case Receipt.Rejected r -> {
                body.put("outcome", "ignored");
                body.put("reason", r.reason());
            }
            case Receipt.Failed f -> {
                body.put("outcome", "parked");
                body.put("exceptionId", f.exceptionId());
            }
            case Receipt.PayloadMismatch m -> throw new ApiProblem(HttpStatus.UNPROCESSABLE_ENTITY, "idempotency-key-reused",
                    "Webhook id reused", "this webhook-id was delivered before with another body");
            case Receipt.InFlight i -> throw new ApiProblem(HttpStatus.CONFLICT, "idempotency-key-in-flight",
                    "Webhook in flight", "this webhook-id is being processed; deliver it again later");
        }
        return ResponseEntity.ok(body);
    }
}
