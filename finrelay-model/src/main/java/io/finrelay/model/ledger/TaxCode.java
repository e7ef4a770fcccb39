package io.finrelay.model.ledger;

import io.finrelay.model.Check;
import io.finrelay.model.Money;
import io.finrelay.model.ValidationException;
import io.finrelay.model.id.TaxCodeKey;
import io.finrelay.model.id.TenantId;
import java.math.BigDecimal;
import java.math.MathContext;

/**
 * A tax code: a rate in percent ({@code 19.00} for German standard VAT) for a country, and whether
 * the tax can be recovered as input tax.
 */
public record TaxCode(TenantId tenantId, TaxCodeKey code, String country, BigDecimal ratePercent, boolean recoverable) {
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    public TaxCode {
        Check.required("tenantId", tenantId);
        Check.required("code", code);
        Check.country("country", country);
        Check.required("ratePercent", ratePercent);
        if (ratePercent.signum() < 0 || ratePercent.compareTo(HUNDRED) > 0 || ratePercent.scale() > 4) {
            throw new ValidationException("ratePercent", ratePercent.toPlainString(),
                    "rate must be between 0 and 100 percent with at most 4 decimals");
        }
    }

    /** Tax on a net amount: net x rate / 100, rounded HALF_EVEN to the minor unit. */
    public Money taxOnNet(Money net) {
        Check.required("net", net);
        return net.times(ratePercent.movePointLeft(2));
    }

    /** The tax contained in a gross amount: gross x rate / (100 + rate), rounded HALF_EVEN once. */
    public Money taxInGross(Money gross) {
        Check.required("gross", gross);
        // 34 significant digits, then one rounding to the minor unit: no double rounding of cents.
        BigDecimal tax = gross.amount().multiply(ratePercent).divide(HUNDRED.add(ratePercent), MathContext.DECIMAL128);
        return Money.rounded(tax, gross.currency());
    }
}
