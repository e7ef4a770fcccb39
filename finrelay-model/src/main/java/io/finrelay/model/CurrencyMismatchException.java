package io.finrelay.model;

import java.util.Currency;

/** Two amounts in different currencies were combined. Converting needs an explicit FX rate. */
public class CurrencyMismatchException extends IllegalArgumentException {
    private final transient Currency left;
    private final transient Currency right;

    public CurrencyMismatchException(Currency left, Currency right) {
        super("currency mismatch: " + left.getCurrencyCode() + " vs " + right.getCurrencyCode());
        this.left = left;
        this.right = right;
    }

    public Currency left() {
        return left;
    }

    public Currency right() {
        return right;
    }
}
