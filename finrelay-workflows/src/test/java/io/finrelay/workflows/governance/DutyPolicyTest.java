package io.finrelay.workflows.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.finrelay.model.Money;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DutyPolicyTest {
    private static final Instant NOW = Instant.parse("2026-03-10T09:00:00Z");
    private static final DutyPolicy POLICY = new DutyPolicy(List.of(Money.of("5000.00", "EUR"), Money.of("4000.00", "GBP")),
            Duration.ofDays(3), true, true);
    private static final Actor BERGER = new Actor("t.berger", List.of("treasurer"));
    private static final Actor ROTH = new Actor("j.roth", List.of("treasurer", "accountant"));

    private static ReleaseFacts facts(Actor releaser, List<String> earlier, BankDetailChange change, Instant now) {
        return new ReleaseFacts("report ER-2026-0042", releaser, "m.keller", "s.wagner", earlier,
                Money.of("1450.00", "EUR"), Money.of("10000.00", "EUR"), change, now);
    }

    private static Optional<String> rule(Optional<Refusal> refusal) {
        return refusal.map(Refusal::rule);
    }

    @Test
    void aTreasurerWhoIsNeitherMakerNorCheckerMayRelease() {
        assertThat(POLICY.release(facts(BERGER, List.of(), null, NOW))).isEmpty();
    }

    @Test
    void theSubmitterMayNotReleaseTheirOwnClaim() {
        Actor keller = new Actor("m.keller", List.of("treasurer"));
        assertThat(POLICY.release(facts(keller, List.of(), null, NOW))).contains(new Refusal(DutyPolicy.SELF_RELEASE,
                "segregation of duties: m.keller submitted report ER-2026-0042 and may not release its payment"));
    }

    @Test
    void theApproverMayNotReleaseEither() {
        Actor wagner = new Actor("s.wagner", List.of("treasurer"));
        assertThat(rule(POLICY.release(facts(wagner, List.of(), null, NOW)))).contains(DutyPolicy.APPROVER_RELEASE);
    }

    @Test
    void withoutMakerCheckerTheSubmitterMayRelease() {
        DutyPolicy lax = new DutyPolicy(List.of(), Duration.ZERO, true, false);
        assertThat(lax.release(facts(new Actor("m.keller", List.of("treasurer")), List.of(), null, NOW))).isEmpty();
    }

    @Test
    void aReleaserNeedsANameAndTheTreasurerRole() {
        assertThat(rule(POLICY.release(facts(new Actor(" ", List.of("treasurer")), List.of(), null, NOW))))
                .contains(DutyPolicy.RELEASER_NAMED);
        assertThat(rule(POLICY.release(facts(new Actor("o.pohl", List.of("accountant")), List.of(), null, NOW))))
                .contains(DutyPolicy.RELEASER_ROLE);
    }

    @Test
    void aSelfApprovedClaimIsNotPaidAndSelfApprovalIsRefused() {
        ReleaseFacts selfApproved = new ReleaseFacts("report ER-2026-0043", BERGER, "m.keller", "m.keller", List.of(),
                Money.of("80.00", "EUR"), null, null, NOW);
        assertThat(rule(POLICY.release(selfApproved))).contains(DutyPolicy.SELF_APPROVAL);
        assertThat(rule(POLICY.approval(new Actor("m.keller", List.of()), "m.keller"))).contains(DutyPolicy.SELF_APPROVAL);
        assertThat(POLICY.approval(new Actor("s.wagner", List.of()), "m.keller")).isEmpty();
        assertThat(new DutyPolicy(List.of(), Duration.ZERO, false, true).approval(new Actor("m.keller", List.of()), "m.keller"))
                .isEmpty();
    }

    @Test
    void whoChangedThePayeesIbanMayNotPayThemUntilTheCoolingPeriodHasPassed() {
        Instant changed = NOW.minus(Duration.ofDays(3));
        BankDetailChange byBerger = new BankDetailChange("t.berger", changed);
        Optional<Refusal> justBefore = POLICY.release(facts(BERGER, List.of(), byBerger, changed.plus(Duration.ofDays(3)).minusSeconds(1)));
        assertThat(rule(justBefore)).contains(DutyPolicy.BANK_DETAIL_COOLING);
        assertThat(justBefore.orElseThrow().sentence()).contains("2026-03-07T09:00:00Z").contains("2026-03-10T09:00:00Z");
        assertThat(POLICY.release(facts(BERGER, List.of(), byBerger, changed.plus(Duration.ofDays(3))))).isEmpty();
        assertThat(POLICY.release(facts(ROTH, List.of(), byBerger, changed.plusSeconds(60)))).isEmpty();
    }

    @Test
    void theSameTreasurerCannotReleaseTwice() {
        assertThat(POLICY.release(facts(BERGER, List.of("t.berger"), null, NOW)).orElseThrow().rule())
                .isEqualTo(DutyPolicy.FOUR_EYES);
        assertThat(POLICY.release(facts(ROTH, List.of("t.berger"), null, NOW))).isEmpty();
    }

    @Test
    void fourEyesAboveTheThresholdOneReleaseAtItExactly() {
        assertThat(POLICY.releasesRequired(Money.of("5000.00", "EUR"), null)).isEqualTo(1);
        assertThat(POLICY.releasesRequired(Money.of("5000.01", "EUR"), null)).isEqualTo(2);
        assertThat(POLICY.releasesRequired(Money.of("4000.01", "GBP"), null)).isEqualTo(2);
        assertThat(POLICY.releasesRequired(Money.of("9999999.00", "CHF"), null)).isEqualTo(1);
    }

    @Test
    void theStricterOfTenantAndLegalEntityThresholdApplies() {
        assertThat(POLICY.releasesRequired(Money.of("1500.00", "EUR"), Money.of("1000.00", "EUR"))).isEqualTo(2);
        assertThat(POLICY.releasesRequired(Money.of("6000.00", "EUR"), Money.of("10000.00", "EUR"))).isEqualTo(2);
        assertThat(POLICY.releasesRequired(Money.of("1000.00", "CHF"), Money.of("1000.00", "CHF"))).isEqualTo(1);
    }

    @Test
    void aLegalEntityThresholdInAnotherCurrencyThanThePaymentIsRefusedNotCompared() {
        assertThatThrownBy(() -> POLICY.releasesRequired(Money.of("1500.00", "EUR"), Money.of("1000.00", "GBP")))
                .isInstanceOf(io.finrelay.model.CurrencyMismatchException.class);
    }

    @Test
    void aRefusalReadsBackFromItsReasonText() {
        Refusal refusal = new Refusal(DutyPolicy.FOUR_EYES, "four eyes: j.roth has already released this payment");
        assertThat(Refusal.parse(refusal.toString())).contains(refusal);
        assertThat(Refusal.parse("ReleaseRequested does not apply in state Paying")).isEmpty();
        assertThat(Refusal.parse(null)).isEmpty();
    }

    @Test
    void aPolicyWithTwoThresholdsForOneCurrencyOrANegativeCoolingPeriodIsRefused() {
        assertThatThrownBy(() -> new DutyPolicy(List.of(Money.of("1.00", "EUR"), Money.of("2.00", "EUR")), Duration.ZERO,
                true, true)).hasMessageContaining("one non-negative amount per currency");
        assertThatThrownBy(() -> new DutyPolicy(List.of(), Duration.ofHours(-1), true, true))
                .hasMessageContaining("must not be negative");
    }
}
