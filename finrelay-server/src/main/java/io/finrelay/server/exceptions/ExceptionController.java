package io.finrelay.server.exceptions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finrelay.engine.WorkflowEngine;
import io.finrelay.engine.exception.ExceptionRecord;
import io.finrelay.engine.exception.ExceptionStore;
import io.finrelay.engine.exception.OperatorAction;
import io.finrelay.server.security.Access;
import io.finrelay.server.security.Action;
import io.finrelay.server.security.TenantScope;
import io.finrelay.server.web.AcceptsIdempotencyKey;
import io.finrelay.server.web.ApiProblem;
import io.finrelay.server.web.Correlation;
import io.finrelay.server.web.IdempotentRequests;
import io.finrelay.server.web.RequestValidation;
import io.finrelay.server.sla.SlaPolicy;
import io.finrelay.server.sla.Slas;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.ArrayList;
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

    /**
     * One action on many open exceptions: those named by {@code ids}, or else every open one the filter
     * takes ({@code code}, {@code instanceId}; at most {@value #BULK_LIMIT} a call). {@code dryRun} shows what
     * would happen and changes nothing.
     */
    public record BulkRequest(@Size(max = BULK_LIMIT, message = "names at most " + BULK_LIMIT + " exceptions") List<UUID> ids,
                              @Size(max = 100, message = "must be at most 100 characters") String code,
                              UUID instanceId, boolean dryRun,
                              @Size(max = 2000, message = "must be at most 2000 characters") String note) {}

    /** What one exception of a bulk action did (or would do): applied, or refused with the reason. */
    public record BulkItem(UUID exceptionId, UUID instanceId, String code, boolean applies, String statusAfter,
                           String stateBefore, String stateAfter, String explanation) {}

    /** The answer to a bulk action: each exception it took, and whether more matched than one call takes. */
    public record BulkResult(String action, boolean dryRun, int applied, int refused, boolean more, List<BulkItem> items) {}

    static final int BULK_LIMIT = 500;

    private final Access access;
    private final WorkflowEngine engine;
    private final IdempotentRequests idempotent;
    private final ObjectMapper json;
    private final RequestValidation validation;
    private final java.time.Clock clock;
    private final Slas slas;

    public ExceptionController(Access access, WorkflowEngine engine, IdempotentRequests idempotent,
                               ObjectMapper json, RequestValidation validation, java.time.Clock clock, Slas slas) {
        this.slas = slas;
        this.clock = clock;
        this.validation = validation;
        this.access = access;
        this.engine = engine;
        this.idempotent = idempotent;
        this.json = json;
    }

    /** The exception queue as the console's pages ask for it (no SLA filter). */
    public List<ExceptionView> list(UUID tenantId, String status, UUID instanceId, String code, String owner,
                                    String olderThan, int limit) {
        return list(tenantId, status, instanceId, code, owner, olderThan, null, limit);
    }

    /**
     * The exception queue: failed or parked steps with their business context (filter by status or instance,
     * reason code, owner, age, or where an open one stands against the tenant's SLA: {@code breached} or
     * {@code due-soon}, see {@code PUT .../policies/sla}; without a policy nothing is either).
     */
    @GetMapping("/v1/tenants/{tenantId}/exceptions")
    public List<ExceptionView> list(@PathVariable UUID tenantId, @RequestParam(required = false) String status,
                                    @RequestParam(required = false) UUID instanceId,
                                    @RequestParam(required = false) String code,
                                    @RequestParam(required = false) String owner,
                                    @RequestParam(required = false) String olderThan,
                                    @io.swagger.v3.oas.annotations.Parameter(description = "open exceptions past their SLA "
                                            + "deadline (breached) or within dueSoonWithin of it (due-soon)",
                                            schema = @io.swagger.v3.oas.annotations.media.Schema(
                                                    allowableValues = {"breached", "due-soon"}))
                                    @RequestParam(required = false) String sla,
                                    @RequestParam(defaultValue = "50") int limit) {
        TenantScope scope = access.tenant(tenantId, Action.READ_OPERATIONS);
        Instant now = clock.instant();
        ExceptionRecord.Status shown = status(status);
        List<ExceptionStore.CreatedWindow> windows = null;
        if (sla != null && !sla.isBlank()) {
            SlaPolicy.Standing standing = SlaPolicy.Standing.of(sla);
            if (shown != null && shown != ExceptionRecord.Status.OPEN) {
                throw ApiProblem.invalid("sla", sla, "an SLA applies to open exceptions: leave status out or make it OPEN");
            }
            shown = ExceptionRecord.Status.OPEN;
            windows = Slas.windows(slas.policy(scope), standing, now);
        }
        ExceptionStore.Filter filter = new ExceptionStore.Filter(shown, instanceId, code(code), owner,
                olderThan == null || olderThan.isBlank() ? null : now.minus(age(olderThan)), windows);
        return engine.exceptions().list(scope.tenantId(), filter, Math.clamp(limit, 1, 500)).stream()
                .map(ExceptionView::of).toList();
    }

    /** An age as ISO-8601 ({@code PT4H}, {@code P3D}), or a 400 naming the parameter. */
    private static java.time.Duration age(String text) {
        try {
            java.time.Duration age = java.time.Duration.parse(text.strip());
            if (age.isNegative()) {
                throw new java.time.format.DateTimeParseException("negative", text, 0);
            }
            return age;
        } catch (java.time.format.DateTimeParseException e) {
            throw ApiProblem.invalid("olderThan", text, "must be an ISO-8601 duration such as PT4H or P3D");
        }
    }

    /** What a person notes while working an exception: its owner (blank for nobody), a comment, the root cause. */
    public record NoteRequest(@Size(max = 100, message = "must be at most 100 characters") String owner,
                              @Size(max = 2000, message = "must be at most 2000 characters") String comment,
                              @Size(max = 2000, message = "must be at most 2000 characters") String rootCause) {}

    /**
     * Notes on an exception, in any status: gives it an owner (or none), and records a comment and the root
     * cause found, audited ({@code exception.annotated}) in its instance's timeline.
     */
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "The exception with its owner",
            content = @io.swagger.v3.oas.annotations.media.Content(schema = @io.swagger.v3.oas.annotations.media.Schema(
                    implementation = ExceptionView.class)))
    @AcceptsIdempotencyKey
    @PostMapping("/v1/tenants/{tenantId}/exceptions/{exceptionId}/notes")
    public ResponseEntity<JsonNode> note(@PathVariable UUID tenantId, @PathVariable UUID exceptionId,
                                         @RequestBody NoteRequest body, HttpServletRequest request) {
        TenantScope scope = access.admit(tenantId);
        if (engine.exceptions().find(scope.tenantId(), exceptionId).isEmpty()) {
            throw ApiProblem.notFound("exception " + exceptionId);
        }
        access.require(scope, Action.ACT_ON_EXCEPTIONS);
        validation.check(body);
        if (body.owner() == null && (body.comment() == null || body.comment().isBlank())
                && (body.rootCause() == null || body.rootCause().isBlank())) {
            throw ApiProblem.invalid("body", null, "name an owner, a comment or a root cause");
        }
        return idempotent.execute(scope.tenantId(), request, json.valueToTree(body), c -> {
            ExceptionRecord after = engine.exceptions().annotate(c, scope.tenantId(), exceptionId, body.owner(),
                    body.comment(), body.rootCause(), scope.principal().actor(), Correlation.of(request))
                    .orElseThrow(() -> ApiProblem.notFound("exception " + exceptionId));
            return IdempotentRequests.Outcome.of(HttpStatus.OK, null, json.valueToTree(ExceptionView.of(after)));
        });
    }

    /**
     * One action on many open exceptions, by their ids or by a filter. A dry run does each action and
     * rolls it back, so it shows exactly what the action would do (the status after, the workflow's
     * state before and after, or why it is refused) and keeps nothing. Otherwise all of it is one
     * transaction: an exception the action cannot apply to is reported and skipped, the others are
     * done and audited one by one; with an Idempotency-Key a resend gets the first answer.
     */
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "What the action did, or would do, to each exception",
            content = @io.swagger.v3.oas.annotations.media.Content(schema = @io.swagger.v3.oas.annotations.media.Schema(
                    implementation = BulkResult.class)))
    @AcceptsIdempotencyKey
    @PostMapping("/v1/tenants/{tenantId}/exceptions/bulk/{action:retry|replay|resolve|cancel}")
    public ResponseEntity<JsonNode> bulk(@PathVariable UUID tenantId, @PathVariable String action,
                                         @RequestBody BulkRequest body, HttpServletRequest request) {
        TenantScope scope = access.tenant(tenantId, Action.ACT_ON_EXCEPTIONS);
        validation.check(body);
        OperatorAction operatorAction = OperatorAction.valueOf(action.toUpperCase(Locale.ROOT));
        String actor = scope.principal().actor();
        List<ExceptionRecord> matched = chosen(scope, body);
        boolean more = matched.size() > BULK_LIMIT;
        List<ExceptionRecord> chosen = matched.subList(0, Math.min(matched.size(), BULK_LIMIT));
        List<UUID> ids = chosen.stream().map(ExceptionRecord::id).toList();
        Map<UUID, ExceptionRecord> byId = new java.util.HashMap<>();
        chosen.forEach(r -> byId.put(r.id(), r));
        if (body.dryRun()) {
            List<BulkItem> items = engine.exceptions().dryRunEach(scope.tenantId(), ids, operatorAction, actor).stream()
                    .map(d -> {
                        ExceptionRecord r = byId.get(d.exceptionId());
                        return new BulkItem(r.id(), r.instanceId(), r.code(), d.applies(), d.statusAfter(),
                                d.stateBefore(), d.stateAfter(), d.explanation());
                    }).toList();
            return ResponseEntity.ok(json.valueToTree(result(action, true, items, more)));
        }
        String correlationId = Correlation.of(request);
        return idempotent.execute(scope.tenantId(), request, json.valueToTree(body), c -> {
            List<BulkItem> items = engine.exceptions().actOnEach(c, scope.tenantId(), ids, operatorAction, actor,
                    body.note(), correlationId).stream().map(o -> {
                        ExceptionRecord r = byId.get(o.exceptionId());
                        return new BulkItem(r.id(), r.instanceId(), r.code(), o.applied(),
                                o.applied() ? o.statusAfter() : r.status().name(), null, null,
                                o.applied() ? "done" : o.refusal());
                    }).toList();
            return IdempotentRequests.Outcome.of(HttpStatus.OK, null, json.valueToTree(result(action, false, items, more)));
        });
    }

    /** The exceptions a bulk request names: its ids (each must be the tenant's), or the open ones its filter takes; one more than the limit tells that more match. */
    private List<ExceptionRecord> chosen(TenantScope scope, BulkRequest body) {
        if (body.ids() != null && !body.ids().isEmpty()) {
            List<ExceptionRecord> named = new ArrayList<>();
            for (UUID id : new java.util.LinkedHashSet<>(body.ids())) {
                named.add(engine.exceptions().find(scope.tenantId(), id)
                        .orElseThrow(() -> ApiProblem.notFound("exception " + id)));
            }
            return named;
        }
        return engine.exceptions().list(scope.tenantId(), new ExceptionStore.Filter(ExceptionRecord.Status.OPEN,
                body.instanceId(), code(body.code()), null, null), BULK_LIMIT + 1);
    }

    private static BulkResult result(String action, boolean dryRun, List<BulkItem> items, boolean more) {
        int applied = (int) items.stream().filter(BulkItem::applies).count();
        return new BulkResult(action, dryRun, applied, items.size() - applied, more, List.copyOf(items));
    }

    private static String code(String code) {
        return code == null || code.isBlank() ? null : code.strip();
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
