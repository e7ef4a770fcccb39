package io.finrelay.server.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.finrelay.engine.exception.ExceptionStore;
import io.finrelay.server.web.ApiProblem;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The SLA's deadlines: a reason code's own time before the tenant's, and the queue's windows the same test as a row's standing. */
class SlaPolicyTest {
    private static final Instant NOW = Instant.parse("2026-12-07T09:00:00Z");
    private static final SlaPolicy POLICY = SlaPolicy.parse(new SlaPolicy("P1D", Map.of("permanent-failure", "PT4H"), "PT2H"));

    @Test
    void aReasonCodesOwnTimeComesBeforeTheTenantsAndTheBoundariesAgreeWithTheWindows() {
        Instant raised = NOW.minus(Duration.ofHours(4));
        assertThat(POLICY.deadline("permanent-failure", raised)).isEqualTo(NOW);
        assertThat(POLICY.standing("permanent-failure", raised, NOW)).as("due at this instant: not yet late").isEqualTo("due-soon");
        assertThat(POLICY.standing("permanent-failure", raised.minusSeconds(1), NOW)).isEqualTo("breached");
        assertThat(POLICY.standing("erp-timeout", raised, NOW)).isEqualTo("on-time");
        assertThat(POLICY.standing("erp-timeout", NOW.minus(Duration.ofHours(22)).minusSeconds(1), NOW)).isEqualTo("due-soon");

        List<ExceptionStore.CreatedWindow> breached = POLICY.windows(SlaPolicy.Standing.BREACHED, NOW);
        assertThat(breached).containsExactly(
                new ExceptionStore.CreatedWindow(List.of("permanent-failure"), false, null, raised),
                new ExceptionStore.CreatedWindow(List.of("permanent-failure"), true, null, NOW.minus(Duration.ofDays(1))));
        List<ExceptionStore.CreatedWindow> dueSoon = POLICY.windows(SlaPolicy.Standing.DUE_SOON, NOW);
        assertThat(dueSoon.getFirst()).isEqualTo(new ExceptionStore.CreatedWindow(List.of("permanent-failure"), false,
                raised, raised.plus(Duration.ofHours(2))));
    }

    @Test
    void withoutAPolicyNothingIsDueAndTheQueueFilterTakesNothing() {
        SlaPolicy none = SlaPolicy.none();
        assertThat(none.isSet()).isFalse();
        assertThat(none.standing("permanent-failure", NOW.minus(Duration.ofDays(30)), NOW)).isNull();
        assertThat(none.windows(SlaPolicy.Standing.BREACHED, NOW)).isEmpty();
    }

    @Test
    void durationsAreNormalisedAndOutOfRangeOnesAreRefusedNamingTheField() {
        assertThat(POLICY.exceptionResolveWithin()).isEqualTo("PT24H");
        assertThat(SlaPolicy.parse(new SlaPolicy("PT8H", null, null)).dueSoonWithin()).isEqualTo("PT4H");
        assertThatThrownBy(() -> SlaPolicy.parse(new SlaPolicy("PT4M", null, null))).isInstanceOf(ApiProblem.class)
                .satisfies(e -> assertThat(((ApiProblem) e).status().value()).isEqualTo(400));
        assertThatThrownBy(() -> SlaPolicy.parse(new SlaPolicy("PT8H", Map.of("permanent-failure", "P367D"), null)))
                .isInstanceOf(ApiProblem.class);
        assertThatThrownBy(() -> SlaPolicy.parse(new SlaPolicy("PT8H", Map.of("två ord", "PT1H"), null)))
                .isInstanceOf(ApiProblem.class);
    }
}
