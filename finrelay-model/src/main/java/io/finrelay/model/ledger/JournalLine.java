package io.finrelay.model.ledger;

import io.finrelay.model.Check;
import io.finrelay.model.Money;
import io.finrelay.model.id.AccountCode;
import io.finrelay.model.id.CostCenterCode;
import java.util.Optional;

/**
 * One line of a journal entry: an amount greater than zero on the debit or the credit side of an
 * account (the side carries the sign, never the amount), optionally a cost center, a memo (may be
 * empty, at most 140 characters), and optionally the party it is booked against (ERPs require one on
 * payable and receivable accounts).
 */
public record JournalLine(AccountCode account, Side side, Money amount, Optional<CostCenterCode> costCenter, String memo,
                          Optional<PartyRef> party) {
    public JournalLine {
        Check.required("account", account);
        Check.required("side", side);
        Check.positive("amount", amount);
        Check.required("costCenter", costCenter);
        Check.maxLength("memo", memo, 140);
        Check.required("party", party);
    }

    /** A line without a party (expense, tax, bank and other general-ledger lines). */
    public JournalLine(AccountCode account, Side side, Money amount, Optional<CostCenterCode> costCenter, String memo) {
        this(account, side, amount, costCenter, memo, Optional.empty());
    }

    /** The same line booked against {@code partner}. */
    public JournalLine withParty(PartyRef partner) {
        return new JournalLine(account, side, amount, costCenter, memo, Optional.of(partner));
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
