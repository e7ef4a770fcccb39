package io.finrelay.workflows.invoice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.finrelay.engine.workflow.Decision;
import io.finrelay.model.Money;
import io.finrelay.workflows.governance.Actor;
import io.finrelay.workflows.governance.DutyPolicy;
import io.finrelay.workflows.invoice.ApprovalRouting.Approval;
import io.finrelay.workflows.invoice.ApprovalRouting.Delegation;
import io.finrelay.workflows.invoice.ApprovalRouting.Outcome;
import io.finrelay.workflows.invoice.ApprovalRouting.Route;
import io.finrelay.workflows.invoice.ApprovalRouting.Rule;
import io.finrelay.workflows.invoice.InvoiceEvent.Approved;
import io.finrelay.workflows.invoice.InvoiceEvent.Arrived;
import io.finrelay.workflows.invoice.InvoiceReference.Lookup;
import io.finrelay.workflows.invoice.InvoiceReference.Supplier;
import io.finrelay.workflows.invoice.InvoiceState.AwaitingApproval;
import io.finrelay.workflows.invoice.InvoiceState.Posting;
import io.finrelay.workflows.invoice.InvoiceState.Received;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Approval routing on the rules of a German company (legal entity DE01): cost center 4100 (facility
 * management) up to EUR 5,000 needs one AP approver or its head k.brandt; up to EUR 50,000 one
 * department head; above, two approvers of whom one is a controller. Another entity's invoices and
 * other currencies fall through to any one approver.
 */
class ApprovalRoutingTest {
    private static final String DE01 = Samples.ENTITY;
    private static final String NL01 = "7c2e1f40-9d3b-4a8e-b1f6-2d4c6e8a0b13";
    private static final LocalDate TODAY = LocalDate.of(2026, 3, 10);

    private static final Rule SMALL_4100 = new Rule("de01-4100-small", DE01, "4100", "EUR", null, new BigDecimal("5000.00"),
            1, List.of("ap-approver"), List.of("k.brandt"), null);
    private static final Rule MEDIUM = new Rule("de01-medium", DE01, null, "EUR", null, new BigDecimal("50000.00"),
            1, List.of("department-head"), List.of(), null);
    private static final Rule LARGE = new Rule("de01-large", DE01, null, "EUR", new BigDecimal("50000.00"), null,
            2, List.of("department-head", "ap-approver"), List.of(), "controller");
    private static final List<Rule> RULES = List.of(SMALL_4100, MEDIUM, LARGE);

    private static final Actor AP = new Actor("s.koch", List.of("ap-approver"));
    private static final Actor HEAD = new Actor("j.hoffmann", List.of("department-head"));
    private static final Actor CONTROLLER = new Actor("c.vogel", List.of("controller"));
    private static final Actor STRANGER = new Actor("t.berger", List.of("treasurer"));
    private static final DutyPolicy DUTIES = DutyPolicy.defaults();

    private static Money eur(String amount) {
        return Money.of(amount, "EUR");
    }

    @Test
    void theFirstRuleThatFitsEntityCostCenterAndAmountRoutesTheInvoiceAndSaysWhy() {
        Route small = ApprovalRouting.route(RULES, DE01, "4100", eur("1071.00"));
        assertThat(small.ruleId()).isEqualTo("de01-4100-small");
        assertThat(small.approvers()).isEqualTo(1);
        assertThat(small.reason()).contains("approval rule de01-4100-small", "cost center 4100", "1071.00 EUR",
                "up to 5000.00 EUR", "role ap-approver", "named k.brandt");

        assertThat(ApprovalRouting.route(RULES, DE01, "4100", eur("5000.00")).ruleId()).isEqualTo("de01-4100-small");
        assertThat(ApprovalRouting.route(RULES, DE01, "4100", eur("5000.01")).ruleId()).isEqualTo("de01-medium");
        assertThat(ApprovalRouting.route(RULES, DE01, "4300", eur("1071.00")).ruleId()).isEqualTo("de01-medium");
        assertThat(ApprovalRouting.route(RULES, DE01, null, eur("50000.00")).ruleId()).isEqualTo("de01-medium");
        Route large = ApprovalRouting.route(RULES, DE01, "4100", eur("64260.00"));
        assertThat(large.ruleId()).isEqualTo("de01-large");
        assertThat(large.reason()).contains("above 50000.00 EUR", "2 approvers", "one of them with role controller");
    }

