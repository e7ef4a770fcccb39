package io.finrelay.server.reconciliation;

import io.finrelay.engine.db.DatabaseException;
import io.finrelay.engine.json.Json;
import io.finrelay.engine.workflow.Reading;
import io.finrelay.model.Money;
import io.finrelay.server.security.Access;
import io.finrelay.server.security.TenantScope;
import io.finrelay.workflows.expense.ExpenseCommands.Obligation;
import io.finrelay.workflows.expense.ReimbursementPayment;
import java.sql.SQLException;
import java.util.Currency;
import java.util.List;

/**
 * Finrelay's own reimbursement payments as open items: every payment it sends is an expected debit. The
 * expense workflow's transitions tell it ({@link ReimbursementPayment}) in their deciding transaction: when
 * the obligation goes to treasury the item is recorded AWAITING_RELEASE (payee, amount, end-to-end id = the
 * report id the treasury puts on the payment; the obligation, as treasury receives it, as its content); once the payment is
 * released it is OPEN, with who released it (they may not confirm its match); a payment that will not be made
 * (the bank rejected it, or the report was withdrawn before its release) is WITHDRAWN. So an item exists exactly
 * when its obligation command does, and is released or withdrawn exactly when the workflow knows it is. Every
 * write is idempotent (a repeated insert, release or withdrawal changes nothing).
 */
final class ReimbursementOpenItems implements ReimbursementPayment.Store {
    private final Access access;
    private final OpenItemStore items;

    ReimbursementOpenItems(Access access, OpenItemStore items) {
        this.access = access;
        this.items = items;
    }

    @Override
    public void write(Reading reading, ReimbursementPayment payment) {
        try {
            TenantScope scope = access.deciding(reading.connection(), reading.tenant(), "reconciliation");
            switch (payment) {
                case ReimbursementPayment.Expected e -> expect(reading, scope, e.obligation());
                case ReimbursementPayment.Released r -> items.released(reading.connection(), scope,
                        itemId(r.obligationId()), r.releasedBy());
                case ReimbursementPayment.Withdrawn w -> items.withdrawn(reading.connection(), scope, itemId(w.obligationId()));
            }
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }

    private void expect(Reading reading, TenantScope scope, Obligation o) throws SQLException {
        Money amount = Money.of(o.amount(), Currency.getInstance(o.currency()));
        if (!amount.isPositive()) {
            return;
        }
        items.insert(reading.connection(), scope, new OpenItemStore.NewItem(itemId(o.obligationId()), "FINRELAY",
                "PAYABLE", o.legalEntityId(), o.payee().name(), o.payee().iban(), null, null, o.reportId(), null, amount,
                o.requestedDate(), "AWAITING_RELEASE", null, o.reportId(), o.obligationId(), List.of(),
                Json.mapper().valueToTree(o)), "engine", reading.now());
    }

    /** The open item of a reimbursement's payment, named after its obligation. */
    static String itemId(String obligationId) {
        return "REIMB-" + obligationId;
    }
}
