package io.finrelay.model.id;

import java.util.Objects;
import java.util.UUID;

/** An expense report. */
public record ExpenseReportId(UUID value) {
    public ExpenseReportId {
        Objects.requireNonNull(value, "expenseReportId");
    }

    public static ExpenseReportId of(String text) {
        return new ExpenseReportId(Ids.parse("expenseReportId", text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
