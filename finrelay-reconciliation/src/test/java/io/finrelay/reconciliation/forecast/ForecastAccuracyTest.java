package io.finrelay.reconciliation.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import io.finrelay.reconciliation.forecast.ForecastAccuracy.Balance;
import io.finrelay.reconciliation.forecast.ForecastAccuracy.Forecast;
import io.finrelay.reconciliation.forecast.ForecastAccuracy.Horizon;
import io.finrelay.reconciliation.forecast.ForecastAccuracy.Series;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ACME Logistik GmbH's EUR forecasts of early December held against its two accounts' statements, by hand. */
class ForecastAccuracyTest {
    private static final String ACME = "ACME Logistik GmbH";
    private static final LocalDate D1 = LocalDate.of(2026, 12, 1);

    private static Forecast forecast(LocalDate madeOn, int ahead, String closing) {
        return new Forecast(madeOn, ACME, "EUR", madeOn.plusDays(ahead), new BigDecimal(closing));
    }

    private static Balance balance(String account, LocalDate day, String amount, boolean isFinal) {
        return new Balance(account, ACME, "EUR", day, new BigDecimal(amount), isFinal);
    }

    private static final List<Balance> BANKS = List.of(
            // Commerzbank: statements on the 2nd and the 8th
            balance("DE02120300000000202051", D1.plusDays(1), "100000.00", true),
            balance("DE02120300000000202051", D1.plusDays(7), "90000.00", true),
            // Deutsche Bank: one statement on the 1st, an intraday report on the 8th (not final)
            balance("DE89370400440532013000", D1, "20000.00", true),
            balance("DE89370400440532013000", D1.plusDays(7), "25000.00", false));

    @Test
    void eachForecastIsHeldAgainstTheSumOfTheAccountsNewestBalancesOfItsDay() {
        List<Series> accuracy = ForecastAccuracy.of(List.of(
                // made on the 1st for the 2nd: 118,000.00 against 100,000.00 + 20,000.00 = 120,000.00
                forecast(D1, 1, "118000.00"),
                // made on the 7th for the 8th: 116,000.00 against 90,000.00 + 25,000.00 (the 8th's intraday) = 115,000.00
                forecast(D1.plusDays(6), 1, "116000.00"),
                // made on the 1st for the 8th: 100,000.00 against 115,000.00
                forecast(D1, 7, "100000.00"),
                // made on the 1st for the 3rd: no statement of the 3rd, nothing to compare
                forecast(D1, 2, "1.00"),
                // made on the 1st for the 31st: no statement yet
                forecast(D1, 30, "1.00")), BANKS, List.of(1, 7, 30));

        assertThat(accuracy).singleElement().satisfies(s -> {
            assertThat(s.legalEntity()).isEqualTo(ACME);
            List<Horizon> h = s.horizons();
            assertThat(h).extracting(Horizon::days).containsExactly(1, 7, 30);
            // one day ahead: errors 2,000.00 and 1,000.00
            assertThat(h.get(0).comparisons()).isEqualTo(2);
            assertThat(h.get(0).meanAbsoluteError()).isEqualByComparingTo("1500.00");
            // (2,000/120,000 + 1,000/115,000) / 2 = (0.016667 + 0.008696) / 2 = 0.0127
            assertThat(h.get(0).meanAbsolutePercentageError()).isEqualByComparingTo("0.0127");
            // seven days ahead: 15,000.00 of 115,000.00 = 0.1304
            assertThat(h.get(1).comparisons()).isEqualTo(1);
            assertThat(h.get(1).meanAbsoluteError()).isEqualByComparingTo("15000.00");
            assertThat(h.get(1).meanAbsolutePercentageError()).isEqualByComparingTo("0.1304");
            assertThat(h.get(2).comparisons()).isZero();
            assertThat(h.get(2).meanAbsoluteError()).isNull();
        });
    }

    @Test
    void aDayWithoutAFinalBalanceIsNotAnActualYet() {
        assertThat(ForecastAccuracy.actuals(List.of(balance("DE89370400440532013000", D1, "5.00", false)))).isEmpty();
    }
}
