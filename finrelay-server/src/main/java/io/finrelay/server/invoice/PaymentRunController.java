package io.finrelay.server.invoice;

import io.finrelay.model.ValidationException;
import io.finrelay.model.bank.Iban;
import io.finrelay.server.security.Access;
import io.finrelay.server.security.Action;
import io.finrelay.server.security.TenantScope;
import io.finrelay.server.web.AcceptsIdempotencyKey;
import io.finrelay.server.web.ApiProblem;
import io.finrelay.server.web.Correlation;
import io.finrelay.server.web.IdempotentRequests;
import io.finrelay.server.web.RequestValidation;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Payment runs of supplier invoices: opened by a treasurer, one pain.001 each, sent through the tenant's bank connection. */
@RestController
public class PaymentRunController {
    private final Access access;
    private final PaymentRuns runs;
    private final RequestValidation validation;

    public PaymentRunController(Access access, PaymentRuns runs, RequestValidation validation) {
        this.access = access;
        this.runs = runs;
        this.validation = validation;
    }

    /**
     * Opens a payment run: every supplier invoice planned for payment by the execution date, in one
     * pain.001. The Idempotency-Key is required: the same key again finishes or answers the run it opened.
     */
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "201", description = "Created: the run, its payments and the invoices it skipped", useReturnTypeSchema = true)
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "The same Idempotency-Key again: the run it opened", useReturnTypeSchema = true)
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "422", ref = "#/components/responses/Unprocessable")
    @AcceptsIdempotencyKey
    @PostMapping("/v1/tenants/{tenantId}/payment-runs")
    public ResponseEntity<PaymentRuns.RunView> open(@PathVariable UUID tenantId, @RequestBody InvoiceRequests.PaymentRunBody body,
                                                    HttpServletRequest request) {
        TenantScope scope = access.tenant(tenantId, Action.RELEASE_PAYMENT);
        validation.check(body);
        String key = request.getHeader(IdempotentRequests.HEADER);
        if (key == null || key.isBlank()) {
            // the run takes invoices one by one before it opens: only the key lets a repeat after a
            // failure in between find the run it started, instead of stranding those invoices
            throw ApiProblem.invalid(IdempotentRequests.HEADER, null, "is required for a payment run: send the same key "
                    + "again after a failure and the run it started is finished, not a second one opened");
        }
        Iban debtor;
        try {
            debtor = Iban.of(body.debtorAccount());
        } catch (ValidationException e) {
            throw ApiProblem.invalid("debtorAccount", null, "is not a valid IBAN");
        }
        PaymentRuns.Opening opening = runs.open(scope, body.executionDate(), debtor, body.connection(), body.initiatingParty(),
                key, Correlation.of(request));
        URI location = URI.create("/v1/tenants/" + tenantId + "/payment-runs/" + opening.run().runId());
        return opening.created() ? ResponseEntity.created(location).body(opening.run())
                : ResponseEntity.ok().location(location).body(opening.run());
    }

    /** A payment run: its state, its file's message id and name once sent, its count and total. */
    @GetMapping("/v1/tenants/{tenantId}/payment-runs/{runId}")
    public PaymentRuns.RunState get(@PathVariable UUID tenantId, @PathVariable UUID runId) {
        TenantScope scope = access.tenant(tenantId, Action.READ_OPERATIONS);
        return runs.find(scope, runId).orElseThrow(() -> ApiProblem.notFound("payment run " + runId));
    }
}
