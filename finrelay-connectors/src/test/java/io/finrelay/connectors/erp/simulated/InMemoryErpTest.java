package io.finrelay.connectors.erp.simulated;

import static org.assertj.core.api.Assertions.assertThat;

import io.finrelay.connectors.erp.ErpPortContract;
import io.finrelay.connectors.erp.JournalOutboxConnector;
import io.finrelay.engine.outbox.Delivery;
import io.finrelay.model.id.AccountCode;
import io.finrelay.model.id.LegalEntityId;
import io.finrelay.model.id.TenantId;
import io.finrelay.model.ledger.AccountType;
import io.finrelay.model.ledger.GlAccount;
import io.finrelay.model.ledger.PartyRef;
import io.finrelay.model.party.LegalEntity;
import io.finrelay.workflows.expense.ExpenseCommands;
import io.finrelay.workflows.port.ErpPort;
import io.finrelay.workflows.port.FiscalPeriod;
import io.finrelay.workflows.port.JournalPosting;
import io.finrelay.workflows.port.Synced;
import java.time.LocalDate;
import java.util.Currency;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The simulated ERP passes the same contract as Tryton, and shows batching and exactly-once by its ledger. */
class InMemoryErpTest extends ErpPortContract {
    private static final TenantId TENANT = new TenantId(UUID.fromString("00000000-0000-0000-0000-00000000000a"));
    private static final LegalEntityId LE = new LegalEntityId(UUID.fromString("00000000-0000-0000-0000-0000000000e1"));

    private final InMemoryErp erp = new InMemoryErp(
            new Synced<>("1", new LegalEntity(LE, TENANT, "Sim GmbH", "DE", Currency.getInstance("EUR"))),
            List.of(new GlAccount(TENANT, AccountCode.of("6400"), "Travel", AccountType.EXPENSE, LE, true),
                    new GlAccount(TENANT, AccountCode.of("1200"), "Bank", AccountType.ASSET, LE, true),
                    new GlAccount(TENANT, AccountCode.of("1740"), "Employee payables", AccountType.LIABILITY, LE, true)),
            List.of(new FiscalPeriod("1", LE, FiscalPeriod.Kind.PERIOD, "2025-01", LocalDate.of(2025, 1, 1),
                            LocalDate.of(2025, 1, 31), false),
                    new FiscalPeriod("2", LE, FiscalPeriod.Kind.PERIOD, "2025-02", LocalDate.of(2025, 2, 1),
                            LocalDate.of(2025, 2, 28), true)),
            List.of(), List.of());

    @Override
    protected ErpPort erp() {
        return erp;
    }

    @Override
    protected Facts facts() {
        return new Facts(TENANT, LE, "EUR", AccountCode.of("6400"), AccountCode.of("1200"), LocalDate.of(2025, 2, 10),
                LocalDate.of(2025, 1, 10), "2025-01", AccountCode.of("1740"),
                PartyRef.employee("5b0e7c3a-9d14-4f2b-8a61-3c7e2d9f0b15", "Erika Mustermann"));
    }

    @Override
    protected long entriesHolding(UUID commandId) {
        return erp.postedCount(commandId);
    }

    @Override
    protected void loseNextPostingAnswer() {
        erp.loseNextAnswers(1);
    }

    @Override
    protected long clearingsHolding(UUID commandId) {
        return erp.clearingCount(commandId);
    }

    @Test
    void concurrentDeliveriesReachTheErpInBatchesOfAtMostTwenty() throws Exception {
        concurrentDeliveriesAreCoalescedIntoBatchesAndEachPostedOnce();
        assertThat(erp.batchSizes()).allSatisfy(n -> assertThat(n).isBetween(1, 20));
        assertThat(erp.batchSizes().size()).isLessThan(30);
        assertThat(erp.received()).hasSize(30);
    }

    @Test
    void anUnreachableErpIsTransientAndNothingIsBooked() {
        JournalPosting p = posting("3.00");
        erp.failNextCalls(1);
        try (JournalOutboxConnector connector = connector()) {
            assertThat(connector.deliver(command(p, 1))).isInstanceOf(Delivery.Transient.class);
            assertThat(connector.deliver(command(p, 2))).isInstanceOf(Delivery.Done.class);
        }
        assertThat(erp.postedCount(p.commandId())).isEqualTo(1);
    }

    @Test
    void aPayloadThatIsNotAJournalEntryIsPermanent() {
        JournalPosting p = posting("3.00");
        var broken = new io.finrelay.engine.outbox.CommandEnvelope(TENANT, p.commandId(), UUID.randomUUID(), "w", "k",
                ExpenseCommands.ERP, ExpenseCommands.POST_JOURNAL.type(), "{\"lines\":[]}", "c", 1);
        try (JournalOutboxConnector connector = connector()) {
            assertThat(connector.deliver(broken)).isInstanceOf(Delivery.Permanent.class);
        }
        assertThat(erp.received()).isEmpty();
    }
}
