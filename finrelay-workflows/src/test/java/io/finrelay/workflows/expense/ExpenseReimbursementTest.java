package io.finrelay.workflows.expense;

import static org.assertj.core.api.Assertions.assertThat;

import io.finrelay.engine.json.Json;
import io.finrelay.engine.workflow.CommandOutcome;
import io.finrelay.engine.workflow.CommandRequest;
import io.finrelay.engine.workflow.Decision;
import io.finrelay.workflows.expense.ExpenseReimbursement.*;
import io.finrelay.workflows.governance.Actor;
import io.finrelay.workflows.governance.DutyPolicy;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ExpenseReimbursementTest {
    private static final ExpenseReimbursement FLOW = new ExpenseReimbursement();
    private static final Instant RECEIVED = Instant.parse("2026-03-02T09:16:00Z");
    private static final List<String> TREASURER = List.of("treasurer");

    private static ReleaseRequested release(String person, List<String> roles) {
        return new ReleaseRequested(new Actor(person, roles), DutyPolicy.defaults(), null, RECEIVED);
    }

    @Test
    void aReleaseRequestIsTheSameRequestWhateverFactsWereLookedUpWithIt() {
        ReleaseRequested first = release("t.berger", TREASURER);
        ReleaseRequested retried = new ReleaseRequested(new Actor("t.berger", TREASURER),
                new DutyPolicy(List.of(), java.time.Duration.ZERO, false, false),
                new io.finrelay.workflows.governance.BankDetailChange("j.roth", RECEIVED), RECEIVED.plusSeconds(30));
        assertThat(Json.write(retried)).isEqualTo(Json.write(first)).contains("t.berger");
    }

    @Test
    void theHappyPathVisitsEveryStepInOrderWithItsCommands() {
        State s = FLOW.initialState();
        s = step(s, new ReportApproved(Samples.claim()), Validating.class, "expense-reference/resolve");
        s = step(s, new ReferenceResolved(Samples.reference()), Posting.class, "expense-erp/post-journal");
        s = step(s, new JournalPosted("move-17", "JE-2026-0017"), Scheduling.class, "treasury/create-obligation");
        s = step(s, new PaymentScheduled("ER-2026-0001-P1", "RUN-2026-03-03"), AwaitingRelease.class);
        s = step(s, release("t.berger", TREASURER), Paying.class, "treasury/release-payment");
        s = step(s, new PaymentReleased("PAY-1"), Paying.class);
        s = step(s, new PaymentStatusReported("ER-2026-0001-P1", "ACCEPTED", null, "BNK-1", RECEIVED), Paying.class);
        s = step(s, new PaymentStatusReported("ER-2026-0001-P1", "SETTLED", null, "BNK-1", RECEIVED), ClearingPayable.class,
                "expense-erp/clear-payable");
        s = step(s, new PayableCleared("CLR-1"), ReportingStatus.class, "expense-platform/report-status");
        s = step(s, new StatusDelivered(), Reimbursed.class);
        assertThat(s.isTerminal()).isTrue();
        ExpenseCase c = ExpenseReimbursement.caseOf(s);
        assertThat(c.journalRef()).isEqualTo("move-17");
        assertThat(c.releasedBy()).containsExactly("t.berger");
        assertThat(c.bankRef()).isEqualTo("BNK-1");
    }

    @Test
    void theJournalCommandCarriesTheCanonicalBalancedEntry() {
        Decision.Accepted<State> posted = accepted(new Validating(ExpenseCase.of(Samples.claim())),
                new ReferenceResolved(Samples.reference()));
        String payload = Json.write(posted.commands().getFirst().payload());
        assertThat(io.finrelay.workflows.port.JournalEntryJson.read(payload).lines()).hasSize(5);
    }

    @Test
    void aValidationFailureRaisesItsIncidentAndAnOperatorRetryLooksAgainOnTheSameInstance() {
        ReferenceData ref = Samples.reference();
        ReferenceData noEmployee = new ReferenceData(null, ref.entity(), ref.policy(), ref.costCenters(), ref.accounts(),
                ref.taxCodes(), ref.fxRates(), List.of(), ref.projects());
        Decision.Accepted<State> failed = accepted(new Validating(ExpenseCase.of(Samples.claim())),
                new ReferenceResolved(noEmployee));
        assertThat(failed.newState()).isInstanceOf(NeedsAttention.class);
        assertThat(failed.incidents()).singleElement().satisfies(i -> {
            assertThat(i.code()).isEqualTo("unknown-employee");
            assertThat(i.reason()).isEqualTo("employee " + Samples.EMPLOYEE + " does not exist in the master data");
        });
        assertThat(FLOW.onOperatorRetry(failed.newState())).contains(new ValidationRetried());
        Decision.Accepted<State> again = accepted(failed.newState(), new ValidationRetried());
        assertThat(again.newState()).isInstanceOf(Validating.class);
        assertThat(again.commands()).extracting(CommandRequest::type).containsExactly("resolve");
        assertThat(accepted(again.newState(), new ReferenceResolved(ref)).newState()).isInstanceOf(Posting.class);
    }

    @Test
    void aPossibleDuplicateIsNeverPostedUntilAPersonSaysItIsGenuine() {
        ReferenceData ref = Samples.reference();
        ReferenceData dup = new ReferenceData(ref.employee(), ref.entity(), ref.policy(), ref.costCenters(),
                ref.accounts(), ref.taxCodes(), ref.fxRates(), List.of("ER-2026-0000"), ref.projects());
        Decision.Accepted<State> d = accepted(new Validating(ExpenseCase.of(Samples.claim())), new ReferenceResolved(dup));
        assertThat(d.newState()).isInstanceOf(PossibleDuplicate.class);
        assertThat(d.commands()).isEmpty();
        assertThat(d.incidents()).singleElement().extracting(i -> i.code()).isEqualTo("possible-duplicate");
        // Retrying finds it again: still a duplicate, still not posted.
        State retried = accepted(d.newState(), new ValidationRetried()).newState();
        assertThat(accepted(retried, new ReferenceResolved(dup)).newState()).isInstanceOf(PossibleDuplicate.class);
        Decision.Accepted<State> genuine = accepted(d.newState(), new DuplicateReviewed("a.lang", true, "two trips"));
        assertThat(genuine.commands()).extracting(CommandRequest::type).containsExactly("post-journal");
        Decision.Accepted<State> notGenuine = accepted(d.newState(), new DuplicateReviewed("a.lang", false, "same trip"));
        assertThat(notGenuine.newState()).isEqualTo(new ReportingStatus(ExpenseReimbursement.caseOf(d.newState()), "REJECTED"));
        assertThat(accepted(notGenuine.newState(), new StatusDelivered()).newState()).isInstanceOf(Withdrawn.class);
    }

    @Test
    void releaseNeedsATreasurerWhoNeitherSubmittedNorApprovedAndTwoAboveTheThreshold() {
        State awaiting = awaitingRelease(Samples.reference());
        assertThat(reason(awaiting, release("m.keller", TREASURER)))
                .isEqualTo("sod.self-release: segregation of duties: m.keller submitted report ER-2026-0001 and may not release its payment");
        assertThat(reason(awaiting, release("s.wagner", TREASURER)))
                .isEqualTo("sod.approver-release: segregation of duties: s.wagner approved report ER-2026-0001 and may not release its payment");
        assertThat(reason(awaiting, release("o.pohl", List.of("accountant"))))
                .isEqualTo("sod.releaser-role: segregation of duties: o.pohl does not have the treasurer role");

        ReferenceData low = Samples.reference();
        ReferenceData lowThreshold = new ReferenceData(low.employee(), low.entity(),
                new ReferenceData.Policy("1740", "1576", new BigDecimal("300.00")), low.costCenters(), low.accounts(),
                low.taxCodes(), low.fxRates(), List.of(), low.projects());
        State fourEyes = awaitingRelease(lowThreshold);
        Decision.Accepted<State> first = accepted(fourEyes, release("t.berger", TREASURER));
        assertThat(first.newState()).isInstanceOf(AwaitingRelease.class);
        assertThat(first.commands()).isEmpty();
        assertThat(reason(first.newState(), release("t.berger", TREASURER)))
                .startsWith("sod.four-eyes: four eyes: t.berger has already released");
        Decision.Accepted<State> second = accepted(first.newState(), release("j.roth", TREASURER));
        assertThat(second.newState()).isInstanceOf(Paying.class);
        assertThat(second.commands().getFirst().payload())
                .isEqualTo(new Release("ER-2026-0001-P1", List.of("t.berger", "j.roth")));
    }

    @Test
    void aBankRejectionRaisesTheBanksReasonCodeAndARetryIssuesANewPayment() {
        State paying = accepted(awaitingRelease(Samples.reference()), release("t.berger", TREASURER))
                .newState();
        Decision.Accepted<State> rejected = accepted(paying,
                new PaymentStatusReported("ER-2026-0001-P1", "REJECTED", "AC04", "BNK-9", RECEIVED));
        assertThat(rejected.newState()).isEqualTo(new PaymentRejected(ExpenseReimbursement.caseOf(rejected.newState()), "AC04"));
        assertThat(rejected.incidents()).singleElement().satisfies(i -> {
            assertThat(i.code()).isEqualTo("bank-rejected");
            assertThat(i.reason()).isEqualTo("the bank rejected payment ER-2026-0001-P1 with reason code AC04");
            assertThat(i.context()).containsEntry("reasonCode", "AC04");
        });
        // A late or duplicated status of an old payment changes nothing.
        assertThat(FLOW.decide(paying, new PaymentStatusReported("ER-OLD-P0", "SETTLED", null, "x", RECEIVED)))
                .isInstanceOf(Decision.Rejected.class);
        State reissuing = accepted(rejected.newState(), FLOW.onOperatorRetry(rejected.newState()).orElseThrow()).newState();
        Decision.Accepted<State> scheduled = accepted(reissuing, new ReferenceResolved(Samples.reference()));
        assertThat(scheduled.newState()).isInstanceOf(Scheduling.class);
        assertThat(((Obligation) scheduled.commands().getFirst().payload()).obligationId()).isEqualTo("ER-2026-0001-P2");
        assertThat(ExpenseReimbursement.caseOf(scheduled.newState()).releasedBy()).isEmpty();
    }

    @Test
    void commandOutcomesBecomeEventsAndACancelledStepWithdrawsTheReport() {
        State posting = new Posting(ExpenseCase.of(Samples.claim()));
        UUID id = UUID.randomUUID();
        assertThat(FLOW.onCommandOutcome(posting, new CommandOutcome.Succeeded(id, "post-journal",
                "{\"commandId\":\"" + id + "\",\"erpRef\":\"move-3\",\"number\":\"JE-3\"}")))
                .contains(new JournalPosted("move-3", "JE-3"));
        assertThat(FLOW.onCommandOutcome(posting, new CommandOutcome.Succeeded(id, "resolve", Json.write(Samples.reference()))))
                .contains(new ReferenceResolved(Samples.reference()));
        Event cancelled = FLOW.onCommandOutcome(posting, new CommandOutcome.Cancelled(id, "post-journal", "op", "")).orElseThrow();
        assertThat(accepted(posting, cancelled).newState()).isInstanceOf(Withdrawn.class);
    }

    @Test
    void everyStateAnswersEveryEventWithoutThrowingAndTerminalStatesTakeNothing() {
        for (State state : StateMachineDiagram.sampleStates()) {
            for (Event event : StateMachineDiagram.sampleEvents()) {
                Decision<State> decision = FLOW.decide(state, event);
                assertThat(decision).as(state.name() + " x " + event.name()).isNotNull();
                if (state.isTerminal()) {
                    assertThat(decision).as(state.name() + " x " + event.name()).isInstanceOf(Decision.Rejected.class);
                }
            }
        }
    }

    private static State awaitingRelease(ReferenceData ref) {
        State s = accepted(new Validating(ExpenseCase.of(Samples.claim())), new ReferenceResolved(ref)).newState();
        s = accepted(s, new JournalPosted("move-17", "JE-17")).newState();
        return accepted(s, new PaymentScheduled("ER-2026-0001-P1", "RUN-1")).newState();
    }

    private static String reason(State state, Event event) {
        return ((Decision.Rejected<State>) FLOW.decide(state, event)).reason();
    }

    private static Decision.Accepted<State> accepted(State state, Event event) {
        Decision<State> d = FLOW.decide(state, event);
        assertThat(d).as(state.name() + " x " + event.name()).isInstanceOf(Decision.Accepted.class);
        return (Decision.Accepted<State>) d;
    }

    private static State step(State state, Event event, Class<? extends State> expected, String... commands) {
        Decision.Accepted<State> d = accepted(state, event);
        assertThat(d.newState()).isInstanceOf(expected);
        assertThat(d.commands()).extracting(c -> c.connector() + "/" + c.type()).containsExactly(commands);
        State roundTrip = Json.read(Json.write(d.newState()), d.newState().getClass());
        assertThat(roundTrip).isEqualTo(d.newState());
        return d.newState();
    }
}
