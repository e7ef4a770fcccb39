package io.finrelay.server.order;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finrelay.connectors.sandbox.CrmConnector;
import io.finrelay.engine.WorkflowEngine;
import io.finrelay.engine.inbox.InboxKey;
import io.finrelay.engine.runtime.InboundEvent;
import io.finrelay.engine.runtime.Input;
import io.finrelay.engine.runtime.Receipt;
import io.finrelay.model.Money;
import io.finrelay.model.ValidationException;
import io.finrelay.model.id.TenantId;
import io.finrelay.server.web.ApiProblem;
import io.finrelay.server.web.Correlation;
import io.finrelay.server.web.WebhookSignature;
import io.finrelay.workflows.order.OrderEvent;
import io.finrelay.workflows.order.OrderFacts;
import io.finrelay.workflows.order.OrderToCash;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
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
 * The CRM's change events (Salesforce Change Data Capture payloads), signed per Standard Webhooks with
 * the tenant's order-to-cash secret. A missing, wrong or stale signature is a 401 problem and nothing
 * is read or written. An Order whose Status became Activated, or an Opportunity that became Closed Won,
 * starts the order's workflow: the records are read from the CRM (an event carries only what changed),
 * and the start is deduplicated by the event's {@code webhook-id} in the inbox, and by the order itself
 * (a second start of the same order is refused by its workflow, so the ERP books it once). Every
 * Opportunity event also refreshes the tenant's copy of the opportunity for the cash forecast.
 */
@RestController
public class CrmWebhookController {
    private static final Logger log = LoggerFactory.getLogger(CrmWebhookController.class);

    private final OrderSettings settings;
    private final CrmConnector crm;
    private final Opportunities opportunities;
    private final WorkflowEngine engine;
    private final ObjectMapper json;
    private final Clock clock;

    public CrmWebhookController(OrderSettings settings, CrmConnector crm, Opportunities opportunities,
                                WorkflowEngine engine, ObjectMapper json, Clock clock) {
        this.settings = settings;
        this.crm = crm;
        this.opportunities = opportunities;
        this.engine = engine;
        this.json = json;
        this.clock = clock;
    }

