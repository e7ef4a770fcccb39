package io.finrelay.server.invoice;

import io.finrelay.workflows.invoice.ApprovalRouting;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.util.UUID;

/** The request bodies of invoice to pay, checked by Bean Validation after the access check. */
final class InvoiceRequests {
    private InvoiceRequests() {}

    /**
     * An approver's decision. A person who logged in acts as themselves; a machine key names the
     * person in {@code approver}. {@code approve} false refuses the invoice, for {@code reason}.
     * {@code onBehalfOf}: the approver the caller approves for under a delegation (absent: in their own
     * right, or for whoever delegated to them and the invoice's route admits).
     */
    record ApprovalBody(@Size(max = 200, message = "must be at most 200 characters") String approver,
                        @NotNull(message = "must be true or false") Boolean approve,
                        @Size(max = 500, message = "must be at most 500 characters") String reason,
                        @Size(min = 1, max = 200, message = "must be 1-200 characters") String onBehalfOf) {}

    /**
     * A decision on a held invoice: {@code release} true lets it go on (bank details confirmed with the
     * supplier, not a duplicate, master data corrected), false refuses it.
     */
    record HoldReviewBody(@Size(max = 200, message = "must be at most 200 characters") String reviewer,
                          @NotNull(message = "must be true or false") Boolean release,
                          @Size(max = 500, message = "must be at most 500 characters") String note) {}

    /**
     * A payment run: the supplier invoices planned for payment on or before {@code executionDate}, paid
     * from the house account {@code debtorAccount} through the tenant's bank connection {@code connection};
     * {@code initiatingParty}: the name the bank knows the company by (default: the account's name).
     */
    record PaymentRunBody(@NotNull(message = "is required") java.time.LocalDate executionDate,
                          @NotBlank(message = "is required") @Size(max = 42, message = "must be an IBAN") String debtorAccount,
                          @NotBlank(message = "is required") @Pattern(regexp = "[a-z0-9][a-z0-9._-]{0,62}",
                                  message = "must be 1-63 of a-z 0-9 . _ - (a bank connection's name)") String connection,
                          @Size(min = 1, max = 70, message = "must be 1-70 characters") String initiatingParty) {}

    /**
     * The tenant's accounts-payable policy. Amounts are decimal strings in the invoices' currency.
     * {@code matchPurchaseOrders} (default false) matches an invoice naming a purchase order against it
     * (2- and 3-way) before approval, allowing its unit price {@code priceTolerancePercent} (default 0) over the
     * order's, and its quantity {@code quantityTolerancePercent} (default 0) over what the goods receipts took in.
     */
    record ApPolicyBody(@NotNull(message = "is required") UUID legalEntityId,
                        @NotBlank(message = "is required") @Pattern(regexp = "[A-Za-z0-9.\\-]{1,20}",
                                message = "must be a GL account code of 1-20 letters, digits, dots or dashes") String expenseAccount,
                        @NotBlank(message = "is required") @Pattern(regexp = "[A-Za-z0-9.\\-]{1,20}",
                                message = "must be a GL account code of 1-20 letters, digits, dots or dashes") String taxAccount,
                        @NotNull(message = "is required") @DecimalMin(value = "0", message = "must be at least 0")
                        @DecimalMax(value = "100", inclusive = false, message = "must be below 100")
                        @Digits(integer = 3, fraction = 4, message = "must have at most 4 decimals") BigDecimal costOfCapitalPercent,
                        @NotNull(message = "is required") @DecimalMin(value = "0", message = "must be at least 0")
                        @Digits(integer = 15, fraction = 2, message = "must have at most 2 decimals") BigDecimal liquidityBuffer,
                        @NotNull(message = "is required") @Min(value = 0, message = "must be at least 0")
                        @Max(value = 365, message = "must be at most 365") Integer defaultTermDays,
                        Boolean matchPurchaseOrders,
                        @DecimalMin(value = "0", message = "must be at least 0")
                        @DecimalMax(value = "100", inclusive = false, message = "must be below 100")
                        @Digits(integer = 3, fraction = 4, message = "must have at most 4 decimals") BigDecimal priceTolerancePercent,
                        @DecimalMin(value = "0", message = "must be at least 0")
                        @DecimalMax(value = "100", inclusive = false, message = "must be below 100")
                        @Digits(integer = 3, fraction = 4, message = "must have at most 4 decimals")
                        BigDecimal quantityTolerancePercent) {}

