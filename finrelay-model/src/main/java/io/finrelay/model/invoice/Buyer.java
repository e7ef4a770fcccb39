package io.finrelay.model.invoice;

/**
 * The legal entity the invoice is addressed to (EN 16931 BG-7): one of the tenant's own entities.
 *
 * @param name registered name (BT-44)
 * @param vatId VAT identifier (BT-48), or null
 */
public record Buyer(String name, String vatId) {
}
