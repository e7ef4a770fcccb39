package io.finrelay.model.expense;

import io.finrelay.model.Check;
import io.finrelay.model.Money;
import io.finrelay.model.ValidationException;
import io.finrelay.model.id.EmployeeId;
import io.finrelay.model.id.ExpenseReportId;
import io.finrelay.model.id.TenantId;
import java.util.Currency;
import java.util.List;

/**
 * An employee's expense report: one or more lines, all in the report currency (receipts in other
 * currencies are converted before they get here, with {@link Money#rounded}). The total is computed,
 * never sent.
 */
public record ExpenseReport(ExpenseReportId id, TenantId tenantId, EmployeeId employeeId, String purpose,
        Currency currency, List<ExpenseLine> lines) {
    public ExpenseReport {
        Check.required("id", id);
        Check.required("tenantId", tenantId);
        Check.required("employeeId", employeeId);
        Check.text("purpose", purpose, 140);
        Check.moneyCurrency("currency", currency);
        Check.notEmpty("lines", lines);
        for (int i = 0; i < lines.size(); i++) {
            ExpenseLine line = Check.required("lines[" + i + "]", lines.get(i));
            if (!line.grossAmount().currency().equals(currency)) {
                throw new ValidationException("lines[" + i + "].grossAmount", line.grossAmount(),
                        "must be in the report currency " + currency.getCurrencyCode());
            }
        }
        lines = List.copyOf(lines);
    }

    /** The sum of the lines' gross amounts. */
    public Money total() {
        return lines.stream().map(ExpenseLine::grossAmount).reduce(Money.zero(currency), Money::plus);
    }
}
