package io.finrelay.model.ledger;

import io.finrelay.model.Check;
import io.finrelay.model.Money;
import io.finrelay.model.id.AccountCode;
import io.finrelay.model.id.CostCenterCode;
import java.util.Optional;

/**
 * One line of a journal entry: an amount greater than zero on the debit or the credit side of an
 * account (the side carries the sign, never the amount), optionally a cost center, and a memo (may
 * be empty, at most 140 characters).
 */
public record JournalLine(AccountCode account, Side side, Money amount, Optional<CostCenterCode> costCenter, String memo) {
    public JournalLine {
        Check.required("account", account);
        Check.required("side", side);
        Check.positive("amount", amount);
        Check.required("costCenter", costCenter);
        Check.maxLength("memo", memo, 140);
    }

    public static JournalLine debit(AccountCode account, Money amount, String memo) {
        return new JournalLine(account, Side.DEBIT, amount, Optional.empty(), memo);
    }

    public static JournalLine credit(AccountCode account, Money amount, String memo) {
        return new JournalLine(account, Side.CREDIT, amount, Optional.empty(), memo);
    }

    /** Debits count positive, credits negative: a balanced entry sums to zero per currency. */
    public Money signedAmount() {
        return side == Side.DEBIT ? amount : amount.negate();
    }
}
