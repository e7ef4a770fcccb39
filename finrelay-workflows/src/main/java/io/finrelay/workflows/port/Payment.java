package io.finrelay.workflows.port;

import io.finrelay.model.Money;
import java.util.Objects;

/** A payment as the ERP holds it; {@code state} is the ERP's word (draft, approved, processing, succeeded, failed). */
public record Payment(String erpRef, String partyRef, Money amount, String state, String description) {
    public Payment {
        Objects.requireNonNull(erpRef, "erpRef");
        Objects.requireNonNull(partyRef, "partyRef");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(description, "description");
    }
}
