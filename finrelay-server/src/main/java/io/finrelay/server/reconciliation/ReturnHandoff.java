package io.finrelay.server.reconciliation;

import io.finrelay.engine.WorkflowEngine;
import io.finrelay.engine.inbox.InboxKey;
import io.finrelay.engine.runtime.InboundEvent;
import io.finrelay.engine.runtime.Input;
import io.finrelay.engine.runtime.Receipt;
import io.finrelay.model.id.TenantId;
import io.finrelay.workflows.expense.ExpenseEvent;
import io.finrelay.workflows.expense.ExpenseReimbursement;
import io.finrelay.workflows.invoice.InvoiceEvent;
import io.finrelay.workflows.invoice.InvoiceToPay;
import java.time.Instant;

/**
 * Hands a bank return of one of Finrelay's own payments to the workflow that made the payment. The
 * ONE place that knows the workflows' events for it: the expense reimbursement gets
 * {@code PaymentReturnedByBank(obligationId, reasonCode, reasonText, bankRef, at)}, a supplier invoice
 * paid in a run ({@link RunPaymentOpenItems#PREFIX} items) {@code PaymentReturned(endToEndId, reasonCode,
 * bankRef, at)}; both reach their workflow also after it ended, through the engine inbox, source {@code reconciliation}, key {@code return:<fileId>:<lineNo>}, so a
 * resumed run hands it over at most once. The engine's answer is returned as it is: the caller opens
 * an exception when the workflow did not take it.
 */
final class ReturnHandoff {
    static final String SOURCE = "reconciliation";

    private final WorkflowEngine engine;

    ReturnHandoff(WorkflowEngine engine) {
        this.engine = engine;
    }

    /**
     * A return for a Finrelay payment: the open item, the workflow key (the expense report or the supplier
     * invoice) and the payment (the obligation, or the invoice payment's end-to-end id).
     */
    record PaymentReturn(TenantId tenant, String lineId, String itemId, String workflowKey, String obligationId,
                         String reasonCode, String bankRef, Instant at, String correlationId) {}

    /** What the engine answered, a repeat unwrapped to the first answer. */
    Receipt deliver(PaymentReturn r) {
        InboxKey key = new InboxKey(r.tenant(), SOURCE, "return:" + r.lineId());
        boolean invoice = r.itemId() != null && r.itemId().startsWith(RunPaymentOpenItems.PREFIX);
        Receipt receipt = invoice
                ? engine.submit(new InboundEvent(key, InvoiceToPay.TYPE, r.workflowKey(), new Input.Domain(
                        new InvoiceEvent.PaymentReturned(r.obligationId(), r.reasonCode(), r.bankRef(), r.at())),
                        r.correlationId(), SOURCE))
                : engine.submit(new InboundEvent(key, ExpenseReimbursement.TYPE, r.workflowKey(),
                new Input.Domain(new ExpenseEvent.PaymentReturnedByBank(r.obligationId(), r.reasonCode(), null,
                        r.bankRef(), r.at())), r.correlationId(), SOURCE));
        return receipt instanceof Receipt.Repeated repeated ? repeated.first() : receipt;
    }

    /** Whether the workflow took the return (moved on); anything else needs an operator. */
    static boolean taken(Receipt receipt) {
        return receipt instanceof Receipt.Accepted;
    }
}
