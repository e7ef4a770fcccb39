package io.finrelay.server.order;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finrelay.engine.WorkflowEngine;
import io.finrelay.engine.inbox.InboxKey;
import io.finrelay.engine.runtime.InboundEvent;
import io.finrelay.engine.runtime.Input;
import io.finrelay.engine.runtime.InstanceView;
import io.finrelay.engine.runtime.Receipt;
import io.finrelay.model.Money;
import io.finrelay.model.ValidationException;
import io.finrelay.server.governance.Duties;
import io.finrelay.server.security.Access;
import io.finrelay.server.security.Action;
import io.finrelay.server.security.TenantScope;
import io.finrelay.server.web.AcceptsIdempotencyKey;
import io.finrelay.server.web.ApiProblem;
import io.finrelay.server.web.Correlation;
import io.finrelay.server.web.IdempotentRequests;
import io.finrelay.server.web.RequestValidation;
import io.finrelay.server.workflow.ReceiptResponses;
import io.finrelay.workflows.governance.Actor;
import io.finrelay.workflows.governance.Refusal;
import io.finrelay.workflows.order.OrderEvent;
import io.finrelay.workflows.order.OrderToCash;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Order to cash on the API: the orders the CRM announced, each with its credit figures and timeline; a
 * credit controller's decision on an order held for credit review (not the order's own submitter: a
 * refusal by that rule is a 403 naming it, audited as {@code sod.refused}); and the tenant's settings
 * (the CRM, the webhook secret its events are signed with, the counterparty threshold).
 */
@RestController
public class OrderController {
    private static final String BASE = "/v1/tenants/{tenantId}";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Access access;
    private final OrderRows orders;
    private final OrderSettings settings;
    private final WorkflowEngine engine;
    private final Duties duties;
    private final RequestValidation validation;
    private final ReceiptResponses receipts;

    public OrderController(Access access, OrderRows orders, OrderSettings settings, WorkflowEngine engine, Duties duties,
                           RequestValidation validation, ReceiptResponses receipts) {
        this.access = access;
        this.orders = orders;
        this.settings = settings;
        this.engine = engine;
        this.duties = duties;
        this.validation = validation;
        this.receipts = receipts;
    }

    /** A page of orders, newest first. */
    public record OrderList(List<OrderRows.Order> items) {}

    /** One step of an order's timeline: the audit record as written. */
    public record Step(Instant at, String actor, @Schema(example = "transition") String kind, JsonNode detail) {}

    /** An order with its workflow instance and its timeline (the credit figures are in each credit decision). */
    public record OrderDetail(OrderRows.Order order, UUID instanceId, List<Step> timeline) {}

    /** A credit controller's word on a held order: {@code release} true books it, false refuses it. */
    public record CreditReviewBody(
            @Schema(description = "the person deciding; a person who logged in decides as themselves", example = "a.brandt")
            @Size(max = 100, message = "must be at most 100 characters") String reviewer,
            @NotNull(message = "is required") Boolean release,
            @Schema(example = "customer confirmed payment of AR-2026-00311") @Size(max = 500, message = "must be at most 500 characters") String note) {}

    /** An amount of a currency. */
    public record Amount(@NotBlank(message = "is required") @Schema(example = "\"60000.00\"") String amount,
                         @NotBlank(message = "is required") @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code")
                         @Schema(example = "EUR") String currency) {}

    /** The tenant's order-to-cash settings. */
    public record SettingsBody(
            @NotBlank(message = "is required") @Schema(example = "https://acme.my.salesforce.com") String crmUrl,
            @Valid @Schema(description = "the treasury's limit per customer; none: only the ERP's credit limit applies")
            Amount counterpartyThreshold,
            @Schema(description = "the legal entity whose receivables the orders' invoices are") String legalEntityId) {}

    /** The settings as stored, with where the CRM sends its events and the secret it signs them with. */
    public record SettingsView(String crmUrl, Amount counterpartyThreshold, String legalEntityId, String webhookUrl,
                               String webhookSecret) {}

    /** The orders the CRM announced, newest first, optionally of one state or customer. */
    @GetMapping(BASE + "/orders")
    public OrderList list(@PathVariable UUID tenantId, @RequestParam(required = false) String state,
                          @RequestParam(required = false) String customerRef,
                          @RequestParam(required = false, defaultValue = "100") int limit) {
        TenantScope scope = access.tenant(tenantId, Action.READ_OPERATIONS);
        if (limit < 1 || limit > 1000) {
            throw ApiProblem.invalid("limit", limit, "must be between 1 and 1000");
        }
        return new OrderList(orders.list(scope, state, customerRef, limit));
    }

