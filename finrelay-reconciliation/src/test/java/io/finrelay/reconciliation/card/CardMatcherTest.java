package io.finrelay.reconciliation.card;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.finrelay.reconciliation.card.CardMatcher.Basis;
import io.finrelay.reconciliation.card.CardMatcher.Charge;
import io.finrelay.reconciliation.card.CardMatcher.ExpenseLine;
import io.finrelay.reconciliation.card.CardMatcher.Match;
import io.finrelay.reconciliation.card.CardMatcher.Settings;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A month of a sales manager's corporate Visa card (billed in EUR) against the lines of her expense
 * reports, with merchant names as the card statement and as the receipts spell them.
 */
class CardMatcherTest {
    private static final String ANNA = "5b1e3c1a-4a52-4e7b-9d0e-8a1f2c3d4e5f";
    private static final String BEN = "0c9d8e7f-6a5b-4c3d-2e1f-0a9b8c7d6e5f";

    private static Charge eur(String id, String holder, String date, String merchant, String amount) {
        return new Charge(id, holder, LocalDate.parse(date), merchant, new BigDecimal(amount), "EUR", null, null);
    }

    private static Charge foreign(String id, String date, String merchant, String billed, String original, String currency) {
        return new Charge(id, ANNA, LocalDate.parse(date), merchant, new BigDecimal(billed), "EUR",
                new BigDecimal(original), currency);
    }

    private static ExpenseLine line(String report, String line, String holder, String date, String merchant,
                                    String amount, String currency) {
        return new ExpenseLine(report, line, holder, LocalDate.parse(date), merchant, new BigDecimal(amount), currency, false);
    }

    private static ExpenseLine byCard(String report, String line, String holder, String date, String merchant,
                                      String amount, String currency) {
        return new ExpenseLine(report, line, holder, LocalDate.parse(date), merchant, new BigDecimal(amount), currency, true);
    }

    @Test
    void aChargeIsExplainedByTheLinePaidByCompanyCardBeforeABetterScoringLineClaimedAsCash() {
        // The same dinner twice: once on the corporate card line (a day off), once claimed as cash on the very day.
        List<Match> matches = CardMatcher.match(
                List.of(eur("VCF-0101", ANNA, "2026-11-12", "RESTAURANT TIM RAUE", "214.50")),
                List.of(line("RPT-1120", "3", ANNA, "2026-11-12", "Restaurant Tim Raue", "214.50", "EUR"),
                        byCard("RPT-1121", "1", ANNA, "2026-11-13", "Tim Raue", "214.50", "EUR")), Settings.DEFAULT);
        assertThat(matches).singleElement().satisfies(m -> {
            assertThat(m.line().reportId()).isEqualTo("RPT-1121");
            assertThat(m.lineClaimedAsCash()).isFalse();
        });
    }

    @Test
    void aChargeMatchingOnlyALineClaimedAsCashIsMatchedAndFlagged() {
        List<Match> matches = CardMatcher.match(
                List.of(eur("VCF-0102", ANNA, "2026-11-14", "DB VERTRIEB GMBH", "89.90")),
                List.of(line("RPT-1122", "1", ANNA, "2026-11-14", "Deutsche Bahn", "89.90", "EUR")), Settings.DEFAULT);
        assertThat(matches).singleElement().satisfies(m -> assertThat(m.lineClaimedAsCash())
                .as("paid by the company's card, yet claimed out of pocket").isTrue());
    }

    @Test
    void aDomesticChargeMatchesTheLineWithItsAmountMerchantAndDate() {
        List<Match> matches = CardMatcher.match(
                List.of(eur("VCF-0001", ANNA, "2026-11-03", "LUFTHANSA 2201234567890", "412.90")),
                List.of(line("RPT-1107", "1", ANNA, "2026-11-03", "Lufthansa", "412.90", "EUR")), Settings.DEFAULT);
        assertThat(matches).singleElement().satisfies(m -> {
            assertThat(m.line().reportId()).isEqualTo("RPT-1107");
            assertThat(m.basis()).isEqualTo(Basis.BILLING_AMOUNT);
            assertThat(m.score()).isGreaterThan(0.9);
        });
    }

