package io.finrelay.model.ledger;

import io.finrelay.model.Money;
import io.finrelay.model.ValidationException;
import java.util.Currency;

/** A journal entry whose debits and credits differ in one currency; names the currency and the difference. */
public class UnbalancedJournalException extends ValidationException {
    private final transient Money difference;

    /** @param difference debits minus credits in the unbalanced currency (never zero) */
    public UnbalancedJournalException(Money difference) {
        super("lines", difference,
                "debits and credits in " + difference.currencyCode() + " differ by " + difference.amount().toPlainString()
                        + " (debits minus credits)");
        this.difference = difference;
    }

    public Currency currency() {
        return difference.currency();
    }

    /** Debits minus credits. */
    public Money difference() {
        return difference;
    }
}
