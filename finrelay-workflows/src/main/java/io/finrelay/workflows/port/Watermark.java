package io.finrelay.workflows.port;

import java.time.Instant;
import java.util.Objects;

/**
 * How far an incremental pull got: the latest change time the ERP reported (its own clock, so no
 * skew with ours). The next pull asks for changes at or after it; records changed exactly at the
 * watermark may come twice, which an upsert by ERP reference absorbs.
 */
public record Watermark(Instant changedAt) {
    public static final Watermark BEGINNING = new Watermark(Instant.EPOCH);

    public Watermark {
        Objects.requireNonNull(changedAt, "changedAt");
    }

    public Watermark max(Watermark other) {
        return changedAt.isAfter(other.changedAt) ? this : other;
    }
}
