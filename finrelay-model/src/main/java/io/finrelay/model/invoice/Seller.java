package io.finrelay.model.invoice;

/**
 * The supplier who issued the invoice (EN 16931 BG-4) and where it wants to be paid (BG-17).
 *
 * @param name registered name (BT-27)
 * @param vatId VAT identifier (BT-31), or null
 * @param iban payment account identifier (BT-84), or null when the invoice names none
 * @param bic payment service provider (BT-86), or null
 */
public record Seller(String name, String vatId, String iban, String bic) {
}
