package io.finrelay.workflows.order;

import io.finrelay.model.Money;
import io.finrelay.model.ValidationException;
import java.time.LocalDate;
import java.util.Objects;

/**
 * A customer order as the CRM announced it: an Order activated or an Opportunity closed-won
 * ({@code origin}), its CRM id (the workflow's business key), the CRM account it is for and the
 * customer's reference in the ERP ({@code customerRef}), the amount, the day it takes effect, and the
 * person who submitted it in the CRM (who may not release it from a credit hold).
 */
public record OrderFacts(String orderId, String origin, String orderNumber, String accountId, String customerRef,
                         String customerName, Money amount, LocalDate effectiveDate, String submittedBy) {
    public static final String ORDER = "order";
    public static final String OPPORTUNITY = "opportunity";

    public OrderFacts {
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(customerRef, "customerRef");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(effectiveDate, "effectiveDate");
        if (!origin.equals(ORDER) && !origin.equals(OPPORTUNITY)) {
            throw new ValidationException("origin", origin, "must be order or opportunity");
        }
        if (!amount.isPositive()) {
            throw new ValidationException("amount", amount.amount().toPlainString(), "an order's amount must be positive");
        }
        orderNumber = orderNumber == null || orderNumber.isBlank() ? orderId : orderNumber;
        customerName = customerName == null || customerName.isBlank() ? customerRef : customerName;
        submittedBy = submittedBy == null ? "" : submittedBy;
    }

    public String currency() {
        return amount.currencyCode();
    }
}
