package io.finrelay.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class MoneyTest {
    private static final Currency EUR = Currency.getInstance("EUR");
    private static final Currency USD = Currency.getInstance("USD");
    private static final Currency JPY = Currency.getInstance("JPY");
    private static final Currency BHD = Currency.getInstance("BHD");
    private static final Currency KWD = Currency.getInstance("KWD");

    @Provide
    Arbitrary<Currency> currencies() {
        return Arbitraries.of(EUR, USD, JPY, BHD, KWD, Currency.getInstance("CHF"), Currency.getInstance("GBP"));
    }

    private static final long LIMIT = 1_000_000_000_000_000L; // 10^18 minor units: plus/minus cannot overflow a long

    @Property
    void additionIsAssociative(@ForAll("currencies") Currency currency,
            @ForAll @LongRange(min = -LIMIT, max = LIMIT) long a,
            @ForAll @LongRange(min = -LIMIT, max = LIMIT) long b,
            @ForAll @LongRange(min = -LIMIT, max = LIMIT) long c) {
        Money x = Money.ofMinor(a, currency), y = Money.ofMinor(b, currency), z = Money.ofMinor(c, currency);
        assertThat(x.plus(y).plus(z)).isEqualTo(x.plus(y.plus(z)));
    }

    @Property
    void minusUndoesPlus(@ForAll("currencies") Currency currency,
            @ForAll @LongRange(min = -LIMIT, max = LIMIT) long a,
            @ForAll @LongRange(min = -LIMIT, max = LIMIT) long b) {
        Money x = Money.ofMinor(a, currency), y = Money.ofMinor(b, currency);
        assertThat(x.plus(y).minus(y)).isEqualTo(x);
        assertThat(x.minus(x)).isEqualTo(Money.zero(currency));
        assertThat(x.plus(x.negate()).isZero()).isTrue();
    }

    @Property
    void minorUnitsRoundTrip(@ForAll("currencies") Currency currency, @ForAll long minor) {
        Money money = Money.ofMinor(minor, currency);
        assertThat(money.toMinorUnits()).isEqualTo(minor);
        assertThat(money.amount().scale()).isEqualTo(currency.getDefaultFractionDigits());
        assertThat(Money.of(money.amount().toPlainString(), currency.getCurrencyCode())).isEqualTo(money);
    }

    @Property
    void partsSumToTheWhole(@ForAll("currencies") Currency currency,
            @ForAll @LongRange(min = 0, max = LIMIT) long total,
            @ForAll @IntRange(min = 1, max = 12) int parts) {
        // Split the way an instalment plan does: equal shares, the remainder on the last part.
        Money whole = Money.ofMinor(total, currency);
        long share = total / parts;
        List<Money> pieces = new ArrayList<>();
        for (int i = 0; i < parts - 1; i++) {
            pieces.add(Money.ofMinor(share, currency));
        }
        Money soFar = pieces.stream().reduce(Money.zero(currency), Money::plus);
        pieces.add(whole.minus(soFar));
        assertThat(pieces.stream().reduce(Money.zero(currency), Money::plus)).isEqualTo(whole);
    }

    @Property
    void signPredicatesAgreeWithSignum(@ForAll("currencies") Currency currency, @ForAll long minor) {
        Money money = Money.ofMinor(minor, currency);
        assertThat(money.isPositive()).isEqualTo(minor > 0);
        assertThat(money.isNegative()).isEqualTo(minor < 0);
        assertThat(money.isZero()).isEqualTo(minor == 0);
        assertThat(money.signum()).isEqualTo(Long.signum(minor));
    }

    @Example
    void roundedIsHalfEven() {
        assertThat(Money.rounded(new BigDecimal("0.125"), EUR)).isEqualTo(Money.of("0.12", "EUR"));
        assertThat(Money.rounded(new BigDecimal("0.135"), EUR)).isEqualTo(Money.of("0.14", "EUR"));
        assertThat(Money.rounded(new BigDecimal("-0.125"), EUR)).isEqualTo(Money.of("-0.12", "EUR"));
        assertThat(Money.rounded(new BigDecimal("2.5"), JPY)).isEqualTo(Money.of("2", "JPY"));
        assertThat(Money.rounded(new BigDecimal("3.5"), JPY)).isEqualTo(Money.of("4", "JPY"));
        assertThat(Money.rounded(new BigDecimal("1.0005"), BHD)).isEqualTo(Money.of("1.000", "BHD"));
    }

    @Example
    void timesRoundsHalfEvenToTheMinorUnit() {
        // 19 % VAT on EUR 10.25 is 1.9475 -> 1.95; on EUR 0.50 at 25 % is 0.125 -> 0.12.
        assertThat(Money.of("10.25", "EUR").times(new BigDecimal("0.19"))).isEqualTo(Money.of("1.95", "EUR"));
        assertThat(Money.of("0.50", "EUR").times(new BigDecimal("0.25"))).isEqualTo(Money.of("0.12", "EUR"));
        assertThat(Money.of("0.54", "EUR").times(new BigDecimal("0.25"))).isEqualTo(Money.of("0.14", "EUR"));
        // FX: USD 100.00 at 0.92345 EUR/USD.
        assertThat(Money.rounded(Money.of("100.00", "USD").amount().multiply(new BigDecimal("0.92345")), EUR))
                .isEqualTo(Money.of("92.34", "EUR"));
    }

    @Example
    void scaleFollowsTheCurrency() {
        assertThat(Money.of("1234.5", "EUR").amount()).isEqualByComparingTo("1234.50").hasToString("1234.50");
        assertThat(Money.of("1500", "JPY").amount().scale()).isZero();
        assertThat(Money.of("12.5", "BHD").amount()).hasToString("12.500");
        assertThat(Money.of("0.001", "KWD").toMinorUnits()).isEqualTo(1);
        assertThat(Money.ofMinor(123450, EUR)).isEqualTo(Money.of("1234.50", "EUR"));
        assertThat(Money.of("1234.5", "EUR")).hasToString("EUR 1234.50");
        assertThat(Money.of("-7", "JPY")).hasToString("JPY -7");
        assertThat(Money.of("1E+3", "EUR")).hasToString("EUR 1000.00");
    }

    @Example
    void excessScaleIsRefusedNamingValueAndCurrency() {
        assertThatThrownBy(() -> Money.of("0.125", "EUR"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0.125").hasMessageContaining("EUR");
        assertThatThrownBy(() -> Money.of("100.5", "JPY")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("JPY");
        assertThatThrownBy(() -> Money.of("1.0001", "BHD")).isInstanceOf(IllegalArgumentException.class);
        // Trailing zeros are still decimals: exactness is the caller's promise, not our guess.
        assertThatThrownBy(() -> Money.of("100.00", "JPY")).isInstanceOf(ValidationException.class)
                .extracting(e -> ((ValidationException) e).field()).isEqualTo("amount");
    }

    @Example
    void currenciesWithoutMinorUnitAreRefused() {
        assertThatThrownBy(() -> Money.of("1", "XAU")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("XAU");
        assertThatThrownBy(() -> Money.zero(Currency.getInstance("XXX"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Example
    void badInputIsRefusedWithTheField() {
        assertThatThrownBy(() -> Money.of("12,50", "EUR")).isInstanceOf(ValidationException.class)
                .hasMessageContaining("amount");
        assertThatThrownBy(() -> Money.of("12.50", "EURO")).isInstanceOf(ValidationException.class)
                .extracting(e -> ((ValidationException) e).field()).isEqualTo("currency");
        assertThatThrownBy(() -> new Money(null, EUR)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Money(BigDecimal.ONE, null)).isInstanceOf(NullPointerException.class);
    }

    @Example
    void mixingCurrenciesIsRefusedNamingBoth() {
        Money eur = Money.of("10.00", "EUR");
        Money usd = Money.of("10.00", "USD");
        assertThatThrownBy(() -> eur.plus(usd)).isInstanceOf(CurrencyMismatchException.class)
                .hasMessageContaining("EUR").hasMessageContaining("USD");
        assertThatThrownBy(() -> eur.minus(usd)).isInstanceOf(CurrencyMismatchException.class);
        assertThatThrownBy(() -> eur.compareTo(usd)).isInstanceOf(CurrencyMismatchException.class);
    }

    @Example
    void comparesAndNegates() {
        assertThat(Money.of("10.00", "EUR")).isGreaterThan(Money.of("9.99", "EUR"));
        assertThat(Money.of("-3.10", "EUR").abs()).isEqualTo(Money.of("3.10", "EUR"));
        assertThat(Money.of("3.10", "EUR").negate().isNegative()).isTrue();
        assertThat(Money.of("1234.50", "EUR").currencyCode()).isEqualTo("EUR");
    }

    @Example
    void minorUnitsOverflowIsRefused() {
        Money huge = Money.of("100000000000000000000.00", "EUR");
        assertThatThrownBy(huge::toMinorUnits).isInstanceOf(ArithmeticException.class);
    }
}
