package io.finrelay.reconciliation;

import io.finrelay.model.bank.BankStatementLine;
import java.util.Objects;

/**
 * A statement line as the matcher sees it: the canonical line, where it sits, and whose account it is.
 *
 * @param id          unique within a run and stable across runs (the server uses {@code <fileId>:<lineNo>})
 * @param account     the tenant's account the line was booked on (IBAN or the bank's account number)
 * @param legalEntity the legal entity owning the account (from the house bank accounts), or null when unknown
 * @param line        the canonical line as the importer produced it
 */
public record Line(String id, String account, String legalEntity, BankStatementLine line) {
    public Line {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(line, "line");
    }
}