    /** What Finrelay made of a CRM event: {@code accepted} (an order started), {@code repeated}, {@code stored} (an opportunity kept for the forecast) or {@code ignored}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CrmReceipt(@Schema(allowableValues = {"accepted", "repeated", "stored", "ignored"}) String outcome,
                             UUID instanceId, @Schema(example = "CheckingCredit") String state, String reason) {}

    /** A Salesforce Change Data Capture event as the CRM sends it; the changed fields sit beside the header. */
    @com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
    public record ChangeEvent(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) Payload payload, Replay event,
                              @Schema(example = "/data/OrderChangeEvent") String channel) {
        /** The header and (here) the Status an Order changed to; other changed fields are passed on as they are. */
        public record Payload(@com.fasterxml.jackson.annotation.JsonProperty("ChangeEventHeader")
                              @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Header changeEventHeader,
                              @com.fasterxml.jackson.annotation.JsonProperty("Status") @Schema(example = "Activated") String status) {}

        /** What changed: the object, its record ids, how, and by whom. */
        public record Header(@Schema(example = "Order", allowableValues = {"Order", "Opportunity", "Account"}) String entityName,
                             @Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<String> recordIds,
                             @Schema(example = "UPDATE", allowableValues = {"CREATE", "UPDATE", "DELETE", "UNDELETE"}) String changeType,
                             List<String> changedFields, @Schema(example = "0055g00000A1bCdAAF") String commitUser) {}

        /** The event's position in the CRM's stream. */
        public record Replay(@Schema(example = "1042") long replayId) {}
    }

    /** Receives a signed change event of the tenant's CRM (Order, Opportunity, Account). */
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "Taken (or a repeat of a delivery taken before)", useReturnTypeSchema = true)
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "409", ref = "#/components/responses/Conflict")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "422", ref = "#/components/responses/KeyReused")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(description = "The signed JSON: a Change Data Capture event, "
            + "its header and the fields that changed; the signature (webhook-id, webhook-timestamp, webhook-signature "
            + "headers) is over these exact bytes",
            content = @io.swagger.v3.oas.annotations.media.Content(mediaType = "application/json",
                    schema = @Schema(implementation = ChangeEvent.class)))
    @PostMapping("/v1/webhooks/{tenantId}/crm")
    public ResponseEntity<CrmReceipt> receive(@PathVariable UUID tenantId, @RequestBody(required = false) byte[] body,
                                              HttpServletRequest request) {
        TenantId tenant = new TenantId(tenantId);
        byte[] payload = body == null ? new byte[0] : body;
        String webhookId = request.getHeader("webhook-id");
        Optional<String> problem = settings.find(tenant)
                .map(s -> WebhookSignature.problem(s.webhookSecret(), webhookId, request.getHeader("webhook-timestamp"),
                        request.getHeader("webhook-signature"), payload, clock.instant()))
                .orElse(Optional.of("tenant has no order-to-cash settings"));
        if (problem.isPresent()) {
            log.warn("CRM webhook for tenant {} refused: {}", tenantId, problem.get());
            throw new ApiProblem(HttpStatus.UNAUTHORIZED, "invalid-signature", "Invalid webhook signature",
                    "the webhook signature is missing, wrong or outside the accepted time window");
        }
        JsonNode event;
        try {
            event = json.readTree(payload);
        } catch (IOException e) {
            throw ApiProblem.invalid("body", null, "is not JSON");
        }
        JsonNode header = event == null ? null : event.path("payload").path("ChangeEventHeader");
        if (header == null || !header.path("recordIds").isArray() || header.path("recordIds").isEmpty()) {
            throw ApiProblem.invalid("payload.ChangeEventHeader.recordIds", null, "is required");
        }
        String entity = header.path("entityName").asText();
        String id = header.path("recordIds").get(0).asText();
        JsonNode changed = event.get("payload");
        try {
            return switch (entity) {
                case "Order" -> "Activated".equals(changed.path("Status").asText())
                        ? ResponseEntity.ok(start(tenant, webhookId, request, fromOrder(tenant, id, header)))
                        : ignored("order " + id + " was not activated by this change");
                case "Opportunity" -> opportunity(tenant, webhookId, request, id, header);
                default -> ignored(entity + " events start nothing");
            };
        } catch (IllegalStateException e) {
            // The CRM cannot be asked for the record now: 503 makes it deliver the event again later.
            throw new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, "peer-unavailable", "CRM unavailable", e.getMessage());
        }
    }

    private ResponseEntity<CrmReceipt> opportunity(TenantId tenant, String webhookId, HttpServletRequest request, String id,
                                                   JsonNode header) {
        JsonNode opp = crm.fetch(tenant, "Opportunity", id).orElse(null);
        if (opp == null) {
            return ignored("the CRM does not know opportunity " + id);
        }
        opportunities.store(tenant, opp, clock.instant());
        if (!opp.path("IsWon").asBoolean(false)) {
            return ResponseEntity.ok(new CrmReceipt("stored", null, null, null));
        }
        JsonNode account = account(tenant, opp.path("AccountId").asText());
        OrderFacts facts = facts(id, OrderFacts.OPPORTUNITY, opp.path("Name").asText(null), account,
                text(opp, "Amount"), text(opp, "CloseDate"), currency(opp, account), submitter(opp, header));
        return ResponseEntity.ok(start(tenant, webhookId, request, facts));
    }

    private OrderFacts fromOrder(TenantId tenant, String id, JsonNode header) {
        JsonNode order = crm.fetch(tenant, "Order", id)
                .orElseThrow(() -> ApiProblem.invalid("payload.ChangeEventHeader.recordIds", id, "the CRM does not know this order"));
        JsonNode account = account(tenant, order.path("AccountId").asText());
        return facts(id, OrderFacts.ORDER, order.path("OrderNumber").asText(null), account, text(order, "TotalAmount"),
                text(order, "EffectiveDate"), currency(order, account), submitter(order, header));
    }

    private JsonNode account(TenantId tenant, String accountId) {
        return crm.fetch(tenant, "Account", accountId)
                .orElseThrow(() -> ApiProblem.invalid("AccountId", accountId, "the CRM does not know this account"));
    }

    /** The order as the workflow takes it; a record that cannot be one is a 400 naming the field. */
    private static OrderFacts facts(String id, String origin, String number, JsonNode account, String amount, String date,
                                    String currency, String submittedBy) {
        if (amount == null) {
            throw ApiProblem.invalid(origin.equals(OrderFacts.ORDER) ? "TotalAmount" : "Amount", null, "is required");
        }
        if (date == null) {
            throw ApiProblem.invalid(origin.equals(OrderFacts.ORDER) ? "EffectiveDate" : "CloseDate", null, "is required");
        }
        Money money;
        LocalDate effective;
        try {
            money = Money.of(new BigDecimal(amount).setScale(java.util.Currency.getInstance(currency).getDefaultFractionDigits()),
                    java.util.Currency.getInstance(currency));
            effective = LocalDate.parse(date);
        } catch (NumberFormatException | ArithmeticException | DateTimeParseException e) {
            throw ApiProblem.invalid(origin.equals(OrderFacts.ORDER) ? "TotalAmount" : "Amount", amount,
                    "is not an amount of " + currency + " on a date");
        } catch (IllegalArgumentException e) {
            throw ApiProblem.invalid("CurrencyIsoCode", currency, "is not an ISO 4217 currency");
        }
        try {
            String customerRef = account.hasNonNull("AccountNumber") ? account.get("AccountNumber").asText()
                    : account.path("Id").asText();
            return new OrderFacts(id, origin, number, account.path("Id").asText(), customerRef,
                    account.path("Name").asText(null), money, effective, submittedBy);
        } catch (ValidationException e) {
            throw ApiProblem.invalid(e.field(), e.rejectedValue(), e.getMessage());
        }
    }

    private static String text(JsonNode record, String field) {
        return record.hasNonNull(field) ? record.get(field).asText() : null;
    }

    /** The record's currency (multi-currency orgs), else the account's, else EUR (a single-currency org's default here). */
    private static String currency(JsonNode record, JsonNode account) {
        return record.hasNonNull("CurrencyIsoCode") ? record.get("CurrencyIsoCode").asText()
                : account.hasNonNull("CurrencyIsoCode") ? account.get("CurrencyIsoCode").asText() : "EUR";
    }

    /** Who submitted it: the user who activated the order, else its owner, else the user of the change. */
    private static String submitter(JsonNode record, JsonNode header) {
        for (String field : new String[] {"ActivatedById", "OwnerId"}) {
            if (record.hasNonNull(field)) {
                return record.get(field).asText();
            }
        }
        return header.path("commitUser").asText("");
    }

    private CrmReceipt start(TenantId tenant, String webhookId, HttpServletRequest request, OrderFacts facts) {
        Receipt receipt = engine.submit(new InboundEvent(new InboxKey(tenant, "webhook:crm", webhookId), OrderToCash.TYPE,
                facts.orderId(), new Input.Domain(new OrderEvent.Arrived(facts)), Correlation.of(request), "webhook:crm"));
        return switch (receipt) {
            case Receipt.Accepted a -> new CrmReceipt("accepted", a.instanceId(), a.state(), null);
            case Receipt.Repeated r -> new CrmReceipt("repeated", null, null, null);
            case Receipt.Rejected r -> new CrmReceipt("ignored", null, null, r.reason());
            case Receipt.Failed f -> new CrmReceipt("ignored", null, null, "parked as exception " + f.exceptionId());
            case Receipt.PayloadMismatch m -> throw new ApiProblem(HttpStatus.UNPROCESSABLE_ENTITY, "idempotency-key-reused",
                    "Webhook id reused", "this webhook-id was delivered before with another body");
            case Receipt.InFlight i -> throw new ApiProblem(HttpStatus.CONFLICT, "idempotency-key-in-flight",
                    "Webhook in flight", "this webhook-id is being processed; deliver it again later");
        };
    }

    private static ResponseEntity<CrmReceipt> ignored(String reason) {
        return ResponseEntity.ok(new CrmReceipt("ignored", null, null, reason));
    }
}
