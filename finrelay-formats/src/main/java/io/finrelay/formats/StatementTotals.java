package io.finrelay.formats;

import io.finrelay.model.Money;
import io.finrelay.model.bank.BankBalance;
import io.finrelay.model.bank.BankStatementLine;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;

/**
 * Running totals of one statement, for the control checks every statement format shares: the
 * opening booked balance plus the booked movements must give the closing booked balance.
 */
public final class StatementTotals {
    private final String statementId;
    private Currency currency;
    private BigDecimal net = BigDecimal.ZERO;
    private BigDecimal credits = BigDecimal.ZERO;
    private BigDecimal debits = BigDecimal.ZERO;
    private long lines;
    private long creditLines;
    private long debitLines;
    private boolean mixedCurrencies;
    private final List<String> mismatches = new ArrayList<>();
    private int checks;

    public StatementTotals(String statementId) {
        this.statementId = statementId;
    }

    public void add(BankStatementLine line) {
        lines++;
        if (line.status() != BankStatementLine.EntryStatus.BOOKED) {
            return;
        }
        Money amount = line.amount();
        if (currency == null) {
            currency = amount.currency();
        } else if (!currency.equals(amount.currency())) {
            mixedCurrencies = true;
            return;
        }
        net = net.add(line.signedAmount().amount());
        if (line.direction() == BankStatementLine.Direction.CREDIT) {
            credits = credits.add(amount.amount());
            creditLines++;
        } else {
            debits = debits.add(amount.amount());
            debitLines++;
        }
    }

    public long lines() {
        return lines;
    }

    public long creditLines() {
        return creditLines;
    }

    public long debitLines() {
        return debitLines;
    }

    public BigDecimal credits() {
        return credits;
    }

    public BigDecimal debits() {
        return debits;
    }

    /** Records a mismatch found by a format-specific check (declared counts, sums). */
    public void expect(boolean holds, String mismatch) {
        checks++;
        if (!holds) {
            mismatches.add("statement " + statementId + ": " + mismatch);
        }
    }

    /** Checks opening + booked movements = closing, when the statement has both balances. */
    public ControlReport finish(List<BankBalance> balances) {
        BankBalance opening = first(balances, BankBalance.Type.OPENING_BOOKED, BankBalance.Type.INTERIM_OPENING_BOOKED);
        BankBalance closing = first(balances, BankBalance.Type.CLOSING_BOOKED, BankBalance.Type.INTERIM_CLOSING_BOOKED);
        if (opening != null && closing != null) {
            if (mixedCurrencies || !opening.amount().currency().equals(closing.amount().currency())
                    || (currency != null && !currency.equals(opening.amount().currency()))) {
                expect(false, "balances and lines are in different currencies, cannot check opening + movements = closing");
            } else {
                BigDecimal expected = opening.amount().amount().add(net);
                expect(expected.compareTo(closing.amount().amount()) == 0,
                        "opening balance " + opening.amount() + " + movements " + net.toPlainString() + " = "
                                + expected.toPlainString() + ", but closing balance is " + closing.amount());
            }
        }
        return new ControlReport(mismatches, checks);
    }

    private static BankBalance first(List<BankBalance> balances, BankBalance.Type a, BankBalance.Type b) {
        for (BankBalance balance : balances) {
            if (balance.type() == a) {
                return balance;
            }
        }
        for (BankBalance balance : balances) {
            if (balance.type() == b) {
                return balance;
            }
        }
        return null;
    }
}
