package io.finrelay.formats.channel;

import io.finrelay.model.bank.BankStatementLine;
import io.finrelay.model.bank.PaymentStatusReport;
import java.util.ArrayList;
import java.util.List;

/** An import sink that keeps what was committed, and counts what was aborted. */
final class RecordingSink implements ImportSink {
    final List<BankStatementLine> committedLines = new ArrayList<>();
    final List<PaymentStatusReport> committedReports = new ArrayList<>();
    final List<String> committedFiles = new ArrayList<>();
    final List<String> abortedFiles = new ArrayList<>();

    @Override
    public Unit begin(String fileName, String sha256) {
        return new Unit() {
            private final List<BankStatementLine> lines = new ArrayList<>();
            private final List<PaymentStatusReport> reports = new ArrayList<>();

            @Override
            public void line(BankStatementLine line) {
                lines.add(line);
            }

            @Override
            public void statusReport(PaymentStatusReport report) {
                reports.add(report);
            }

            @Override
            public void commit() {
                committedLines.addAll(lines);
                committedReports.addAll(reports);
                committedFiles.add(fileName);
            }

            @Override
            public void abort() {
                abortedFiles.add(fileName);
            }
        };
    }
}
