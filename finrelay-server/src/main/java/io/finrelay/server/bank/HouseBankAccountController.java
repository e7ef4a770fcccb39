package io.finrelay.server.bank;

import io.finrelay.model.Check;
import io.finrelay.model.ValidationException;
import io.finrelay.model.bank.Bic;
import io.finrelay.model.bank.Iban;
import io.finrelay.server.security.Access;
import io.finrelay.server.security.Action;
import io.finrelay.server.security.TenantScope;
import io.finrelay.server.web.ApiProblem;
import io.finrelay.server.web.Correlation;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Comparator;
import java.util.Currency;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The tenant's house bank accounts: {@code PUT .../bank-accounts/{iban}} creates (201) or replaces
 * (200) one; reads list them in IBAN order. A statement for an account not registered here is
 * imported but not reconciled (see {@link BankFileView#unregisteredAccounts()}).
 */
@RestController
public class HouseBankAccountController {
    private static final String BASE = "/v1/tenants/{tenantId}/bank-accounts";

    /** The account's owner and details; the IBAN is the path's. */
    public record HouseBankAccountRequest(
            @NotBlank String legalEntity,
            @NotBlank @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code such as EUR") String currency,
            String bic,
            @Size(max = 140) String name) {}

    /** A page of accounts; {@code next} is the {@code after} of the following page, null on the last. */
    public record HouseBankAccountPage(List<HouseBankAccounts.HouseBankAccount> items, String next) {}

    private final Access access;
    private final HouseBankAccounts accounts;
    private final Validator validator;

    public HouseBankAccountController(Access access, HouseBankAccounts accounts, Validator validator) {
        this.access = access;
        this.accounts = accounts;
        this.validator = validator;
    }

    /** Registers or updates a house bank account (legal entity, currency, BIC, name) under its IBAN. */
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "201", description = "Created: the account, registered", useReturnTypeSchema = true)
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "The same content again: the earlier record, nothing changed", useReturnTypeSchema = true)
    @PutMapping(BASE + "/{iban}")
    @Operation(operationId = "putHouseBankAccount")
    public ResponseEntity<HouseBankAccounts.HouseBankAccount> put(@PathVariable UUID tenantId, @PathVariable String iban,
                                                      @RequestBody(required = false) HouseBankAccountRequest body,
                                                      HttpServletRequest request) {
        TenantScope scope = access.tenant(tenantId, Action.WRITE_MASTER_DATA);
        check(body);
        Iban account = new Iban(iban);
        String bic = body.bic() == null || body.bic().isBlank() ? null : new Bic(body.bic()).value();
        String currency = currency(body.currency());
        HouseBankAccounts.Saved saved = accounts.save(scope, account, body.legalEntity().strip(), currency, bic,
                body.name() == null || body.name().isBlank() ? null : body.name().strip(), Correlation.of(request));
        return ResponseEntity.status(saved.created() ? HttpStatus.CREATED : HttpStatus.OK).body(saved.account());
    }

    /** One house bank account. */
    @GetMapping(BASE + "/{iban}")
    @Operation(operationId = "getHouseBankAccount")
    public HouseBankAccounts.HouseBankAccount get(@PathVariable UUID tenantId, @PathVariable String iban) {
        TenantScope scope = access.tenant(tenantId, Action.READ_MASTER_DATA);
        Iban account;
        try {
            account = new Iban(iban);
        } catch (ValidationException e) {
            throw ApiProblem.notFound("bank account " + iban);
        }
        return accounts.find(scope, account).orElseThrow(() -> ApiProblem.notFound("bank account " + account.masked()));
    }

    /** The tenant's house bank accounts. */
    @GetMapping(BASE)
    @Operation(operationId = "listHouseBankAccounts")
    public HouseBankAccountPage list(@PathVariable UUID tenantId, @RequestParam(required = false) String after,
                     @RequestParam(defaultValue = "50") int limit) {
        TenantScope scope = access.tenant(tenantId, Action.READ_MASTER_DATA);
        int size = Math.clamp(limit, 1, 500);
        List<HouseBankAccounts.HouseBankAccount> items = accounts.list(scope, after, size);
        return new HouseBankAccountPage(items, items.size() < size ? null : items.getLast().iban());
    }

    private static String currency(String code) {
        try {
            return Check.moneyCurrency("currency", Currency.getInstance(code)).getCurrencyCode();
        } catch (IllegalArgumentException e) {
            if (e instanceof ValidationException v) {
                throw v;
            }
            throw new ValidationException("currency", code, "is not an ISO 4217 currency");
        }
    }

    /** The body's constraints, checked after access (a caller without the permission gets 403 whatever it sent). */
    private void check(HouseBankAccountRequest body) {
        if (body == null) {
            throw ApiProblem.invalid("body", null, "is required");
        }
        Set<ConstraintViolation<HouseBankAccountRequest>> violations = validator.validate(body);
        if (!violations.isEmpty()) {
            throw ApiProblem.invalid(violations.stream()
                    .sorted(Comparator.comparing((ConstraintViolation<HouseBankAccountRequest> v) -> v.getPropertyPath().toString()))
                    .map(v -> new ApiProblem.FieldError(v.getPropertyPath().toString(), v.getInvalidValue(), v.getMessage()))
                    .toList());
        }
    }
}
