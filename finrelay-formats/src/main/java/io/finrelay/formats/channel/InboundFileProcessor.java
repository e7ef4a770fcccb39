package io.finrelay.formats.channel;

import io.finrelay.formats.ControlReport;
import io.finrelay.formats.FormatException;
import io.finrelay.formats.StatementHandler;
import io.finrelay.formats.StatementReader;
import io.finrelay.formats.iso20022.pain002.Pain002Reader;
import io.finrelay.model.bank.BankStatement;
import io.finrelay.model.bank.BankStatementLine;
import io.finrelay.model.bank.PaymentStatusReport;
import io.finrelay.model.id.TenantId;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The pipeline every channel shares for one received file: hash it, refuse a duplicate, detect the
 * format, stream it into one import unit, run the format's control checks, then commit, or abort and
 * say why. The channel moves the file afterwards (archive or quarantine) by the returned status.
 */
public final class InboundFileProcessor implements FileTaker<ReceivedFile> {
    private final TenantId tenant;
    private final String connection;
    private final ReceivedFileLedger ledger;
    private final ImportSink sink;
    private final Clock clock;

    public InboundFileProcessor(TenantId tenant, String connection, ReceivedFileLedger ledger, ImportSink sink, Clock clock) {
        this.tenant = tenant;
        this.connection = connection;
        this.ledger = ledger;
        this.sink = sink;
        this.clock = clock;
    }

    @Override
    public ReceivedFile take(String name, Path file) {
        return process(name, file);
    }

    @Override
    public String sha256(ReceivedFile result) {
        return result.sha256();
    }

    /** Rejected and out-of-balance files are quarantined: their status, then the problems. */
    @Override
    public List<String> refusal(ReceivedFile result) {
        if (result.status() != ReceivedFile.Status.REJECTED && result.status() != ReceivedFile.Status.CONTROL_FAILED) {
            return List.of();
        }
        List<String> lines = new java.util.ArrayList<>();
        lines.add(result.status().name());
        lines.addAll(result.problems());
        return lines;
    }

    public ReceivedFile process(String name, Path file) {
        String sha256 = sha256(file);
        long size = size(file);
        var earlier = ledger.imported(tenant, connection, sha256);
        if (earlier.isPresent()) {
            return record(new Result(name, sha256, size, earlier.get().format(), ReceivedFile.Status.DUPLICATE,
                    List.of("same content as " + earlier.get().name() + " imported at " + earlier.get().receivedAt())));
        }
        BankFileFormat format = BankFileFormat.detect(head(file));
        Result result = new Result(name, sha256, size, format, null, List.of());
        if (format == BankFileFormat.UNKNOWN) {
            result.status = ReceivedFile.Status.REJECTED;
            result.problems = List.of(name + ": not a camt, pain.002, MT940/942 or BAI2 file");
            return record(result);
        }
        ImportSink.Unit unit = sink.begin(name, sha256);
        try (InputStream in = Files.newInputStream(file)) {
            ControlReport controls = format == BankFileFormat.PAIN_002 ? statusReport(name, in, unit, result)
                    : statements(format.statementReader(), name, in, unit, result);
            if (controls.passed()) {
                unit.commit();
                result.status = ReceivedFile.Status.IMPORTED;
            } else {
                unit.abort();
                result.status = ReceivedFile.Status.CONTROL_FAILED;
                result.problems = controls.mismatches();
            }
        } catch (FormatException e) {
            unit.abort();
            result.status = ReceivedFile.Status.REJECTED;
            result.problems = List.of(e.getMessage());
        } catch (IOException e) {
            unit.abort();
            throw new UncheckedIOException("reading " + file, e);
        } catch (RuntimeException e) {
            unit.abort();
            throw e;
        }
        return record(result);
    }

    private static ControlReport statements(StatementReader reader, String name, InputStream in, ImportSink.Unit unit,
            Result result) {
        StatementReader.ReadSummary summary = reader.read(name, in, new StatementHandler() {
            @Override
            public void begin(BankStatement header) {
                unit.statement(header);
            }

            @Override
            public void line(BankStatementLine line) {
                if (line.status() == BankStatementLine.EntryStatus.BOOKED) {
                    var totals = line.direction() == BankStatementLine.Direction.CREDIT ? result.credits : result.debits;
                    totals.merge(line.amount().currencyCode(), line.amount().amount(), BigDecimal::add);
                }
                unit.line(line);
            }

            @Override
            public void end(BankStatement statement, ControlReport controls) {
                unit.statementEnd(statement, controls);
            }
        });
        result.messageId = summary.messageId();
        result.statements = summary.statements();
        result.lines = summary.lines();
        return summary.controls();
    }

    private static ControlReport statusReport(String name, InputStream in, ImportSink.Unit unit, Result result) {
        PaymentStatusReport report = new Pain002Reader().read(name, in);
        unit.statusReport(report);
        result.messageId = report.messageId();
        result.lines = report.batches().stream().mapToLong(b -> b.transactions().size()).sum();
        return ControlReport.none();
    }

    private ReceivedFile record(Result r) {
        ReceivedFile file = new ReceivedFile(tenant, connection, r.name, r.sha256, r.size, r.format, r.status, r.messageId,
                r.statements, r.lines, r.credits, r.debits, r.problems, clock.instant());
        ledger.record(file);
        return file;
    }

    /** Mutable while one file is processed. */
    private static final class Result {
        final String name;
        final String sha256;
        final long size;
        final BankFileFormat format;
        ReceivedFile.Status status;
        List<String> problems;
        String messageId;
        int statements;
        long lines;
        final Map<String, BigDecimal> credits = new TreeMap<>();
        final Map<String, BigDecimal> debits = new TreeMap<>();

        Result(String name, String sha256, long size, BankFileFormat format, ReceivedFile.Status status, List<String> problems) {
            this.name = name;
            this.sha256 = sha256;
            this.size = size;
            this.format = format;
            this.status = status;
            this.problems = problems;
        }
    }

    static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("hashing " + file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] head(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(4096);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
