package io.finrelay.model.payment;

/**
 * Where a reimbursement stands. A payment whose outcome is not known (a timeout at the bank) is
 * {@code PAYMENT_UNKNOWN} until someone asks the bank: it is never resent blindly.
 */
public enum ReimbursementStatus {
    REQUESTED, APPROVED, PAYMENT_PENDING, PAID, PAYMENT_FAILED, PAYMENT_UNKNOWN, CANCELLED
}
