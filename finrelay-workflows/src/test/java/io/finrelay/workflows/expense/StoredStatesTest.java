package io.finrelay.workflows.expense;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.finrelay.engine.json.Json;
import io.finrelay.engine.runtime.WorkflowRegistry;
import io.finrelay.engine.workflow.Decision;
import io.finrelay.engine.workflow.WorkflowState;
import io.finrelay.model.bank.PaymentStatus;
import io.finrelay.workflows.expense.ExpenseEvent.DuplicateReviewed;
import io.finrelay.workflows.expense.ExpenseEvent.JournalPosted;
import io.finrelay.workflows.expense.ExpenseEvent.PayableCleared;
import io.finrelay.workflows.expense.ExpenseEvent.PaymentReleased;
import io.finrelay.workflows.expense.ExpenseEvent.PaymentReturnedByBank;
import io.finrelay.workflows.expense.ExpenseEvent.PaymentScheduled;
import io.finrelay.workflows.expense.ExpenseEvent.PaymentStatusReported;
import io.finrelay.workflows.expense.ExpenseEvent.ReleaseRequested;
import io.finrelay.workflows.expense.ExpenseEvent.ReportApproved;
import io.finrelay.workflows.expense.ExpenseEvent.StatusDelivered;
import io.finrelay.workflows.governance.Actor;
import io.finrelay.workflows.governance.DutyPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The expense workflow's stored states, held against a fixture of the JSON each version of the workflow
 * stored ({@code src/test/resources/stored-format/expense-reimbursement-v<N>.json}): every fixture of every
 * version still reads under today's code (through the definition's upcasters), and today's code writes the
 * current version's fixture exactly. A change to a state record (or to {@link ExpenseCase}, which every state
 * carries) that did not raise the version fails here, before instances in flight fail in production: raise
 * the version, add the upcaster, keep the old fixture (docs/architecture.md, "How to change a workflow's
 * states while instances are in flight").
 */
class StoredStatesTest {
    private static final ExpenseReimbursement FLOW = new ExpenseReimbursement();
    private static final WorkflowRegistry.Registered<?, ?> REGISTERED =
            new WorkflowRegistry(List.of(FLOW)).get(ExpenseReimbursement.TYPE);
    private static final Path FIXTURES = Path.of("src/test/resources/stored-format");
    private static final Instant AT = Instant.parse("2026-03-04T10:00:00Z");

    @Test
    void todaysCodeWritesEveryStateExactlyAsTheCurrentVersionsFixtureHoldsIt() throws IOException {
        int current = FLOW.storedFormat().current();
        Path fixture = FIXTURES.resolve("expense-reimbursement-v" + current + ".json");
        Map<String, JsonNode> written = new LinkedHashMap<>();
        for (ExpenseState state : oneOfEachState()) {
            written.put(state.name(), Json.mapper().valueToTree(state));
        }
        if (!Files.exists(fixture)) {
            // A new version's fixture is written once, from the code that defines it, then checked in and kept.
            Files.createDirectories(FIXTURES);
            Files.writeString(fixture, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(written) + "\n");
            fail("wrote " + fixture + " for stored format version " + current + ": check it in and run again");
        }
        JsonNode stored = Json.mapper().readTree(fixture.toFile());
        assertThat(stored.properties()).extracting(Map.Entry::getKey)
                .as("one state of every record of ExpenseState").containsExactlyElementsOf(written.keySet());
        written.forEach((name, json) -> assertThat(json).as(name
                + ": a stored record changed without a new stored format version").isEqualTo(stored.path(name)));
    }

    @Test
    void everyFixtureOfEveryVersionStillReadsUnderTodaysCode() throws IOException {
        int current = FLOW.storedFormat().current();
        int read = 0;
        for (int version = 1; version <= current; version++) {
            Path fixture = FIXTURES.resolve("expense-reimbursement-v" + version + ".json");
            assertThat(fixture).as("the fixture of version " + version + " is kept").exists();
            for (Map.Entry<String, JsonNode> e : Json.mapper().readTree(fixture.toFile()).properties()) {
                WorkflowState state = REGISTERED.readState(e.getKey(), e.getValue().toString(), version);
                assertThat(state).as(e.getKey() + " of version " + version).isInstanceOf(ExpenseState.class);
                if (!(state instanceof ExpenseState.Received)) {
                    assertThat(ExpenseState.caseOf((ExpenseState) state).reportId()).isEqualTo("ER-2026-0001");
                }
                read++;
            }
        }
        assertThat(read).isGreaterThanOrEqualTo(ExpenseState.class.getPermittedSubclasses().length);
    }

    @Test
    void aReportInFlightWrittenByVersionOneIsPaidInFullToTheEmployeeAsItWasBooked() throws IOException {
        JsonNode v1 = Json.mapper().readTree(FIXTURES.resolve("expense-reimbursement-v1.json").toFile());
        assertThat(v1.path("Posting").path("c").path("claim").path("lines").get(0).has("paymentType"))
                .as("version 1 knew no payment type").isFalse();
        ExpenseState posting = (ExpenseState) REGISTERED.readState("Posting", v1.path("Posting").toString(), 1);
        assertThat(ExpenseState.caseOf(posting).claim().lines()).extracting(Claim.Line::paymentType)
                .containsOnly(PaymentType.CASH);
        Decision.Accepted<ExpenseState> scheduled = (Decision.Accepted<ExpenseState>) FLOW.decide(posting,
                new JournalPosted("move-17", "JE-2026-0017"));
        assertThat(scheduled.newState()).isInstanceOf(ExpenseState.Scheduling.class);
        assertThat(((ExpenseCommands.Obligation) scheduled.commands().getFirst().payload()).amount())
                .as("the whole report, as every line was reimbursed then").isEqualByComparingTo("333.00");

        // A possible duplicate stored with its reference data: reviewed as genuine, it is posted from that snapshot.
        ExpenseState duplicate = (ExpenseState) REGISTERED.readState("PossibleDuplicate",
                v1.path("PossibleDuplicate").toString(), 1);
        assertThat(((ExpenseState.PossibleDuplicate) duplicate).reference().policy().cardClearingAccount()).isNull();
        Decision<ExpenseState> reviewed = FLOW.decide(duplicate, new DuplicateReviewed("a.lang", true, "two trips"));
        assertThat(reviewed).isInstanceOf(Decision.Accepted.class);
        assertThat(((Decision.Accepted<ExpenseState>) reviewed).newState()).isInstanceOf(ExpenseState.Posting.class);
        assertThat(Json.write(((Decision.Accepted<ExpenseState>) reviewed).commands().getFirst().payload()))
                .contains("\"1740\"").doesNotContain("card");
    }

    @Test
    void anExpenseStateInAVersionNewerThanTheCodeIsRefusedRatherThanRead() {
        int newer = FLOW.storedFormat().current() + 1;
        ObjectNode posting = Json.mapper().valueToTree(new ExpenseState.Posting(ExpenseCase.of(Samples.claim())));
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> REGISTERED.readState("Posting", posting.toString(), newer))
                .isInstanceOf(io.finrelay.engine.workflow.StoredFormatException.class)
                .hasMessageContaining("format version " + newer);
    }

    /** One state of every record, reached through the workflow's own decisions with realistic data. */
    private static List<ExpenseState> oneOfEachState() {
        List<ExpenseState> states = new ArrayList<>();
        ExpenseState received = FLOW.initialState();
        states.add(received);
        ReferenceData reference = Samples.reference();
        ReferenceData noEmployee = new ReferenceData(null, reference.entity(), reference.policy(), reference.costCenters(),
                reference.accounts(), reference.taxCodes(), reference.fxRates(), List.of(), reference.projects());
        states.add(next(received, new ReportApproved(Samples.claim(), noEmployee)));
        ReferenceData duplicate = new ReferenceData(reference.employee(), reference.entity(), reference.policy(),
                reference.costCenters(), reference.accounts(), reference.taxCodes(), reference.fxRates(),
                List.of("ER-2026-0000"), reference.projects());
        ExpenseState possibleDuplicate = next(received, new ReportApproved(Samples.claim(), duplicate));
        states.add(possibleDuplicate);
        ExpenseState posting = next(received, new ReportApproved(Samples.claim(), reference));
        states.add(posting);
        ExpenseState scheduling = next(posting, new JournalPosted("move-17", "JE-2026-0017"));
        states.add(scheduling);
        ExpenseState awaiting = next(scheduling, new PaymentScheduled("ER-2026-0001-P1", "RUN-2026-03-03"));
        states.add(awaiting);
        ExpenseState paying = next(awaiting, new ReleaseRequested(new Actor("t.berger", List.of("treasurer")),
                DutyPolicy.defaults(), null, AT));
        paying = next(paying, new PaymentReleased("PAY-2026-0301"));
        states.add(paying);
        states.add(next(paying, new PaymentStatusReported("ER-2026-0001-P1", PaymentStatus.REJECTED, "AC04",
                "BNK-REJ-1", AT)));
        ExpenseState clearing = next(paying, new PaymentStatusReported("ER-2026-0001-P1", PaymentStatus.SETTLED, null,
                "BNK-20260304-0001", AT));
        states.add(clearing);
        ExpenseState reporting = next(clearing, new PayableCleared("CLR-2026-0042"));
        states.add(reporting);
        ExpenseState reimbursed = next(reporting, new StatusDelivered());
        states.add(reimbursed);
        states.add(next(reimbursed, new PaymentReturnedByBank("ER-2026-0001-P1", "AC04", "Closed account",
                "BNK-RET-7", AT.plusSeconds(86_400 * 9))));
        ExpenseState withdrawn = next(next(possibleDuplicate, new DuplicateReviewed("a.lang", false, "same trip")),
                new StatusDelivered());
        states.add(withdrawn);
        // Since version 2: a report paid wholly by company card ends posted, without a payment.
        ExpenseState companyPaid = next(received, new ReportApproved(Samples.paidBy("ER-2026-0001",
                PaymentType.COMPANY_CARD, PaymentType.COMPANY_CARD), reference));
        states.add(next(next(companyPaid, new JournalPosted("move-18", "JE-2026-0018")), new StatusDelivered()));
        return states;
    }

    private static ExpenseState next(ExpenseState state, ExpenseEvent event) {
        Decision<ExpenseState> decision = FLOW.decide(state, event);
        assertThat(decision).as(event.name() + " in " + state.name()).isInstanceOf(Decision.Accepted.class);
        return ((Decision.Accepted<ExpenseState>) decision).newState();
    }
}
