package io.finrelay.reconciliation;

import io.finrelay.model.bank.BankStatementLine.Direction;
import java.util.Objects;

/**
 * A tenant's rule for noise (bank fees, interest, taxes), like Odoo's reconciliation models: a line
 * that fits every condition given is booked to the rule's GL account instead of matched. Rules are
 * tried in {@code order}; null conditions match anything, but a rule has at least one condition.
 *
 * @param bankTransactionCode the line's bank transaction code starts with this, or null; the ISO code's parts
 *                            may be written with '/' as the camt reader gives them ({@code PMNT/RCDT/ESCT})
 *                            or with '-' ({@code PMNT-RCDT-ESCT}), in any case
 * @param textPattern         a regular expression found in the remittance text or additional info, or null
 * @param counterparty        the counterparty's name contains this (case-insensitive), or null
 * @param direction           only credits or only debits, or null
 */
public record Rule(int order, String name, String bankTransactionCode, String textPattern, String counterparty,
                   Direction direction, String glAccount, String costCenter) {
    public Rule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(glAccount, "glAccount");
        if (bankTransactionCode == null && textPattern == null && counterparty == null) {
            throw new IllegalArgumentException("rule " + name + " needs a transaction code, a text pattern or a counterparty");
        }
    }

    /** A bank transaction code in one spelling: upper case, the ISO parts joined by '/'. */
    static String code(String bankTransactionCode) {
        return bankTransactionCode.toUpperCase(java.util.Locale.ROOT).replace('-', '/');
    }
}
