package io.finrelay.reconciliation.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import io.finrelay.reconciliation.forecast.PayingHistory.Paid;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A customer's receivables are expected as late as the customer usually pays. */
class PayingHistoryTest {
    private static final LocalDate DUE = LocalDate.of(2026, 12, 15);

    private static Paid paid(String customer, String due, String booked) {
        return new Paid(customer, LocalDate.parse(due), LocalDate.parse(booked));
    }

    private final PayingHistory history = PayingHistory.of(List.of(
            // Nordwind pays 12, 9 and 14 days late, once 170 days after a dispute: the median is 12 or 13
            paid("Nordwind Spedition GmbH", "2026-06-30", "2026-07-12"),
            paid("Nordwind Spedition GmbH", "2026-07-31", "2026-08-09"),
            paid("nordwind spedition gmbh ", "2026-08-31", "2026-09-14"),
            paid("Nordwind Spedition GmbH", "2026-03-31", "2026-09-17"),
            // Hafen Service pays early, by the skonto
            paid("Hafen Service AG", "2026-10-30", "2026-10-20"),
            paid("Hafen Service AG", "2026-11-30", "2026-11-21"),
            // one payment only: not enough to go by
            paid("Kühne Transporte", "2026-11-01", "2026-12-01")));

    @Test
    void aLatePayersReceivableIsExpectedByTheMedianOfItsDelaysNotTheMean() {
        // delays 9, 12, 14, 170: the lower median is 12; the mean (51) would be the dispute's doing
        assertThat(history.lateDays("Nordwind Spedition GmbH")).isEqualTo(12);
        assertThat(history.payments("NORDWIND SPEDITION GMBH")).as("the same customer whatever the case").isEqualTo(4);
        assertThat(history.expected("Nordwind Spedition GmbH", DUE)).isEqualTo(LocalDate.of(2026, 12, 27));
    }

    @Test
    void anEarlyPayerIsExpectedBeforeTheDueDate() {
        assertThat(history.lateDays("Hafen Service AG")).isEqualTo(-10);
        assertThat(history.expected("Hafen Service AG", DUE)).isEqualTo(LocalDate.of(2026, 12, 5));
    }

    @Test
    void withoutEnoughHistoryTheDueDateStands() {
        assertThat(history.expected("Kühne Transporte", DUE)).isEqualTo(DUE);
        assertThat(history.payments("Kühne Transporte")).isEqualTo(1);
        assertThat(history.expected("A new customer", DUE)).isEqualTo(DUE);
        assertThat(history.expected(null, DUE)).isEqualTo(DUE);
        assertThat(PayingHistory.none().expected("Nordwind Spedition GmbH", DUE)).isEqualTo(DUE);
    }
}
