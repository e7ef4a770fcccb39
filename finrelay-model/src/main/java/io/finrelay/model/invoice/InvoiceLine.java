package io.finrelay.model.invoice;

import io.finrelay.model.Money;
import java.math.BigDecimal;

/**
 * One invoice line (EN 16931 BG-25).
 *
 * @param id line identifier (BT-126)
 * @param itemName item name (BT-153)
 * @param quantity invoiced quantity (BT-129)
 * @param unitCode unit of measure (BT-130, UN/ECE rec 20), or null
 * @param unitPrice item net price (BT-146); a plain decimal because prices may carry more decimals
 *     than the currency's minor unit (EUR 0.1234 per kWh)
 * @param netAmount line net amount (BT-131)
 * @param taxCategory VAT category code (BT-151, e.g. S, Z, E, AE)
 * @param taxRate VAT rate in percent (BT-152), or null for categories without a rate
 */
public record InvoiceLine(String id, String itemName, BigDecimal quantity, String unitCode, BigDecimal unitPrice,
        Money netAmount, String taxCategory, BigDecimal taxRate) {
}