    /** One order with its credit figures, its ERP sale and invoice, what is paid, and its timeline. */
    @GetMapping(BASE + "/orders/{orderId}")
    public OrderDetail get(@PathVariable UUID tenantId, @PathVariable String orderId) {
        TenantScope scope = access.tenant(tenantId, Action.READ_OPERATIONS);
        OrderRows.Order order = orders.find(scope, orderId).orElseThrow(() -> ApiProblem.notFound("order " + orderId));
        Optional<InstanceView> instance = engine.instances().findByBusinessKey(scope.tenantId(), OrderToCash.TYPE, orderId);
        List<Step> timeline = instance.map(i -> engine.timeline(scope.tenantId(), i.id()).stream()
                .map(e -> new Step(e.occurredAt(), e.actor(), e.kind(), read(e.detailJson()))).toList()).orElse(List.of());
        return new OrderDetail(order, instance.map(InstanceView::id).orElse(null), timeline);
    }

    /** Releases or refuses an order held for credit review; the order's own submitter may not. */
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "202", description = "Accepted: the workflow took the decision; Location names the instance", useReturnTypeSchema = true)
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "409", ref = "#/components/responses/Conflict")
    @AcceptsIdempotencyKey
    @PostMapping(BASE + "/orders/{orderId}/credit-review")
    public ResponseEntity<ReceiptResponses.EventReceipt> review(@PathVariable UUID tenantId, @PathVariable String orderId,
                                                                @RequestBody CreditReviewBody body, HttpServletRequest request) {
        TenantScope scope = access.tenant(tenantId, Action.CREDIT_REVIEW);
        validation.check(body);
        orders.find(scope, orderId).orElseThrow(() -> ApiProblem.notFound("order " + orderId));
        Actor reviewer = new Actor(Duties.person(scope, body.reviewer(), "reviewer", false), List.of());
        String header = request.getHeader(IdempotentRequests.HEADER);
        String key = header != null ? header : UUID.randomUUID().toString();
        Receipt receipt = engine.submit(new InboundEvent(new InboxKey(scope.tenantId(), IdempotentRequests.SOURCE, key),
                OrderToCash.TYPE, orderId, new Input.Domain(new OrderEvent.CreditReviewed(reviewer, body.release(),
                body.note() == null ? "" : body.note())), Correlation.of(request), scope.principal().actor()));
        if (receipt instanceof Receipt.Rejected rejected) {
            Optional<Refusal> refusal = Refusal.parse(rejected.reason());
            if (refusal.isPresent()) {
                duties.refused(scope, refusal.get(), reviewer, "order " + orderId, rejected.instanceId(), Correlation.of(request));
                Map<String, Object> properties = new LinkedHashMap<>();
                properties.put("state", rejected.state());
                properties.put("instanceId", rejected.instanceId());
                properties.put("rule", refusal.get().rule());
                throw new ApiProblem(HttpStatus.FORBIDDEN, "decision-refused", "Decision refused", rejected.reason(),
                        properties);
            }
        }
        return receipts.respond(scope.tenantId().value(), receipt, false);
    }

    /** Sets the tenant's CRM, counterparty threshold and legal entity; the webhook secret is made once. */
    @PutMapping(BASE + "/order-to-cash/settings")
    public SettingsView putSettings(@PathVariable UUID tenantId, @RequestBody SettingsBody body, HttpServletRequest request) {
        TenantScope scope = access.tenant(tenantId, Action.MANAGE_CONNECTORS);
        validation.check(body);
        Money threshold = null;
        if (body.counterpartyThreshold() != null) {
            try {
                threshold = Money.of(body.counterpartyThreshold().amount(), body.counterpartyThreshold().currency());
            } catch (ValidationException | NumberFormatException e) {
                throw ApiProblem.invalid("counterpartyThreshold.amount", body.counterpartyThreshold().amount(),
                        "is not an amount of " + body.counterpartyThreshold().currency() + " with its minor unit: " + e.getMessage());
            } catch (IllegalArgumentException e) {
                throw ApiProblem.invalid("counterpartyThreshold.currency", body.counterpartyThreshold().currency(),
                        "is not an ISO 4217 currency");
            }
            if (threshold.isNegative()) {
                throw ApiProblem.invalid("counterpartyThreshold.amount", body.counterpartyThreshold().amount(),
                        "must not be negative");
            }
        }
        return view(tenantId, settings.save(scope, body.crmUrl(), threshold, body.legalEntityId(), Correlation.of(request)));
    }

    /** The tenant's order-to-cash settings, with the webhook URL and secret for the CRM. */
    @GetMapping(BASE + "/order-to-cash/settings")
    public SettingsView getSettings(@PathVariable UUID tenantId) {
        TenantScope scope = access.tenant(tenantId, Action.MANAGE_CONNECTORS);
        return view(tenantId, settings.find(scope.tenantId())
                .orElseThrow(() -> ApiProblem.notFound("order-to-cash settings")));
    }

    private static SettingsView view(UUID tenantId, OrderSettings.Settings s) {
        return new SettingsView(s.crmUrl(), s.threshold() == null ? null : new Amount(s.threshold().amount().toPlainString(),
                s.threshold().currencyCode()), s.legalEntityId(), "/v1/webhooks/" + tenantId + "/crm", s.webhookSecret());
    }

    private static JsonNode read(String detail) {
        try {
            return detail == null ? null : JSON.readTree(detail);
        } catch (IOException e) {
            return null;
        }
    }
}
