package io.finrelay.server.invoice;

import io.finrelay.engine.runtime.Receipt;
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
import io.finrelay.workflows.invoice.InvoiceEvent;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * What people decide on a supplier invoice: its approval (or refusal) under the tenant's duty policy,
 * and the review of a hold (bank details that differ from the vendor master, a possible duplicate,
 * corrected master data). The workflow applies the duty rules under the instance's lock; a refusal
 * by a rule is a 403 naming it, audited as {@code sod.refused}.
 */
@RestController
public class InvoiceDecisionController {
    private static final String BASE = "/v1/tenants/{tenantId}/supplier-invoices/{invoiceId}";

    private final Access access;
    private final SupplierInvoices invoices;
    private final InvoiceWorkflow workflow;
    private final Duties duties;
    private final RequestValidation validation;
    private final ReceiptResponses receipts;
    private final io.finrelay.server.expense.ExpenseSetup setup;

    public InvoiceDecisionController(Access access, SupplierInvoices invoices, InvoiceWorkflow workflow, Duties duties,
                                     RequestValidation validation, ReceiptResponses receipts,
                                     io.finrelay.server.expense.ExpenseSetup setup) {
        this.setup = setup;
        this.access = access;
        this.invoices = invoices;
        this.workflow = workflow;
        this.duties = duties;
        this.validation = validation;
        this.receipts = receipts;
    }

    /**
     * Approves (or refuses) a supplier invoice for payment on the route its approval rule gave it: only an
     * approver the route admits (or their delegate), no self-approval, distinct approvers, two above the
     * four-eyes threshold.
     */
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "202", description = "Accepted: the workflow took the decision; Location names the instance", useReturnTypeSchema = true)
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "409", ref = "#/components/responses/Conflict")
    @AcceptsIdempotencyKey
    @PostMapping(BASE + "/approval")
    public ResponseEntity<ReceiptResponses.EventReceipt> approve(@PathVariable UUID tenantId, @PathVariable String invoiceId,
                                          @RequestBody InvoiceRequests.ApprovalBody body, HttpServletRequest request) {
        TenantScope scope = access.tenant(tenantId, Action.APPROVE);
        validation.check(body);
        UUID id = known(scope, invoiceId);
        String person = Duties.person(scope, body.approver(), "approver", false);
        Actor approver = new Actor(person, roles(scope, person));
        InvoiceEvent event = body.approve() ? new InvoiceEvent.Approved(approver, duties.policy(scope), body.onBehalfOf(),
                List.of(), null)
                : new InvoiceEvent.ApprovalRefused(approver, body.reason() == null ? "" : body.reason());
        return answer(scope, id, approver, event, request);
    }

    /** Decides on a held invoice: release it (the bank details are the supplier's; not a duplicate; data corrected) or refuse it. */
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "202", description = "Accepted: the workflow took the decision; Location names the instance", useReturnTypeSchema = true)
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "409", ref = "#/components/responses/Conflict")
    @AcceptsIdempotencyKey
    @PostMapping(BASE + "/hold-review")
    public ResponseEntity<ReceiptResponses.EventReceipt> review(@PathVariable UUID tenantId, @PathVariable String invoiceId,
                                         @RequestBody InvoiceRequests.HoldReviewBody body, HttpServletRequest request) {
        TenantScope scope = access.tenant(tenantId, Action.ACT_ON_EXCEPTIONS);
        validation.check(body);
        UUID id = known(scope, invoiceId);
        Actor reviewer = new Actor(Duties.person(scope, body.reviewer(), "reviewer", false), List.of());
        return answer(scope, id, reviewer, new InvoiceEvent.HoldReviewed(reviewer, body.release(),
                body.note() == null ? "" : body.note()), request);
    }

    /**
     * The approver's duty roles, which approval rules admit by: the tenant's roles of the person (set with
     * {@code PUT .../expense/roles/{person}}), and for a person who logged in also the roles of their login.
     */
    private List<String> roles(TenantScope scope, String person) {
        java.util.Set<String> roles = new java.util.TreeSet<>(setup.rolesOf(scope.tenantId(), person));
        if (scope.principal().kind() == io.finrelay.server.security.ApiPrincipal.Kind.USER) {
            roles.addAll(scope.principal().roleNames());
        }
        return List.copyOf(roles);
    }

    private UUID known(TenantScope scope, String invoiceId) {
        UUID id;
        try {
            id = UUID.fromString(invoiceId);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.invalid("invoiceId", invoiceId, "must be a supplier invoice id (a UUID)");
        }
        invoices.find(scope, id).orElseThrow(() -> ApiProblem.notFound("supplier invoice " + invoiceId));
        return id;
    }

    private ResponseEntity<ReceiptResponses.EventReceipt> answer(TenantScope scope, UUID id, Actor actor, InvoiceEvent event,
                                          HttpServletRequest request) {
        String header = request.getHeader(IdempotentRequests.HEADER);
        String key = header != null ? header : UUID.randomUUID().toString();
        Receipt receipt = workflow.deliver(scope, id, event, key, Correlation.of(request));
        if (receipt instanceof Receipt.Rejected rejected) {
            Optional<Refusal> refusal = Refusal.parse(rejected.reason());
            if (refusal.isPresent()) {
                duties.refused(scope, refusal.get(), actor, "supplier-invoice " + id, rejected.instanceId(),
                        Correlation.of(request));
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
}
