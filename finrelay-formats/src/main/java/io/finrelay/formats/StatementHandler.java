package io.finrelay.formats;

import io.finrelay.model.bank.BankStatement;
import io.finrelay.model.bank.BankStatementLine;

/**
 * Receives what a statement reader finds, in file order, so a large file never sits in memory:
 * {@code begin} with the statement's header (its lines empty, its balances as far as known), each
 * line, then {@code end} with the complete header (all balances, the line count) and the result of
 * the format's control checks.
 *
 * <p>A reader may throw {@link FormatException} after some lines were handed out; a handler that
 * applies lines must do so in a unit it can abandon (see {@code io.finrelay.formats.channel}).
 */
public interface StatementHandler {

    default void begin(BankStatement header) {
    }

    void line(BankStatementLine line);

    default void end(BankStatement statement, ControlReport controls) {
    }
}