    @Test
    void aChargeWithoutAMatchingExpenseStaysUnmatched() {
        List<Charge> charges = List.of(
                eur("VCF-0002", ANNA, "2026-11-05", "HOTEL ADLON KEMPINSKI BERLIN", "389.00"),
                eur("VCF-0003", ANNA, "2026-11-06", "SHELL 4711 HAMBURG", "78.40"),
                eur("VCF-0004", ANNA, "2026-11-07", "RESTAURANT TIM RAUE", "214.50"));
        List<ExpenseLine> lines = List.of(
                // another amount (a minibar item was paid privately)
                line("RPT-1108", "1", ANNA, "2026-11-05", "Hotel Adlon Kempinski", "371.00", "EUR"),
                // the right amount, but ten days later
                line("RPT-1108", "2", ANNA, "2026-11-16", "Shell", "78.40", "EUR"),
                // the right amount and day, but another merchant
                line("RPT-1108", "3", ANNA, "2026-11-07", "Taxi Berlin", "214.50", "EUR"),
                // the right everything, but Ben's report
                line("RPT-2201", "1", BEN, "2026-11-07", "Restaurant Tim Raue", "214.50", "EUR"));
        assertThat(CardMatcher.match(charges, lines, Settings.DEFAULT)).isEmpty();
    }

    @Test
    void aForeignChargeMatchesAReportInTheMerchantsCurrencyByTheOriginalAmount() {
        // USD 1,249.00 at Apple's store in New York, billed EUR 1,161.57 at the scheme's rate.
        Charge apple = foreign("VCF-0005", "2026-11-10", "APPLE STORE #R095 NEW YORK", "1161.57", "1249.00", "USD");
        List<Match> matches = CardMatcher.match(List.of(apple), List.of(
                line("RPT-1109", "1", ANNA, "2026-11-10", "Apple Store Fifth Avenue", "1249.00", "USD")), Settings.DEFAULT);
        assertThat(matches).singleElement().satisfies(m -> assertThat(m.basis()).isEqualTo(Basis.ORIGINAL_AMOUNT));

        // The same receipt with another USD amount is not it, even though nothing else differs.
        assertThat(CardMatcher.match(List.of(apple), List.of(
                line("RPT-1109", "1", ANNA, "2026-11-10", "Apple Store", "1294.00", "USD")), Settings.DEFAULT)).isEmpty();
    }

    @Test
    void aForeignChargeMatchesAReportInTheBillingCurrencyConvertedAtAnotherRateWithinTheTolerance() {
        // GBP 186.00 at a London hotel, billed EUR 215.30; the expense platform converted at 1.1720: EUR 218.00.
        Charge london = foreign("VCF-0006", "2026-11-12", "THE HOXTON HOLBORN LONDON", "215.30", "186.00", "GBP");
        ExpenseLine converted = line("RPT-1110", "1", ANNA, "2026-11-12", "The Hoxton, Holborn", "218.00", "EUR");
        assertThat(CardMatcher.match(List.of(london), List.of(converted), Settings.DEFAULT)).singleElement()
                .satisfies(m -> assertThat(m.basis()).isEqualTo(Basis.CONVERTED_WITHIN_FX_TOLERANCE));
        // 4 % off is beyond the 3 % tolerance.
        ExpenseLine tooFar = line("RPT-1110", "1", ANNA, "2026-11-12", "The Hoxton, Holborn", "224.00", "EUR");
        assertThat(CardMatcher.match(List.of(london), List.of(tooFar), Settings.DEFAULT)).isEmpty();
        // A domestic charge gets no tolerance at all.
        Charge domestic = eur("VCF-0007", ANNA, "2026-11-12", "THE HOXTON HOLBORN LONDON", "215.30");
        assertThat(CardMatcher.match(List.of(domestic), List.of(converted), Settings.DEFAULT)).isEmpty();
    }

