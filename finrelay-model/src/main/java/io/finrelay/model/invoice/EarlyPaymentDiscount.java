package io.finrelay.model.invoice;

import io.finrelay.model.ValidationException;
import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Early-payment discount ("2/10 net 30": 2 percent off when paid within 10 days).
 *
 * @param percent discount in percent, greater than 0 and below 100
 * @param days days after the issue date within which the discount applies, at least 1
 */
public record EarlyPaymentDiscount(BigDecimal percent, int days) {

    /** XRechnung's Skonto notation in the payment terms text: {@code #SKONTO#TAGE=10#PROZENT=2.00#}. */
    private static final Pattern SKONTO =
            Pattern.compile("#SKONTO#TAGE=(\\d{1,4})#PROZENT=(\\d{1,2}(?:\\.\\d{1,4})?)#");

    public EarlyPaymentDiscount {
        Objects.requireNonNull(percent, "percent");
        if (percent.signum() <= 0 || percent.compareTo(BigDecimal.valueOf(100)) >= 0) {
            throw new ValidationException("percent", percent.toPlainString(), "discount percent must be above 0 and below 100");
        }
        if (days < 1) {
            throw new ValidationException("days", days, "discount days must be at least 1");
        }
    }

    /** The first Skonto clause in a payment terms text (BT-20), if any. */
    public static Optional<EarlyPaymentDiscount> fromXRechnungSkonto(String paymentTerms) {
        if (paymentTerms == null) {
            return Optional.empty();
        }
        Matcher m = SKONTO.matcher(paymentTerms);
        if (!m.find()) {
            return Optional.empty();
        }
        return Optional.of(new EarlyPaymentDiscount(new BigDecimal(m.group(2)), Integer.parseInt(m.group(1))));
    }
}
