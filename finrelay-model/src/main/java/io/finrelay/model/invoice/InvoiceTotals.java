package io.finrelay.model.invoice;

import io.finrelay.model.Money;

/**
 * Document totals (EN 16931 BG-22), all in the invoice currency. Absent optional amounts are zero.
 *
 * @param lineTotal sum of invoice line net amounts (BT-106)
 * @param allowanceTotal sum of document-level allowances (BT-107)
 * @param chargeTotal sum of document-level charges (BT-108)
 * @param taxExclusive invoice total without VAT (BT-109)
 * @param taxTotal invoice total VAT amount (BT-110)
 * @param taxInclusive invoice total with VAT (BT-112)
 * @param prepaid paid amount (BT-113)
 * @param rounding rounding amount (BT-114)
 * @param payable amount due for payment (BT-115)
 */
public record InvoiceTotals(Money lineTotal, Money allowanceTotal, Money chargeTotal, Money taxExclusive,
        Money taxTotal, Money taxInclusive, Money prepaid, Money rounding, Money payable) {
}
