package io.finrelay.formats.channel;

import io.finrelay.model.id.TenantId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The record of received files that makes "never twice" hold: a file whose content hash was
 * imported before is a duplicate, whatever its name now. The in-memory ledger counts per tenant and
 * connection; the server's (JdbcBankFiles, in the same transaction as the import) per tenant,
 * whichever connection or upload brought the file.
 */
public interface ReceivedFileLedger {

    Optional<ReceivedFile> imported(TenantId tenant, String connection, String sha256);

    void record(ReceivedFile file);

    /** For tests and the embedded default. */
    final class InMemory implements ReceivedFileLedger {
        private final List<ReceivedFile> files = new ArrayList<>();

        @Override
        public synchronized Optional<ReceivedFile> imported(TenantId tenant, String connection, String sha256) {
            return files.stream().filter(f -> f.status() == ReceivedFile.Status.IMPORTED && f.tenant().equals(tenant)
                    && f.connection().equals(connection) && f.sha256().equals(sha256)).findFirst();
        }

        @Override
        public synchronized void record(ReceivedFile file) {
            files.add(file);
        }

        public synchronized List<ReceivedFile> all() {
            return List.copyOf(files);
        }
    }
}
