package io.finrelay.workflows.order;

import io.finrelay.engine.workflow.Reading;
import io.finrelay.model.Money;
import java.time.LocalDate;

/**
 * Order to cash's window on the node's own tables, in the transaction that decides: Finrelay's orders
 * in flight and the tenant's counterparty threshold for the credit check, the customer's receivable
 * figures after a payment, and the read model (the order's row, its receivable as an open item of the
 * reconciliation). The server implements it.
 */
public interface OrderReferencePort {

    /** The port bound to one deciding transaction. */
    interface Source {
        OrderReferencePort in(Reading reading);
    }

    /**
     * What the customer owes in Finrelay beyond what the ERP knows: released orders of the customer,
     * other than {@code orderId}, not yet booked in the ERP (also those this transaction released, see
     * {@link #releasing}); and the tenant's counterparty threshold. Credit decisions of one customer are
     * serialised: a second deciding transaction reading the same customer waits until the first ends,
     * then counts the order the first released.
     */
    OrderEvent.Local local(OrderFacts order);

    /**
     * The order's credit check in this deciding transaction releases it: the customer's other orders
     * decided later in the same transaction count it in flight (the read model is written after every
     * decision of the transaction).
     */
    void releasing(OrderFacts order);

    /** The account's figures after a payment on {@code on}, for the CRM. */
    OrderCommands.AccountFigures account(OrderFacts order, Money paidNow, LocalDate on);

    /** Writes where the order stands into the read model (and registers its receivable once it is invoiced). */
    void show(String orderId, OrderState state);
}
