package io.finrelay.einvoice;

import io.finrelay.model.invoice.RuleViolation;
import java.util.List;

/** An e-invoice was refused: not readable, not schema-valid, or breaking EN 16931 business rules (each named). */
public class EInvoiceException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<RuleViolation> violations;

    public EInvoiceException(List<RuleViolation> violations) {
        super(summary(violations));
        this.violations = List.copyOf(violations);
    }

    /** Every rule the document breaks, in document order; never empty. */
    public List<RuleViolation> violations() {
        return violations;
    }

    private static String summary(List<RuleViolation> violations) {
        StringBuilder b = new StringBuilder("e-invoice refused:");
        for (RuleViolation v : violations) {
            b.append(' ').append(v.rule()).append(" (").append(v.element()).append("): ").append(v.message()).append(';');
        }
        return b.toString();
    }
}
