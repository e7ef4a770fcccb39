package io.finrelay.server.reconciliation;

import io.finrelay.engine.WorkflowEngine;
import io.finrelay.engine.inbox.InboxKey;
import io.finrelay.engine.runtime.InboundEvent;
import io.finrelay.engine.runtime.Input;
import io.finrelay.engine.runtime.Receipt;
import io.finrelay.model.id.TenantId;
import io.finrelay.workflows.expense.ExpenseEvent;
import io.finrelay.workflows.expense.ExpenseReimbursement;
import java.time.Instant;

/**
 * Hands a bank return of one of Finrelay's own payments to the workflow that made the payment. The
 * ONE place that knows the expense workflow's event for it (RECON.md section 5): the expense
 * reimbursement gets {@code PaymentReturnedByBank(obligationId, reasonCode, reasonText, bankRef, at)}, which
 * reaches it also after it ended,
 * through the engine inbox, source {@code reconciliation}, key {@code return:<fileId>:<lineNo>}, so a
 * resumed run hands it over at most once. The engine's answer is returned as it is: the caller opens
 * an exception when the workflow did not take it.
 */
final class ReturnHandoff {
    static final String SOURCE = "reconciliation";

    private final WorkflowEngine engine;

    ReturnHandoff(WorkflowEngine engine) {
        this.engine = engine;
    }

    /** A return for a Finrelay payment: the workflow key (the expense report) and the payment (obligation). */
    record PaymentReturn(TenantId tenant, String lineId, String workflowKey, String obligationId, String reasonCode,
                         String bankRef, Instant at, String correlationId) {}

    /** What the engine answered, a repeat unwrapped to the first answer. */
    Receipt deliver(PaymentReturn r) {
        InboxKey key = new InboxKey(r.tenant(), SOURCE, "return:" + r.lineId());
        Receipt receipt = engine.submit(new InboundEvent(key, ExpenseReimbursement.TYPE, r.workflowKey(),
                new Input.Domain(new ExpenseEvent.PaymentReturnedByBank(r.obligationId(), r.reasonCode(), null,
                        r.bankRef(), r.at())), r.correlationId(), SOURCE));
        return receipt instanceof Receipt.Repeated repeated ? repeated.first() : receipt;
    }

    /** Whether the workflow took the return (moved on); anything else needs an operator. */
    static boolean taken(Receipt receipt) {
        return receipt instanceof Receipt.Accepted;
    }
}