    /** A tenant's approval rules, in the order they are tried. */
    record ApprovalRulesBody(@NotNull(message = "is required (an empty list removes every rule)")
                             @Size(max = 200, message = "must hold at most 200 rules")
                             java.util.List<@NotNull(message = "must be a rule") @jakarta.validation.Valid RuleBody> rules) {}

    /**
     * One approval rule: it fits an invoice of {@code legalEntityId} (absent: any), {@code costCenter} (the
     * vendor's; absent: any), in {@code currency}, whose amount is above {@code above} (absent: zero) and at
     * most {@code upTo} (absent: no limit). It asks for {@code approvers} distinct people, each with one of
     * {@code roles} or among {@code named} (both empty: anyone), one of them with {@code requiredRole}.
     */
    record RuleBody(@NotBlank(message = "is required") @Pattern(regexp = "[a-z0-9][a-z0-9._-]{0,62}",
                            message = "must be 1-63 of a-z 0-9 . _ - (the rule's name)") String id,
                    UUID legalEntityId,
                    @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._/-]{0,18}[A-Za-z0-9]|[A-Za-z0-9]",
                            message = "must be a cost center code") String costCenter,
                    @NotNull(message = "is required") @Pattern(regexp = "[A-Z]{3}",
                            message = "must be an ISO 4217 currency") String currency,
                    @DecimalMin(value = "0", message = "must be at least 0")
                    @Digits(integer = 15, fraction = 2, message = "must have at most 2 decimals") BigDecimal above,
                    @DecimalMin(value = "0", inclusive = false, message = "must be above 0")
                    @Digits(integer = 15, fraction = 2, message = "must have at most 2 decimals") BigDecimal upTo,
                    @NotNull(message = "is required") @Min(value = 1, message = "must be at least 1")
                    @Max(value = 5, message = "must be at most 5") Integer approvers,
                    @Size(max = 20, message = "must list at most 20 roles")
                    java.util.List<@NotBlank(message = "must name a role") @Size(max = 64, message = "must be at most 64 characters") String> roles,
                    @Size(max = 50, message = "must list at most 50 people")
                    java.util.List<@NotBlank(message = "must name a person") @Size(max = 200, message = "must be at most 200 characters") String> named,
                    @Size(min = 1, max = 64, message = "must be 1-64 characters") String requiredRole) {

        ApprovalRouting.Rule rule() {
            try {
                java.util.Currency.getInstance(currency);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("currency " + currency + " is not an ISO 4217 currency");
            }
            return new ApprovalRouting.Rule(id, legalEntityId == null ? null : legalEntityId.toString(), costCenter,
                    currency, above, upTo, approvers, roles, named, requiredRole);
        }

        static RuleBody of(ApprovalRouting.Rule r) {
            return new RuleBody(r.id(), r.legalEntityId() == null ? null : UUID.fromString(r.legalEntityId()),
                    r.costCenter(), r.currency(), r.above(), r.upTo(), r.approvers(), r.roles(), r.named(), r.requiredRole());
        }
    }

    /**
     * An approver's delegation: {@code delegate} approves for them from {@code validFrom} to {@code validTo}
     * (both days included). A person who logged in delegates their own approvals; a machine key names the
     * {@code approver}.
     */
    record DelegationBody(@Size(max = 200, message = "must be at most 200 characters") String approver,
                          @NotBlank(message = "is required") @Size(max = 200, message = "must be at most 200 characters")
                          String delegate,
                          @NotNull(message = "is required") java.time.LocalDate validFrom,
                          @NotNull(message = "is required") java.time.LocalDate validTo) {}
}
