package io.finrelay.connectors.erp.tryton;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.finrelay.model.Money;
import io.finrelay.model.id.AccountCode;
import io.finrelay.model.id.JournalEntryId;
import io.finrelay.model.ledger.JournalEntry;
import io.finrelay.model.ledger.JournalLine;
import io.finrelay.model.ledger.PartyRef;
import io.finrelay.workflows.port.ClearedPayable;
import io.finrelay.workflows.port.ErpError;
import io.finrelay.workflows.port.ErpException;
import io.finrelay.workflows.port.JournalPosting;
import io.finrelay.workflows.port.OpenItem;
import io.finrelay.workflows.port.PayableClearing;
import io.finrelay.workflows.port.PostResult;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Reconciliation on real Tryton: an open payable or receivable line, as the ERP pull lists it, matched
 * with a bank line, is cleared against the clearing (bank) account and reconciled, once, however
 * often the clearing is sent; afterwards Tryton no longer lists it as open. A bank return reverses the
 * clearing once and the item is open again; a bank charge a rule names is booked once.
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

    @Test
    void aCustomerPaymentClearsItsReceivableOnceAndTheBanksReturnReopensItOnce() {
        TrytonPeer peer = TrytonITSupport.peer();
        TrytonErp erp = new TrytonErp(peer.config().withClearingAccount("1000"));
        TrytonClient t = erp.client();
        long customer = t.createOne("party.party", Map.of("name", "Globex Retail " + UUID.randomUUID().toString()
                .substring(0, 8), "addresses", List.of(List.of("create", List.of(Map.of("city", "Bremen"))))));
        TrytonSetup.postCustomerInvoice(t, peer.facts(), customer, new BigDecimal("1190.00"), "Annual maintenance");
        OpenItem open = erp.receivableLines(Optional.of(Long.toString(customer))).getFirst();
        assertThat(open.amount()).isEqualTo(Money.of("1190.00", "EUR"));

        UUID clearCommand = UUID.randomUUID();
        PayableClearing clearing = new PayableClearing(clearCommand, open.erpRef(), Money.of("1190.00", "EUR"),
                peer.facts().today(), "NOTPROVIDED/2026-12-01/0042", "reconciliation match 91c2");
        ClearedPayable cleared = erp.clearOpenLine(clearing);
        assertThat(erp.clearOpenLine(clearing)).isEqualTo(cleared);
        assertThat(TrytonITSupport.postedMoves(t, clearCommand)).isEqualTo(1);
        assertThat(erp.receivableLines(Optional.of(Long.toString(customer)))).as("cleared").isEmpty();
        JsonNode bankSide = t.searchRead("account.move.line", List.of(List.of("move", "=", Long.parseLong(cleared.clearingRef())),
                List.of("account.code", "=", "1000")), List.of("debit")).get(0);
        assertThat(TrytonCodec.toDecimal(bankSide.get("debit"))).as("the bank received it").isEqualByComparingTo("1190.00");

        UUID reverseCommand = UUID.randomUUID();
        String reversal = erp.reverseClearing(reverseCommand, List.of(cleared.clearingRef()), peer.facts().today(),
                "bank return AC04 of reconciliation match 91c2");
        assertThat(erp.reverseClearing(reverseCommand, List.of(cleared.clearingRef()), peer.facts().today(),
                "bank return AC04 of reconciliation match 91c2")).isEqualTo(reversal);

        assertThat(TrytonITSupport.postedMoves(t, reverseCommand)).as("one reversal move").isEqualTo(1);
        assertThat(erp.receivableLines(Optional.of(Long.toString(customer)))).as("open again after the return")
                .singleElement().satisfies(i -> {
                    assertThat(i.erpRef()).isEqualTo(open.erpRef());
                    assertThat(i.amount()).isEqualTo(Money.of("1190.00", "EUR"));
                });
        JsonNode clearingLine = t.searchRead("account.move.line", List.of(List.of("move", "=",
                Long.parseLong(cleared.clearingRef())), List.of("account.code", "=", "1400")), List.of("reconciliation")).get(0);
        JsonNode reversalLine = t.searchRead("account.move.line", List.of(List.of("move", "=", Long.parseLong(reversal)),
                List.of("account.code", "=", "1400")), List.of("reconciliation")).get(0);
        assertThat(Rows.ref(clearingLine, "reconciliation")).as("the clearing is reconciled with its reversal")
                .isPositive().isEqualTo(Rows.ref(reversalLine, "reconciliation"));
    }

    @Test
    void oneReturnOfAPaymentForTwoInvoicesReopensBothWithOneReversal() {
        TrytonPeer peer = TrytonITSupport.peer();
        TrytonErp erp = new TrytonErp(peer.config().withClearingAccount("1000"));
        TrytonClient t = erp.client();
        long customer = t.createOne("party.party", Map.of("name", "Kaufhaus Berger " + UUID.randomUUID().toString()
                .substring(0, 8), "addresses", List.of(List.of("create", List.of(Map.of("city", "Kiel"))))));
        TrytonSetup.postCustomerInvoice(t, peer.facts(), customer, new BigDecimal("1000.00"), "Regale");
        TrytonSetup.postCustomerInvoice(t, peer.facts(), customer, new BigDecimal("1000.00"), "Montage");
        List<OpenItem> open = erp.receivableLines(Optional.of(Long.toString(customer)));
        assertThat(open).hasSize(2);
        List<String> clearings = new java.util.ArrayList<>();
        for (OpenItem item : open) {
            clearings.add(erp.clearOpenLine(new PayableClearing(UUID.randomUUID(), item.erpRef(), item.amount(),
                    peer.facts().today(), "NOTPROVIDED/0077", "reconciliation match 1n-77")).clearingRef());
        }
        assertThat(erp.receivableLines(Optional.of(Long.toString(customer)))).isEmpty();

        UUID reverseCommand = UUID.randomUUID();
        String reversal = erp.reverseClearing(reverseCommand, clearings, peer.facts().today(), "bank return MD06");
        assertThat(erp.reverseClearing(reverseCommand, clearings, peer.facts().today(), "bank return MD06"))
                .isEqualTo(reversal);

        assertThat(TrytonITSupport.postedMoves(t, reverseCommand)).isEqualTo(1);
        assertThat(erp.receivableLines(Optional.of(Long.toString(customer)))).extracting(OpenItem::erpRef)
                .containsExactlyInAnyOrderElementsOf(open.stream().map(OpenItem::erpRef).toList());
    }

    @Test
    void aBankChargeARuleNamesIsBookedOnceAgainstTheBank() {
        TrytonPeer peer = TrytonITSupport.peer();
        TrytonErp erp = new TrytonErp(peer.config().withClearingAccount("1000"));
        UUID command = UUID.randomUUID();
        String move = erp.bookBankLine(command, "6000", Money.of("12.50", "EUR"), true, peer.facts().today(),
                "bank charges: account maintenance fee November");
        assertThat(erp.bookBankLine(command, "6000", Money.of("12.50", "EUR"), true, peer.facts().today(),
                "bank charges: account maintenance fee November")).isEqualTo(move);

        assertThat(TrytonITSupport.postedMoves(erp.client(), command)).isEqualTo(1);
        var lines = erp.client().searchRead("account.move.line", List.of(List.of("move", "=", Long.parseLong(move))),
                List.of("account.code", "debit", "credit"));
        assertThat(Rows.stream(lines).map(l -> Rows.textThrough(l, "account", "code") + " "
                + TrytonCodec.toDecimal(l.get("debit")) + "/" + TrytonCodec.toDecimal(l.get("credit"))))
                .containsExactlyInAnyOrder("6000 12.50/0.00", "1000 0.00/12.50");
    }

    @Test
    void aBookingToAnAccountTrytonDoesNotHaveIsRefusedNamingTheCode() {
        TrytonPeer peer = TrytonITSupport.peer();
        TrytonErp erp = new TrytonErp(peer.config().withClearingAccount("1000"));
        assertThatThrownBy(() -> erp.bookBankLine(UUID.randomUUID(), "6855", Money.of("12.50", "EUR"), true,
                peer.facts().today(), "bank charges"))
                .isInstanceOfSatisfying(ErpException.class, e -> assertThat(e.error())
                        .isInstanceOf(ErpError.Permanent.class)
                        .extracting(ErpError::message).asString().contains("'6855'"));
    }
}
