package io.finrelay.server.bank;

import io.finrelay.engine.json.Json;
import io.finrelay.engine.exception.ExceptionRecord;
import io.finrelay.engine.exception.ExceptionStore;
import io.finrelay.engine.runtime.IdGenerator;
import io.finrelay.formats.channel.ImportSink;
import io.finrelay.formats.channel.ReceivedFile;
import io.finrelay.formats.channel.ReceivedFileLedger;
import io.finrelay.model.bank.BankStatement;
import io.finrelay.model.bank.BankStatementLine;
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
 * <p>Not thread-safe: one instance serves one channel, polled by one thread at a time.
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
    private final List<ReceivedFile> recorded = new ArrayList<>();
    private PendingUnit pending;

    public JdbcBankFiles(DataSource dataSource, TenantScope scope, String connection, IdGenerator ids, int batchSize) {
        this.dataSource = Objects.requireNonNull(dataSource);
        this.scope = Objects.requireNonNull(scope);
        this.connection = Objects.requireNonNull(connection);
        this.ids = Objects.requireNonNull(ids);
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1: " + batchSize);
        }
        this.batchSize = batchSize;
    }

    @Override
    public Optional<ReceivedFile> imported(TenantId tenant, String connectionName, String sha256) {
        checkOwn(tenant, connectionName);
        // Within the tenant's row-level security wall, like every connection this ledger opens.
        try (Connection c = TenantConnections.open(dataSource, scope)) {
            try {
                return BankFileRows.importedCopy(c, scope, connectionName, sha256);
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

    /** What this ledger wrote since the last drain, as written (a lost race shows as DUPLICATE here). */
    public List<ReceivedFile> recordedSoFar() {
        return List.copyOf(recorded);
    }

    /** {@link #recordedSoFar()}, and forgets it. */
    public List<ReceivedFile> drainRecorded() {
        List<ReceivedFile> copy = List.copyOf(recorded);
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
            BankFileRows.insert(unit.db, scope, unit.fileId, stored(file));
            unit.db.commit();
            unit.close();
            recorded.add(stored(file));
        } catch (SQLException e) {
            unit.rollback();
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw new BankFileStorageException("recording the import of " + file.name(), e);
            }
            ReceivedFile winner = imported(file.tenant(), file.connection(), file.sha256())
                    .orElseThrow(() -> new BankFileStorageException("unique violation without an imported row for "
                            + file.name(), e));
            log.info("bank connection {}: {} was imported at the same time by another node as {}; recorded as duplicate",
                    connection, file.name(), winner.name());
            insertAlone(new ReceivedFile(file.tenant(), file.connection(), file.name(), file.sha256(), file.sizeBytes(),
                    file.format(), ReceivedFile.Status.DUPLICATE, file.messageId(), 0, 0, Map.of(),
                    Map.of(), List.of("same content as " + winner.name() + " imported at "
                            + winner.receivedAt() + " (by another node at the same time)"),
                    file.receivedAt()));
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
            recorded.add(row);
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

    /** The database refused or failed a bank-file write or read. */
    public static final class BankFileStorageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BankFileStorageException(String message, SQLException cause) {
            super(message + ": " + cause.getMessage(), cause);
        }
    }
}
