package io.finrelay.server.monitors;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/**
 * The stuck-workflow monitors finance asks for, each with the name its threshold has in the API, its
 * default, and the workflow states it watches (see {@link StuckQueries}, and the server README's table).
 */
public enum MonitorKind {
    /** Approved, but not yet planned for payment: expense reports posting or waiting for the treasury's obligation; invoices posting. */
    APPROVED_NOT_SCHEDULED("approvedNotScheduled", "approved-not-scheduled", Duration.ofDays(2)),
    /** Planned, but no payment has gone out: expense reports waiting for release; invoices due and in no run; runs whose file is not written. */
    SCHEDULED_NOT_SENT("scheduledNotSent", "scheduled-not-sent", Duration.ofDays(1)),
    /** Sent, but the bank has said nothing: expense payments without a status; payment-run files without a pain.002. */
    SENT_NOT_ACKNOWLEDGED("sentNotAcknowledged", "sent-not-acknowledged", Duration.ofDays(1)),
    /** Settled by the bank, but its open item is not matched to a statement line. */
    PAID_NOT_RECONCILED("paidNotReconciled", "paid-not-reconciled", Duration.ofDays(3)),
    /** How long after the end of a business day (UTC) its statement of a house bank account must be there. */
    STATEMENT_MISSING("statementDueAfter", "statement-missing", Duration.ofHours(10)),
    /** The most a house bank account's cash position may age. */
    CASH_POSITION_STALE("cashPositionMaxAge", "cash-position-stale", Duration.ofHours(36));

    /** The shortest and the longest threshold a tenant may set. */
    static final Duration MIN = Duration.ofMinutes(5);
    static final Duration MAX = Duration.ofDays(60);

    private final String field;
    private final String monitor;
    private final Duration defaultThreshold;

    MonitorKind(String field, String monitor, Duration defaultThreshold) {
        this.field = field;
        this.monitor = monitor;
        this.defaultThreshold = defaultThreshold;
    }

    /** The threshold's name in the API ({@code approvedNotScheduled}). */
    public String field() {
        return field;
    }

    /** The monitor's name in exceptions ({@code stuck-approved-not-scheduled}), webhooks and metrics. */
    public String monitor() {
        return monitor;
    }

    public Duration defaultThreshold() {
        return defaultThreshold;
    }

    static Optional<MonitorKind> byField(String field) {
        return Arrays.stream(values()).filter(k -> k.field.equals(field)).findFirst();
    }
}
