package io.finrelay.model.invoice;

/**
 * An EN 16931 business rule the invoice breaks.
 *
 * @param rule the rule id, e.g. {@code BR-CO-15}
 * @param element the business term it is about, e.g. {@code BT-112 Invoice total amount with VAT}
 * @param message what is wrong, naming the figures involved
 */
public record RuleViolation(String rule, String element, String message) {
}
