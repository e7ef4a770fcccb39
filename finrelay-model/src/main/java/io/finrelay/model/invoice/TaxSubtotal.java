package io.finrelay.model.invoice;

import io.finrelay.model.Money;
import java.math.BigDecimal;

/**
 * One row of the VAT breakdown (EN 16931 BG-23).
 *
 * @param category VAT category code (BT-118)
 * @param rate VAT rate in percent (BT-119), or null
 * @param taxableAmount VAT category taxable amount (BT-116)
 * @param taxAmount VAT category tax amount (BT-117)
 */
public record TaxSubtotal(String category, BigDecimal rate, Money taxableAmount, Money taxAmount) {
}
