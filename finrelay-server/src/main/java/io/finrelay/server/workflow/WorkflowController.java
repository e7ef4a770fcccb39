package io.finrelay.server.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finrelay.engine.WorkflowEngine;
import io.finrelay.engine.audit.AuditTrail;
import io.finrelay.engine.inbox.InboxKey;
import io.finrelay.engine.runtime.InboundEvent;
import io.finrelay.engine.runtime.Input;
import io.finrelay.engine.runtime.InstanceQueries;
import io.finrelay.engine.runtime.InstanceView;
import io.finrelay.engine.runtime.Receipt;
import io.finrelay.engine.runtime.WorkflowRegistry;
import io.finrelay.engine.workflow.WorkflowEvent;
import io.finrelay.server.security.Access;
import io.finrelay.server.security.Action;
import io.finrelay.server.security.TenantScope;
import io.finrelay.server.web.AcceptsIdempotencyKey;
import io.finrelay.server.web.ApiProblem;
import io.finrelay.server.web.Correlation;
import io.finrelay.server.web.IdempotentRequests;
import io.finrelay.server.web.RequestErrors;
import io.finrelay.server.web.RequestValidation;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Events into workflows and the instances they drive. An event is deduplicated by the engine's inbox
 * under its Idempotency-Key (or {@code externalId}) in the same transaction as its transition.
 */
@RestController
public class WorkflowController {

    /** An event for the instance of {@code type} that {@code businessKey} names (created by its first event). */
    public record EventSubmission(
            @NotBlank(message = "must be 1 to 255 characters") @Size(max = 255, message = "must be 1 to 255 characters")
            String businessKey,
            String externalId,
            @NotNull(message = "is required: its type and data") @Valid EventBody event) {}

    /** The event's type (its record name, e.g. {@code InvoiceApproved}) and its data. */
    public record EventBody(@NotBlank(message = "is required") String type, JsonNode data) {}

    /** An instance with its timeline, oldest entry first. */
    public record InstanceDetail(UUID id, UUID tenantId, String workflowType, String businessKey, String state,
                                 JsonNode stateData, boolean ended, long version, String correlationId,
                                 Instant createdAt, Instant updatedAt, List<TimelineEntry> timeline) {}

    public record InstanceSummary(UUID id, String workflowType, String businessKey, String state, boolean ended,
                                  long version, String correlationId, Instant createdAt, Instant updatedAt) {}

    /** One step of an instance's timeline (an audit record of it), oldest first. */
    public record TimelineEntry(long id, Instant occurredAt, String actor, String kind, String correlationId,
                                JsonNode detail) {
        public static TimelineEntry of(AuditTrail.Entry e, ObjectMapper json) {
            try {
                return new TimelineEntry(e.id(), e.occurredAt(), e.actor(), e.kind(), e.correlationId(),
                        e.detailJson() == null ? null : json.readTree(e.detailJson()));
            } catch (com.fasterxml.jackson.core.JsonProcessingException x) {
                throw new IllegalStateException("stored JSON could not be read", x);
            }
        }
    }

    private final Access access;
    private final WorkflowEngine engine;
    private final ReceiptResponses receipts;
    private final ObjectMapper json;
    private final RequestValidation validation;

    public WorkflowController(Access access, WorkflowEngine engine, ReceiptResponses receipts, ObjectMapper json,
                              RequestValidation validation) {
        this.validation = validation;
        this.access = access;
        this.engine = engine;
        this.receipts = receipts;
        this.json = json;
    }

