package io.finrelay.workflows.expense;

import static org.assertj.core.api.Assertions.assertThat;

import io.finrelay.engine.json.Json;
import io.finrelay.engine.workflow.CommandOutcome;
import io.finrelay.engine.workflow.CommandRequest;
import io.finrelay.engine.workflow.Decision;
import io.finrelay.model.bank.PaymentStatus;
import io.finrelay.workflows.expense.ExpenseCommands.Obligation;
import io.finrelay.workflows.expense.ExpenseCommands.Release;
import io.finrelay.workflows.expense.ExpenseEvent.*;
import io.finrelay.workflows.expense.ExpenseState.*;
import io.finrelay.engine.workflow.Reading;
import io.finrelay.model.id.TenantId;
import io.finrelay.model.ledger.JournalEntry;
import io.finrelay.workflows.governance.Actor;
import io.finrelay.workflows.governance.BankDetailChange;
import io.finrelay.workflows.governance.DutyPolicy;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    void aMixedReportIsPaidTheOutOfPocketPartOnlyAndReleasedOnThatAmount() {
        ExpenseState s = FLOW.initialState();
        s = step(s, new ReportApproved(Samples.mixedClaim(), Samples.reference()), Posting.class, "expense-erp/post-journal");
        Decision.Accepted<ExpenseState> scheduled = accepted(s, new JournalPosted("move-18", "JE-2026-0018"));
        assertThat(scheduled.newState()).isInstanceOf(Scheduling.class);
        Obligation obligation = (Obligation) scheduled.commands().getFirst().payload();
        assertThat(obligation.amount()).as("the hotel was paid by company card").isEqualByComparingTo("119.00");
        s = step(scheduled.newState(), new PaymentScheduled("ER-2026-0003-P1", "RUN-2026-03-03"), AwaitingRelease.class);
        s = step(s, release("t.berger", TREASURER), Paying.class, "treasury/release-payment");
        Decision.Accepted<ExpenseState> settled = accepted(s, new PaymentStatusReported("ER-2026-0003-P1",
                PaymentStatus.SETTLED, null, "BNK-2", RECEIVED));
        assertThat(((ExpenseCommands.ClearPayable) settled.commands().getFirst().payload()).amount())
                .as("the payable cleared is the employee's part").isEqualByComparingTo("119.00");
    }

    @Test
    void aReportPaidWhollyByCompanyCardIsPostedAndEndsWithoutAnyPayment() {
        ExpenseState s = FLOW.initialState();
        s = step(s, new ReportApproved(Samples.companyPaidClaim(), Samples.reference()), Posting.class,
                "expense-erp/post-journal");
        Decision.Accepted<ExpenseState> posted = accepted(s, new JournalPosted("move-19", "JE-2026-0019"));
        assertThat(posted.newState()).isInstanceOf(ReportingStatus.class);
        assertThat(posted.commands()).extracting(c -> c.connector() + "/" + c.type())
                .as("no obligation, no release: nothing is owed to the employee")
                .containsExactly("expense-platform/report-status");
        ExpenseCommands.StatusUpdate told = (ExpenseCommands.StatusUpdate) posted.commands().getFirst().payload();
        assertThat(told.status()).isEqualTo("PAID_BY_COMPANY");
        assertThat(told.detail()).contains("paid by company card");
        s = step(posted.newState(), new StatusDelivered(), PaidByCompany.class);
        assertThat(s.isTerminal()).isTrue();
        assertThat(ExpenseState.caseOf(s).journalRef()).isEqualTo("move-19");
        assertThat(ExpenseState.caseOf(s).obligationId()).isNull();
        assertThat(reason(s, release("t.berger", TREASURER))).contains("does not apply");
        assertThat(reason(s, new PaymentReturnedByBank("ER-2026-0004-P1", "AC04", null, "BNK-9", RECEIVED)))
                .contains("does not apply");
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
    void aReleaseIsDecidedOnTheDutyFactsReadWhenItIsDecided() {
        ExpenseState awaiting = awaitingRelease(Samples.reference());
        List<String> asked = new ArrayList<>();
        // t.berger, a treasurer in the tenant's expense set-up, changed the employee's bank details two days ago.
        BankDetailChange recent = new BankDetailChange("t.berger", RECEIVED.minus(Duration.ofDays(2)));
        ExpenseReimbursement flow = withPort(Map.of("t.berger", TREASURER), recent, DutyPolicy.defaults(), asked);

        ReleaseRequested named = ReleaseRequested.asked(new Actor("t.berger", List.of()), true, RECEIVED);
        assertThat(named.factsKnown()).isFalse();
        ReleaseRequested read = (ReleaseRequested) flow.enrich(awaiting, named, reading());
        assertThat(read.releaser()).as("a machine key names the person: their roles are the set-up's")
                .isEqualTo(new Actor("t.berger", TREASURER));
        assertThat(read.payeeBankChange()).isEqualTo(recent);
        assertThat(asked).containsExactlyInAnyOrder("releaseRoles t.berger", "dutyPolicy",
                "lastBankDetailChange " + Samples.EMPLOYEE);
        assertThat(reason(awaiting, read)).startsWith(DutyPolicy.BANK_DETAIL_COOLING + ":");

        // Who logged in releases with the roles of their login; the set-up (which gives j.roth none) is not asked.
        asked.clear();
        ExpenseEvent loggedIn = flow.enrich(awaiting, ReleaseRequested.asked(new Actor("j.roth", TREASURER), false, RECEIVED),
                reading());
        assertThat(asked).doesNotContain("releaseRoles j.roth");
        assertThat(accepted(awaiting, loggedIn).newState()).isInstanceOf(Paying.class);
        assertThat(reason(awaiting, flow.enrich(awaiting, ReleaseRequested.asked(new Actor("j.roth", List.of()), true,
                RECEIVED), reading()))).startsWith(DutyPolicy.RELEASER_ROLE + ":");

        // The tenant's own policy decides: without a cooling period the change does not hold t.berger back.
        ExpenseReimbursement noCooling = withPort(Map.of("t.berger", TREASURER), recent,
                new DutyPolicy(List.of(), Duration.ZERO, true, true), new ArrayList<>());
        assertThat(accepted(awaiting, noCooling.enrich(awaiting, named, reading())).newState()).isInstanceOf(Paying.class);

        // A state that takes no release reads nothing; the release is refused as not applying.
        asked.clear();
        ExpenseState paying = accepted(awaiting, loggedIn).newState();
        assertThat(flow.enrich(paying, named, reading())).isSameAs(named);
        assertThat(asked).isEmpty();
        assertThat(reason(paying, named)).contains("does not apply");
    }

    @Test
    void theHappyPathVisitsEveryStepInOrderWithItsCommands() {
        ExpenseState s = FLOW.initialState();
        s = step(s, new ReportApproved(Samples.claim(), Samples.reference()), Posting.class, "expense-erp/post-journal");
        s = step(s, new JournalPosted("move-17", "JE-2026-0017"), Scheduling.class, "treasury/create-obligation");
        s = step(s, new PaymentScheduled("ER-2026-0001-P1", "RUN-2026-03-03"), AwaitingRelease.class);
        s = step(s, release("t.berger", TREASURER), Paying.class, "treasury/release-payment");
        s = step(s, new PaymentReleased("PAY-1"), Paying.class);
        s = step(s, new PaymentStatusReported("ER-2026-0001-P1", PaymentStatus.ACCEPTED, null, "BNK-1", RECEIVED), Paying.class);
        s = step(s, new PaymentStatusReported("ER-2026-0001-P1", PaymentStatus.SETTLED, null, "BNK-1", RECEIVED), ClearingPayable.class,
                "expense-erp/clear-payable");
        s = step(s, new PayableCleared("CLR-1"), ReportingStatus.class, "expense-platform/report-status");
        s = step(s, new StatusDelivered(), Reimbursed.class);
        assertThat(s.isTerminal()).isTrue();
        ExpenseCase c = ExpenseState.caseOf(s);
        assertThat(c.journalRef()).isEqualTo("move-17");
        assertThat(c.releasedBy()).containsExactly("t.berger");
        assertThat(c.bankRef()).isEqualTo("BNK-1");
    }

    @Test
    void theJournalCommandCarriesTheCanonicalBalancedEntry() {
        Decision.Accepted<ExpenseState> posted = accepted(new Received(),
                new ReportApproved(Samples.claim(), Samples.reference()));
        String payload = Json.write(posted.commands().getFirst().payload());
        JournalEntry journal = io.finrelay.workflows.port.JournalEntryJson.read(payload);
        assertThat(journal.lines()).hasSize(5);
        assertThat(new io.finrelay.engine.outbox.CommandEnvelope(journal.tenantId(), UUID.randomUUID(), UUID.randomUUID(),
                ExpenseReimbursement.TYPE, "EXP-1", ExpenseCommands.ERP, "post-journal", payload, "corr", 1)
                .payload(ExpenseCommands.POST_JOURNAL)).as("what the ERP connector reads").isEqualTo(journal);
    }

    @Test
    void aValidationFailureRaisesItsIncidentAndAnOperatorRetryLooksAgainOnTheSameInstance() {
        ReferenceData ref = Samples.reference();
        ReferenceData noEmployee = new ReferenceData(null, ref.entity(), ref.policy(), ref.costCenters(), ref.accounts(),
                ref.taxCodes(), ref.fxRates(), List.of(), ref.projects());
        Decision.Accepted<ExpenseState> failed = accepted(new Received(),
                new ReportApproved(Samples.claim(), noEmployee));
        assertThat(failed.newState()).isInstanceOf(NeedsAttention.class);
        assertThat(failed.incidents()).singleElement().satisfies(i -> {
            assertThat(i.code()).isEqualTo("unknown-employee");
            assertThat(i.reason()).isEqualTo("employee " + Samples.EMPLOYEE + " does not exist in the master data");
        });
        // The retry is enriched with the master data as it stands now, in the transaction that decides.
        assertThat(FLOW.onOperatorRetry(failed.newState())).contains(new ValidationRetried(null));
        assertThat(FLOW.decide(failed.newState(), new ValidationRetried(null))).isInstanceOf(Decision.Rejected.class);
        Decision.Accepted<ExpenseState> again = accepted(failed.newState(), new ValidationRetried(ref));
        assertThat(again.newState()).isInstanceOf(Posting.class);
        assertThat(again.commands()).extracting(CommandRequest::type).containsExactly("post-journal");
    }

    @Test
    void aPossibleDuplicateIsNeverPostedUntilAPersonSaysItIsGenuine() {
        ReferenceData ref = Samples.reference();
        ReferenceData dup = new ReferenceData(ref.employee(), ref.entity(), ref.policy(), ref.costCenters(),
                ref.accounts(), ref.taxCodes(), ref.fxRates(), List.of("ER-2026-0000"), ref.projects());
        Decision.Accepted<ExpenseState> d = accepted(new Received(), new ReportApproved(Samples.claim(), dup));
        assertThat(d.newState()).isInstanceOf(PossibleDuplicate.class);
        assertThat(d.commands()).isEmpty();
        assertThat(d.incidents()).singleElement().extracting(i -> i.code()).isEqualTo("possible-duplicate");
        // Retrying finds it again: still a duplicate, still not posted.
        assertThat(accepted(d.newState(), new ValidationRetried(dup)).newState()).isInstanceOf(PossibleDuplicate.class);
        Decision.Accepted<ExpenseState> genuine = accepted(d.newState(), new DuplicateReviewed("a.lang", true, "two trips"));
        assertThat(genuine.commands()).extracting(CommandRequest::type).containsExactly("post-journal");
        Decision.Accepted<ExpenseState> notGenuine = accepted(d.newState(), new DuplicateReviewed("a.lang", false, "same trip"));
        assertThat(notGenuine.newState()).isEqualTo(new ReportingStatus(ExpenseState.caseOf(d.newState()), "REJECTED"));
        assertThat(accepted(notGenuine.newState(), new StatusDelivered()).newState()).isInstanceOf(Withdrawn.class);
    }

    @Test
    void releaseNeedsATreasurerWhoNeitherSubmittedNorApprovedAndTwoAboveTheThreshold() {
        ExpenseState awaiting = awaitingRelease(Samples.reference());
        assertThat(reason(awaiting, release("m.keller", TREASURER)))
                .isEqualTo("sod.self-release: segregation of duties: m.keller submitted report ER-2026-0001 and may not release its payment");
        assertThat(reason(awaiting, release("s.wagner", TREASURER)))
                .isEqualTo("sod.approver-release: segregation of duties: s.wagner approved report ER-2026-0001 and may not release its payment");
        assertThat(reason(awaiting, release("o.pohl", List.of("accountant"))))
                .isEqualTo("sod.releaser-role: segregation of duties: o.pohl does not have the treasurer role");

        ReferenceData low = Samples.reference();
        ReferenceData lowThreshold = new ReferenceData(low.employee(), low.entity(),
                new ReferenceData.Policy("1740", "1576", new BigDecimal("300.00"), "1741"), low.costCenters(), low.accounts(),
                low.taxCodes(), low.fxRates(), List.of(), low.projects());
        ExpenseState fourEyes = awaitingRelease(lowThreshold);
        Decision.Accepted<ExpenseState> first = accepted(fourEyes, release("t.berger", TREASURER));
        assertThat(first.newState()).isInstanceOf(AwaitingRelease.class);
        assertThat(first.commands()).isEmpty();
        assertThat(reason(first.newState(), release("t.berger", TREASURER)))
                .startsWith("sod.four-eyes: four eyes: t.berger has already released");
        Decision.Accepted<ExpenseState> second = accepted(first.newState(), release("j.roth", TREASURER));
        assertThat(second.newState()).isInstanceOf(Paying.class);
        assertThat(second.commands().getFirst().payload())
                .isEqualTo(new Release("ER-2026-0001-P1", List.of("t.berger", "j.roth")));
    }

    @Test
    void aBankRejectionRaisesTheBanksReasonCodeAndARetryIssuesANewPayment() {
        ExpenseState paying = accepted(awaitingRelease(Samples.reference()), release("t.berger", TREASURER))
                .newState();
        Decision.Accepted<ExpenseState> rejected = accepted(paying,
                new PaymentStatusReported("ER-2026-0001-P1", PaymentStatus.REJECTED, "AC04", "BNK-9", RECEIVED));
        assertThat(rejected.newState()).isEqualTo(new PaymentRejected(ExpenseState.caseOf(rejected.newState()), "AC04"));
        assertThat(rejected.incidents()).singleElement().satisfies(i -> {
            assertThat(i.code()).isEqualTo("bank-rejected");
            assertThat(i.reason()).isEqualTo("the bank rejected payment ER-2026-0001-P1 with reason code AC04");
            assertThat(i.context()).containsEntry("reasonCode", "AC04");
        });
        // A late or duplicated status of an old payment changes nothing.
        assertThat(FLOW.decide(paying, new PaymentStatusReported("ER-OLD-P0", PaymentStatus.SETTLED, null, "x", RECEIVED)))
                .isInstanceOf(Decision.Rejected.class);
        assertThat(FLOW.onOperatorRetry(rejected.newState())).contains(new PaymentRetried(null));
        Decision.Accepted<ExpenseState> scheduled = accepted(rejected.newState(), new PaymentRetried(Samples.reference()));
        assertThat(scheduled.newState()).isInstanceOf(Scheduling.class);
        assertThat(((Obligation) scheduled.commands().getFirst().payload()).obligationId()).isEqualTo("ER-2026-0001-P2");
        assertThat(ExpenseState.caseOf(scheduled.newState()).releasedBy()).isEmpty();
    }

    @Test
    void aReturnAfterTheReportWasReimbursedReopensItForNewBankDetailsAndARetryPaysAgain() {
        ExpenseState s = FLOW.initialState();
        s = step(s, new ReportApproved(Samples.claim(), Samples.reference()), Posting.class, "expense-erp/post-journal");
        s = step(s, new JournalPosted("move-17", "JE-2026-0017"), Scheduling.class, "treasury/create-obligation");
        s = step(s, new PaymentScheduled("ER-2026-0001-P1", "RUN-2026-03-03"), AwaitingRelease.class);
        s = step(s, release("t.berger", TREASURER), Paying.class, "treasury/release-payment");
        s = step(s, new PaymentStatusReported("ER-2026-0001-P1", PaymentStatus.SETTLED, null, "BNK-1", RECEIVED), ClearingPayable.class,
                "expense-erp/clear-payable");
        s = step(s, new PayableCleared("CLR-1"), ReportingStatus.class, "expense-platform/report-status");
        ExpenseState reimbursed = step(s, new StatusDelivered(), Reimbursed.class);
        PaymentReturnedByBank ac04 = new PaymentReturnedByBank("ER-2026-0001-P1", "AC04", "closed account", "RTN-7", RECEIVED);

        assertThat(FLOW.takesAfterEnd(ac04)).isTrue();
        assertThat(FLOW.takesAfterEnd(new StatusDelivered())).isFalse();
        Decision.Accepted<ExpenseState> returned = accepted(reimbursed, ac04);
        assertThat(returned.newState()).isInstanceOf(PaymentReturned.class);
        assertThat(returned.newState().isTerminal()).isFalse();
        assertThat(returned.commands()).isEmpty();
        assertThat(returned.incidents()).singleElement().satisfies(i -> {
            assertThat(i.code()).isEqualTo("payment-returned");
            assertThat(i.reason()).isEqualTo("the bank returned payment ER-2026-0001-P1 of report ER-2026-0001 "
                    + "(AC04 closed account): correct the employee's bank details, then retry to pay again");
            assertThat(i.context()).containsEntry("reasonCode", "AC04").containsEntry("obligationId", "ER-2026-0001-P1");
        });
        // The return of a payment that is not the report's current one changes nothing.
        assertThat(FLOW.decide(reimbursed, new PaymentReturnedByBank("ER-OLD-P0", "AC04", null, "RTN-8", RECEIVED)))
                .isInstanceOf(Decision.Rejected.class);
        assertThat(FLOW.onOperatorRetry(returned.newState())).contains(new PaymentRetried(null));
        Decision.Accepted<ExpenseState> again = accepted(returned.newState(), new PaymentRetried(Samples.reference()));
        assertThat(again.newState()).isInstanceOf(Scheduling.class);
        assertThat(((Obligation) again.commands().getFirst().payload()).obligationId()).isEqualTo("ER-2026-0001-P2");
    }

    @Test
    void aCancelledPaymentStopsLikeARejectionAndAStatusThatSaysNothingIsRefused() {
        ExpenseState paying = accepted(awaitingRelease(Samples.reference()), release("t.berger", TREASURER)).newState();
        Decision.Accepted<ExpenseState> cancelled = accepted(paying,
                new PaymentStatusReported("ER-2026-0001-P1", PaymentStatus.CANCELLED, "DUPL", "BNK-9", RECEIVED));
        assertThat(cancelled.newState()).isInstanceOf(PaymentRejected.class);
        assertThat(cancelled.incidents()).singleElement().extracting(i -> i.reason())
                .isEqualTo("the bank cancelled payment ER-2026-0001-P1 with reason code DUPL");
        for (PaymentStatus pending : List.of(PaymentStatus.RECEIVED, PaymentStatus.TECHNICALLY_ACCEPTED, PaymentStatus.PENDING)) {
            assertThat(accepted(paying, new PaymentStatusReported("ER-2026-0001-P1", pending, null, "BNK-9", RECEIVED))
                    .newState()).isInstanceOf(Paying.class);
        }
        for (PaymentStatus unclear : List.of(PaymentStatus.PARTIALLY_ACCEPTED, PaymentStatus.UNKNOWN)) {
            assertThat(FLOW.decide(paying, new PaymentStatusReported("ER-2026-0001-P1", unclear, null, "BNK-9", RECEIVED)))
                    .isInstanceOf(Decision.Rejected.class);
        }
    }

    @Test
    void aReportIsNeverValidatedWithoutItsMasterData() {
        assertThat(reason(new Received(), new ReportApproved(Samples.claim(), null)))
                .isEqualTo("the report's master data was not looked up");
        // As it arrives (not yet enriched), the event's JSON is the claim alone: the inbox hashes that.
        assertThat(Json.write(new ReportApproved(Samples.claim(), null))).doesNotContain("reference");
    }

    @Test
    void commandOutcomesBecomeEventsAndACancelledStepWithdrawsTheReport() {
        ExpenseState posting = new Posting(ExpenseCase.of(Samples.claim()));
        UUID id = UUID.randomUUID();
        assertThat(FLOW.onCommandOutcome(posting, new CommandOutcome.Succeeded(id, "post-journal",
                "{\"commandId\":\"" + id + "\",\"erpRef\":\"move-3\",\"number\":\"JE-3\"}")))
                .contains(new JournalPosted("move-3", "JE-3"));
        ExpenseEvent cancelled = FLOW.onCommandOutcome(posting, new CommandOutcome.Cancelled(id, "post-journal", "op", "")).orElseThrow();
        assertThat(accepted(posting, cancelled).newState()).isInstanceOf(Withdrawn.class);
    }

    @Test
    void everyStateAnswersEveryEventWithoutThrowingAndTerminalStatesTakeOnlyWhatArrivesAfterTheEnd() {
        for (ExpenseState state : StateMachineDiagram.sampleStates()) {
            for (ExpenseEvent event : StateMachineDiagram.sampleEvents()) {
                Decision<ExpenseState> decision = FLOW.decide(state, event);
                assertThat(decision).as(state.name() + " x " + event.name()).isNotNull();
                if (state.isTerminal() && !FLOW.takesAfterEnd(event)) {
                    assertThat(decision).as(state.name() + " x " + event.name()).isInstanceOf(Decision.Rejected.class);
                }
            }
        }
    }

    /**
     * The workflow with a port that answers a release's duty facts (and records what it was asked); any other
     * read fails the test, as does SQL on the reading's connection: the facts come from the port alone.
     */
    private static ExpenseReimbursement withPort(Map<String, List<String>> roles, BankDetailChange change, DutyPolicy policy,
                                                 List<String> asked) {
        ExpenseReferencePort port = (ExpenseReferencePort) Proxy.newProxyInstance(ExpenseReferencePort.class.getClassLoader(),
                new Class<?>[] {ExpenseReferencePort.class}, (proxy, method, args) -> {
                    asked.add(method.getName() + (args == null ? "" : " " + args[0]));
                    return switch (method.getName()) {
                        case "releaseRoles" -> roles.getOrDefault((String) args[0], List.of());
                        case "lastBankDetailChange" -> Optional.ofNullable(change);
                        case "dutyPolicy" -> policy;
                        default -> throw new AssertionError("a release reads no " + method.getName());
                    };
                });
        return new ExpenseReimbursement(reading -> port, (reading, view) -> {}, (reading, payment) -> {});
    }

    private static Reading reading() {
        Connection noSql = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    throw new AssertionError("the workflow reads through its port, not with SQL: " + method.getName());
                });
        return new Reading(noSql, new TenantId(UUID.fromString(Samples.TENANT)), RECEIVED);
    }

    private static ExpenseState awaitingRelease(ReferenceData ref) {
        ExpenseState s = accepted(new Received(), new ReportApproved(Samples.claim(), ref)).newState();
        s = accepted(s, new JournalPosted("move-17", "JE-17")).newState();
        return accepted(s, new PaymentScheduled("ER-2026-0001-P1", "RUN-1")).newState();
    }

    private static String reason(ExpenseState state, ExpenseEvent event) {
        return ((Decision.Rejected<ExpenseState>) FLOW.decide(state, event)).reason();
    }

    private static Decision.Accepted<ExpenseState> accepted(ExpenseState state, ExpenseEvent event) {
        Decision<ExpenseState> d = FLOW.decide(state, event);
        assertThat(d).as(state.name() + " x " + event.name()).isInstanceOf(Decision.Accepted.class);
        return (Decision.Accepted<ExpenseState>) d;
    }

    private static ExpenseState step(ExpenseState state, ExpenseEvent event, Class<? extends ExpenseState> expected, String... commands) {
        Decision.Accepted<ExpenseState> d = accepted(state, event);
        assertThat(d.newState()).isInstanceOf(expected);
        assertThat(d.commands()).extracting(c -> c.connector() + "/" + c.type()).containsExactly(commands);
        ExpenseState roundTrip = Json.read(Json.write(d.newState()), d.newState().getClass());
        assertThat(roundTrip).isEqualTo(d.newState());
        return d.newState();
    }
}