    @Test
    void anotherEntityOrCurrencyThatNoRuleFitsGoesToAnyOneApprover() {
        Route nl = ApprovalRouting.route(RULES, NL01, "4100", eur("1071.00"));
        assertThat(nl.ruleId()).isNull();
        assertThat(nl.approvers()).isEqualTo(1);
        assertThat(nl.reason()).startsWith("no approval rule of the tenant fits").contains("legal entity " + NL01);
        assertThat(ApprovalRouting.route(RULES, DE01, "4100", Money.of("1071.00", "CHF")).ruleId()).isNull();
        assertThat(ApprovalRouting.route(List.of(), DE01, "4100", eur("1071.00")).ruleId()).isNull();
    }

    @Test
    void aCreditNoteIsRoutedByItsAmountWhateverItsSign() {
        assertThat(ApprovalRouting.route(RULES, DE01, "4100", eur("-64260.00")).ruleId()).isEqualTo("de01-large");
    }

    @Test
    void aRuleWithoutSenseIsRefusedWhenMade() {
        assertThatThrownBy(() -> new Rule("Big Invoices", DE01, null, "EUR", null, null, 1, null, null, null))
                .hasMessageContaining("rule id");
        assertThatThrownBy(() -> new Rule("zero", DE01, null, "EUR", null, null, 0, null, null, null))
                .hasMessageContaining("1 to 5 approvers");
        assertThatThrownBy(() -> new Rule("band", DE01, null, "EUR", new BigDecimal("5000"), new BigDecimal("5000"), 1,
                null, null, null)).hasMessageContaining("must be above");
    }

    @Test
    void onlyAnApproverTheRuleAdmitsByRoleOrNameCounts() {
        Route small = ApprovalRouting.route(RULES, DE01, "4100", eur("1071.00"));
        assertThat(approve(small, List.of(), 1, AP, null, List.of())).isInstanceOf(Outcome.Counts.class);
        assertThat(approve(small, List.of(), 1, new Actor("k.brandt", List.of()), null, List.of()))
                .isInstanceOf(Outcome.Counts.class);
        Outcome refused = approve(small, List.of(), 1, STRANGER, null, List.of());
        assertThat(refused).isInstanceOfSatisfying(Outcome.Refused.class, r -> {
            assertThat(r.refusal().rule()).isEqualTo(ApprovalRouting.NOT_ELIGIBLE);
            assertThat(r.refusal().sentence()).contains("t.berger", "rule de01-4100-small", "role ap-approver");
        });
    }

    @Test
    void aDelegatesApprovalCountsForTheApproverWithinTheDatesOnly() {
        Route medium = ApprovalRouting.route(RULES, DE01, "4300", eur("18400.00"));
        Delegation holiday = new Delegation("j.hoffmann", List.of("department-head"), "m.wolf",
                LocalDate.of(2026, 3, 9), LocalDate.of(2026, 3, 20));
        Actor deputy = new Actor("m.wolf", List.of());

        Outcome counted = approve(medium, List.of(), 1, deputy, null, List.of(holiday));
        assertThat(counted).isEqualTo(new Outcome.Counts(new Approval("m.wolf", "j.hoffmann", List.of("department-head"))));
        assertThat(((Outcome.Counts) counted).approval().shown()).isEqualTo("m.wolf for j.hoffmann");
        assertThat(approve(medium, List.of(), 1, deputy, "j.hoffmann", List.of(holiday))).isEqualTo(counted);

        Outcome afterwards = ApprovalRouting.approve(medium, List.of(), 1, deputy, "j.hoffmann", List.of(holiday),
                LocalDate.of(2026, 3, 21), DUTIES, "a.meier", null, "INV-2026-0415");
        assertThat(afterwards).isInstanceOfSatisfying(Outcome.Refused.class, r -> {
            assertThat(r.refusal().rule()).isEqualTo(ApprovalRouting.NO_DELEGATION);
            assertThat(r.refusal().sentence()).contains("j.hoffmann has no delegation to m.wolf in force on 2026-03-21");
        });
    }

    @Test
    void aDelegationFromSomeoneTheRuleDoesNotAdmitDoesNotMakeTheDelegateAnApprover() {
        Route medium = ApprovalRouting.route(RULES, DE01, "4300", eur("18400.00"));
        Delegation fromClerk = new Delegation("s.koch", List.of("ap-approver"), "m.wolf", TODAY, TODAY);
        assertThat(approve(medium, List.of(), 1, new Actor("m.wolf", List.of()), "s.koch", List.of(fromClerk)))
                .isInstanceOfSatisfying(Outcome.Refused.class, r ->
                        assertThat(r.refusal().rule()).isEqualTo(ApprovalRouting.NOT_ELIGIBLE));
    }

