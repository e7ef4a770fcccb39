package io.finrelay.workflows.port;

import io.finrelay.model.Money;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a customer may owe and does owe: the credit limit (none = not limited), the credit amount the
 * ERP counts against it (receivables plus confirmed, not yet invoiced orders), and the open
 * receivable lines behind it.
 */
public record CreditExposure(String customerRef, Optional<Money> creditLimit, Money creditAmount,
                             List<OpenItem> openReceivables) {
    public CreditExposure {
        Objects.requireNonNull(customerRef, "customerRef");
        Objects.requireNonNull(creditLimit, "creditLimit");
        Objects.requireNonNull(creditAmount, "creditAmount");
        openReceivables = List.copyOf(openReceivables);
    }

    /** What is left before the limit; empty when the customer has none. */
    public Optional<Money> headroom() {
        return creditLimit.map(limit -> limit.minus(creditAmount));
    }

    /** Would an order of {@code amount} stay within the limit? */
    public boolean allows(Money amount) {
        return headroom().map(h -> h.compareTo(amount) >= 0).orElse(true);
    }
}
