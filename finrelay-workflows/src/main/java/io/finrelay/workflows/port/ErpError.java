package io.finrelay.workflows.port;

import java.util.Objects;
import java.util.Optional;

/**
 * Why an ERP call did not do what was asked, classified at the boundary (DESIGN habit 9). The class
 * decides what happens next: a {@link Transient} error is retried, an {@link OutcomeUnknown} one is
 * looked up before anything is sent again, the others go to the exception queue with the ERP's own
 * words kept for the operator.
 */
public sealed interface ErpError {

    /** The text an operator reads in the exception queue. */
    String message();

    /** The ERP refused for good (validation, missing account...); {@code erpMessage} is its own text. */
    record Permanent(String erpMessage) implements ErpError {
        public Permanent {
            Objects.requireNonNull(erpMessage, "erpMessage");
        }

        @Override
        public String message() {
            return erpMessage;
        }
    }

    /**
     * The booking date falls into a period the ERP has closed: permanent until someone reopens the
     * period or re-dates the entry, and named so that the operator knows which.
     */
    record ClosedPeriod(String period, String erpMessage) implements ErpError {
        public ClosedPeriod {
            Objects.requireNonNull(period, "period");
            Objects.requireNonNull(erpMessage, "erpMessage");
        }

        @Override
        public String message() {
            return "period " + period + " is closed: " + erpMessage;
        }
    }

    /**
     * The ERP asks for a human's acknowledgement (Tryton's UserWarning) and the tenant's configuration
     * does not allow the connector to give it.
     */
    record NeedsAcknowledgement(String warning, String erpMessage) implements ErpError {
        public NeedsAcknowledgement {
            Objects.requireNonNull(warning, "warning");
            Objects.requireNonNull(erpMessage, "erpMessage");
        }

        @Override
        public String message() {
            return "the ERP asks to acknowledge warning '" + warning + "': " + erpMessage;
        }
    }

    /** The ERP did not act and may later (unreachable, 5xx, busy): retry with backoff. */
    record Transient(String reason, Optional<java.time.Duration> retryAfter) implements ErpError {
        public Transient {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(retryAfter, "retryAfter");
        }

        public Transient(String reason) {
            this(reason, Optional.empty());
        }

        @Override
        public String message() {
            return reason;
        }
    }

    /**
     * The request was sent and no answer came (timeout, connection cut): the ERP may have acted. Ask
     * it (e.g. {@link ErpPort#findJournal}) before sending again.
     */
    record OutcomeUnknown(String reason) implements ErpError {
        public OutcomeUnknown {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public String message() {
            return reason;
        }
    }
}