    @Test
    void theSubmitterMayNotApproveNeitherThemselvesNorThroughADelegation() {
        Route medium = ApprovalRouting.route(RULES, DE01, "4300", eur("18400.00"));
        Outcome self = approve(medium, List.of(), 1, new Actor("a.meier", List.of("department-head")), null, List.of());
        assertThat(self).isInstanceOfSatisfying(Outcome.Refused.class, r -> {
            assertThat(r.refusal().rule()).isEqualTo(DutyPolicy.SELF_APPROVAL);
            assertThat(r.refusal().sentence()).contains("a.meier took invoice INV-2026-0415 in");
        });
        Delegation toSubmitter = new Delegation("j.hoffmann", List.of("department-head"), "a.meier", TODAY, TODAY);
        assertThat(approve(medium, List.of(), 1, new Actor("a.meier", List.of()), "j.hoffmann", List.of(toSubmitter)))
                .isInstanceOfSatisfying(Outcome.Refused.class, r ->
                        assertThat(r.refusal().rule()).isEqualTo(DutyPolicy.SELF_APPROVAL));
    }

    @Test
    void whoConfirmedTheChangedBankDetailsMayNotApproveTheInvoice() {
        Route medium = ApprovalRouting.route(RULES, DE01, "4300", eur("18400.00"));
        Outcome confirmer = ApprovalRouting.approve(medium, List.of(), 1, HEAD, null, List.of(), TODAY, DUTIES, "a.meier",
                "j.hoffmann", "INV-2026-0415");
        assertThat(confirmer).isInstanceOfSatisfying(Outcome.Refused.class, r ->
                assertThat(r.refusal().rule()).isEqualTo(ApprovalRouting.CONFIRMER_APPROVAL));
    }

    @Test
    void aboveFiftyThousandTwoApproversAreNeededAndTheSecondMustBeAControllerIfTheFirstWasNot() {
        Route large = ApprovalRouting.route(RULES, DE01, "4100", eur("64260.00"));
        Outcome first = approve(large, List.of(), 2, HEAD, null, List.of());
        Approval head = ((Outcome.Counts) first).approval();
        assertThat(ApprovalRouting.complete(large, List.of(head), 2)).isFalse();

        assertThat(approve(large, List.of(head), 2, AP, null, List.of())).isInstanceOfSatisfying(Outcome.Refused.class, r -> {
            assertThat(r.refusal().rule()).isEqualTo(ApprovalRouting.REQUIRED_ROLE);
            assertThat(r.refusal().sentence()).contains("role controller", "rule de01-large");
        });
        assertThat(approve(large, List.of(head), 2, HEAD, null, List.of())).isInstanceOfSatisfying(Outcome.Refused.class,
                r -> assertThat(r.refusal().rule()).isEqualTo(DutyPolicy.FOUR_EYES));
        Approval controller = ((Outcome.Counts) approve(large, List.of(head), 2, CONTROLLER, null, List.of())).approval();
        assertThat(ApprovalRouting.complete(large, List.of(head, controller), 2)).isTrue();
    }

    @Test
    void aDelegateMayNotCountTwiceByApprovingOnceForThemselvesAndOnceForTheApprover() {
        Route large = ApprovalRouting.route(RULES, DE01, "4100", eur("64260.00"));
        Delegation toHead = new Delegation("c.vogel", List.of("controller"), "j.hoffmann", TODAY, TODAY);
        Approval head = new Approval("j.hoffmann", null, List.of("department-head"));
        assertThat(approve(large, List.of(head), 2, HEAD, "c.vogel", List.of(toHead)))
                .isInstanceOfSatisfying(Outcome.Refused.class, r -> assertThat(r.refusal().rule()).isEqualTo(DutyPolicy.FOUR_EYES));
    }

    @Test
    void theDutyPolicysFourEyesThresholdAddsASecondApproverToASmallerRoute() {
        DutyPolicy fourEyes = new DutyPolicy(List.of(eur("10000.00")), Duration.ofDays(7), true, true);
        Route medium = ApprovalRouting.route(RULES, DE01, "4300", eur("18400.00"));
        assertThat(ApprovalRouting.required(medium, fourEyes, eur("18400.00"))).isEqualTo(2);
        assertThat(ApprovalRouting.required(medium, fourEyes, eur("9800.00"))).isEqualTo(1);
    }

