package io.finrelay.workflows.expense;

import io.finrelay.model.Money;
import io.finrelay.model.ValidationException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Currency;
import java.util.List;
import java.util.Objects;

/**
 * An approved expense report as Finrelay takes it in, whatever platform it came from: the fields the
 * workflow decides on and nothing else. Codes are the platform's (cost center, GL account, tax code);
 * they are checked against the tenant's master data later, so a report with an unknown code is still
 * taken in (and lands in the exception queue with the exact reason) rather than refused at the door.
 *
 * @param tenantId    the tenant, set by the ingress from the authenticated scope, never by the sender
 * @param reportId    the platform's report id; the workflow's business key
 * @param employeeId  Finrelay's employee id (UUID text) the platform's report owner maps to
 * @param submitter   who submitted (a login or person id): may not release the payment
 * @param approver    who approved: may not release the payment either
 * @param approvedAt  when the platform approved it: the start of the reimbursement cycle time
 * @param currency    the report currency (ISO 4217); every line is in it
 */
public record Claim(String tenantId, String reportId, String employeeId, String submitter, String approver,
                    String purpose, Instant approvedAt, String currency, List<Line> lines) {

    /**
     * One receipt: gross amount (tax included) in the report currency, and who paid it ({@code paymentType}:
     * absent, as in reports stored before the platform said so, it is {@link PaymentType#CASH}).
     */
    public record Line(String lineId, LocalDate date, String merchant, String account, String costCenter,
                       String project, Money grossAmount, String taxCode, String receiptHash,
                       PaymentType paymentType) {
        public Line {
            paymentType = paymentType == null ? PaymentType.CASH : paymentType;
            require("lines.lineId", lineId);
            Objects.requireNonNull(date, "lines.date");
            require("lines.merchant", merchant);
            require("lines.account", account);
            require("lines.costCenter", costCenter);
            require("lines.taxCode", taxCode);
            Objects.requireNonNull(grossAmount, "lines.grossAmount");
            if (!grossAmount.isPositive()) {
                throw new ValidationException("lines.grossAmount", grossAmount.amount().toPlainString(),
                        "must be greater than zero");
            }
        }

        /** The company paid it (corporate card): the employee is owed nothing for it. */
        public boolean companyPaid() {
            return paymentType == PaymentType.COMPANY_CARD;
        }
    }

    public Claim {
        require("tenantId", tenantId);
        require("reportId", reportId);
        require("employeeId", employeeId);
        require("submitter", submitter);
        require("approver", approver);
        require("purpose", purpose);
        Objects.requireNonNull(approvedAt, "approvedAt");
        require("currency", currency);
        if (lines == null || lines.isEmpty()) {
            throw new ValidationException("lines", lines, "a report needs at least one line");
        }
        lines = List.copyOf(lines);
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).grossAmount().currencyCode().equals(currency)) {
                throw new ValidationException("lines[" + i + "].grossAmount", lines.get(i).grossAmount().currencyCode(),
                        "must be in the report currency " + currency);
            }
        }
    }

    /** The sum of the lines' gross amounts, in the report currency. */
    public Money total() {
        return lines.stream().map(Line::grossAmount).reduce(Money.zero(Currency.getInstance(currency)), Money::plus);
    }

    /** The sum of the lines the employee paid out of pocket: what the report reimburses, in the report currency. */
    public Money reimbursableTotal() {
        return lines.stream().filter(l -> !l.companyPaid()).map(Line::grossAmount)
                .reduce(Money.zero(Currency.getInstance(currency)), Money::plus);
    }

    /** Whether any line was paid by company card. */
    public boolean hasCompanyPaidLines() {
        return lines.stream().anyMatch(Line::companyPaid);
    }

    private static void require(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new ValidationException(field, value, "is required");
        }
    }
}
