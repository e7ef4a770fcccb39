package io.finrelay.formats.channel;

import io.finrelay.model.id.TenantId;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What Finrelay recorded about one received bank file: who and where from, its content hash and
 * size, the format, counts and totals, and the result of its import. One per file and attempt.
 *
 * @param credits   sum of booked credit lines per currency code (statements) or of accepted payments (pain.002: empty)
 * @param problems  the error or the control mismatches, empty when imported
 */
public record ReceivedFile(
        TenantId tenant,
        String connection,
        String name,
        String sha256,
        long sizeBytes,
        BankFileFormat format,
        Status status,
        String messageId,
        int statements,
        long lines,
        Map<String, BigDecimal> credits,
        Map<String, BigDecimal> debits,
        List<String> problems,
        Instant receivedAt) {

    public ReceivedFile {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(status, "status");
        credits = Map.copyOf(credits);
        debits = Map.copyOf(debits);
        problems = List.copyOf(problems);
    }

    public enum Status {
        /** Parsed, control checks passed, handed to the sink in one committed unit. */
        IMPORTED,
        /** The same content was imported before: nothing done a second time. */
        DUPLICATE,
        /** Malformed, hostile, oversized or of an unknown format: quarantined, nothing applied. */
        REJECTED,
        /** Well-formed but its own control figures do not add up: quarantined as an exception, nothing applied. */
        CONTROL_FAILED
    }
}
