package io.finrelay.server.bank;

import io.finrelay.engine.json.Json;
import io.finrelay.engine.exception.ExceptionRecord;
import io.finrelay.engine.exception.ExceptionStore;
import io.finrelay.engine.runtime.IdGenerator;
import io.finrelay.formats.ControlReport;
import io.finrelay.formats.channel.ImportSink;
import io.finrelay.formats.channel.ReceivedFile;
import io.finrelay.formats.channel.ReceivedFileLedger;
import io.finrelay.model.bank.BankStatement;
import io.finrelay.model.bank.BankStatementLine;
import io.finrelay.model.bank.PaymentStatus;
import io.finrelay.model.bank.PaymentStatusReport;
import io.finrelay.model.id.TenantId;
import io.finrelay.server.security.TenantScope;
import io.finrelay.server.storage.TenantConnections;
import io.finrelay.server.tenancy.TenantSql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The received-file ledger and the import sink of one tenant's bank connection, in PostgreSQL, so
 * that "never the same file twice" holds across restarts and nodes.
 *
 * <p>An import and its ledger row commit in ONE transaction. {@code InboundFileProcessor} calls, for a
 * file that passes: {@code begin}, the lines, {@code unit.commit()}, then {@code ledger.record(file)}.
 * So {@code begin} opens a transaction and streams the lines into it in batches, the unit's
 * {@code commit} only flushes the last batch, and the {@code record} that follows writes the
 * {@code bank_file} row in the same transaction and commits it. A unit that is aborted rolls back;
 * the REJECTED, CONTROL_FAILED or DUPLICATE row is then written in a short transaction of its own.
 *
 * <p>Two nodes importing the same content at once both pass the duplicate check; the partial unique
 * index on imported files makes the second insert fail, its lines roll back with it, and it is
 * recorded as DUPLICATE. {@link #drainRecorded()} says what was really written (the processor's own
 * result then still says IMPORTED).
 *
 * <p>A file's identity is its content per tenant (and, for camt and pain.002, its message id): the
 * same content through another connection or the API is a DUPLICATE of the first import. In the
 * import's transaction the ledger also flags statement accounts that are not house bank accounts
 * (and opens an exception for each), updates the cash positions, and records a pain.002's statuses
 * with the payments they answer; after the commit it calls {@code afterImport} with the file's id.
 *
 * <p>Not thread-safe: one instance serves one channel (or one upload), used by one thread at a time.
 *
 * @see io.finrelay.formats.channel.InboundFileProcessor
 */
public final class JdbcBankFiles implements ReceivedFileLedger, ImportSink {
    private static final Logger log = LoggerFactory.getLogger(JdbcBankFiles.class);
    static final int DEFAULT_BATCH = 500;
    private static final String UNIQUE_VIOLATION = "23505";

    private final DataSource dataSource;
    private final TenantScope scope;
    private final String connection;
    private final IdGenerator ids;
    private final int batchSize;
    private final Consumer<ReceivedFile> onRecorded;
    private final Consumer<UUID> afterImport;
    private final List<Recorded> recorded = new ArrayList<>();
    private PendingUnit pending;

    /**
     * What the ledger wrote for one file: its row's id, the file, and for a DUPLICATE the earlier
     * import it repeats (null when that is unknown).
     */
    public record Recorded(UUID id, ReceivedFile file, BankFileView earlier) {}

    public JdbcBankFiles(DataSource dataSource, TenantScope scope, String connection, IdGenerator ids, int batchSize) {
        this(dataSource, scope, connection, ids, batchSize, fileId -> { });
    }

    /** {@code afterImport} runs after an import has committed, with the file's id; its failure is logged. */
    public JdbcBankFiles(DataSource dataSource, TenantScope scope, String connection, IdGenerator ids, int batchSize,
                         Consumer<UUID> afterImport) {
        this(dataSource, scope, connection, ids, batchSize, afterImport, file -> { });
    }

