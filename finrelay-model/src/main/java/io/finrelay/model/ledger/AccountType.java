package io.finrelay.model.ledger;

/** The five kinds of general-ledger account. */
public enum AccountType {
    ASSET, LIABILITY, EQUITY, INCOME, EXPENSE
}
