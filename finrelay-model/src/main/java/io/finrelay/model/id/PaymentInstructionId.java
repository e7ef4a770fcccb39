package io.finrelay.model.id;

import java.util.Objects;
import java.util.UUID;

/** A payment instruction sent to a bank. */
public record PaymentInstructionId(UUID value) {
    public PaymentInstructionId {
        Objects.requireNonNull(value, "paymentInstructionId");
    }

    public static PaymentInstructionId of(String text) {
        return new PaymentInstructionId(Ids.parse("paymentInstructionId", text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
