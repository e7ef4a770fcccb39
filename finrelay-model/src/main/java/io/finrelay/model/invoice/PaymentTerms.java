package io.finrelay.model.invoice;

/**
 * Payment terms (EN 16931 BT-20) as written, and the early-payment discount read from them.
 *
 * @param text the terms as the supplier wrote them, or null
 * @param earlyPaymentDiscount the discount, or null when the terms offer none
 */
public record PaymentTerms(String text, EarlyPaymentDiscount earlyPaymentDiscount) {

    public static PaymentTerms of(String text) {
        return new PaymentTerms(text, EarlyPaymentDiscount.fromXRechnungSkonto(text).orElse(null));
    }
}
