package io.finrelay.connectors.erp.tryton;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.finrelay.connectors.erp.JournalOutboxConnector;
import io.finrelay.engine.outbox.CommandEnvelope;
import io.finrelay.engine.outbox.Delivery;
import io.finrelay.engine.outbox.Lookup;
import io.finrelay.model.Money;
import io.finrelay.model.id.AccountCode;
import io.finrelay.model.id.JournalEntryId;
import io.finrelay.model.ledger.JournalEntry;
import io.finrelay.model.ledger.JournalLine;
import io.finrelay.workflows.expense.ExpenseCommands;
import io.finrelay.workflows.port.ErpError;
import io.finrelay.workflows.port.JournalEntryJson;
import io.finrelay.workflows.port.JournalPosting;
import io.finrelay.workflows.port.PostResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Journal posting through the outbox connector, checked by reading Tryton's moves back. */
class TrytonJournalIT {
    private TrytonPeer peer;
    private TrytonErp erp;
    private TrytonClient reader;

    @BeforeEach
    void connect() {
        peer = TrytonITSupport.peer();
        erp = new TrytonErp(peer.config());
        reader = new TrytonClient(peer.config());
    }

    private JournalEntry entry(String amount, AccountCode debit) {
        return new JournalEntry(new JournalEntryId(UUID.randomUUID()), TrytonPeer.TENANT, TrytonITSupport.legalEntity(peer),
                peer.facts().today(), "Travel " + amount, List.of(
                JournalLine.debit(debit, Money.of(amount, "EUR"), "hotel"),
                JournalLine.credit(AccountCode.of("1000"), Money.of(amount, "EUR"), "")));
    }

    private CommandEnvelope command(UUID id, JournalEntry e, int attempt) {
        return new CommandEnvelope(TrytonPeer.TENANT, id, UUID.randomUUID(), "expense", "ER-1", ExpenseCommands.ERP,
                ExpenseCommands.POST_JOURNAL.type(), JournalEntryJson.write(e), "corr", attempt);
    }

    private JournalOutboxConnector connector() {
        return new JournalOutboxConnector(t -> Optional.of(erp), 20, Duration.ofMillis(3));
    }

    @Test
    void aPostedEntryIsHeldByTrytonAsPostedWithExactAmountsAndTheCommandId() {
        UUID id = UUID.randomUUID();
        JournalEntry e = entry("1234.56", AccountCode.of("6000"));
        try (JournalOutboxConnector connector = connector()) {
            Delivery d = connector.deliver(command(id, e, 1));
            assertThat(d).isInstanceOf(Delivery.Done.class);
            assertThat(((Delivery.Done) d).resultJson()).contains(id.toString());
        }
        JsonNode move = reader.searchRead("account.move", List.of(List.of("description", "like",
                "%" + TrytonIds.tag(id))), List.of("state", "date", "description", "lines", "journal.code")).get(0);
        assertThat(move.path("state").asText()).isEqualTo("posted");
        assertThat(TrytonCodec.toDate(move.get("date"))).isEqualTo(peer.facts().today());
        assertThat(move.path("journal.").path("code").asText()).isEqualTo("MISC");
        assertThat(move.path("description").asText()).startsWith("Travel 1234.56");
        List<String> lines = new ArrayList<>();
        for (JsonNode l : reader.read("account.move.line", io.finrelay.connectors.erp.tryton.Rows.ids(move.get("lines")),
                List.of("account.code", "debit", "credit"))) {
            lines.add(l.path("account.").path("code").asText() + " " + TrytonCodec.toDecimal(l.get("debit")).toPlainString()
                    + "/" + TrytonCodec.toDecimal(l.get("credit")).toPlainString());
        }
        assertThat(lines).containsExactlyInAnyOrder("6000 1234.56/0.00", "1000 0.00/1234.56");
    }

    @Test
    void aLostAnswerToTheCreateCallLeavesADraftThatTheLookupRemovesBeforeTheResend() {
        UUID id = UUID.randomUUID();
        JournalEntry e = entry("77.00", AccountCode.of("6000"));
        AtomicBoolean lose = new AtomicBoolean(true);
        erp.client().loseAnswersFor(m -> m.equals("model.account.move.create") && lose.getAndSet(false));
        try (JournalOutboxConnector connector = connector()) {
            assertThat(connector.deliver(command(id, e, 1))).isInstanceOf(Delivery.Unknown.class);
            assertThat(TrytonITSupport.allMoves(reader, id)).isEqualTo(1);           // Tryton did create it
            assertThat(connector.lookup(command(id, e, 2))).isInstanceOf(Lookup.NotFound.class);
            assertThat(TrytonITSupport.allMoves(reader, id)).isZero();               // the draft is gone
            assertThat(connector.deliver(command(id, e, 2))).isInstanceOf(Delivery.Done.class);
        }
        assertThat(TrytonITSupport.postedMoves(reader, id)).isEqualTo(1);
        assertThat(TrytonITSupport.allMoves(reader, id)).isEqualTo(1);
    }

