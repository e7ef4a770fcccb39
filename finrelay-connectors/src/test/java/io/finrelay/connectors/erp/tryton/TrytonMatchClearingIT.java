package io.finrelay.connectors.erp.tryton;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.finrelay.model.Money;
import io.finrelay.model.id.AccountCode;
import io.finrelay.model.id.JournalEntryId;
import io.finrelay.model.ledger.JournalEntry;
import io.finrelay.model.ledger.JournalLine;
import io.finrelay.model.ledger.PartyRef;
import io.finrelay.workflows.port.ClearedPayable;
import io.finrelay.workflows.port.JournalPosting;
import io.finrelay.workflows.port.OpenItem;
import io.finrelay.workflows.port.PayableClearing;
import io.finrelay.workflows.port.PostResult;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Reconciliation on real Tryton: an open payable line, as the ERP pull lists it, matched with a bank
 * debit, is cleared against the clearing (bank) account and reconciled, once, however often the
 * clearing is sent; afterwards Tryton no longer lists it as open.
 */
class TrytonMatchClearingIT {

    @Test
    void aMatchedOpenPayableLineIsClearedOnceAndNoLongerOpen() {
        TrytonPeer peer = TrytonITSupport.peer();
        TrytonErp erp = new TrytonErp(peer.config().withClearingAccount("1000"));
        TrytonClient reader = new TrytonClient(peer.config());
        PartyRef employee = PartyRef.employee(TrytonIds.uuid(TrytonPeer.TENANT, peer.config().database(),
                "company.employee", peer.facts().employee()).toString(), "Erika Mustermann");
        JournalEntry journal = new JournalEntry(new JournalEntryId(UUID.randomUUID()), TrytonPeer.TENANT,
                TrytonITSupport.legalEntity(peer), peer.facts().today(), "Expense report 154.20", List.of(
                JournalLine.debit(AccountCode.of("6000"), Money.of("154.20", "EUR"), "Bahn Hamburg-Berlin"),
                JournalLine.credit(AccountCode.of("1600"), Money.of("154.20", "EUR"), "payable to Erika Mustermann")
                        .withParty(employee)));
        PostResult posted = erp.postJournals(List.of(new JournalPosting(UUID.randomUUID(), journal))).getFirst();
        assertThat(posted).as(posted.toString()).isInstanceOf(PostResult.Posted.class);
        String move = ((PostResult.Posted) posted).journal().erpRef();
        JsonNode payable = reader.searchRead("account.move.line", List.of(List.of("move", "=", Long.parseLong(move)),
                List.of("account.code", "=", "1600")), List.of("reconciliation")).get(0);
        String lineRef = Long.toString(Rows.id(payable));
        assertThat(erp.payableLines(Optional.empty())).extracting(OpenItem::erpRef).contains(lineRef);

        UUID command = UUID.randomUUID();
        PayableClearing clearing = new PayableClearing(command, lineRef, Money.of("154.20", "EUR"), peer.facts().today(),
                "BREF-2026-03-16-0007", "reconciliation match 7f1c");
        ClearedPayable first = erp.clearOpenLine(clearing);
        ClearedPayable again = erp.clearOpenLine(clearing);

        assertThat(again).isEqualTo(first);
        assertThat(TrytonITSupport.postedMoves(reader, command)).isEqualTo(1);
        JsonNode reconciled = reader.read("account.move.line", List.of(Long.parseLong(lineRef)), List.of("reconciliation"))
                .get(0);
        assertThat(Rows.ref(reconciled, "reconciliation")).as("the payable line is reconciled").isPositive();
        assertThat(erp.payableLines(Optional.empty())).extracting(OpenItem::erpRef).doesNotContain(lineRef);
    }
}
