package io.finrelay.server.invoice;

import io.finrelay.server.governance.Duties;
import io.finrelay.server.security.Access;
import io.finrelay.server.security.Action;
import io.finrelay.server.security.TenantScope;
import io.finrelay.server.web.ApiProblem;
import io.finrelay.server.web.Correlation;
import io.finrelay.server.web.RequestValidation;
import io.finrelay.workflows.invoice.ApprovalRouting;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Who approves a tenant's supplier invoices: its ordered approval rules (the first that fits an invoice's
 * legal entity, cost center and amount routes it when it enters approval) and the delegations approvers
 * name for their absences. The rules are master data; a delegation is an approver's own act.
 */
@RestController
public class ApprovalRuleController {
    private static final String BASE = "/v1/tenants/{tenantId}/ap";

    private final Access access;
    private final ApprovalRules rules;
    private final RequestValidation validation;

    public ApprovalRuleController(Access access, ApprovalRules rules, RequestValidation validation) {
        this.access = access;
        this.rules = rules;
        this.validation = validation;
    }

    /** The tenant's approval rules in their order (empty: every invoice goes to any one approver). */
    @GetMapping(BASE + "/approval-rules")
    public InvoiceRequests.ApprovalRulesBody get(@PathVariable UUID tenantId) {
        TenantScope scope = access.tenant(tenantId, Action.READ_MASTER_DATA);
        return new InvoiceRequests.ApprovalRulesBody(rules.rules(scope).stream().map(InvoiceRequests.RuleBody::of).toList());
    }

    /**
     * Replaces the tenant's approval rules (audited as a configuration change). Invoices already waiting for
     * approval keep the route they entered with; the new rules route the invoices that enter after.
     */
    @PutMapping(BASE + "/approval-rules")
    public InvoiceRequests.ApprovalRulesBody set(@PathVariable UUID tenantId, @RequestBody InvoiceRequests.ApprovalRulesBody body,
                                                 HttpServletRequest request) {
        TenantScope scope = access.tenant(tenantId, Action.WRITE_MASTER_DATA);
        validation.check(body);
        List<ApprovalRouting.Rule> made = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < body.rules().size(); i++) {
            InvoiceRequests.RuleBody r = body.rules().get(i);
            if (!ids.add(r.id())) {
                throw ApiProblem.invalid("rules[" + i + "].id", r.id(), "names another rule too: rule ids are unique");
            }
            try {
                made.add(r.rule());
            } catch (IllegalArgumentException e) {
                throw ApprovalRules.invalid("rules[" + i + "]", r.id(), e);
            }
        }
        rules.set(scope, made, Correlation.of(request));
        return new InvoiceRequests.ApprovalRulesBody(made.stream().map(InvoiceRequests.RuleBody::of).toList());
    }

    /** The tenant's delegations, newest first, withdrawn ones included. */
    @GetMapping(BASE + "/approval-delegations")
    public List<ApprovalRules.Delegation> delegations(@PathVariable UUID tenantId) {
        TenantScope scope = access.tenant(tenantId, Action.READ_MASTER_DATA);
        return rules.delegations(scope);
    }

    /**
     * An approver lets a delegate approve for them between two dates: a person who logged in delegates their
     * own approvals; a machine key names the approver.
     */
    @PostMapping(BASE + "/approval-delegations")
    public ResponseEntity<ApprovalRules.Delegation> delegate(@PathVariable UUID tenantId,
                                                             @RequestBody InvoiceRequests.DelegationBody body,
                                                             HttpServletRequest request) {
        TenantScope scope = access.tenant(tenantId, Action.APPROVE);
        validation.check(body);
        String approver = Duties.person(scope, body.approver(), "approver", false);
        if (approver.equals(body.delegate())) {
            throw ApiProblem.invalid("delegate", body.delegate(), "must be someone other than the approver");
        }
        if (body.validTo().isBefore(body.validFrom())) {
            throw ApiProblem.invalid("validTo", body.validTo().toString(), "must not be before validFrom "
                    + body.validFrom());
        }
        ApprovalRules.Delegation made = rules.delegate(scope, approver, body.delegate(), body.validFrom(), body.validTo(),
                Correlation.of(request));
        return ResponseEntity.status(HttpStatus.CREATED).location(java.net.URI.create("/v1/tenants/" + tenantId
                + "/ap/approval-delegations/" + made.id())).body(made);
    }

    /** Withdraws a delegation from now on; approvals it already counted stay. */
    @PostMapping(BASE + "/approval-delegations/{delegationId}/withdraw")
    public ApprovalRules.Delegation withdraw(@PathVariable UUID tenantId, @PathVariable UUID delegationId,
                                             HttpServletRequest request) {
        TenantScope scope = access.tenant(tenantId, Action.APPROVE);
        return rules.withdraw(scope, delegationId, Correlation.of(request))
                .orElseThrow(() -> ApiProblem.notFound("approval delegation " + delegationId));
    }
}
