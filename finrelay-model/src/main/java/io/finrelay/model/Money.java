package io.finrelay.model;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Objects;

/**
 * An amount of one currency, held at exactly the currency's minor-unit scale (EUR 2, JPY 0,
 * BHD/KWD 3).
 *
 * <h2>Rounding policy</h2>
 * <ul>
 *   <li>Everything is exact by default. The constructor and {@code of(...)} refuse an amount with
 *       more decimals than the currency has (an {@link IllegalArgumentException} naming value and
 *       currency), even if the extra decimals are zeros: {@code "100.00" JPY} is refused. Parsers of
 *       formats that pad decimals strip them at their edge, on purpose.</li>
 *   <li>Rounding happens in exactly two documented places, both {@link RoundingMode#HALF_EVEN}
 *       (banker's rounding, no bias over many postings): {@link #rounded(BigDecimal, Currency)}, for
 *       results such as FX conversion or tax computation, and {@link #times(BigDecimal)}, which
 *       uses it.</li>
 *   <li>{@link #plus}, {@link #minus}, {@link #negate}, {@link #abs} are exact; mixing currencies
 *       throws {@link CurrencyMismatchException}. There is never a {@code double}.</li>
 *   <li>Currencies without a minor unit (gold {@code XAU}, {@code XXX}...) are refused.</li>
 * </ul>
 */
public record Money(BigDecimal amount, Currency currency) implements Comparable<Money> {

    public Money {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
        int digits = currency.getDefaultFractionDigits();
        if (digits < 0) {
            throw new ValidationException("currency", currency.getCurrencyCode(),
                    "currency " + currency.getCurrencyCode() + " has no minor unit and cannot be used for money");
        }
        if (amount.scale() > digits) {
            throw new ValidationException("amount", amount.toPlainString(),
                    "amount " + amount.toPlainString() + " has more than " + digits + " decimals allowed for "
                            + currency.getCurrencyCode());
        }
        amount = amount.setScale(digits, RoundingMode.UNNECESSARY);
    }

    /** {@code Money.of("1234.50", "EUR")}. */
    public static Money of(String amount, String currencyCode) {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currencyCode, "currency");
        return new Money(parseAmount(amount), currency(currencyCode));
    }

    public static Money of(BigDecimal amount, Currency currency) {
        return new Money(amount, currency);
    }

    /** {@code ofMinor(123450, EUR)} is EUR 1234.50. */
    public static Money ofMinor(long minorUnits, Currency currency) {
        Objects.requireNonNull(currency, "currency");
        return new Money(BigDecimal.valueOf(minorUnits, Math.max(currency.getDefaultFractionDigits(), 0)), currency);
    }

    public static Money zero(Currency currency) {
        return ofMinor(0, currency);
    }

    /**
     * The one place an arbitrary-precision amount becomes money: rounded HALF_EVEN to the currency's
     * minor unit (EUR 0.125 becomes 0.12, 0.135 becomes 0.14). Use it for FX conversion results and
     * tax computation.
     */
    public static Money rounded(BigDecimal amount, Currency currency) {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
        int digits = currency.getDefaultFractionDigits();
        return new Money(digits < 0 ? amount : amount.setScale(digits, RoundingMode.HALF_EVEN), currency);
    }

    public Money plus(Money other) {
        return new Money(amount.add(sameCurrency(other).amount), currency);
    }

    public Money minus(Money other) {
        return new Money(amount.subtract(sameCurrency(other).amount), currency);
    }

    public Money negate() {
        return new Money(amount.negate(), currency);
    }

    public Money abs() {
        return new Money(amount.abs(), currency);
    }

    /** This amount times a factor (a rate, a quantity, a percentage as a fraction), rounded HALF_EVEN. */
    public Money times(BigDecimal factor) {
        Objects.requireNonNull(factor, "factor");
        return rounded(amount.multiply(factor), currency);
    }

    public boolean isZero() {
        return amount.signum() == 0;
    }

    public boolean isNegative() {
        return amount.signum() < 0;
    }

    public boolean isPositive() {
        return amount.signum() > 0;
    }

    public int signum() {
        return amount.signum();
    }

    /** The amount in minor units (cents), exactly; an {@link ArithmeticException} if it exceeds a long. */
    public long toMinorUnits() {
        return amount.movePointRight(currency.getDefaultFractionDigits()).longValueExact();
    }

    public String currencyCode() {
        return currency.getCurrencyCode();
    }

    @Override
    public int compareTo(Money other) {
        return amount.compareTo(sameCurrency(other).amount);
    }

    /** {@code "EUR 1234.50"}. */
    @Override
    public String toString() {
        return currency.getCurrencyCode() + " " + amount.toPlainString();
    }

    private Money sameCurrency(Money other) {
        Objects.requireNonNull(other, "other");
        if (!currency.equals(other.currency)) {
            throw new CurrencyMismatchException(currency, other.currency);
        }
        return other;
    }

    private static BigDecimal parseAmount(String text) {
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new ValidationException("amount", text, "amount is not a decimal number");
        }
    }

    private static Currency currency(String code) {
        try {
            return Currency.getInstance(code);
        } catch (IllegalArgumentException e) {
            throw new ValidationException("currency", code, "not an ISO 4217 currency code");
        }
    }
}
