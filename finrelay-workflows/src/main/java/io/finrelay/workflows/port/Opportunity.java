package io.finrelay.workflows.port;

import io.finrelay.model.Money;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * A sale opportunity of the ERP's CRM. {@code state} is the ERP's word (Tryton: lead, opportunity,
 * converted, won, lost, cancelled); {@code probability} is a fraction between 0 and 1.
 */
public record Opportunity(String erpRef, String number, String customerRef, String description,
                          Optional<Money> amount, BigDecimal probability, String state, LocalDate startDate) {
    public Opportunity {
        Objects.requireNonNull(erpRef, "erpRef");
        Objects.requireNonNull(number, "number");
        Objects.requireNonNull(customerRef, "customerRef");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(probability, "probability");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(startDate, "startDate");
    }

    /** What may change: empty fields stay as they are; {@code stage} moves the opportunity along. */
    public record Update(Optional<Money> amount, Optional<BigDecimal> probability, Optional<String> description,
                         Optional<Stage> stage) {
        public Update {
            Objects.requireNonNull(amount, "amount");
            Objects.requireNonNull(probability, "probability");
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(stage, "stage");
            probability.ifPresent(p -> {
                if (p.signum() < 0 || p.compareTo(BigDecimal.ONE) > 0) {
                    throw new io.finrelay.model.ValidationException("probability", p.toPlainString(),
                            "must be between 0 and 1");
                }
            });
        }
    }

    /** The moves a workflow may ask for. */
    public enum Stage { LEAD, OPPORTUNITY, LOST, CANCELLED }
}
