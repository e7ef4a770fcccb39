package io.finrelay.formats.channel;

import io.finrelay.formats.ControlReport;
import io.finrelay.model.bank.BankStatement;
import io.finrelay.model.bank.BankStatementLine;
import io.finrelay.model.bank.PaymentStatusReport;

/**
 * Where imported content goes (the reconciliation and payment workflows, through the inbox). Each
 * file is one {@link Unit}: content arrives while the file streams, and only {@link Unit#commit()}
 * makes it count; a file that turns out broken or out of balance half-way is {@link Unit#abort()}ed,
 * so nothing of it is half-applied.
 */
public interface ImportSink {

    Unit begin(String fileName, String sha256);

    interface Unit {
        default void statement(BankStatement header) {
        }

        default void line(BankStatementLine line) {
        }

        default void statementEnd(BankStatement statement, ControlReport controls) {
        }

        default void statusReport(PaymentStatusReport report) {
        }

        void commit();

        void abort();
    }
}
