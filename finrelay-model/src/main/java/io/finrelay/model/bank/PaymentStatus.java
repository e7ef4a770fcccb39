package io.finrelay.model.bank;

import java.util.Locale;

/**
 * Where a payment stands according to the bank's status report (pain.002), mapped from the ISO
 * 20022 ExternalPaymentTransactionStatus1Code. Outcomes include pending and unknown, not only
 * accepted and rejected.
 */
public enum PaymentStatus {
    /** RCVD: the bank has the file, nothing checked yet. */
    RECEIVED(false),
    /** ACTC: technical validation passed. */
    TECHNICALLY_ACCEPTED(false),
    /** ACCP, ACWC, ACWP, ACFC, ACSP: accepted for execution (customer profile, funds, settlement in progress). */
    ACCEPTED(false),
    /** PDNG: further checks or a cut-off pending. */
    PENDING(false),
    /** PART: some transactions of a group or batch accepted, some not; look at the transaction level. */
    PARTIALLY_ACCEPTED(false),
    /** ACSC, ACCC: settled on the debtor's (or creditor's) account. Final. */
    SETTLED(true),
    /** RJCT. Final. */
    REJECTED(true),
    /** CANC: cancelled on request. Final. */
    CANCELLED(true),
    /** A code this version of Finrelay does not know: an operator looks at it, never a silent guess. */
    UNKNOWN(false);

    private final boolean isFinal;

    PaymentStatus(boolean isFinal) {
        this.isFinal = isFinal;
    }

    public boolean isFinal() {
        return isFinal;
    }

    /** Maps an ISO status code ({@code ACSC}, {@code RJCT}...); an unknown code is {@link #UNKNOWN}. */
    public static PaymentStatus fromIsoCode(String code) {
        if (code == null) {
            return UNKNOWN;
        }
        return switch (code.strip().toUpperCase(Locale.ROOT)) {
            case "RCVD" -> RECEIVED;
            case "ACTC" -> TECHNICALLY_ACCEPTED;
            case "ACCP", "ACWC", "ACWP", "ACFC", "ACSP" -> ACCEPTED;
            case "PDNG" -> PENDING;
            case "PART" -> PARTIALLY_ACCEPTED;
            case "ACSC", "ACCC" -> SETTLED;
            case "RJCT" -> REJECTED;
            case "CANC" -> CANCELLED;
            default -> UNKNOWN;
        };
    }
}
