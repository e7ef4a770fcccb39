package io.finrelay.workflows.expense;

import io.finrelay.model.Money;
import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * What validation settled for a report: the legal entity and functional currency it is booked in,
 * the amount owed to the employee (in the functional currency: the lines paid out of pocket, never those
 * paid by company card, so zero when every line was), where to pay it, the four-eyes
 * threshold that applies, and how each foreign amount was converted (rate, date, source).
 */
public record Booking(String legalEntityId, String functionalCurrency, Money total, Payee payee,
                      BigDecimal fourEyesThreshold, String journalId, List<String> conversions) {

    /** Where the reimbursement goes. */
    public record Payee(String name, String iban, String bic) {}

    public Booking {
        Objects.requireNonNull(legalEntityId, "legalEntityId");
        Objects.requireNonNull(functionalCurrency, "functionalCurrency");
        Objects.requireNonNull(total, "total");
        if (!total.currencyCode().equals(functionalCurrency)) {
            throw new IllegalArgumentException("the amount owed (" + total + ") must be in the functional currency "
                    + functionalCurrency);
        }
        Objects.requireNonNull(payee, "payee");
        Objects.requireNonNull(fourEyesThreshold, "fourEyesThreshold");
        Objects.requireNonNull(journalId, "journalId");
        conversions = List.copyOf(conversions);
    }
}
