package io.finrelay.server.invoice;

import io.finrelay.server.security.Access;
import io.finrelay.server.security.Action;
import io.finrelay.server.security.TenantScope;
import io.finrelay.server.web.ApiProblem;
import io.finrelay.server.web.Correlation;
import io.finrelay.server.web.RequestValidation;
import jakarta.servlet.http.HttpServletRequest;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The tenant's accounts-payable policy: the legal entity and accounts supplier invoices are posted
 * to, the cost of capital an early-payment discount must beat, the liquidity buffer, the default term.
 */
@RestController
public class ApPolicyController {
    private final Access access;
    private final ApPolicies policies;
    private final RequestValidation validation;

    public ApPolicyController(Access access, ApPolicies policies, RequestValidation validation) {
        this.access = access;
        this.policies = policies;
        this.validation = validation;
    }

    /** The tenant's accounts-payable policy (404 until one is set: invoices are held until then). */
    @GetMapping("/v1/tenants/{tenantId}/ap-policy")
    public ApPolicies.ApPolicy get(@PathVariable UUID tenantId) {
        TenantScope scope = access.tenant(tenantId, Action.READ_MASTER_DATA);
        return policies.find(scope).orElseThrow(() -> ApiProblem.notFound("accounts-payable policy"));
    }

    /** Sets the tenant's accounts-payable policy (audited as a configuration change). */
    @PutMapping("/v1/tenants/{tenantId}/ap-policy")
    public ApPolicies.ApPolicy set(@PathVariable UUID tenantId, @RequestBody InvoiceRequests.ApPolicyBody body,
                                   HttpServletRequest request) {
        TenantScope scope = access.tenant(tenantId, Action.WRITE_MASTER_DATA);
        validation.check(body);
        return policies.set(scope, new ApPolicies.ApPolicy(body.legalEntityId(), body.expenseAccount(), body.taxAccount(),
                body.costOfCapitalPercent(), body.liquidityBuffer(), body.defaultTermDays(),
                Boolean.TRUE.equals(body.matchPurchaseOrders()),
                body.priceTolerancePercent() == null ? java.math.BigDecimal.ZERO : body.priceTolerancePercent(),
                body.quantityTolerancePercent() == null ? java.math.BigDecimal.ZERO : body.quantityTolerancePercent()),
                Correlation.of(request));
    }
}
