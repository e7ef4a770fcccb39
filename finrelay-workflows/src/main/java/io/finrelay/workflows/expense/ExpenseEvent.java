package io.finrelay.workflows.expense;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.finrelay.engine.workflow.WorkflowEvent;
import io.finrelay.model.bank.PaymentStatus;
import io.finrelay.workflows.governance.Actor;
import io.finrelay.workflows.governance.BankDetailChange;
import io.finrelay.workflows.governance.DutyPolicy;
import java.time.Instant;
import java.util.Objects;

/**
 * What an expense report's instance decides on. Events that need the tenant's master data arrive
 * without it ({@code reference} null) and are enriched in the deciding transaction
 * ({@link ExpenseReimbursement#enrich}); the reference is left out of the JSON while it is null, so the
 * inbox hashes an event as it arrived, and recorded in the audit trail once it is there.
 */
public sealed interface ExpenseEvent extends WorkflowEvent {

    /** The engine records when it arrived (the instance's creation and the audit trail). */
    record ReportApproved(Claim claim, @JsonInclude(JsonInclude.Include.NON_NULL) ReferenceData reference)
            implements ExpenseEvent {}

    /** An operator fixed something and asks the workflow to look again (master data read afresh). */
    record ValidationRetried(@JsonInclude(JsonInclude.Include.NON_NULL) ReferenceData reference) implements ExpenseEvent {}

    /** A person reviewed a possible duplicate: genuine (post it) or not (reject the report). */
    record DuplicateReviewed(String reviewer, boolean genuine, String note) implements ExpenseEvent {}

    record JournalPosted(String erpRef, String number) implements ExpenseEvent {}

    record PaymentScheduled(String obligationId, String paymentRun) implements ExpenseEvent {}

    /**
     * Someone asks to release the payment. The facts the duty rules need (the tenant's policy, the payee's last
     * bank-detail change and, for a person a machine key names, their release roles from the tenant's expense
     * set-up) are read by {@link ExpenseReimbursement#enrich} in the deciding transaction, under the instance's
     * lock, so the decision stays pure and is taken against the releases recorded so far and the facts as they
     * are then. A request arrives without them ({@code policy} null, see {@link #asked}). The facts are left
     * out of the JSON form, which the inbox hashes: a retry under the same Idempotency-Key is the same request
     * even though its facts may be read at another moment.
     *
     * @param releaser       who releases; their roles are those of their login unless {@code rolesFromSetUp}
     * @param policy         the tenant's duty policy; null until read (the defaults decide then)
     * @param rolesFromSetUp the releaser's roles are to be read from the tenant's expense set-up
     */
    record ReleaseRequested(Actor releaser, @JsonIgnore DutyPolicy policy, @JsonIgnore BankDetailChange payeeBankChange,
                            @JsonIgnore Instant at, @JsonIgnore boolean rolesFromSetUp) implements ExpenseEvent {
        public ReleaseRequested {
            Objects.requireNonNull(releaser, "releaser");
            Objects.requireNonNull(at, "at");
        }

        /** A release with its facts already known (a test, a replay). */
        public ReleaseRequested(Actor releaser, DutyPolicy policy, BankDetailChange payeeBankChange, Instant at) {
            this(releaser, policy, payeeBankChange, at, false);
        }

        /**
         * A release as a request asks for it, its facts to be read when it is decided: {@code releaser} with the
         * roles of their login, or only named ({@code rolesFromSetUp}: a machine key names the person).
         */
        public static ReleaseRequested asked(Actor releaser, boolean rolesFromSetUp, Instant at) {
            return new ReleaseRequested(releaser, null, null, at, rolesFromSetUp);
        }

        /** Whether the facts have been read (or came with the event). */
        @JsonIgnore
        public boolean factsKnown() {
            return policy != null;
        }
    }

    record PaymentReleased(String paymentRef) implements ExpenseEvent {}

    /** The bank's word on the payment (ISO 20022 status, mapped by {@link PaymentStatus#fromIsoCode}), with its reason code. */
    record PaymentStatusReported(String obligationId, PaymentStatus status, String reasonCode, String bankRef,
                                 Instant at) implements ExpenseEvent {
        public PaymentStatusReported {
            Objects.requireNonNull(status, "status");
        }
    }

    /** An operator asks for a new payment after a bank rejection (e.g. the IBAN was corrected); bank details read afresh. */
    record PaymentRetried(@JsonInclude(JsonInclude.Include.NON_NULL) ReferenceData reference) implements ExpenseEvent {}

    record PayableCleared(String clearingRef) implements ExpenseEvent {}

    /**
     * The bank returned the payment after it was made (found on a statement by the reconciliation),
     * with the ISO return reason ({@code AC04} closed account...). It reaches a report even after it ended.
     */
    record PaymentReturnedByBank(String obligationId, String reasonCode, String reasonText, String bankRef, Instant at)
            implements ExpenseEvent {
        public PaymentReturnedByBank {
            Objects.requireNonNull(obligationId, "obligationId");
        }
    }

    record StatusDelivered() implements ExpenseEvent {}

    /** An operator gave up one of the report's commands. */
    record StepCancelled(String commandType, String actor) implements ExpenseEvent {}
}
