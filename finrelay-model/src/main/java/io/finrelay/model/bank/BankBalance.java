package io.finrelay.model.bank;

import io.finrelay.model.Money;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One balance a bank reported for an account: its kind, the day it holds for, and the amount with
 * its sign (a debit balance, an overdraft, is negative).
 *
 * @param type   what the balance is (opening booked, closing booked, available...)
 * @param code   the bank's own code for it as received ({@code OPBD}, {@code 60F}, {@code 010}...)
 * @param date   the day the balance holds for
 * @param amount signed: negative for a debit balance
 */
public record BankBalance(Type type, String code, LocalDate date, Money amount) {

    public BankBalance {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(amount, "amount");
    }

    /** The kinds the formats share; what a format has beyond them is {@link #OTHER} with its code kept. */
    public enum Type {
        /** Booked balance at the start of the statement (camt OPBD, MT940 :60F:, BAI2 010). */
        OPENING_BOOKED,
        /** Booked balance at the start of a continued page (MT940 :60M:, camt PRCD). */
        INTERIM_OPENING_BOOKED,
        /** Booked balance at the end (camt CLBD, MT940 :62F:, BAI2 015). */
        CLOSING_BOOKED,
        /** Booked balance at the end of a page that continues (MT940 :62M:, camt ITBD). */
        INTERIM_CLOSING_BOOKED,
        OPENING_AVAILABLE,
        /** camt CLAV, MT940 :64:, BAI2 045. */
        CLOSING_AVAILABLE,
        /** camt FWAV, MT940 :65:. */
        FORWARD_AVAILABLE,
        /** camt ITAV, BAI2 060 (current available). */
        INTERIM_AVAILABLE,
        OTHER
    }
}
