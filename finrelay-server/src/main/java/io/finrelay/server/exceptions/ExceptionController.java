package io.finrelay.server.exceptions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finrelay.engine.WorkflowEngine;
import io.finrelay.engine.exception.ExceptionRecord;
import io.finrelay.engine.exception.OperatorAction;
import io.finrelay.server.security.Access;
import io.finrelay.server.security.Action;
import io.finrelay.server.security.TenantScope;
import io.finrelay.server.web.AcceptsIdempotencyKey;
import io.finrelay.server.web.ApiProblem;
import io.finrelay.server.web.Correlation;
import io.finrelay.server.web.IdempotentRequests;
import io.finrelay.server.web.RequestValidation;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The exception queue of a tenant: what needs an operator, and the four things an operator can do
 * (retry, replay, resolve, cancel). The engine audits each action with the caller's key as actor.
 */
@RestController
public class ExceptionController {

    /** An operator's note on an action. */
    public record ActionRequest(@Size(max = 2000, message = "must be at most 2000 characters") String note) {}

    public record ExceptionView(UUID id, UUID instanceId, UUID commandId, String kind, String code, String reason,
                                Map<String, String> context, String status, String owner, String correlationId,
                                Instant createdAt, Instant updatedAt) {
        static ExceptionView of(ExceptionRecord r) {
            return new ExceptionView(r.id(), r.instanceId(), r.commandId(), r.kind().name(), r.code(), r.reason(),
                    r.context(), r.status().name(), r.owner(), r.correlationId(), r.createdAt(), r.updatedAt());
        }
    }

    private final Access access;
    private final WorkflowEngine engine;
    private final IdempotentRequests idempotent;
    private final ObjectMapper json;
    private final RequestValidation validation;

    public ExceptionController(Access access, WorkflowEngine engine, IdempotentRequests idempotent, ObjectMapper json,
                               RequestValidation validation) {
        this.validation = validation;
        this.access = access;
        this.engine = engine;
        this.idempotent = idempotent;
        this.json = json;
    }

    /** The exception queue: failed or parked steps with their business context (filter by status or instance). */
    @GetMapping("/v1/tenants/{tenantId}/exceptions")
    public List<ExceptionView> list(@PathVariable UUID tenantId, @RequestParam(required = false) String status,
                                    @RequestParam(required = false) UUID instanceId,
                                    @RequestParam(defaultValue = "50") int limit) {
        TenantScope scope = access.tenant(tenantId, Action.READ_OPERATIONS);
        return engine.exceptions().list(scope.tenantId(), status(status), instanceId, Math.clamp(limit, 1, 500))
                .stream().map(ExceptionView::of).toList();
    }

    /** One exception with its context and history. */
    @GetMapping("/v1/tenants/{tenantId}/exceptions/{exceptionId}")
    public ExceptionView get(@PathVariable UUID tenantId, @PathVariable UUID exceptionId) {
        TenantScope scope = access.tenant(tenantId, Action.READ_OPERATIONS);
        return engine.exceptions().find(scope.tenantId(), exceptionId).map(ExceptionView::of)
                .orElseThrow(() -> ApiProblem.notFound("exception " + exceptionId));
    }

    /**
     * Carries out an action. With an Idempotency-Key the answer is stored in the inbox in the same
     * transaction as the action, so a resend gets the first answer whatever happened in between.
     */
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "The exception after the action",
            content = @io.swagger.v3.oas.annotations.media.Content(schema = @io.swagger.v3.oas.annotations.media.Schema(
                    implementation = ExceptionView.class)))
    @AcceptsIdempotencyKey
    @PostMapping("/v1/tenants/{tenantId}/exceptions/{exceptionId}/{action:retry|replay|resolve|cancel}")
    public ResponseEntity<JsonNode> act(@PathVariable UUID tenantId, @PathVariable UUID exceptionId,
                                        @PathVariable String action,
                                        @RequestBody(required = false) ActionRequest body, HttpServletRequest request) {
        TenantScope scope = access.admit(tenantId);
        if (engine.exceptions().find(scope.tenantId(), exceptionId).isEmpty()) {
            throw ApiProblem.notFound("exception " + exceptionId);
        }
        access.require(scope, Action.ACT_ON_EXCEPTIONS);
        OperatorAction operatorAction = OperatorAction.valueOf(action.toUpperCase(Locale.ROOT));
        String note = body == null ? null : validation.check(body).note();
        JsonNode fingerprint = json.valueToTree(body == null ? new ActionRequest(null) : body);
        return idempotent.execute(scope.tenantId(), request, fingerprint, c -> {
            ExceptionRecord after = engine.exceptions().act(c, scope.tenantId(), exceptionId, operatorAction,
                            scope.principal().actor(), note, Correlation.of(request))
                    .orElseThrow(() -> ApiProblem.notFound("exception " + exceptionId));
            return IdempotentRequests.Outcome.of(HttpStatus.OK, null, json.valueToTree(ExceptionView.of(after)));
        });
    }

    private static ExceptionRecord.Status status(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        return Arrays.stream(ExceptionRecord.Status.values()).filter(s -> s.name().equalsIgnoreCase(text)).findFirst()
                .orElseThrow(() -> ApiProblem.invalid("status", text,
                        "must be one of " + Arrays.toString(ExceptionRecord.Status.values())));
    }
}
