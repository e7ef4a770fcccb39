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
import io.finrelay.model.ledger.PartyRef;
import io.finrelay.workflows.expense.ExpenseCommands;
import io.finrelay.workflows.port.JournalEntryJson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An expense journal owed to an employee, posted with the employee as the payable's party and, once
 * paid, cleared: a clearing move against the clearing account reconciled with the payable line. Read
 * back from Tryton.
 */
class TrytonClearingIT {
    private TrytonPeer peer;
    private TrytonErp erp;
    private TrytonClient reader;
    private PartyRef employee;

    @BeforeEach
    void connect() {
        peer = TrytonITSupport.peer();
        erp = new TrytonErp(peer.config().withClearingAccount("1000"));
        reader = new TrytonClient(peer.config());
        employee = PartyRef.employee(TrytonIds.uuid(TrytonPeer.TENANT, peer.config().database(), "company.employee",
                peer.facts().employee()).toString(), "Erika Mustermann");
    }

    private JournalEntry expenseJournal(String amount, PartyRef party) {
        return new JournalEntry(new JournalEntryId(UUID.randomUUID()), TrytonPeer.TENANT, TrytonITSupport.legalEntity(peer),
                peer.facts().today(), "Expense report " + amount, List.of(
                JournalLine.debit(AccountCode.of("6000"), Money.of(amount, "EUR"), "Hotel Atlantic Hamburg"),
                JournalLine.credit(AccountCode.of("1600"), Money.of(amount, "EUR"), "payable to Erika Mustermann")
                        .withParty(party)));
    }

    private CommandEnvelope command(String type, UUID id, String payload) {
        return new CommandEnvelope(TrytonPeer.TENANT, id, UUID.randomUUID(), "expense-reimbursement", "ER-1",
                "expense-erp", type, payload, "corr", 1);
    }

    private String post(JournalOutboxConnector connector, JournalEntry journal) {
        Delivery posted = connector.deliver(command(ExpenseCommands.POST_JOURNAL.type(), UUID.randomUUID(),
                JournalEntryJson.write(journal)));
        assertThat(posted).as(posted.toString()).isInstanceOf(Delivery.Done.class);
        return readTree(((Delivery.Done) posted).resultJson()).path("erpRef").asText();
    }

    @Test
    void aPaidPayableIsClearedOnceAndReconciledWithTheEmployeesPayableLine() {
        try (JournalOutboxConnector connector = new JournalOutboxConnector(t -> Optional.of(erp), 20,
                Duration.ofMillis(3))) {
            String journalRef = post(connector, expenseJournal("287.40", employee));
            JsonNode payable = payableLine(journalRef);
            assertThat(payable.path("party").asLong()).as("booked against the employee's party")
                    .isEqualTo(employeeParty());

            UUID clearId = UUID.randomUUID();
            String payload = "{\"reportId\":\"ER-2026-0417\",\"legalEntityId\":\"x\",\"journalRef\":\"" + journalRef
                    + "\",\"paymentRef\":\"PAY-88412\",\"amount\":\"287.40\",\"currency\":\"EUR\",\"status\":\"PAID\"}";
            Delivery cleared = connector.deliver(command(ExpenseCommands.CLEAR_PAYABLE.type(), clearId, payload));
            assertThat(cleared).as(cleared.toString()).isInstanceOf(Delivery.Done.class);
            // Sent again (a lost answer) and looked up: the same clearing, no second one.
            Delivery again = connector.deliver(command(ExpenseCommands.CLEAR_PAYABLE.type(), clearId, payload));
            assertThat(((Delivery.Done) again).resultJson()).isEqualTo(((Delivery.Done) cleared).resultJson());
            Lookup found = connector.lookup(command(ExpenseCommands.CLEAR_PAYABLE.type(), clearId, payload));
            assertThat(found).isInstanceOf(Lookup.Found.class);
            assertThat(TrytonITSupport.postedMoves(reader, clearId)).isEqualTo(1);

            JsonNode reconciled = payableLine(journalRef);
            long reconciliation = Rows.ref(reconciled, "reconciliation");
            assertThat(reconciliation).as("the payable line is reconciled").isPositive();
            List<String> clearingLines = new ArrayList<>();
            for (JsonNode l : reader.searchRead("account.move.line", List.of(List.of("move.description", "like",
                    "%" + TrytonIds.tag(clearId))), List.of("account.code", "debit", "credit", "party", "reconciliation"))) {
                clearingLines.add(l.path("account.").path("code").asText() + " " + TrytonCodec.toDecimal(l.get("debit"))
                        + "/" + TrytonCodec.toDecimal(l.get("credit")) + (Rows.ref(l, "reconciliation") == reconciliation
                        ? " reconciled" : "") + (Rows.ref(l, "party") == employeeParty() ? " employee" : ""));
            }
            assertThat(clearingLines).containsExactlyInAnyOrder("1600 287.40/0.00 reconciled employee", "1000 0.00/287.40");
        }
    }

