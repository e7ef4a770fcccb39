package io.finrelay.server.reconciliation;

import io.finrelay.engine.db.Database;
import io.finrelay.engine.outbox.CommandEnvelope;
import io.finrelay.engine.outbox.Connector;
import io.finrelay.engine.outbox.Delivery;
import io.finrelay.engine.outbox.Lookup;
import io.finrelay.server.security.Access;
import io.finrelay.server.security.TenantScope;
import io.finrelay.workflows.invoice.PaymentRun;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;

/**
 * The payments of a supplier-invoice payment run as open items: each is an expected debit of the
 * house account, with its end-to-end id, so the statement line that books it matches it exactly and
 * the match clears the payable in the ERP (through the reconciliation's clearing). The ONE place that
 * knows the bank-file command of payment runs: it wraps that connector, so the run's decisions stay
 * as they are. The items are written before the file is sent and the write is idempotent (by item id),
 * so a resend or a crash in between repeats it harmlessly. The run's releaser is recorded as payer:
 * they may not confirm a suggested match of their own payments. The item names its invoice, so a
 * bank return of the payment goes back to the invoice's workflow ({@link ReturnHandoff}).
 */
final class PaymentRunOpenItems implements Connector {
    private final Connector bankFiles;
    private final Supplier<Database> db;
    private final Supplier<Access> access;
    private final Supplier<OpenItemStore> items;
    private final Clock clock;

    PaymentRunOpenItems(Connector bankFiles, Supplier<Database> db, Supplier<Access> access, Supplier<OpenItemStore> items,
                        Clock clock) {
        this.bankFiles = bankFiles;
        this.db = db;
        this.access = access;
        this.items = items;
        this.clock = clock;
    }

    @Override
    public String name() {
        return bankFiles.name();
    }

    @Override
    public Delivery deliver(CommandEnvelope command) {
        if (command.is(PaymentRun.SEND_FILE)) {
            expect(command.payload(PaymentRun.SEND_FILE), command);
        }
        return bankFiles.deliver(command);
    }

    @Override
    public Lookup lookup(CommandEnvelope command) {
        return bankFiles.lookup(command);
    }

    /** The item id of a run's payment. */
    static String itemId(String endToEndId) {
        return PREFIX + endToEndId;
    }

    /** The item ids of run payments start so; {@link ReturnHandoff} routes their returns to the invoice. */
    static final String PREFIX = "SINV-";

    private void expect(PaymentRun.PaymentFile file, CommandEnvelope command) {
        TenantScope scope = access.get().configured(command.tenantId(), "reconciliation");
        List<String> paidBy = file.releasedBy() == null ? List.of() : List.of(file.releasedBy());
        db.get().inTenant(command.tenantId(), c -> {
            for (PaymentRun.Line line : file.lines()) {
                items.get().insert(c, scope, new OpenItemStore.NewItem(itemId(line.endToEndId()), "FINRELAY", "PAYABLE",
                        file.legalEntity(), line.payeeName(), line.iban(), line.remittance(), null, line.endToEndId(),
                        file.messageId(), line.amount(), file.executionDate(), "OPEN", line.erpRef(), line.invoiceId(),
                        line.endToEndId(), paidBy,
                        null), "engine", clock.instant());
            }
            return null;
        });
    }
}
