package io.finrelay.model.bank;

import io.finrelay.model.Money;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A bank's answer about payments we sent (pain.002): a status for the whole message (group), for a
 * batch (payment information block) and for single transactions, each with its reasons.
 *
 * <p>A transaction's status is the most specific one the bank gave: its own, else its batch's,
 * else the group's. {@link #statusOf(String, String)} applies that rule.
 *
 * @param messageId          the report's own message id
 * @param originalMessageId  the pain.001 message it answers
 * @param originalMessageType e.g. {@code pain.001.001.03}
 * @param groupStatus        status of the whole original message, or null
 */
public record PaymentStatusReport(
        String messageId,
        OffsetDateTime createdAt,
        String originalMessageId,
        String originalMessageType,
        String groupStatusCode,
        PaymentStatus groupStatus,
        List<Reason> groupReasons,
        List<Batch> batches) {

    public PaymentStatusReport {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(originalMessageId, "originalMessageId");
        groupReasons = List.copyOf(groupReasons);
        batches = List.copyOf(batches);
    }

    /**
     * The status for one payment of the original message: the transaction's if reported, else its
     * batch's, else the group's; empty when the report says nothing that covers it.
     */
    public Optional<PaymentStatus> statusOf(String paymentInformationId, String endToEndId) {
        for (Batch batch : batches) {
            if (paymentInformationId != null && !paymentInformationId.equals(batch.originalPaymentInformationId())) {
                continue;
            }
            for (Transaction tx : batch.transactions()) {
                if (endToEndId.equals(tx.originalEndToEndId()) && tx.status() != null) {
                    return Optional.of(tx.status());
                }
            }
            if (batch.status() != null && paymentInformationId != null) {
                return Optional.of(batch.status());
            }
        }
        return Optional.ofNullable(groupStatus);
    }

    /** Why: an ISO reason code ({@code AC04}) or the bank's proprietary one, and free text. */
    public record Reason(String code, boolean proprietary, String originator, List<String> additionalInfo) {
        public Reason {
            additionalInfo = List.copyOf(additionalInfo);
        }
    }

    /** One original payment information block. Status null when the bank gave none at this level. */
    public record Batch(
            String originalPaymentInformationId,
            String statusCode,
            PaymentStatus status,
            List<Reason> reasons,
            List<Transaction> transactions) {
        public Batch {
            Objects.requireNonNull(originalPaymentInformationId, "originalPaymentInformationId");
            reasons = List.copyOf(reasons);
            transactions = List.copyOf(transactions);
        }
    }

    /**
     * One original transaction. Status null when the bank only gave reasons (then the batch's counts).
     * {@code originalAmount} is the instructed amount echoed back, or null.
     */
    public record Transaction(
            String statusId,
            String originalInstructionId,
            String originalEndToEndId,
            String statusCode,
            PaymentStatus status,
            List<Reason> reasons,
            Money originalAmount) {
        public Transaction {
            reasons = List.copyOf(reasons);
        }
    }
}