    @Test
    void aClearingOfAnotherAmountThanTheJournalOwesIsRefusedAndNothingIsBooked() {
        try (JournalOutboxConnector connector = new JournalOutboxConnector(t -> Optional.of(erp), 20,
                Duration.ofMillis(3))) {
            String journalRef = post(connector, expenseJournal("96.10", employee));
            UUID clearId = UUID.randomUUID();
            Delivery refused = connector.deliver(command(ExpenseCommands.CLEAR_PAYABLE.type(), clearId, "{\"reportId\":"
                    + "\"ER-2026-0418\",\"journalRef\":\"" + journalRef + "\",\"paymentRef\":\"PAY-88413\",\"amount\":"
                    + "\"69.10\",\"currency\":\"EUR\"}"));
            assertThat(refused).isInstanceOfSatisfying(Delivery.Permanent.class, p -> assertThat(p.reason())
                    .contains("owes 96.10 EUR but EUR 69.10 was paid"));
            assertThat(TrytonITSupport.allMoves(reader, clearId)).isZero();
            assertThat(Rows.ref(payableLine(journalRef), "reconciliation")).isEqualTo(-1);
        }
    }

    @Test
    void aPartyFinrelayKnowsOnlyByNameIsFoundByNameAndAnUnknownOneIsRefusedNamingIt() {
        try (JournalOutboxConnector connector = new JournalOutboxConnector(t -> Optional.of(erp), 20,
                Duration.ofMillis(3))) {
            String byName = post(connector, expenseJournal("12.00", PartyRef.employee(UUID.randomUUID().toString(),
                    "Erika Mustermann")));
            assertThat(payableLine(byName).path("party").asLong()).isEqualTo(employeeParty());

            Delivery unknown = connector.deliver(command(ExpenseCommands.POST_JOURNAL.type(), UUID.randomUUID(),
                    JournalEntryJson.write(expenseJournal("13.00", PartyRef.employee("E-4711", "Max Unbekannt")))));
            assertThat(unknown).isInstanceOfSatisfying(Delivery.Permanent.class, p -> assertThat(p.reason())
                    .isEqualTo("Tryton has no employee for employee 'Max Unbekannt' (E-4711): create it in Tryton, "
                            + "or pull master data from Tryton"));
        }
    }

    private JsonNode payableLine(String journalRef) {
        return reader.searchRead("account.move.line", List.of(List.of("move", "=", Long.parseLong(journalRef)),
                List.of("account.code", "=", "1600")), List.of("party", "reconciliation", "credit")).get(0);
    }

    private long employeeParty() {
        return reader.read("company.employee", List.of(peer.facts().employee()), List.of("party")).get(0)
                .path("party").asLong();
    }

    private static JsonNode readTree(String json) {
        try {
            return TrytonCodec.MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