    /** Submits an event to a workflow: only the events the workflow declares as external inputs for the caller's role. */
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "202", description = "Accepted: the workflow took the event (outcome accepted) or parked it in the exception queue (outcome parked); Location names the instance or the exception", useReturnTypeSchema = true)
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "409", ref = "#/components/responses/Conflict")
    @AcceptsIdempotencyKey
    @PostMapping(path = "/v1/tenants/{tenantId}/workflows/{type}/events", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<ReceiptResponses.EventReceipt> submit(@PathVariable UUID tenantId, @PathVariable String type,
                                         @RequestBody EventSubmission body, HttpServletRequest request) {
        TenantScope scope = access.tenant(tenantId, Action.SUBMIT_EVENTS);
        WorkflowRegistry.Registered<?, ?> workflow = engine.workflows().find(type)
                .orElseThrow(() -> ApiProblem.notFound("workflow type '" + type + "'"));
        String key = dedupKey(request.getHeader(IdempotentRequests.HEADER), body.externalId());
        validation.check(body);
        if (workflow.events().knows(body.event().type())) {
            // Checked before the data is read: a caller learns nothing about an event it may not send.
            access.requireExternalInput(scope, workflow.definition(), body.event().type());
        }
        WorkflowEvent event = decode(workflow, body.event());
        String correlationId = Correlation.of(request);
        Receipt receipt = engine.submit(new InboundEvent(new InboxKey(scope.tenantId(), IdempotentRequests.SOURCE, key),
                type, body.businessKey(), new Input.Domain(event), correlationId, scope.principal().actor()));
        return receipts.respond(tenantId, receipt, false);
    }

    private static String dedupKey(String header, String externalId) {
        if (header != null && externalId != null && !header.equals(externalId)) {
            throw ApiProblem.invalid("externalId", externalId, "differs from the Idempotency-Key header; send one of them");
        }
        String key = header != null ? header : externalId;
        if (key == null || key.isBlank() || key.length() > InboxKey.MAX_KEY_LENGTH) {
            throw ApiProblem.invalid(IdempotentRequests.HEADER, key, "an event needs an Idempotency-Key header or an "
                    + "externalId of 1 to " + InboxKey.MAX_KEY_LENGTH + " characters, so that a resend is never applied twice");
        }
        return key;
    }

    private static WorkflowEvent decode(WorkflowRegistry.Registered<?, ?> workflow, EventBody body) {
        if (!workflow.events().knows(body.type())) {
            throw ApiProblem.invalid("event.type", body.type(), "is not an event of workflow " + workflow.definition().type());
        }
        String data = body.data() == null || body.data().isNull() ? "{}" : body.data().toString();
        try {
            return workflow.events().read(body.type(), data);
        } catch (UncheckedIOException | IllegalArgumentException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            // Said in the caller's terms (the field and the JSON it wanted), never a Java type's name.
            String reason;
            if (cause instanceof com.fasterxml.jackson.core.JsonProcessingException j) {
                ApiProblem.FieldError error = RequestErrors.unreadable(j);
                reason = "body".equals(error.field()) ? error.reason() : error.field() + " " + error.reason();
            } else {
                reason = cause.getMessage();
            }
            throw ApiProblem.invalid("event.data", null, "does not fit " + body.type() + ": " + reason);
        }
    }

    /** One workflow instance with its state and timeline. */
    @GetMapping("/v1/tenants/{tenantId}/workflows/instances/{instanceId}")
    public InstanceDetail instance(@PathVariable UUID tenantId, @PathVariable UUID instanceId) {
        TenantScope scope = access.tenant(tenantId, Action.READ_OPERATIONS);
        InstanceView view = engine.instances().find(scope.tenantId(), instanceId)
                .orElseThrow(() -> ApiProblem.notFound("workflow instance " + instanceId));
        List<TimelineEntry> timeline = engine.timeline(scope.tenantId(), instanceId).stream().map(this::entry).toList();
        return new InstanceDetail(view.id(), view.tenantId().value(), view.workflowType(), view.businessKey(),
                view.state(), tree(view.stateJson()), view.ended(), view.version(), view.correlationId(),
                view.createdAt(), view.updatedAt(), timeline);
    }

    /**
     * Lists workflow instances, newest first: filter by type, state, business key, correlation id or the days
     * they began ({@code from}, {@code to}: ISO dates, UTC, both included); page with {@code before} (the last
     * id of the previous page).
     */
    @GetMapping("/v1/tenants/{tenantId}/workflows/instances")
    public List<InstanceSummary> instances(@PathVariable UUID tenantId, @RequestParam(required = false) String type,
                                           @RequestParam(required = false) String state,
                                           @RequestParam(required = false) String businessKey,
                                           @RequestParam(required = false) String correlationId,
                                           @RequestParam(required = false) UUID before,
                                           @RequestParam(required = false) java.time.LocalDate from,
                                           @RequestParam(required = false) java.time.LocalDate to,
                                           @RequestParam(defaultValue = "50") int limit) {
        TenantScope scope = access.tenant(tenantId, Action.READ_OPERATIONS);
        if (from != null && to != null && to.isBefore(from)) {
            throw ApiProblem.invalid("to", to, "must not be before from (" + from + ")");
        }
        // Dates are UTC days: from its first instant, to the end of the to day.
        InstanceQueries.Filter filter = new InstanceQueries.Filter(blankToNull(type), blankToNull(state),
                blankToNull(businessKey), blankToNull(correlationId), before,
                from == null ? null : from.atStartOfDay(java.time.ZoneOffset.UTC).toInstant(),
                to == null ? null : to.plusDays(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant());
        return engine.instances().list(scope.tenantId(), filter, Math.clamp(limit, 1, 500))
                .stream()
                .map(v -> new InstanceSummary(v.id(), v.workflowType(), v.businessKey(), v.state(), v.ended(),
                        v.version(), v.correlationId(), v.createdAt(), v.updatedAt()))
                .toList();
    }

    private TimelineEntry entry(AuditTrail.Entry e) {
        return TimelineEntry.of(e, json);
    }

    private JsonNode tree(String text) {
        try {
            return text == null ? null : json.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("stored JSON could not be read", e);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
