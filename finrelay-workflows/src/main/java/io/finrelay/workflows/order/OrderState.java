package io.finrelay.workflows.order;

import io.finrelay.engine.workflow.WorkflowState;
import io.finrelay.model.Money;
import io.finrelay.workflows.order.CreditCheck.Assessment;
import java.time.LocalDate;
import java.util.Objects;

/** Where a customer order stands on its way to cash. Records; the terminal ones say so. */
public sealed interface OrderState extends WorkflowState {

    /**
     * The ERP's sales order and invoice of the order; {@code receivableRef}: the ERP's reference of the
     * invoice's receivable line when the ERP clears lines rather than invoices (Tryton's move line), else null.
     */
    record Sale(String saleRef, String invoiceRef, String invoiceNumber, LocalDate invoiceDate, LocalDate dueDate,
                String receivableRef) {
        public Sale {
            Objects.requireNonNull(invoiceRef, "invoiceRef");
            Objects.requireNonNull(invoiceDate, "invoiceDate");
        }
    }

    /** Before the CRM's event arrived. */
    record Received() implements OrderState {}

    /** The customer's credit is being read from the ERP ({@code checks}: how many times so far). */
    record CheckingCredit(OrderFacts f, int checks) implements OrderState {}

    /** Over a limit (the assessment's figures say which): waits for a credit controller or a payment of the customer. */
    record CreditHeld(OrderFacts f, Assessment credit, int checks) implements OrderState {}

    /** Released ({@code releasedBy}: the credit check, or the controller who released it); the ERP books sale and invoice. */
    record Booking(OrderFacts f, Assessment credit, String releasedBy) implements OrderState {}

    /** Invoiced: the receivable is an open item of the reconciliation; {@code paid} so far. */
    record AwaitingPayment(OrderFacts f, Assessment credit, String releasedBy, Sale sale, Money paid)
            implements OrderState {
        public Money open() {
            return f.amount().minus(paid);
        }
    }

    /** Paid and cleared in the ERP; {@code overpaid}: what the customer paid beyond the invoice (zero if nothing). */
    record Paid(OrderFacts f, Assessment credit, String releasedBy, Sale sale, Money paid, Money overpaid,
                LocalDate paidOn, String bankRef) implements OrderState {
        @Override
        public boolean isTerminal() {
            return true;
        }
    }

    /** A credit controller refused the order ({@code by}, {@code note}). */
    record Refused(OrderFacts f, Assessment credit, String by, String note) implements OrderState {
        @Override
        public boolean isTerminal() {
            return true;
        }
    }

    /** An operator cancelled the booking. */
    record Cancelled(OrderFacts f, String by) implements OrderState {
        @Override
        public boolean isTerminal() {
            return true;
        }
    }
}
