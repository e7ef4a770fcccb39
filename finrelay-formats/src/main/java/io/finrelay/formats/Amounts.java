package io.finrelay.formats;

import io.finrelay.model.Money;
import java.math.BigDecimal;
import java.util.Currency;

/** Turns the amount texts of bank files into {@link Money}, at the parser edge, never via double. */
public final class Amounts {
    private Amounts() {
    }

    /** An ISO 4217 currency, or a {@link FormatException} naming where. */
    public static Currency currency(String code, Location at) {
        if (code == null || code.length() != 3) {
            throw at.error("currency code '" + code + "' is not three letters");
        }
        try {
            Currency currency = Currency.getInstance(code);
            if (currency.getDefaultFractionDigits() < 0) {
                throw at.error("currency " + code + " has no minor unit");
            }
            return currency;
        } catch (IllegalArgumentException e) {
            throw at.error("'" + code + "' is not an ISO 4217 currency");
        }
    }

    /**
     * A decimal amount: banks pad decimals ({@code 18.150} EUR), so trailing zeros beyond the
     * currency's minor unit are dropped; a non-zero digit beyond it is refused, never rounded away.
     */
    public static Money money(BigDecimal value, Currency currency, Location at) {
        int digits = currency.getDefaultFractionDigits();
        BigDecimal exact = value;
        if (exact.scale() > digits) {
            exact = exact.stripTrailingZeros();
            if (exact.scale() > digits) {
                throw at.error("amount " + value.toPlainString() + " has more decimals than " + currency.getCurrencyCode()
                        + " allows (" + digits + ")");
            }
        }
        if (exact.precision() - exact.scale() > 18) {
            throw at.error("amount " + value.toPlainString() + " is too large");
        }
        return Money.of(exact, currency);
    }

    /** A plain decimal text with a dot ({@code 123.45}); unsigned unless {@code signed}. */
    public static BigDecimal decimal(String text, boolean signed, Location at) {
        if (text == null || text.isEmpty() || text.length() > 40) {
            throw at.error("amount '" + text + "' is not a decimal number");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean sign = i == 0 && (c == '-' || c == '+');
            if (!(c >= '0' && c <= '9') && c != '.' && !(signed && sign)) {
                throw at.error("amount '" + text + "' is not a decimal number");
            }
        }
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw at.error("amount '" + text + "' is not a decimal number");
        }
    }

    /** Where in a file a value stands; makes the {@link FormatException}. */
    @FunctionalInterface
    public interface Location {
        FormatException error(String reason);
    }
}
