package io.finrelay.workflows.port;

import io.finrelay.model.Check;
import io.finrelay.model.Money;
import java.time.LocalDate;
import java.util.Objects;
import java.util.UUID;

/** Pay (part of) an open payable line on a date; {@code commandId} is kept with the payment. */
public record PaymentRequest(UUID commandId, String payableLineRef, Money amount, LocalDate date, String description) {
    public PaymentRequest {
        Objects.requireNonNull(commandId, "commandId");
        Check.required("payableLineRef", payableLineRef);
        Check.positive("amount", amount);
        Check.required("date", date);
        Check.text("description", description, 140);
    }
}
