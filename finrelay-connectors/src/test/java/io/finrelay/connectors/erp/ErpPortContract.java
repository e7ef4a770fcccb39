package io.finrelay.connectors.erp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.finrelay.engine.outbox.CommandEnvelope;
import io.finrelay.engine.outbox.Delivery;
import io.finrelay.engine.outbox.Lookup;
import io.finrelay.model.Money;
import io.finrelay.model.id.AccountCode;
import io.finrelay.model.id.JournalEntryId;
import io.finrelay.model.id.LegalEntityId;
import io.finrelay.model.id.TenantId;
import io.finrelay.model.ledger.JournalEntry;
import io.finrelay.model.ledger.JournalLine;
import io.finrelay.model.ledger.PartyRef;
import io.finrelay.workflows.expense.ExpenseCommands;
import io.finrelay.workflows.port.ClearedPayable;
import io.finrelay.workflows.port.ErpError;
import io.finrelay.workflows.port.ErpException;
import io.finrelay.workflows.port.ErpPort;
import io.finrelay.workflows.port.JournalEntryJson;
import io.finrelay.workflows.port.JournalPosting;
import io.finrelay.workflows.port.MasterData;
import io.finrelay.workflows.port.PayableClearing;
import io.finrelay.workflows.port.PostResult;
import io.finrelay.workflows.port.Watermark;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The shared connector contract: what every {@link ErpPort} implementation must do for Finrelay's
 * workflows, whatever the ERP. Each implementation's test extends this class and supplies the ERP,
 * a few facts about its data ({@link Facts}) and probes: how many entries and clearings hold a command
 * id, and a switch that makes the next posting call lose its answer after the ERP acted.
 */
public abstract class ErpPortContract {

    /**
     * What the contract needs to know about the ERP's data.
     *
     * @param payableAccount a payable account that takes lines booked against a party
     * @param party          a party (an employee) the ERP knows, for payable lines
     */
    public record Facts(TenantId tenant, LegalEntityId legalEntity, String currency, AccountCode debitAccount,
                           AccountCode creditAccount, LocalDate openDate, LocalDate closedDate, String closedPeriodName,
                           AccountCode payableAccount, PartyRef party) {}

    protected abstract ErpPort erp();

    protected abstract Facts facts();

    /** How many posted entries of the ERP carry this command id, read from the ERP itself. */
    protected abstract long entriesHolding(UUID commandId);

    /** The next posting call takes effect in the ERP but its answer is lost on the way back. */
    protected abstract void loseNextPostingAnswer();

    /** How many clearings of the ERP carry this command id, read from the ERP itself. */
    protected abstract long clearingsHolding(UUID commandId);

    /** An employee's expense journal: travel debited, the payable credited against the party; returns its ERP ref. */
    protected String postOwed(String amount) {
        Facts f = facts();
        JournalEntry owed = new JournalEntry(new JournalEntryId(UUID.randomUUID()), f.tenant(), f.legalEntity(), f.openDate(),
                "contract expense report " + amount, List.of(
                JournalLine.debit(f.debitAccount(), Money.of(amount, f.currency()), "Hotel Atlantic Hamburg"),
                JournalLine.credit(f.payableAccount(), Money.of(amount, f.currency()), "payable").withParty(f.party())));
        PostResult posted = erp().postJournals(List.of(new JournalPosting(UUID.randomUUID(), owed))).getFirst();
        assertThat(posted).as(posted.toString()).isInstanceOf(PostResult.Posted.class);
        return ((PostResult.Posted) posted).journal().erpRef();
    }

    protected PayableClearing clearing(UUID commandId, String journalRef, String amount) {
        return new PayableClearing(commandId, journalRef, Money.of(amount, facts().currency()), facts().openDate(),
                "PAY-" + commandId.toString().substring(0, 8), "contract clearing");
    }

