package io.finrelay.workflows.port;

import io.finrelay.model.Money;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * An open payable or receivable line of the ledger: what is still owed, to or by whom, and since
 * when. {@code amount} is what is left open (for payables: not yet covered by a payment).
 */
public record OpenItem(String erpRef, String partyRef, String partyName, Money amount, LocalDate date,
                       Optional<LocalDate> maturityDate, String description) {
    public OpenItem {
        Objects.requireNonNull(erpRef, "erpRef");
        Objects.requireNonNull(partyRef, "partyRef");
        Objects.requireNonNull(partyName, "partyName");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(maturityDate, "maturityDate");
        Objects.requireNonNull(description, "description");
    }
}
