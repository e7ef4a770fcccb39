package io.finrelay.server.expense;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finrelay.server.web.WebhookSignature;
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
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
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

    private final LateBankStatuses lateNews;
    private final ExpenseSettings settings;
    private final ExpenseIngress ingress;
    private final WorkflowEngine engine;
    private final ObjectMapper json;
    private final Clock clock;
    private final Validator validator;
    private final ExpensePlatformClient platform = new ExpensePlatformClient();

    public WebhookController(LateBankStatuses lateNews, ExpenseSettings settings, ExpenseIngress ingress, WorkflowEngine engine, ObjectMapper json,
                             Clock clock, Validator validator) {
        this.lateNews = lateNews;
        this.validator = validator;
        this.settings = settings;
        this.ingress = ingress;
        this.engine = engine;
        this.json = json;
        this.clock = clock;
    }

    /** Receives a signed webhook (Standard Webhooks) from the expense platform or the bank; a redelivery is answered as repeated. */
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "Taken (or a repeat of a delivery taken before)", useReturnTypeSchema = true)
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "409", ref = "#/components/responses/Conflict")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "422", ref = "#/components/responses/KeyReused")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(description = "The signed JSON: the bank's payment status "
            + "(source bank) or the expense platform's report.approved event (source expense-platform); the "
            + "signature (webhook-id, webhook-timestamp, webhook-signature headers) is over these exact bytes",
            content = @io.swagger.v3.oas.annotations.media.Content(mediaType = "application/json",
                    schema = @Schema(oneOf = {BankStatusHook.class, ReportApprovedHook.class})))
    @PostMapping("/v1/webhooks/{tenantId}/{source:expense-platform|bank}")
    public ResponseEntity<WebhookReceipt> receive(@PathVariable UUID tenantId, @PathVariable String source,
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
        InboxKey key = new InboxKey(tenant, "webhook:" + source, webhookId);
        if (source.equals("bank")) {
            BankStatusHook status = read(payload, BankStatusHook.class);
            Receipt receipt = bankStatus(tenant, status, key, request);
            if (receipt instanceof Receipt.Rejected r && r.ended() && badNews(status)) {
                return parked(lateNews.open(tenant, new LateBankStatuses.Status(status.endToEndId(), status.status(),
                        status.reasonCode(), status.obligationId(), status.bankReference()), r, webhookId, Correlation.of(request)));
            }
            if (receipt instanceof Receipt.Repeated(Receipt.Rejected r) && r.ended() && badNews(status)) {
                return parked(LateBankStatuses.idOf(tenant, webhookId)); // a redelivery: opened the first time
            }
            return answer(receipt);
        }
        return answer(reportApproved(tenant, read(payload, ReportApprovedHook.class), key, request));
    }

    /** A rejection or cancellation of a payment: money Finrelay took for paid did not reach the employee. */
    private static boolean badNews(BankStatusHook status) {
        PaymentStatus s = PaymentStatus.fromIsoCode(status.status());
        return s == PaymentStatus.REJECTED || s == PaymentStatus.CANCELLED;
    }

    private static ResponseEntity<WebhookReceipt> parked(UUID exceptionId) {
        return ResponseEntity.ok(new WebhookReceipt("parked", null, null, exceptionId, null));
    }

    /**
     * What Finrelay made of a delivered webhook: {@code accepted} by the workflow (its instance and state),
     * {@code repeated} (the same webhook-id and body again), {@code ignored} (the workflow's state does not
     * take it; the reason says why) or {@code parked} in the exception queue. Every one is a 200: the
     * sender has delivered, and must not deliver again.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record WebhookReceipt(
            @Schema(allowableValues = {"accepted", "repeated", "ignored", "parked"}) String outcome,
            UUID instanceId, @Schema(example = "Paying") String state, UUID exceptionId, String reason) {}

    /** The bank's status of one payment: an ISO 20022 status code, the payment's end-to-end id (the report). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record BankStatusHook(
            @Schema(description = "ISO 20022 payment status (ExternalPaymentTransactionStatus1Code)", example = "ACSC")
            @NotBlank(message = "is required") String status,
            @Schema(example = "EXP-2026-00417") @NotBlank(message = "is required") String endToEndId,
            String obligationId,
            @Schema(description = "ISO 20022 reason code of a rejection", example = "AC04") String reasonCode,
            String bankReference, Instant at) {}

    /** The expense platform's announcement; the report itself is fetched from the platform. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ReportApprovedHook(@NotNull(message = "is required") @Valid Data data, String correlationId) {
        @JsonIgnoreProperties(ignoreUnknown = true)
        public record Data(@Schema(example = "usr_8f2c41") String userId,
                           @Schema(example = "EXP-2026-00417") @NotBlank(message = "is required") String reportId) {}
    }

    /** The signed body as its record, validated; a failing field is a 400 problem naming it. */
    private <T> T read(byte[] payload, Class<T> type) {
        T body;
        try {
            body = json.readValue(payload, type);
        } catch (com.fasterxml.jackson.databind.exc.MismatchedInputException e) {
            String field = e.getPath().isEmpty() ? "body" : e.getPath().stream()
                    .map(com.fasterxml.jackson.databind.JsonMappingException.Reference::getFieldName)
                    .reduce((a, b) -> a + "." + b).orElse("body");
            throw ApiProblem.invalid(field, null, "is not valid: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiProblem.invalid("body", null, "is not JSON");
        }
        return ExpenseRequests.valid(validator, body);
    }

    private Receipt reportApproved(TenantId tenant, ReportApprovedHook event, InboxKey key, HttpServletRequest request) {
        ReportApprovedHook.Data data = event.data();
        PeerEndpoint endpoint = settings.endpoint(tenant, "expense-platform")
                .orElseThrow(() -> ApiProblem.invalid("tenant", null, "has no expense platform configured"));
        JsonNode report;
        try {
            report = platform.fetch(endpoint, data.userId() == null ? "" : data.userId(), data.reportId())
                    .orElseThrow(() -> ApiProblem.invalid("data.reportId", data.reportId(),
                            "the expense platform does not know this report"));
        } catch (IllegalStateException e) {
            // The platform cannot be asked now: 503 makes it deliver the webhook again later.
            throw new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, "peer-unavailable", "Expense platform unavailable",
                    e.getMessage());
        }
        String correlation = event.correlationId() != null ? event.correlationId() : Correlation.of(request);
        return ingress.submit(tenant, report, key, correlation, "webhook:expense-platform");
    }

    private Receipt bankStatus(TenantId tenant, BankStatusHook event, InboxKey key, HttpServletRequest request) {
        String code = event.status();
        PaymentStatus status = PaymentStatus.fromIsoCode(code);
        if (status == PaymentStatus.UNKNOWN || status == PaymentStatus.PARTIALLY_ACCEPTED) {
            throw ApiProblem.invalid("status", code, "is not an ISO 20022 status of a single payment "
                    + "(ExternalPaymentTransactionStatus1Code: ACCP, ACSC, RJCT...)");
        }
        String reportId = event.endToEndId();
        // Only what was received: a value filled in on arrival would make the sender's honest retry (same
        // webhook-id, same bytes) look like another request. When it arrived is in the audit record.
        Instant at = event.at();
        return engine.submit(new InboundEvent(key, ExpenseReimbursement.TYPE, reportId, new Input.Domain(
                new ExpenseEvent.PaymentStatusReported(event.obligationId() == null ? "" : event.obligationId(), status,
                        event.reasonCode(), event.bankReference(), at)),
                Correlation.of(request), "webhook:bank"));
    }

    private static ResponseEntity<WebhookReceipt> answer(Receipt receipt) {
        WebhookReceipt body = switch (receipt) {
            case Receipt.Accepted a -> new WebhookReceipt("accepted", a.instanceId(), a.state(), null, null);
            case Receipt.Repeated r -> new WebhookReceipt("repeated", null, null, null, null);
            case Receipt.Rejected r -> new WebhookReceipt("ignored", null, null, null, r.reason());
            case Receipt.Failed f -> new WebhookReceipt("parked", null, null, f.exceptionId(), null);
            case Receipt.PayloadMismatch m -> throw new ApiProblem(HttpStatus.UNPROCESSABLE_ENTITY, "idempotency-key-reused",
                    "Webhook id reused", "this webhook-id was delivered before with another body");
            case Receipt.InFlight i -> throw new ApiProblem(HttpStatus.CONFLICT, "idempotency-key-in-flight",
                    "Webhook in flight", "this webhook-id is being processed; deliver it again later");
        };
        return ResponseEntity.ok(body);
    }
}
