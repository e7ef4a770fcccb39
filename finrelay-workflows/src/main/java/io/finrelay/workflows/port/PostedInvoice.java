package io.finrelay.workflows.port;

import io.finrelay.model.Money;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A supplier invoice as the ERP holds it after posting: its number, the total it computed (with
 * tax), what is left to pay, and its payable lines (what a payment points at).
 */
public record PostedInvoice(UUID commandId, String erpRef, String number, String state, Money total,
                            Money amountToPay, List<String> payableLineRefs) {
    public PostedInvoice {
        Objects.requireNonNull(commandId, "commandId");
        Objects.requireNonNull(erpRef, "erpRef");
        Objects.requireNonNull(number, "number");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(total, "total");
        Objects.requireNonNull(amountToPay, "amountToPay");
        payableLineRefs = List.copyOf(payableLineRefs);
    }
}
