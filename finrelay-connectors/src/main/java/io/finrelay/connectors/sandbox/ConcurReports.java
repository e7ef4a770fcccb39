package io.finrelay.connectors.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.finrelay.model.ValidationException;
import io.finrelay.workflows.expense.Claim;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps a Concur-style Expense Report v4 document to the workflow's {@link Claim}. Fields used:
 * {@code reportId}, {@code name}, {@code currencyCode}, {@code approvalStatus.code} (must be
 * {@code A_APPR}), {@code approvedDate}, {@code reportOwner.employeeId} / {@code .loginId},
 * {@code approver.loginId}, and per expense {@code expenseId}, {@code transactionDate},
 * {@code vendor.name}, {@code accountCode}, {@code allocations[0].costCenter} / {@code .project},
 * {@code approvedAmount.value} (decimal) / {@code .currencyCode}, {@code taxCode}, {@code receiptImageHash}.
 */
public final class ConcurReports {
    private ConcurReports() {}

    public static Claim toClaim(String tenantId, JsonNode report) {
        String status = report.path("approvalStatus").path("code").asText();
        if (!status.equals("A_APPR")) {
            throw new ValidationException("approvalStatus.code", status, "only approved reports (A_APPR) are reimbursed");
        }
        String currency = text(report, "currencyCode");
        List<Claim.Line> lines = new ArrayList<>();
        JsonNode expenses = report.path("expenses");
        for (int i = 0; i < expenses.size(); i++) {
            JsonNode e = expenses.get(i);
            JsonNode amount = e.path("approvedAmount");
            if (!amount.path("currencyCode").asText().equals(currency)) {
                throw new ValidationException("expenses[" + i + "].approvedAmount.currencyCode",
                        amount.path("currencyCode").asText(), "must be the report currency " + currency);
            }
            JsonNode allocation = e.path("allocations").path(0);
            lines.add(new Claim.Line(text(e, "expenseId"), LocalDate.parse(text(e, "transactionDate")),
                    e.path("vendor").path("name").asText(), text(e, "accountCode"),
                    allocation.path("costCenter").asText(), allocation.path("project").asText(null),
                    decimal(amount.path("value"), "expenses[" + i + "].approvedAmount.value"), text(e, "taxCode"),
                    e.path("receiptImageHash").asText(null)));
        }
        return new Claim(tenantId, text(report, "reportId"), report.path("reportOwner").path("employeeId").asText(),
                report.path("reportOwner").path("loginId").asText(), report.path("approver").path("loginId").asText(),
                text(report, "name"), Instant.parse(text(report, "approvedDate")), currency, lines);
    }

    private static BigDecimal decimal(JsonNode node, String field) {
        if (node.isBigDecimal() || node.isIntegralNumber()) {
            // Plain digits as sent (1450.00 stays 1450.00, never 1.45E+3).
            BigDecimal value = node.decimalValue();
            return value.scale() < 0 ? value.setScale(0) : value;
        }
        if (node.isTextual()) {
            return new BigDecimal(node.asText());
        }
        throw new ValidationException(field, node.toString(), "must be a decimal amount");
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || value.asText().isBlank()) {
            throw new ValidationException(field, null, "is required");
        }
        return value.asText();
    }
}