    @Test
    void aLostAnswerToThePostCallIsFoundByCommandIdAndNotPostedAgain() {
        UUID id = UUID.randomUUID();
        JournalEntry e = entry("88.00", AccountCode.of("6000"));
        AtomicBoolean lose = new AtomicBoolean(true);
        erp.client().loseAnswersFor(m -> m.equals("model.account.move.post") && lose.getAndSet(false));
        try (JournalOutboxConnector connector = connector()) {
            assertThat(connector.deliver(command(id, e, 1))).isInstanceOf(Delivery.Unknown.class);
            assertThat(connector.lookup(command(id, e, 2))).isInstanceOf(Lookup.Found.class);
        }
        assertThat(TrytonITSupport.allMoves(reader, id)).isEqualTo(1);
        assertThat(TrytonITSupport.postedMoves(reader, id)).isEqualTo(1);
    }

    @Test
    void trytonsUserErrorIsKeptWordForWordAndTheRestOfTheBatchPosts() {
        // Tryton requires a party on payable lines; the canonical journal line has none: Tryton refuses.
        JournalPosting payable = new JournalPosting(UUID.randomUUID(), entry("5.00", AccountCode.of("1600")));
        JournalPosting good = new JournalPosting(UUID.randomUUID(), entry("6.00", AccountCode.of("6000")));
        List<PostResult> results = erp.postJournals(List.of(payable, good));
        assertThat(results.get(0)).isInstanceOfSatisfying(PostResult.Failed.class, f -> {
            assertThat(f.error()).isInstanceOf(ErpError.Permanent.class);
            assertThat(f.error().message()).isEqualTo("A value is required for field \"Party\" in \"Account Move Line\".");
        });
        assertThat(results.get(1)).isInstanceOf(PostResult.Posted.class);
        assertThat(TrytonITSupport.allMoves(reader, payable.commandId())).isZero();
        assertThat(TrytonITSupport.postedMoves(reader, good.commandId())).isEqualTo(1);
    }

    @Test
    void aClosedPeriodIsNamedAndASecondCurrencyIsRefusedBeforeAnyCall() {
        JournalEntry late = new JournalEntry(new JournalEntryId(UUID.randomUUID()), TrytonPeer.TENANT,
                TrytonITSupport.legalEntity(peer), TrytonSetup.CLOSED_DATE, "late", List.of(
                JournalLine.debit(AccountCode.of("6000"), Money.of("1.00", "EUR"), ""),
                JournalLine.credit(AccountCode.of("1000"), Money.of("1.00", "EUR"), "")));
        PostResult r = erp.postJournals(List.of(new JournalPosting(UUID.randomUUID(), late))).getFirst();
        assertThat(((PostResult.Failed) r).error()).isInstanceOfSatisfying(ErpError.ClosedPeriod.class, c -> {
            assertThat(c.period()).isEqualTo("2000-01");
            assertThat(c.message()).contains("2000-01").contains("closed");
        });
        JournalEntry usd = new JournalEntry(new JournalEntryId(UUID.randomUUID()), TrytonPeer.TENANT,
                TrytonITSupport.legalEntity(peer), peer.facts().today(), "usd", List.of(
                JournalLine.debit(AccountCode.of("6000"), Money.of("1.00", "USD"), ""),
                JournalLine.credit(AccountCode.of("1000"), Money.of("1.00", "USD"), "")));
        PostResult u = erp.postJournals(List.of(new JournalPosting(UUID.randomUUID(), usd))).getFirst();
        assertThat(((PostResult.Failed) u).error().message()).contains("USD").contains("EUR");
    }

    @Test
    void anExpiredSessionLogsInAgainOnce() {
        JournalPosting first = new JournalPosting(UUID.randomUUID(), entry("9.00", AccountCode.of("6000")));
        assertThat(erp.postJournals(List.of(first)).getFirst()).isInstanceOf(PostResult.Posted.class);
        erp.client().logout();
        JournalPosting second = new JournalPosting(UUID.randomUUID(), entry("10.00", AccountCode.of("6000")));
        assertThat(erp.postJournals(List.of(second)).getFirst()).isInstanceOf(PostResult.Posted.class);
        assertThat(TrytonITSupport.postedMoves(reader, second.commandId())).isEqualTo(1);
    }
}
