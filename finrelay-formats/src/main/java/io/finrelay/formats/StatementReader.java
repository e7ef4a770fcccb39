package io.finrelay.formats;

import io.finrelay.model.bank.BankStatement;
import io.finrelay.model.bank.BankStatementLine;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/** A reader of one family of statement files (camt.05x, MT940/942, BAI2). */
public interface StatementReader {

    /**
     * Reads the whole file, handing statements and lines to {@code handler} as they are found.
     *
     * @throws FormatException when the file is malformed, truncated, oversized, of an unsupported
     *                         version, or holds something forbidden (DOCTYPE, entities)
     */
    ReadSummary read(String fileName, InputStream in, StatementHandler handler);

    /** Reads a small file into memory: every statement with its lines. */
    default Statements readAll(String fileName, InputStream in) {
        List<BankStatement> statements = new ArrayList<>();
        ReadSummary summary = read(fileName, in, new StatementHandler() {
            private final List<BankStatementLine> lines = new ArrayList<>();

            @Override
            public void line(BankStatementLine line) {
                lines.add(line);
            }

            @Override
            public void end(BankStatement statement, ControlReport controls) {
                statements.add(statement.withLines(lines));
                lines.clear();
            }
        });
        return new Statements(summary, statements);
    }

    /** What a whole file held. */
    record ReadSummary(String format, String messageId, int statements, long lines, ControlReport controls) {
    }

    /** A small file read into memory. */
    record Statements(ReadSummary summary, List<BankStatement> statements) {
        public Statements {
            statements = List.copyOf(statements);
        }
    }
}