    @Test
    void twoEqualTaxiRidesOnOneDayEachTakeOneLineAndTheClosestMerchantWins() {
        List<Charge> charges = List.of(
                eur("VCF-0010", ANNA, "2026-11-18", "TAXI BERLIN 1234", "25.00"),
                eur("VCF-0011", ANNA, "2026-11-18", "TAXI BERLIN 5678", "25.00"),
                eur("VCF-0012", ANNA, "2026-11-18", "FREE NOW TAXI", "25.00"));
        List<ExpenseLine> lines = List.of(
                line("RPT-1111", "1", ANNA, "2026-11-18", "Taxi Berlin", "25.00", "EUR"),
                line("RPT-1111", "2", ANNA, "2026-11-18", "Taxi Berlin", "25.00", "EUR"));
        List<Match> matches = CardMatcher.match(charges, lines, Settings.DEFAULT);
        assertThat(matches).hasSize(2);
        assertThat(matches).extracting(m -> m.charge().transactionId()).containsExactlyInAnyOrder("VCF-0010", "VCF-0011");
        assertThat(matches).extracting(m -> m.line().lineId()).containsExactlyInAnyOrder("1", "2");
    }

    @Test
    void theDateWindowCountsDaysBeforeAndAfterTheTransaction() {
        Charge rail = eur("VCF-0020", ANNA, "2026-11-20", "DB VERTRIEB GMBH FRANKFURT", "139.80");
        assertThat(CardMatcher.match(List.of(rail), List.of(
                line("R", "1", ANNA, "2026-11-23", "Deutsche Bahn", "139.80", "EUR")), Settings.DEFAULT)).hasSize(1);
        assertThat(CardMatcher.match(List.of(rail), List.of(
                line("R", "1", ANNA, "2026-11-17", "Deutsche Bahn", "139.80", "EUR")), Settings.DEFAULT)).hasSize(1);
        assertThat(CardMatcher.match(List.of(rail), List.of(
                line("R", "1", ANNA, "2026-11-24", "Deutsche Bahn", "139.80", "EUR")), Settings.DEFAULT)).isEmpty();
    }

    @Test
    void merchantNamesAreComparedAsCardStatementsAndReceiptsSpellThem() {
        assertThat(CardMatcher.merchantSimilarity("AMZN Mktp DE*2K4LL0", "Amazon")).isGreaterThanOrEqualTo(0.85);
        assertThat(CardMatcher.merchantSimilarity("DB Vertrieb GmbH", "Deutsche Bahn")).isGreaterThanOrEqualTo(0.85);
        assertThat(CardMatcher.merchantSimilarity("LUFTHANSA 2201234567890", "Lufthansa AG")).isEqualTo(1.0);
        assertThat(CardMatcher.merchantSimilarity("STARBUCKS 0442 MÜNCHEN", "Starbucks Munchen")).isGreaterThan(0.9);
        assertThat(CardMatcher.merchantSimilarity("SHELL 4711 HAMBURG", "Aral Tankstelle")).isLessThan(0.6);
        assertThat(CardMatcher.merchantSimilarity("HOTEL ADLON", "Hilton Berlin")).isLessThan(0.6);
        assertThat(CardMatcher.merchantSimilarity("4711", "Lufthansa")).isZero();
    }

    @Test
    void settingsOutsideTheirRangeAreRefused() {
        assertThatThrownBy(() -> new Settings(-1, BigDecimal.ZERO, 0.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Settings(3, new BigDecimal("0.5"), 0.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Settings(3, BigDecimal.ZERO, 1.5)).isInstanceOf(IllegalArgumentException.class);
    }
}
