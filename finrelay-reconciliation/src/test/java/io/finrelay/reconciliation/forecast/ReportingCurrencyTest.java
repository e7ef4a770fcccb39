package io.finrelay.reconciliation.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.finrelay.reconciliation.forecast.CashForecast.Flow;
import io.finrelay.reconciliation.forecast.CashForecast.Opening;
import io.finrelay.reconciliation.forecast.CashForecast.Series;
import io.finrelay.reconciliation.forecast.CashForecast.Source;
import io.finrelay.reconciliation.forecast.ReportingCurrency.Consolidated;
import io.finrelay.reconciliation.forecast.ReportingCurrency.Rate;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ACME Logistik AG's CHF and EUR cash in EUR, checked by hand. */
class ReportingCurrencyTest {
    private static final LocalDate MONDAY = LocalDate.of(2026, 12, 7);
    private static final String AG = "ACME Logistik AG";
    private static final Instant CLOSE = Instant.parse("2026-12-04T18:00:00Z");

    private final List<Series> forecast = CashForecast.compute(MONDAY, 3, List.of(
            new Opening(AG, "CHF", new BigDecimal("10000.00"), CLOSE),
            new Opening(AG, "EUR", new BigDecimal("2500.00"), CLOSE)), List.of(
            new Flow(Source.SUPPLIER_PAYMENT, "Hafen Service RE-77", AG, "CHF", MONDAY.plusDays(1), new BigDecimal("-3150.00"))));

    @Test
    void eachCurrencyIsConvertedWithTheNewestRateOnFileAndTheEntityAddedUpDayByDay() {
        List<Rate> rates = List.of(
                new Rate("CHF", "EUR", new BigDecimal("1.0650"), MONDAY.minusDays(10)),
                new Rate("CHF", "EUR", new BigDecimal("1.0712"), MONDAY.minusDays(3)),
                new Rate("CHF", "EUR", new BigDecimal("1.2000"), MONDAY.plusDays(1)));  // after the first day: not used
        Consolidated ag = ReportingCurrency.consolidate(forecast, "EUR", MONDAY, rates).getFirst();
        assertThat(ag.currency()).isEqualTo("EUR");
        // 10,000.00 CHF x 1.0712 = 10,712.00 EUR, + 2,500.00 EUR
        assertThat(ag.opening()).isEqualByComparingTo("13212.00");
        assertThat(ag.closing().get(0)).isEqualByComparingTo("13212.00");
        // (10,000.00 - 3,150.00) x 1.0712 = 7,337.72, + 2,500.00
        assertThat(ag.closing().get(1)).isEqualByComparingTo("9837.72");
        assertThat(ag.conversions()).singleElement().satisfies(c -> {
            assertThat(c.from()).isEqualTo("CHF");
            assertThat(c.rate()).isEqualByComparingTo("1.0712");
            assertThat(c.inverted()).isFalse();
        });
    }

    @Test
    void aRateOnFileTheOtherWayRoundIsInverted() {
        Consolidated ag = ReportingCurrency.consolidate(forecast, "CHF", MONDAY,
                List.of(new Rate("CHF", "EUR", new BigDecimal("1.0712"), MONDAY.minusDays(3)))).getFirst();
        // 2,500.00 EUR / 1.0712 = 2,333.83 CHF, + 10,000.00 CHF
        assertThat(ag.opening()).isEqualByComparingTo("12333.83");
        assertThat(ag.conversions().getFirst().inverted()).isTrue();
    }

    @Test
    void aCurrencyWithoutARateIsNamedNotGuessed() {
        ReportingCurrency.MissingRates missing = catchThrowableOfType(ReportingCurrency.MissingRates.class,
                () -> ReportingCurrency.consolidate(forecast, "GBP", MONDAY, List.of()));
        assertThat(missing.currencies()).containsExactly("CHF", "EUR");
        assertThat(missing.getMessage()).contains("GBP");
    }
}
