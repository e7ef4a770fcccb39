package io.finrelay.workflows.expense;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** A German employee's travel report and the master data it is booked against. */
final class Samples {
    static final String TENANT = "7d6f0a52-3b1e-4a57-9a0e-2f7c1d0e5a11";
    static final String ENTITY_DE = "0c9a4a52-1b2e-4c57-8a0e-3f7c1d0e5a22";
    static final String EMPLOYEE = "5b1f2a52-4c3e-4d57-9b0e-4f7c1d0e5a33";
    static final Instant APPROVED = Instant.parse("2026-03-02T09:15:00Z");

    private Samples() {}

    static Claim claim() {
        return claim("ER-2026-0001", "EUR");
    }

    static Claim claim(String reportId, String currency) {
        return new Claim(TENANT, reportId, EMPLOYEE, "m.keller", "s.wagner", "Customer visit Hamburg", APPROVED, currency,
                List.of(new Claim.Line("1", LocalDate.parse("2026-02-24"), "Deutsche Bahn", "6650", "CC-410", null,
                                amount("119", currency), "DE-VAT-19", null, PaymentType.CASH),
                        new Claim.Line("2", LocalDate.parse("2026-02-24"), "Hotel Atlantic", "6660", "CC-410", null,
                                amount("214", currency), "DE-VAT-7", "a".repeat(64), PaymentType.CASH)));
    }

    private static io.finrelay.model.Money amount(String whole, String currency) {
        return io.finrelay.model.Money.of(new BigDecimal(whole), java.util.Currency.getInstance(currency));
    }

    /** The sample report with its first line booked to a project. */
    static Claim claimWithProject(String project) {
        Claim c = claim();
        Claim.Line first = c.lines().getFirst();
        Claim.Line booked = new Claim.Line(first.lineId(), first.date(), first.merchant(), first.account(),
                first.costCenter(), project, first.grossAmount(), first.taxCode(), first.receiptHash(), first.paymentType());
        return new Claim(c.tenantId(), c.reportId(), c.employeeId(), c.submitter(), c.approver(), c.purpose(),
                c.approvedAt(), c.currency(), List.of(booked, c.lines().get(1)));
    }

    /** The sample report with the hotel (214.00) put on the company's corporate card and the train ticket paid in cash. */
    static Claim mixedClaim() {
        return paidBy("ER-2026-0003", PaymentType.CASH, PaymentType.COMPANY_CARD);
    }

    /** The sample report with both lines paid by company card. */
    static Claim companyPaidClaim() {
        return paidBy("ER-2026-0004", PaymentType.COMPANY_CARD, PaymentType.COMPANY_CARD);
    }

    static Claim paidBy(String reportId, PaymentType first, PaymentType second) {
        return paidBy(reportId, "EUR", first, second);
    }

    /** The sample report in {@code currency}, its two lines paid as given. */
    static Claim paidBy(String reportId, String currency, PaymentType first, PaymentType second) {
        Claim c = claim(reportId, currency);
        List<PaymentType> types = List.of(first, second);
        List<Claim.Line> lines = new java.util.ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Claim.Line l = c.lines().get(i);
            lines.add(new Claim.Line(l.lineId(), l.date(), l.merchant(), l.account(), l.costCenter(), l.project(),
                    l.grossAmount(), l.taxCode(), l.receiptHash(), types.get(i)));
        }
        return new Claim(c.tenantId(), c.reportId(), c.employeeId(), c.submitter(), c.approver(), c.purpose(),
                c.approvedAt(), c.currency(), lines);
    }

    static ReferenceData reference() {
        return new ReferenceData(
                new ReferenceData.Employee(EMPLOYEE, ENTITY_DE, "Maria Keller", true, "DE89370400440532013000", null,
                        "Maria Keller"),
                new ReferenceData.Entity(ENTITY_DE, "DE", "EUR"),
                new ReferenceData.Policy("1740", "1576", new BigDecimal("1000.00"), "1741"),
                Map.of("CC-410", new ReferenceData.CostCenter("CC-410", ENTITY_DE, true)),
                Map.of("6650", new ReferenceData.Account("6650", ENTITY_DE, true),
                        "6660", new ReferenceData.Account("6660", ENTITY_DE, true)),
                Map.of("DE-VAT-19", new ReferenceData.Tax("DE-VAT-19", "DE", new BigDecimal("19.00"), true),
                        "DE-VAT-7", new ReferenceData.Tax("DE-VAT-7", "DE", new BigDecimal("7.00"), true)),
                Map.of(), List.of(),
                Map.of("P-7001", new ReferenceData.Project("P-7001", ENTITY_DE, true)));
    }
}