    protected JournalEntry entry(LocalDate date, String amount, AccountCode debit, String description) {
        Facts f = facts();
        return new JournalEntry(new JournalEntryId(UUID.randomUUID()), f.tenant(), f.legalEntity(), date, description,
                List.of(JournalLine.debit(debit, Money.of(amount, f.currency()), "contract"),
                        JournalLine.credit(f.creditAccount(), Money.of(amount, f.currency()), "")));
    }

    protected JournalPosting posting(String amount) {
        return new JournalPosting(UUID.randomUUID(), entry(facts().openDate(), amount, facts().debitAccount(),
                "contract " + amount));
    }

    protected CommandEnvelope command(JournalPosting posting, int attempt) {
        Facts f = facts();
        return new CommandEnvelope(f.tenant(), posting.commandId(), UUID.randomUUID(), "contract", "k-" + posting.commandId(),
                ExpenseCommands.ERP, ExpenseCommands.POST_JOURNAL.type(), JournalEntryJson.write(posting.entry()), "corr", attempt);
    }

    protected JournalOutboxConnector connector() {
        return new JournalOutboxConnector(t -> t.equals(facts().tenant()) ? Optional.of(erp()) : Optional.empty(),
                20, Duration.ofMillis(3));
    }

    @Test
    void masterDataNamesTheLegalEntityAndThePostingAccounts() {
        MasterData data = erp().pullMasterData(Watermark.BEGINNING);
        assertThat(data.legalEntities()).anySatisfy(le -> assertThat(le.record().id()).isEqualTo(facts().legalEntity()));
        assertThat(data.accounts()).extracting(a -> a.record().code())
                .contains(facts().debitAccount(), facts().creditAccount());
        assertThat(data.fiscalPeriods()).anySatisfy(p -> {
            assertThat(p.contains(facts().openDate())).isTrue();
            assertThat(p.open()).isTrue();
        });
        assertThat(data.next().changedAt()).isAfter(Watermark.BEGINNING.changedAt());
    }

    @Test
    void aBatchPostsEveryEntryOnceAndEachIsFoundByItsCommandId() {
        List<JournalPosting> batch = List.of(posting("10.00"), posting("20.00"), posting("30.00"));
        List<PostResult> results = erp().postJournals(batch);
        assertThat(results).hasSize(3).allSatisfy(r -> assertThat(r).isInstanceOf(PostResult.Posted.class));
        for (int i = 0; i < batch.size(); i++) {
            UUID id = batch.get(i).commandId();
            assertThat(results.get(i).commandId()).isEqualTo(id);
            String erpRef = ((PostResult.Posted) results.get(i)).journal().erpRef();
            assertThat(erp().findJournal(id)).hasValueSatisfying(j -> assertThat(j.erpRef()).isEqualTo(erpRef));
            assertThat(entriesHolding(id)).isEqualTo(1);
        }
        assertThat(erp().findJournal(UUID.randomUUID())).isEmpty();
    }

    @Test
    void aRefusedEntryFailsAloneWithTheErpsMessage() {
        JournalPosting bad = new JournalPosting(UUID.randomUUID(), entry(facts().openDate(), "5.00",
                AccountCode.of("NOPE-404"), "contract bad account"));
        List<PostResult> results = erp().postJournals(List.of(posting("1.00"), bad, posting("2.00")));
        assertThat(results.get(0)).isInstanceOf(PostResult.Posted.class);
        assertThat(results.get(2)).isInstanceOf(PostResult.Posted.class);
        assertThat(results.get(1)).isInstanceOfSatisfying(PostResult.Failed.class, f -> {
            assertThat(f.error()).isInstanceOf(ErpError.Permanent.class);
            assertThat(f.error().message()).contains("NOPE-404");
        });
        assertThat(entriesHolding(bad.commandId())).isZero();
    }

