package io.finrelay.server.reconciliation;

import io.finrelay.engine.db.DatabaseException;
import io.finrelay.engine.workflow.Reading;
import io.finrelay.server.security.Access;
import io.finrelay.server.security.TenantScope;
import io.finrelay.workflows.invoice.PaymentRun;
import io.finrelay.workflows.invoice.RunPayment;
import java.sql.SQLException;
import java.util.List;

/**
 * The payments of a supplier-invoice payment run as open items, written by the workflows' transitions
 * ({@link RunPayment}) in their deciding transaction: when the run opens, each payment is an expected debit of
 * the house account, OPEN, with its end-to-end id, so the statement line that books it matches it exactly and
 * the match clears the payable in the ERP; the run's releaser is recorded as payer (they may not confirm a
 * suggested match of their own payments); the item names its invoice, so a bank return of the payment goes
 * back to the invoice's workflow ({@link ReturnHandoff}). A payment the bank rejects or cancels is WITHDRAWN.
 * Every write is idempotent (a repeated insert or withdrawal changes nothing).
 */
final class RunPaymentOpenItems implements RunPayment.Store {
    /** The item ids of run payments start so; {@link ReturnHandoff} routes their returns to the invoice. */
    static final String PREFIX = "SINV-";

    private final Access access;
    private final OpenItemStore items;

    RunPaymentOpenItems(Access access, OpenItemStore items) {
        this.access = access;
        this.items = items;
    }

    @Override
    public void write(Reading reading, RunPayment payment) {
        try {
            TenantScope scope = access.deciding(reading.connection(), reading.tenant(), "reconciliation");
            switch (payment) {
                case RunPayment.Expected e -> expect(reading, scope, e.file());
                case RunPayment.Withdrawn w -> items.withdrawn(reading.connection(), scope, itemId(w.endToEndId()));
            }
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }

    private void expect(Reading reading, TenantScope scope, PaymentRun.PaymentFile file) throws SQLException {
        List<String> paidBy = file.releasedBy() == null ? List.of() : List.of(file.releasedBy());
        for (PaymentRun.Line line : file.lines()) {
            items.insert(reading.connection(), scope, new OpenItemStore.NewItem(itemId(line.endToEndId()), "FINRELAY",
                    "PAYABLE", file.legalEntity(), line.payeeName(), line.iban(), line.remittance(), null,
                    line.endToEndId(), file.messageId(), line.amount(), file.executionDate(), "OPEN", line.erpRef(),
                    line.invoiceId(), line.endToEndId(), paidBy, null), "engine", reading.now());
        }
    }

    /** The item id of a run's payment. */
    static String itemId(String endToEndId) {
        return PREFIX + endToEndId;
    }
}
