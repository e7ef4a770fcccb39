package io.finrelay.model.payment;

import io.finrelay.model.Check;
import io.finrelay.model.Money;
import io.finrelay.model.bank.BankAccount;
import io.finrelay.model.id.EmployeeId;
import io.finrelay.model.id.ExpenseReportId;
import io.finrelay.model.id.ReimbursementId;
import io.finrelay.model.id.TenantId;
import java.time.LocalDate;

/** Paying an employee back for an expense report, to the payee account, on or after the requested date. */
public record Reimbursement(ReimbursementId id, TenantId tenantId, EmployeeId employeeId, ExpenseReportId expenseReportId,
        BankAccount payee, Money amount, LocalDate requestedDate, ReimbursementStatus status) {
    public Reimbursement {
        Check.required("id", id);
        Check.required("tenantId", tenantId);
        Check.required("employeeId", employeeId);
        Check.required("expenseReportId", expenseReportId);
        Check.required("payee", payee);
        Check.positive("amount", amount);
        Check.required("requestedDate", requestedDate);
        Check.required("status", status);
    }

    public Reimbursement withStatus(ReimbursementStatus newStatus) {
        return new Reimbursement(id, tenantId, employeeId, expenseReportId, payee, amount, requestedDate, newStatus);
    }
}
