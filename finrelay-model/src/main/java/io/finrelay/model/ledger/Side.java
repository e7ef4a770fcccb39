package io.finrelay.model.ledger;

/** Which column of the ledger a journal line goes to. */
public enum Side {
    DEBIT, CREDIT
}
