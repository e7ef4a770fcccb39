package io.finrelay.workflows.order;

import io.finrelay.engine.workflow.WorkflowEvent;
import io.finrelay.model.Money;
import io.finrelay.workflows.governance.Actor;
import io.finrelay.workflows.order.OrderCommands.AccountFigures;
import java.time.LocalDate;
import java.util.Objects;

/**
 * What happens to a customer order, in the past tense. The fields a peer never sends (Finrelay's own
 * orders in flight, the tenant's threshold, the account's figures after a payment) are filled by
 * {@code OrderToCash.enrich} from the node's tables in the deciding transaction.
 */
public sealed interface OrderEvent extends WorkflowEvent {

    /** The CRM announced the order (Order activated or Opportunity closed-won). */
    record Arrived(OrderFacts f) implements OrderEvent {
        public Arrived {
            Objects.requireNonNull(f, "f");
        }
    }

    /** What the ERP counts against the customer's credit; {@code creditLimit} null: none. */
    record ErpCredit(Money creditAmount, Money openReceivables, Money creditLimit) {
        public ErpCredit {
            Objects.requireNonNull(creditAmount, "creditAmount");
            Objects.requireNonNull(openReceivables, "openReceivables");
        }
    }

    /** Finrelay's own figures: released orders of the customer not yet booked in the ERP, and the tenant's threshold (null: none). */
    record Local(Money inFlight, Money threshold) {
        public Local {
            Objects.requireNonNull(inFlight, "inFlight");
        }
    }

    /** The ERP answered the credit query; {@code local} is read when this is decided. */
    record CreditRead(ErpCredit erp, Local local) implements OrderEvent {
        public CreditRead(ErpCredit erp) {
            this(erp, null);
        }
    }

    /** An operator cancelled the credit query (the ERP could not answer): the order waits for a credit controller. */
    record CreditUnavailable(String actor) implements OrderEvent {}

    /** A credit controller decided on a held order: {@code release} true books it, false refuses it. */
    record CreditReviewed(Actor reviewer, boolean release, String note) implements OrderEvent {
        public CreditReviewed {
            Objects.requireNonNull(reviewer, "reviewer");
        }
    }

    /** A payment of the same customer lowered what it owes: a held order is checked again. */
    record ExposureLowered(String reason) implements OrderEvent {}

    /** The ERP booked the sales order and its invoice. */
    record SaleBooked(String saleRef, String invoiceRef, String invoiceNumber, LocalDate invoiceDate, LocalDate dueDate,
                      String receivableRef) implements OrderEvent {}

    /** An operator cancelled the booking step (booked by hand outside Finrelay, say). */
    record BookingCancelled(String actor) implements OrderEvent {}

    /**
     * The reconciliation applied a bank credit to the order's receivable and cleared it in the ERP:
     * {@code amount} is what the credit paid of it (a part, all, or more than was open). {@code account}
     * is the customer's figures afterwards, read when this is decided.
     */
    record PaymentApplied(String matchId, String bankRef, Money amount, LocalDate on, AccountFigures account)
            implements OrderEvent {
        public PaymentApplied {
            Objects.requireNonNull(matchId, "matchId");
            Objects.requireNonNull(amount, "amount");
            Objects.requireNonNull(on, "on");
        }

        public PaymentApplied(String matchId, String bankRef, Money amount, LocalDate on) {
            this(matchId, bankRef, amount, on, null);
        }
    }
}
