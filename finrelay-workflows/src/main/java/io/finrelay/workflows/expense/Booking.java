package io.finrelay.workflows.expense;

import io.finrelay.model.Money;
import java.util.List;
import java.util.Objects;

/**
 * What validation settled for a report: the legal entity and functional currency it is booked in,
 * the amount owed to the employee (in the functional currency: the lines paid out of pocket, never those
 * paid by company card, so zero when every line was), where to pay it, the legal entity's four-eyes
 * threshold (in the functional currency), and how each foreign amount was converted (rate, date, source).
 */
public record Booking(String legalEntityId, String functionalCurrency, Money total, Payee payee,
                      Money fourEyesThreshold, String journalId, List<String> conversions) {

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
        if (!fourEyesThreshold.currencyCode().equals(functionalCurrency)) {
            throw new IllegalArgumentException("the four-eyes threshold (" + fourEyesThreshold + ") must be in the "
                    + "functional currency " + functionalCurrency);
        }
        Objects.requireNonNull(journalId, "journalId");
        conversions = List.copyOf(conversions);
    }
}
