package io.finrelay.connectors.sandbox;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finrelay.model.Money;
import io.finrelay.model.ValidationException;
import io.finrelay.workflows.expense.Claim;
import io.finrelay.workflows.expense.PaymentType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A Concur-style Expense Report v4 document ({@link ConcurReport}: the fields Finrelay reads, the rest ignored)
 * and its mapping to the workflow's {@link Claim}. Only approved reports ({@code approvalStatus.code}
 * {@code A_APPR}) are taken; every expense is in the report's currency.
 */
public final class ConcurReports {
    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private ConcurReports() {}

    /** The report as the expense platform sends it. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ConcurReport(String reportId, String name, String currencyCode, ConcurStatus approvalStatus,
                               String approvedDate, ConcurPerson reportOwner, ConcurPerson approver,
                               List<ConcurExpense> expenses) {}

    /** A status code, e.g. {@code A_APPR}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ConcurStatus(String code) {}

    /** A person of the platform: the report's owner (with the employee id) or its approver. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ConcurPerson(String employeeId, String loginId) {}

    /**
     * One expense: its date, vendor, GL account, allocation, approved amount, tax code, receipt hash, and how it
     * was paid ({@code paymentType}; absent in reports from before the platform sent it: paid in cash).
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ConcurExpense(String expenseId, String transactionDate, ConcurVendor vendor, String accountCode,
                                List<ConcurAllocation> allocations, ConcurAmount approvedAmount, String taxCode,
                                String receiptImageHash, ConcurPaymentType paymentType) {}

    /**
     * Concur's payment type of an expense, by its code: {@code CASH} (cash or a personal card) and {@code IBIP}
     * (a corporate card billed to and paid by the employee) were paid out of pocket and are reimbursed;
     * {@code CBCP} (company billed, company paid) and {@code IBCP} (individually billed, company paid) were paid
     * by the company to the card issuer and are not.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ConcurPaymentType(String code, String name) {}

    /** A named party (the vendor). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ConcurVendor(String name) {}

    /** Where an expense is booked: the first allocation's cost center and project count. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ConcurAllocation(String costCenter, String project) {}

    /** An amount: a decimal (a JSON number or a string, digits as sent) in an ISO 4217 currency. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ConcurAmount(BigDecimal value, String currencyCode) {}

    public static Claim toClaim(String tenantId, JsonNode document) {
        ConcurReport report = read(document);
        String status = report.approvalStatus() == null ? "" : nullToEmpty(report.approvalStatus().code());
        if (!status.equals("A_APPR")) {
            throw new ValidationException("approvalStatus.code", status, "only approved reports (A_APPR) are reimbursed");
        }
        String currency = required(report.currencyCode(), "currencyCode");
        Currency minorUnits = currency(currency);
        List<Claim.Line> lines = new ArrayList<>();
        List<ConcurExpense> expenses = report.expenses() == null ? List.of() : report.expenses();
        for (int i = 0; i < expenses.size(); i++) {
            ConcurExpense e = expenses.get(i);
            String at = "expenses[" + i + "].";
            ConcurAmount amount = e.approvedAmount() == null ? new ConcurAmount(null, null) : e.approvedAmount();
            if (!currency.equals(amount.currencyCode())) {
                throw new ValidationException(at + "approvedAmount.currencyCode", amount.currencyCode(),
                        "must be the report currency " + currency);
            }
            if (amount.value() == null) {
                throw new ValidationException(at + "approvedAmount.value", null, "must be a decimal amount");
            }
            ConcurAllocation allocation = e.allocations() == null || e.allocations().isEmpty()
                    ? new ConcurAllocation(null, null) : e.allocations().getFirst();
            lines.add(new Claim.Line(required(e.expenseId(), "expenseId"),
                    date(required(e.transactionDate(), "transactionDate"), at + "transactionDate"),
                    e.vendor() == null ? "" : nullToEmpty(e.vendor().name()), required(e.accountCode(), "accountCode"),
                    nullToEmpty(allocation.costCenter()), allocation.project(),
                    amount(amount.value(), minorUnits, at + "approvedAmount.value"),
                    required(e.taxCode(), "taxCode"), e.receiptImageHash(), paymentType(e.paymentType(), at)));
        }
        ConcurPerson owner = report.reportOwner() == null ? new ConcurPerson(null, null) : report.reportOwner();
        ConcurPerson approver = report.approver() == null ? new ConcurPerson(null, null) : report.approver();
        return new Claim(tenantId, required(report.reportId(), "reportId"), nullToEmpty(owner.employeeId()),
                nullToEmpty(owner.loginId()), nullToEmpty(approver.loginId()), required(report.name(), "name"),
                instant(required(report.approvedDate(), "approvedDate")), currency, lines);
    }

    private static ConcurReport read(JsonNode document) {
        try {
            return JSON.treeToValue(document, ConcurReport.class);
        } catch (JsonMappingException e) {
            String field = e.getPath().stream().map(r -> r.getFieldName() != null ? "." + r.getFieldName()
                    : "[" + r.getIndex() + "]").collect(Collectors.joining()).replaceFirst("^\\.", "");
            throw new ValidationException(field.isEmpty() ? "report" : field, null, "has the wrong type");
        } catch (JsonProcessingException e) {
            throw new ValidationException("report", null, "is not an expense report");
        }
    }

    /** Who paid the expense, from Concur's payment type code; an unknown code is refused rather than guessed. */
    private static PaymentType paymentType(ConcurPaymentType type, String at) {
        String code = type == null || type.code() == null ? "CASH" : type.code();
        return switch (code) {
            case "CASH", "IBIP" -> PaymentType.CASH;
            case "CBCP", "IBCP" -> PaymentType.COMPANY_CARD;
            default -> throw new ValidationException(at + "paymentType.code", code,
                    "must be a payment type code: CASH or IBIP (paid by the employee), CBCP or IBCP (paid by the company)");
        };
    }

    /**
     * A line's amount in plain digits at its currency's minor units (never 1.45E+3): JSON numbers carry no scale, so
     * a platform may write 314.40 as 314.4 (the journal, the payment and the events would then say 314.4); more
     * decimals than the currency has (EUR 12.345) are refused here rather than rounded somewhere later.
     */
    private static Money amount(BigDecimal value, Currency currency, String field) {
        try {
            return Money.of(value.scale() < 0 ? value.setScale(0) : value, currency);
        } catch (ValidationException e) {
            throw new ValidationException(field, value.toPlainString(), e.reason());
        }
    }

    private static Currency currency(String code) {
        try {
            return Currency.getInstance(code);
        } catch (IllegalArgumentException e) {
            throw new ValidationException("currencyCode", code, "is not an ISO 4217 currency code");
        }
    }

    private static LocalDate date(String text, String field) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new ValidationException(field, text, "must be an ISO date (2026-03-12)");
        }
    }

    private static Instant instant(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new ValidationException("approvedDate", text, "must be an ISO instant (2026-03-14T09:30:00Z)");
        }
    }

    private static String required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new ValidationException(field, null, "is required");
        }
        return value;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
