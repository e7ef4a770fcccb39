package io.finrelay.server.monitors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.finrelay.server.web.ApiProblem;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ThresholdsTest {

    @Test
    void aThresholdLeftOutTakesItsDefault() {
        Thresholds set = Thresholds.parse(Map.of("scheduledNotSent", "PT12H"));
        assertThat(set.of(MonitorKind.SCHEDULED_NOT_SENT)).isEqualTo(Duration.ofHours(12));
        assertThat(set.of(MonitorKind.PAID_NOT_RECONCILED)).isEqualTo(Duration.ofDays(3));
        Map<String, Object> nulls = new HashMap<>();
        nulls.put("paidNotReconciled", null);
        assertThat(Thresholds.parse(nulls)).isEqualTo(Thresholds.defaults());
    }

    @Test
    void everyBadFieldIsNamedInOneProblem() {
        assertThatThrownBy(() -> Thresholds.parse(Map.of("approvedNotScheduled", "two days", "cashPositionMaxAge", "PT1M",
                "statementDueAfter", "P61D", "lateness", "P1D", "sentNotAcknowledged", "-PT1H")))
                .isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.properties().get("errors"))
                        .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
                        .extracting(e -> ((ApiProblem.FieldError) e).field())
                        .containsExactlyInAnyOrder("approvedNotScheduled", "cashPositionMaxAge", "statementDueAfter",
                                "lateness", "sentNotAcknowledged"));
    }

    @Test
    void aStatementOfABusinessDayIsDueTheNextDayAfterTheThresholdAndWeekendsAreNotExpected() {
        // Friday 4 December 2026: due Saturday 10:00 UTC; Saturday and Sunday expect nothing; Monday is due Tuesday.
        Duration tenHours = Duration.ofHours(10);
        assertThat(StuckQueries.dueAt(LocalDate.of(2026, 12, 4), tenHours)).isEqualTo(Instant.parse("2026-12-05T10:00:00Z"));
        assertThat(StuckQueries.dueDays(LocalDate.of(2026, 12, 4), tenHours, Instant.parse("2026-12-05T09:59:59Z"))).isEmpty();
        assertThat(StuckQueries.dueDays(LocalDate.of(2026, 12, 4), tenHours, Instant.parse("2026-12-08T10:00:00Z")))
                .containsExactly(LocalDate.of(2026, 12, 4), LocalDate.of(2026, 12, 7));
    }

    @Test
    void aMissingStatementOlderThanTheLookBackStaysOpenInsteadOfClearing() {
        Instant now = Instant.parse("2026-12-06T09:00:00Z");
        String old = "statement-missing:acct-faf7e1c0107370ff:2026-11-04:2026-11-05T10:00:00Z";
        String recent = "statement-missing:acct-faf7e1c0107370ff:2026-11-05:2026-11-06T10:00:00Z";
        assertThat(Monitors.beyondLookback(old, now)).isTrue();
        assertThat(Monitors.beyondLookback(recent, now)).isFalse();
        assertThat(Monitors.beyondLookback("cash-position-stale:acct-faf7e1c0107370ff:EUR:2026-01-01T00:00:00Z", now))
                .isFalse();
    }

    @Test
    void anAccountIsASubjectByAHashThatDoesNotShowItsIban() {
        String key = StuckQueries.accountKey("DE89370400440532013000");
        assertThat(key).startsWith("acct-").hasSize(21).doesNotContain("0532013000");
        assertThat(StuckQueries.accountKey("DE89370400440532013000")).isEqualTo(key);
        assertThat(StuckQueries.accountKey("NL57RABO0107307510")).isNotEqualTo(key);
    }
}