    @Test
    void aClosedPeriodIsRefusedAndNamed() {
        JournalPosting late = new JournalPosting(UUID.randomUUID(), entry(facts().closedDate(), "7.00",
                facts().debitAccount(), "contract closed period"));
        PostResult result = erp().postJournals(List.of(late)).getFirst();
        assertThat(result).isInstanceOfSatisfying(PostResult.Failed.class, f -> assertThat(f.error())
                .isInstanceOfSatisfying(ErpError.ClosedPeriod.class,
                        c -> assertThat(c.period()).isEqualTo(facts().closedPeriodName())));
        assertThat(connector().deliver(command(late, 1))).isInstanceOf(Delivery.Permanent.class);
    }

    @Test
    void aPaidPayableIsClearedOnceAndClearingAgainAnswersTheSameClearing() {
        String journal = postOwed("64.20");
        UUID id = UUID.randomUUID();
        ClearedPayable first = erp().clearPayable(clearing(id, journal, "64.20"));
        assertThat(first.commandId()).isEqualTo(id);
        assertThat(erp().clearPayable(clearing(id, journal, "64.20"))).isEqualTo(first);
        assertThat(clearingsHolding(id)).isEqualTo(1);
    }

    @Test
    void aClearingOfAnotherAmountThanOwedIsRefusedNamingItAndNothingIsCleared() {
        String journal = postOwed("96.10");
        UUID id = UUID.randomUUID();
        assertThatThrownBy(() -> erp().clearPayable(clearing(id, journal, "69.10")))
                .isInstanceOfSatisfying(ErpException.class, e -> {
                    assertThat(e.error()).isInstanceOf(ErpError.Permanent.class);
                    assertThat(e.error().message()).contains("96.10").contains("69.10");
                });
        assertThat(clearingsHolding(id)).isZero();
    }

    @Test
    void aLostAnswerIsUnknownAndTheLookupFindsTheEntrySoItIsNotPostedAgain() {
        JournalPosting p = posting("42.00");
        try (JournalOutboxConnector connector = connector()) {
            loseNextPostingAnswer();
            assertThat(connector.deliver(command(p, 1))).isInstanceOf(Delivery.Unknown.class);
            // What the dispatcher does next for an UNKNOWN command: ask before sending again.
            Lookup lookup = connector.lookup(command(p, 2));
            assertThat(lookup).isInstanceOf(Lookup.Found.class);
            assertThat(((Lookup.Found) lookup).resultJson()).contains(p.commandId().toString());
        }
        assertThat(entriesHolding(p.commandId())).isEqualTo(1);
    }

    @Test
    protected void concurrentDeliveriesAreCoalescedIntoBatchesAndEachPostedOnce() throws Exception {
        List<JournalPosting> postings = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            postings.add(posting((i + 1) + ".00"));
        }
        List<Delivery> deliveries = new ArrayList<>();
        try (JournalOutboxConnector connector = connector();
             ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Delivery>> futures = new ArrayList<>();
            for (JournalPosting p : postings) {
                futures.add(threads.submit(() -> connector.deliver(command(p, 1))));
            }
            for (Future<Delivery> f : futures) {
                deliveries.add(f.get());
            }
        }
        assertThat(deliveries).allSatisfy(d -> assertThat(d).isInstanceOf(Delivery.Done.class));
        for (JournalPosting p : postings) {
            assertThat(entriesHolding(p.commandId())).isEqualTo(1);
        }
    }

    @Test
    void anEntryForAnotherLegalEntityIsRefused() {
        Facts f = facts();
        JournalEntry other = new JournalEntry(new JournalEntryId(UUID.randomUUID()), f.tenant(),
                new LegalEntityId(UUID.randomUUID()), f.openDate(), "other company",
                List.of(JournalLine.debit(f.debitAccount(), Money.of("1.00", f.currency()), ""),
                        JournalLine.credit(f.creditAccount(), Money.of("1.00", f.currency()), "")));
        PostResult result = erp().postJournals(List.of(new JournalPosting(UUID.randomUUID(), other))).getFirst();
        assertThat(result).isInstanceOfSatisfying(PostResult.Failed.class,
                r -> assertThat(r.error()).isInstanceOf(ErpError.Permanent.class));
    }
}