    @Test
    void theWorkflowRoutesOnEntryStatesTheRuleInTheTimelineAndPostsOnlyWhenTheRouteIsComplete() {
        InvoiceToPay flow = new InvoiceToPay();
        Supplier facility = new Supplier(Samples.VENDOR_ID, "42", "Nordlicht Bürobedarf GmbH", "DE 811 907 980",
                Samples.IBAN, DE01, true, "4100");
        InvoiceFacts large = new InvoiceFacts("0193a5c4-2222-7000-8000-000000000777", "INVOICE", "INV-2026-0777",
                new InvoiceFacts.Seller("Nordlicht Bürobedarf GmbH", "DE811907980", Samples.IBAN), "Hanseatic Trading AG",
                eur("64260.00"), eur("10260.00"), LocalDate.of(2026, 3, 2), LocalDate.of(2026, 4, 1), null, null,
                List.of(new InvoiceFacts.Line("Office furniture, 3rd floor", new BigDecimal("1"), eur("54000.00"))),
                "a.meier");
        var entered = (Decision.Accepted<InvoiceState>) flow.decide(new Received(), new Arrived(large, List.of(),
                new Lookup(List.of(facility), Samples.policy(), List.of(), RULES)));
        assertThat(entered.note()).contains("approval rule de01-large routed it", "cost center 4100");
        AwaitingApproval waiting = (AwaitingApproval) entered.newState();
        assertThat(waiting.route().ruleId()).isEqualTo("de01-large");
        assertThat(waiting.required()).isEqualTo(2);

        var first = (Decision.Accepted<InvoiceState>) flow.decide(waiting, approved(new Actor("m.wolf", List.of()),
                new Delegation("j.hoffmann", List.of("department-head"), "m.wolf", TODAY, TODAY)));
        assertThat(first.note()).isEqualTo("approved by m.wolf for j.hoffmann (delegation); 1 of 2");
        assertThat(first.newState()).isInstanceOf(AwaitingApproval.class);

        Decision<InvoiceState> clerk = flow.decide(first.newState(), approved(AP));
        assertThat(((Decision.Rejected<InvoiceState>) clerk).reason()).startsWith(ApprovalRouting.REQUIRED_ROLE + ": ");

        var done = (Decision.Accepted<InvoiceState>) flow.decide(first.newState(), approved(CONTROLLER));
        assertThat(done.newState()).isInstanceOfSatisfying(Posting.class, p ->
                assertThat(p.approvedBy()).containsExactly("m.wolf for j.hoffmann", "c.vogel"));
        assertThat(done.commands()).hasSize(1);
    }

    @Test
    void anInvoiceStoredWaitingBeforeRulesExistedStillTakesAnyOneApprover() {
        AwaitingApproval old = Samples.awaiting();
        assertThat(old.route()).isNull();
        var done = (Decision.Accepted<InvoiceState>) new InvoiceToPay().decide(old, approved(STRANGER));
        assertThat(done.newState()).isInstanceOf(Posting.class);
    }

    @Test
    void anAwaitingApprovalStoredInVersionOneReadsUnderVersionTwoAndARoutedOneSurvivesTheEnginesJson() throws Exception {
        InvoiceToPay flow = new InvoiceToPay();
        assertThat(flow.storedFormat().current()).isEqualTo(2);
        com.fasterxml.jackson.databind.node.ObjectNode v1 = (com.fasterxml.jackson.databind.node.ObjectNode)
                io.finrelay.engine.json.Json.mapper().readTree(io.finrelay.engine.json.Json.write(
                        Samples.awaiting().with(new Approval("c.vogel", null, List.of()), 2)));
        v1.remove(List.of("route", "approvals"));
        ((com.fasterxml.jackson.databind.node.ObjectNode) v1.get("c").get("supplier")).remove("costCenter");
        var upcast = flow.storedFormat().upcast(InvoiceToPay.TYPE, 1, io.finrelay.engine.workflow.StoredDocument.Kind.STATE,
                "AwaitingApproval", v1.toString());
        AwaitingApproval old = io.finrelay.engine.json.Json.read(upcast.json().toString(), AwaitingApproval.class);
        assertThat(old.route()).isNull();
        assertThat(old.approvals()).containsExactly(new Approval("c.vogel", null, List.of()));
        assertThat(new InvoiceToPay().decide(old, approved(new Actor("c.vogel", List.of()))))
                .as("the approver of a version-1 row still counts once").isInstanceOf(Decision.Rejected.class);

        AwaitingApproval routed = new AwaitingApproval(Samples.invoice(), Samples.awaiting().c(), 2, List.of(),
                ApprovalRouting.route(RULES, DE01, "4100", eur("64260.00")), List.of())
                .with(new Approval("m.wolf", "j.hoffmann", List.of("department-head")), 2);
        assertThat(io.finrelay.engine.json.Json.read(io.finrelay.engine.json.Json.write(routed), AwaitingApproval.class))
                .isEqualTo(routed);
    }

    private static Approved approved(Actor who, Delegation... delegations) {
        return new Approved(who, DUTIES, null, List.of(delegations), TODAY);
    }

    private static Outcome approve(Route route, List<Approval> sofar, int required, Actor actor, String onBehalfOf,
                                   List<Delegation> delegations) {
        return ApprovalRouting.approve(route, sofar, required, actor, onBehalfOf, delegations, TODAY, DUTIES, "a.meier",
                null, "INV-2026-0415");
    }
}