    /** {@code onRecorded} is told each file's row once it has committed (for metrics); it must not throw. */
    public JdbcBankFiles(DataSource dataSource, TenantScope scope, String connection, IdGenerator ids, int batchSize,
                         Consumer<UUID> afterImport, Consumer<ReceivedFile> onRecorded) {
        this.onRecorded = Objects.requireNonNull(onRecorded);
        this.dataSource = Objects.requireNonNull(dataSource);
        this.scope = Objects.requireNonNull(scope);
        this.connection = Objects.requireNonNull(connection);
        this.ids = Objects.requireNonNull(ids);
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1: " + batchSize);
        }
        this.batchSize = batchSize;
        this.afterImport = Objects.requireNonNull(afterImport);
    }

    @Override
    public Optional<ReceivedFile> imported(TenantId tenant, String connectionName, String sha256) {
        checkOwn(tenant, connectionName);
        // Within the tenant's row-level security wall, like every connection this ledger opens.
        try (Connection c = TenantConnections.open(dataSource, scope)) {
            try {
                return BankFileRows.importedCopy(c, scope, sha256).map(v -> BankFileRows.receivedFile(scope, v));
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new BankFileStorageException("looking up " + sha256 + " on " + connectionName, e);
        }
    }

    @Override
    public Unit begin(String fileName, String sha256) {
        if (pending != null) {
            log.warn("bank connection {}: import of {} was never recorded; rolled back", connection, pending.name);
            pending.rollback();
        }
        try {
            pending = new PendingUnit(fileName, sha256, ids.next());
            return pending;
        } catch (SQLException e) {
            throw new BankFileStorageException("starting the import of " + fileName, e);
        }
    }

    @Override
    public void record(ReceivedFile file) {
        checkOwn(file.tenant(), file.connection());
        PendingUnit unit = pending;
        pending = null;
        if (unit != null && unit.committed && file.status() == ReceivedFile.Status.IMPORTED
                && unit.name.equals(file.name()) && unit.sha256.equals(file.sha256())) {
            recordImport(unit, file);
            return;
        }
        if (unit != null) {
            log.warn("bank connection {}: import of {} ended without commit; rolled back", connection, unit.name);
            unit.rollback();
        }
        if (file.status() == ReceivedFile.Status.IMPORTED) {
            throw new IllegalStateException("an IMPORTED file must follow its committed import unit: " + file.name());
        }
        insertAlone(file);
    }

    private void remember(Recorded r) {
        recorded.add(r);
        onRecorded.accept(r.file());
    }

    /** What this ledger wrote since the last drain, as written (a lost race shows as DUPLICATE here). */
    public List<ReceivedFile> recordedSoFar() {
        return recorded.stream().map(Recorded::file).toList();
    }

    /** {@link #recordedSoFar()}, and forgets it. */
    public List<ReceivedFile> drainRecorded() {
        return drainRecords().stream().map(Recorded::file).toList();
    }

    /** What this ledger wrote since the last drain, with the rows' ids, and forgets it. */
    public List<Recorded> drainRecords() {
        List<Recorded> copy = List.copyOf(recorded);
        recorded.clear();
        return copy;
    }

    /** Rolls back an import unit left open by a processor that failed between commit and record. */
    public void rollbackOpenUnit() {
        if (pending != null) {
            pending.rollback();
            pending = null;
        }
    }

    private void recordImport(PendingUnit unit, ReceivedFile file) {
        try {
            List<String> unregistered = List.copyOf(unit.unregistered.keySet());
            BankFileRows.insert(unit.db, scope, unit.fileId, stored(file), unregistered);
            List<ExceptionRecord> exceptions = new ArrayList<>(unit.unregisteredExceptions(file));
            if (unit.report != null) {
                exceptions.addAll(unit.recordStatuses(file));
            }
            if (!exceptions.isEmpty()) {
                new ExceptionStore().insert(unit.db, exceptions);
            }
            unit.db.commit();
            unit.close();
            remember(new Recorded(unit.fileId, stored(file), null));
        } catch (RuntimeException e) {
            // The unit is no longer pending: nothing else would roll it back and close its connection.
            unit.rollback();
            throw e;
        } catch (SQLException e) {
            unit.rollback();
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw new BankFileStorageException("recording the import of " + file.name(), e);
            }
            // The unique indexes on imported files: the same content, or (camt, pain.002) the same message id.
            BankFileView winner = earlierImport(file)
                    .orElseThrow(() -> new BankFileStorageException("unique violation without an imported row for "
                            + file.name(), e));
            boolean sameContent = winner.sha256().equals(file.sha256());
            log.info("bank connection {}: {} has the same {} as {}; recorded as duplicate", connection, file.name(),
                    sameContent ? "content" : "message id", winner.name());
            insertAlone(duplicate(file, winner, sameContent
                    ? "same content as " + winner.name() + " imported at " + winner.receivedAt()
                            + " (by another node at the same time)"
                    : "same message id " + file.messageId() + " as " + winner.name() + " imported at " + winner.receivedAt()));
            return;
        }
        try {
            afterImport.accept(unit.fileId);
        } catch (RuntimeException e) {
            log.error("bank connection {}: {} is imported, but what follows its import failed", connection, file.name(), e);
        }
    }

    private static ReceivedFile duplicate(ReceivedFile file, BankFileView earlier, String problem) {
        return new ReceivedFile(file.tenant(), file.connection(), file.name(), file.sha256(), file.sizeBytes(),
                file.format(), ReceivedFile.Status.DUPLICATE, file.messageId(), 0, 0, Map.of(), Map.of(),
                List.of(problem), file.receivedAt());
    }

    /** The tenant's earlier import of this file: the same content, or (camt, pain.002) the same message id. */
    private Optional<BankFileView> earlierImport(ReceivedFile file) {
        try (Connection c = TenantConnections.open(dataSource, scope)) {
            try {
                Optional<BankFileView> same = BankFileRows.importedCopy(c, scope, file.sha256());
                return same.isPresent() ? same : BankFileRows.importedMessage(c, scope, file.format(), file.messageId());
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new BankFileStorageException("looking up the earlier import of " + file.name(), e);
        }
    }

    /**
     * Records a file that was not imported. A quarantined one (rejected or out of balance) also opens
     * an entry in the exception queue, in the same transaction, so that an operator owns it.
     */
    private void insertAlone(ReceivedFile file) {
        ReceivedFile row = stored(file);
        UUID fileId = ids.next();
        try (Connection c = TenantConnections.open(dataSource, scope)) {
            try {
                BankFileRows.insert(c, scope, fileId, row);
                if (row.status() == ReceivedFile.Status.REJECTED || row.status() == ReceivedFile.Status.CONTROL_FAILED) {
                    new ExceptionStore().insert(c, List.of(quarantined(fileId, row)));
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
            remember(new Recorded(fileId, row, row.status() == ReceivedFile.Status.DUPLICATE
                    ? earlierImport(row).orElse(null) : null));
        } catch (SQLException e) {
            throw new BankFileStorageException("recording " + file.status() + " of " + file.name(), e);
        }
    }

    private ExceptionRecord quarantined(UUID fileId, ReceivedFile file) {
        String code = file.status() == ReceivedFile.Status.REJECTED ? "bank-file-rejected" : "bank-file-control-failed";
        String reason = file.problems().isEmpty() ? file.status().name() : String.join("; ", file.problems());
        Map<String, String> context = new LinkedHashMap<>();
        context.put("connection", connection);
        context.put("file", file.name());
        context.put("bankFileId", fileId.toString());
        context.put("sha256", file.sha256());
        context.put("format", String.valueOf(file.format()));
        return new ExceptionRecord(scope.tenantId(), ids.next(), null, null, ExceptionRecord.Kind.INCIDENT, code,
                reason.length() > 2000 ? reason.substring(0, 2000) + "..." : reason, context,
                ExceptionRecord.Status.OPEN, null, "bank-file:" + fileId, file.receivedAt(), file.receivedAt());
    }

    /** PostgreSQL keeps microseconds: the ledger reports the time as it is stored. */
    private static ReceivedFile stored(ReceivedFile f) {
        return new ReceivedFile(f.tenant(), f.connection(), f.name(), f.sha256(), f.sizeBytes(), f.format(), f.status(),
                f.messageId(), f.statements(), f.lines(), f.credits(), f.debits(), f.problems(),
                f.receivedAt().truncatedTo(ChronoUnit.MICROS));
    }

    private void checkOwn(TenantId tenant, String connectionName) {
        if (!scope.tenantId().equals(tenant) || !connection.equals(connectionName)) {
            throw new IllegalArgumentException("this ledger serves " + scope.tenantId() + "/" + connection
                    + ", not " + tenant + "/" + connectionName);
        }
    }

    /** One file's import: an open transaction the lines stream into until the ledger row commits it. */
    private final class PendingUnit implements Unit {
        final String name;
        final String sha256;
        final UUID fileId;
        final Connection db;
        final PreparedStatement lines;
        BankStatement statement;
        int lineNo;
        int batched;
        boolean committed;
        boolean closed;
        /** Whether each statement account seen so far is a house bank account of the tenant. */
        final Map<String, Boolean> registered = new LinkedHashMap<>();
        /** Unregistered statement accounts, each with the ids of its statements in this file. */
        final Map<String, List<String>> unregistered = new LinkedHashMap<>();
        PaymentStatusReport report;

        PendingUnit(String name, String sha256, UUID fileId) throws SQLException {
            this.name = name;
            this.sha256 = sha256;
            this.fileId = fileId;
            this.db = TenantConnections.open(dataSource, scope);
            try {
                this.lines = BankFileRows.prepareLineInsert(db, scope);
            } catch (SQLException | RuntimeException e) {
                db.close();
                throw e;
            }
        }

        @Override
        public void statement(BankStatement header) {
            statement = header;
            String account = HouseBankAccountRows.normalized(header.account());
            if (!registered.computeIfAbsent(account, this::registered)) {
                unregistered.computeIfAbsent(account, a -> new ArrayList<>()).add(header.statementId());
            }
        }

        private boolean registered(String account) {
            try {
                return HouseBankAccountRows.exists(db, scope, account);
            } catch (SQLException e) {
                throw new BankFileStorageException("looking up account of " + name, e);
            }
        }

        @Override
        public void statementEnd(BankStatement ended, ControlReport controls) {
            try {
                CashPositionRows.offer(db, scope, fileId, ended);
            } catch (SQLException e) {
                throw new BankFileStorageException("updating the cash position from " + name, e);
            }
        }

        @Override
        public void statusReport(PaymentStatusReport statusReport) {
            report = statusReport;
        }

        /** One exception per unregistered account: the file is imported, its lines are not reconciled. */
        List<ExceptionRecord> unregisteredExceptions(ReceivedFile file) {
            List<ExceptionRecord> exceptions = new ArrayList<>();
            unregistered.forEach((account, statements) -> {
                Map<String, String> context = new LinkedHashMap<>();
                context.put("account", account);
                context.put("file", file.name());
                context.put("bankFileId", fileId.toString());
                context.put("statementId", String.join(",", statements));
                context.put("connection", connection);
                exceptions.add(incident(file, "unregistered-bank-account", "statement " + String.join(", ", statements)
                        + " of " + file.name() + " is for account " + account + ", which is not a house bank account of "
                        + "the tenant: imported but not reconciled; register the account or check the file", context));
            });
            return exceptions;
        }

        /**
         * Records each transaction status of the pain.002 with the payment it answers, for the hand-off
         * after the commit; an unknown reference or an unclear status opens an exception instead.
         */
        List<ExceptionRecord> recordStatuses(ReceivedFile file) throws SQLException {
            List<ExceptionRecord> exceptions = new ArrayList<>();
            int tx = 0;
            for (PaymentStatusReport.Batch batch : report.batches()) {
                for (PaymentStatusReport.Transaction t : batch.transactions()) {
                    String code = firstNonNull(t.statusCode(), batch.statusCode(), report.groupStatusCode());
                    List<PaymentStatusReport.Reason> reasons = !t.reasons().isEmpty() ? t.reasons()
                            : !batch.reasons().isEmpty() ? batch.reasons() : report.groupReasons();
                    PaymentStatusRows.Row row = new PaymentStatusRows.Row(++tx, report.originalMessageId(),
                            batch.originalPaymentInformationId(), t.originalEndToEndId(), t.originalInstructionId(),
                            code, PaymentStatus.fromIsoCode(code), reasons, null);
                    exceptions.addAll(recordStatus(file, row, true));
                }
                if (batch.transactions().isEmpty()) {
                    String code = firstNonNull(batch.statusCode(), report.groupStatusCode());
                    List<PaymentStatusReport.Reason> reasons = !batch.reasons().isEmpty() ? batch.reasons()
                            : report.groupReasons();
                    exceptions.addAll(recordStatus(file, new PaymentStatusRows.Row(++tx, report.originalMessageId(),
                            batch.originalPaymentInformationId(), null, null, code, PaymentStatus.fromIsoCode(code),
                            reasons, null), false));
                }
            }
            if (report.batches().isEmpty()) {
                exceptions.addAll(recordStatus(file, new PaymentStatusRows.Row(++tx, report.originalMessageId(), null,
                        null, null, report.groupStatusCode(), PaymentStatus.fromIsoCode(report.groupStatusCode()),
                        report.groupReasons(), null), false));
            }
            return exceptions;
        }

        private List<ExceptionRecord> recordStatus(ReceivedFile file, PaymentStatusRows.Row row, boolean perPayment)
                throws SQLException {
            Optional<PaymentStatusHandOff.Target> target = perPayment
                    ? PaymentStatusHandOff.find(db, scope, row.endToEndId()) : Optional.empty();
            boolean actionable = target.isPresent() && PaymentStatusHandOff.input(target.get(), row.status(),
                    row.reasonCode(), null, file.receivedAt()).isPresent();
            PaymentStatusRows.insert(db, scope, fileId, row.withTarget(actionable ? target.get() : null));
            Map<String, String> context = new LinkedHashMap<>();
            context.put("file", file.name());
            context.put("bankFileId", fileId.toString());
            context.put("tx", String.valueOf(row.tx()));
            context.put("originalMessageId", row.originalMessageId());
            putIf(context, "paymentInformationId", row.paymentInformationId());
            putIf(context, "endToEndId", row.endToEndId());
            putIf(context, "instructionId", row.instructionId());
            context.put("status", String.valueOf(row.statusCode()));
            putIf(context, "reasonCode", row.reasonCode());
            if (target.isEmpty()) {
                // A status for the whole message or batch that names no payment needs no one when it is good news.
                boolean goodNews = !perPayment && row.status() != PaymentStatus.REJECTED
                        && row.status() != PaymentStatus.CANCELLED && row.status() != PaymentStatus.UNKNOWN
                        && row.status() != PaymentStatus.PARTIALLY_ACCEPTED;
                if (goodNews) {
                    return List.of();
                }
                return List.of(incident(file, "unknown-payment-status", "status " + row.statusCode() + " in "
                        + file.name() + " (transaction " + row.tx() + ") answers no payment Finrelay knows: original "
                        + "message " + row.originalMessageId() + (row.endToEndId() == null ? ", no end-to-end id"
                        : ", end-to-end id " + row.endToEndId()), context));
            }
            if (!actionable) {
                context.put("businessKey", target.get().businessKey());
                return List.of(incident(file, "unclear-payment-status", "status " + row.statusCode() + " in "
                        + file.name() + " (transaction " + row.tx() + ") for payment " + target.get().paymentId()
                        + " says neither accepted, settled nor rejected", context));
            }
            return List.of();
        }

        private ExceptionRecord incident(ReceivedFile file, String code, String reason, Map<String, String> context) {
            return new ExceptionRecord(scope.tenantId(), ids.next(), null, null, ExceptionRecord.Kind.INCIDENT, code,
                    reason.length() > 2000 ? reason.substring(0, 2000) + "..." : reason, context,
                    ExceptionRecord.Status.OPEN, null, "bank-file:" + fileId, file.receivedAt(), file.receivedAt());
        }

        @Override
        public void line(BankStatementLine line) {
            if (statement == null) {
                throw new IllegalStateException(name + ": a line before any statement");
            }
            try {
                BankFileRows.bindLine(lines, fileId, ++lineNo, statement, line, Json.write(BankFileRows.lineJson(line)));
                lines.addBatch();
                if (++batched == batchSize) {
                    flush();
                }
            } catch (SQLException e) {
                throw new BankFileStorageException("storing line " + lineNo + " of " + name, e);
            }
        }

        @Override
        public void commit() {
            try {
                flush();
                committed = true;
            } catch (SQLException e) {
                throw new BankFileStorageException("storing the last lines of " + name, e);
            }
        }

        @Override
        public void abort() {
            if (pending == this) {
                pending = null;
            }
            rollback();
        }

        private void flush() throws SQLException {
            if (batched > 0) {
                lines.executeBatch();
                batched = 0;
            }
        }

        void rollback() {
            if (closed) {
                return;
            }
            try {
                db.rollback();
            } catch (SQLException e) {
                log.warn("bank connection {}: rollback of {} failed (the connection is closed anyway)", connection, name, e);
            }
            close();
        }

        void close() {
            closed = true;
            try {
                lines.close();
                db.close();
            } catch (SQLException e) {
                log.warn("bank connection {}: closing the import of {} failed", connection, name, e);
            }
        }
    }

    private static String firstNonNull(String... values) {
        for (String value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private static void putIf(Map<String, String> context, String key, String value) {
        if (value != null) {
            context.put(key, value);
        }
    }

    /** The database refused or failed a bank-file write or read. */
    public static final class BankFileStorageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BankFileStorageException(String message, SQLException cause) {
            super(message + ": " + cause.getMessage(), cause);
        }
    }
}
