package io.finrelay.workflows.port;

import io.finrelay.model.Money;
import java.time.LocalDate;
import java.util.Objects;
import java.util.UUID;

/**
 * A paid payable to clear in the ERP: the journal that booked it ({@code journalRef}, as the ERP
 * answered the posting), the amount the bank settled, when, and the payment's reference at the bank.
 * The command id makes the clearing findable again (ERPs without idempotency keys carry it as a tag).
 */
public record PayableClearing(UUID commandId, String journalRef, Money amount, LocalDate date, String paymentRef,
                              String description) {
    public PayableClearing {
        Objects.requireNonNull(commandId, "commandId");
        Objects.requireNonNull(journalRef, "journalRef");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(paymentRef, "paymentRef");
        Objects.requireNonNull(description, "description");
        if (!amount.isPositive()) {
            throw new IllegalArgumentException("a clearing amount must be positive, was " + amount);
        }
    }
}
