package io.finrelay.reconciliation.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.finrelay.reconciliation.forecast.CashForecast.Day;
import io.finrelay.reconciliation.forecast.CashForecast.Flow;
import io.finrelay.reconciliation.forecast.CashForecast.Opening;
import io.finrelay.reconciliation.forecast.CashForecast.Series;
import io.finrelay.reconciliation.forecast.CashForecast.Source;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The forecast checked figure by figure against a fixture computed by hand: ACME Logistik GmbH, EUR,
 * two accounts; a week from Monday 7 December 2026.
 */
class CashForecastTest {
    private static final LocalDate MONDAY = LocalDate.of(2026, 12, 7);
    private static final String ACME = "ACME Logistik GmbH";
    private static final Instant FRIDAY_CLOSE = Instant.parse("2026-12-04T18:00:00Z");
    private static final Instant SATURDAY_INTRADAY = Instant.parse("2026-12-05T10:00:00Z");

    private static BigDecimal eur(String amount) {
        return new BigDecimal(amount);
    }

    private static final List<Opening> OPENINGS = List.of(
            new Opening(ACME, "EUR", eur("182450.00"), FRIDAY_CLOSE),        // Commerzbank operating account
            new Opening(ACME, "EUR", eur("-12300.50"), SATURDAY_INTRADAY),   // Deutsche Bank, overdrawn
            new Opening(ACME, "CHF", eur("40210.00"), FRIDAY_CLOSE));

    private static final List<Flow> FLOWS = List.of(
            // overdue receivable: expected today
            new Flow(Source.RECEIVABLE, "AR-2026-004711", ACME, "EUR", LocalDate.of(2026, 11, 30), eur("2380.00")),
            new Flow(Source.SUPPLIER_PAYMENT, "Nordwind RE-2026-1187", ACME, "EUR", MONDAY, eur("-11662.00")),
            new Flow(Source.PAYABLE, "SINV-a1b2-1", ACME, "EUR", MONDAY.plusDays(1), eur("-4500.00")),
            new Flow(Source.RECEIVABLE, "AR-2026-004790", ACME, "EUR", MONDAY.plusDays(1), eur("15000.00")),
            new Flow(Source.RECEIVABLE, "AR-2026-004802", ACME, "EUR", MONDAY.plusDays(3), eur("870.25")),
            // after the 7-day horizon: left out
            new Flow(Source.RECEIVABLE, "AR-2026-005001", ACME, "EUR", MONDAY.plusDays(7), eur("99999.00")),
            // another entity without any bank balance on file
            new Flow(Source.SUPPLIER_PAYMENT, "Hafen Service RE-77", "ACME Logistik AG", "CHF", MONDAY.plusDays(2),
                    eur("-3150.00")));

    @Test
    void eachDayClosesAtThePreviousDayPlusItsFlowsFromTheSummedOpeningPosition() {
        List<Series> forecast = CashForecast.compute(MONDAY, 7, OPENINGS, FLOWS);
        assertThat(forecast).extracting(Series::legalEntity, Series::currency).containsExactly(
                org.assertj.core.groups.Tuple.tuple("ACME Logistik AG", "CHF"),
                org.assertj.core.groups.Tuple.tuple(ACME, "CHF"),
                org.assertj.core.groups.Tuple.tuple(ACME, "EUR"));
        Series eur = forecast.get(2);
        // 182,450.00 - 12,300.50
        assertThat(eur.opening()).isEqualByComparingTo("170149.50");
        assertThat(eur.openingAsOf()).as("as old as its oldest balance").contains(FRIDAY_CLOSE);
        List<Day> d = eur.days();
        assertThat(d).hasSize(7);
        // Monday: +2,380.00 (overdue) - 11,662.00 = 160,867.50
        assertThat(d.get(0).date()).isEqualTo(MONDAY);
        assertThat(d.get(0).inflow()).isEqualByComparingTo("2380.00");
        assertThat(d.get(0).outflow()).isEqualByComparingTo("11662.00");
        assertThat(d.get(0).closing()).isEqualByComparingTo("160867.50");
        assertThat(d.get(0).bySource()).containsEntry(Source.RECEIVABLE, eur("2380.00"))
                .containsEntry(Source.SUPPLIER_PAYMENT, eur("-11662.00"));
        // Tuesday: +15,000.00 - 4,500.00 = 171,367.50
        assertThat(d.get(1).closing()).isEqualByComparingTo("171367.50");
        assertThat(d.get(1).flows()).isEqualTo(2);
        // Wednesday: nothing moves
        assertThat(d.get(2).closing()).isEqualByComparingTo("171367.50");
        assertThat(d.get(2).flows()).isZero();
        // Thursday: +870.25 = 172,237.75, and so to the end: the 99,999.00 after the horizon is not in
        assertThat(d.get(3).closing()).isEqualByComparingTo("172237.75");
        assertThat(d.get(6).closing()).isEqualByComparingTo("172237.75");

        Series ag = forecast.get(0);
        assertThat(ag.opening()).isEqualByComparingTo("0");
        assertThat(ag.openingAsOf()).isEmpty();
        assertThat(ag.days().get(2).closing()).isEqualByComparingTo("-3150.00");
        assertThat(forecast.get(1).days().get(6).closing()).as("CHF of ACME: no flows").isEqualByComparingTo("40210.00");
    }

    @Test
    void aDaysFiguresAreTheFlowsBehindIt() {
        List<Flow> monday = CashForecast.flowsOn(MONDAY, 7, MONDAY, ACME, "EUR", FLOWS);
        assertThat(monday).extracting(Flow::reference).containsExactly("AR-2026-004711", "Nordwind RE-2026-1187");
        Day day = CashForecast.compute(MONDAY, 7, OPENINGS, FLOWS).get(2).days().get(0);
        assertThat(monday.stream().map(Flow::amount).reduce(BigDecimal.ZERO, BigDecimal::add))
                .isEqualByComparingTo(day.inflow().subtract(day.outflow()));
        assertThat(CashForecast.flowsOn(MONDAY, 7, MONDAY.plusDays(7), ACME, "EUR", FLOWS)).as("after the horizon")
                .isEmpty();
        assertThat(CashForecast.flowsOn(MONDAY, 7, MONDAY.minusDays(7), ACME, "EUR", FLOWS)).as("before today")
                .isEmpty();
    }

    @Test
    void aHorizonOfNoDaysIsRefused() {
        assertThatThrownBy(() -> CashForecast.compute(MONDAY, 0, OPENINGS, FLOWS))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
