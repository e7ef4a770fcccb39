package io.finrelay.workflows.expense;

import static org.assertj.core.api.Assertions.assertThat;

import io.finrelay.model.Money;
import io.finrelay.model.ledger.JournalEntry;
import io.finrelay.model.ledger.JournalLine;
import io.finrelay.model.ledger.PartyRef;
import io.finrelay.model.ledger.Side;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExpenseRulesTest {
    private static final Currency EUR = Currency.getInstance("EUR");

    @Test
    void aValidReportHasNoFindings() {
        assertThat(ExpenseRules.validate(Samples.claim(), Samples.reference())).isEmpty();
    }

    @Test
    void theJournalBooksNetToExpenseInputTaxAndGrossToThePayableBalanced() {
        Booking booking = ExpenseRules.book(Samples.claim(), Samples.reference());
        JournalEntry journal = ExpenseRules.journal(Samples.claim(), Samples.reference(), booking);

        assertThat(booking.total().amount()).isEqualByComparingTo("333.00");
        assertThat(journal.lines()).extracting(l -> l.account().value() + " " + l.side() + " " + l.amount())
                .containsExactly("6650 DEBIT EUR 100.00", "6660 DEBIT EUR 200.00",
                        "1576 DEBIT EUR 19.00", "1576 DEBIT EUR 14.00", "1740 CREDIT EUR 333.00");
        assertThat(JournalEntry.differences(journal.lines()).values()).allMatch(Money::isZero);
        assertThat(journal.totalDebits(EUR)).isEqualTo(Money.of("333.00", "EUR"));
        assertThat(journal.lines().getFirst().costCenter()).map(cc -> cc.value()).contains("CC-410");
        assertThat(journal.legalEntityId().toString()).isEqualTo(Samples.ENTITY_DE);
        assertThat(journal.lines().getLast().party()).as("the payable is the employee's")
                .contains(PartyRef.employee(Samples.EMPLOYEE, "Maria Keller"));
        assertThat(journal.lines().subList(0, 4)).allMatch(l -> l.party().isEmpty());
    }

    @Test
    void aLinePaidByCompanyCardIsCreditedToTheCardClearingAccountAndOnlyTheCashLineIsOwedToTheEmployee() {
        Claim mixed = Samples.mixedClaim();
        Booking booking = ExpenseRules.book(mixed, Samples.reference());
        JournalEntry journal = ExpenseRules.journal(mixed, Samples.reference(), booking);

        assertThat(booking.total().amount()).as("owed to the employee: the train ticket only").isEqualByComparingTo("119.00");
        assertThat(journal.lines()).extracting(l -> l.account().value() + " " + l.side() + " " + l.amount())
                .containsExactly("6650 DEBIT EUR 100.00", "6660 DEBIT EUR 200.00",
                        "1576 DEBIT EUR 19.00", "1576 DEBIT EUR 14.00", "1740 CREDIT EUR 119.00", "1741 CREDIT EUR 214.00");
        assertThat(JournalEntry.differences(journal.lines()).values()).allMatch(Money::isZero);
        assertThat(journal.totalDebits(EUR)).isEqualTo(Money.of("333.00", "EUR"));
        assertThat(journal.lines()).filteredOn(l -> l.account().value().equals("1740")).singleElement()
                .satisfies(l -> assertThat(l.party()).contains(PartyRef.employee(Samples.EMPLOYEE, "Maria Keller")));
        assertThat(journal.lines()).filteredOn(l -> l.account().value().equals("1741")).singleElement()
                .satisfies(l -> assertThat(l.party()).as("the card issuer is owed, not the employee").isEmpty());
    }

    @Test
    void aReportPaidWhollyByCompanyCardOwesTheEmployeeNothingAndHasNoPayableLine() {
        Claim company = Samples.companyPaidClaim();
        Booking booking = ExpenseRules.book(company, Samples.reference());
        JournalEntry journal = ExpenseRules.journal(company, Samples.reference(), booking);

        assertThat(booking.total().amount()).isEqualByComparingTo("0.00");
        assertThat(journal.lines()).filteredOn(l -> l.side() == Side.CREDIT)
                .extracting(l -> l.account().value() + " " + l.amount()).containsExactly("1741 EUR 333.00");
        assertThat(JournalEntry.differences(journal.lines()).values()).allMatch(Money::isZero);
    }

    @Test
    void aForeignReportsCompanyPaidLineIsConvertedOnceAndTheJournalStillBalances() {
        Claim chf = Samples.paidBy("ER-2026-0003", "CHF", PaymentType.CASH, PaymentType.COMPANY_CARD);
        ReferenceData ref = withFx(Samples.reference(), Map.of("2026-02-24",
                new ReferenceData.Fx(LocalDate.parse("2026-02-23"), new BigDecimal("1.0642"), "ECB")));
        Booking booking = ExpenseRules.book(chf, ref);
        JournalEntry journal = ExpenseRules.journal(chf, ref, booking);

        // 119.00 x 1.0642 = 126.6398 -> 126.64 owed to the employee; 214.00 x 1.0642 -> 227.74 to the card account
        assertThat(booking.total().amount()).isEqualByComparingTo("126.64");
        assertThat(booking.conversions()).hasSize(2);
        assertThat(journal.lines()).filteredOn(l -> l.side() == Side.CREDIT)
                .extracting(l -> l.account().value() + " " + l.amount()).containsExactly("1740 EUR 126.64", "1741 EUR 227.74");
        assertThat(JournalEntry.differences(journal.lines()).values()).allMatch(Money::isZero);
    }

    @Test
    void aCompanyPaidLineWithoutACardClearingAccountIsAFindingAndACashReportNeedsNone() {
        ReferenceData ok = Samples.reference();
        ReferenceData noCardAccount = new ReferenceData(ok.employee(), ok.entity(), new ReferenceData.Policy("1740", "1576",
                new BigDecimal("1000.00"), null), ok.costCenters(), ok.accounts(), ok.taxCodes(), ok.fxRates(), List.of(),
                ok.projects());
        assertThat(ExpenseRules.validate(Samples.mixedClaim(), noCardAccount)).extracting(Finding::code)
                .containsExactly("missing-card-clearing-account");
        assertThat(ExpenseRules.validate(Samples.claim(), noCardAccount)).isEmpty();
    }

    @Test
    void aForeignCurrencyReportIsConvertedWithTheDatedRateAndItsSourceRecorded() {
        Claim chf = Samples.claim("ER-2026-0002", "CHF");
        ReferenceData ref = withFx(Samples.reference(), Map.of("2026-02-24",
                new ReferenceData.Fx(LocalDate.parse("2026-02-23"), new BigDecimal("1.0642"), "ECB")));
        Booking booking = ExpenseRules.book(chf, ref);
        JournalEntry journal = ExpenseRules.journal(chf, ref, booking);

        // 119.00 x 1.0642 = 126.6398 -> 126.64; 214.00 x 1.0642 = 227.7388 -> 227.74
        assertThat(booking.total().amount()).isEqualByComparingTo("354.38");
        assertThat(booking.conversions()).first().asString().contains("1.0642").contains("ECB").contains("2026-02-23");
        assertThat(journal.lines()).allMatch(l -> l.amount().currency().equals(EUR));
        assertThat(JournalEntry.differences(journal.lines()).values()).allMatch(Money::isZero);
    }

    @Test
    void unrecoverableTaxStaysInTheExpense() {
        ReferenceData ref = Samples.reference();
        Map<String, ReferenceData.Tax> taxes = new HashMap<>(ref.taxCodes());
        taxes.put("DE-VAT-7", new ReferenceData.Tax("DE-VAT-7", "DE", new BigDecimal("7.00"), false));
        ReferenceData changed = new ReferenceData(ref.employee(), ref.entity(), ref.policy(), ref.costCenters(),
                ref.accounts(), taxes, ref.fxRates(), List.of(), ref.projects());
        JournalEntry journal = ExpenseRules.journal(Samples.claim(), changed, ExpenseRules.book(Samples.claim(), changed));
        assertThat(journal.lines()).filteredOn(l -> l.account().value().equals("6660")).extracting(JournalLine::amount)
                .containsExactly(Money.of("214.00", "EUR"));
        assertThat(journal.lines()).filteredOn(l -> l.side() == Side.CREDIT).extracting(JournalLine::amount)
                .containsExactly(Money.of("333.00", "EUR"));
    }

    @Test
    void eachValidationFailureNamesItsCodeFieldAndValue() {
        ReferenceData ok = Samples.reference();
        assertThat(codes(new ReferenceData(null, ok.entity(), ok.policy(), ok.costCenters(), ok.accounts(), ok.taxCodes(),
                ok.fxRates(), List.of(), ok.projects()))).containsExactly("unknown-employee");
        ReferenceData.Employee e = ok.employee();
        assertThat(codes(new ReferenceData(new ReferenceData.Employee(e.id(), e.legalEntityId(), e.name(), false,
                e.iban(), null, e.holderName()), ok.entity(), ok.policy(), ok.costCenters(), ok.accounts(), ok.taxCodes(),
                ok.fxRates(), List.of(), ok.projects()))).containsExactly("inactive-employee");
        assertThat(codes(new ReferenceData(ok.employee(), ok.entity(), ok.policy(),
                Map.of("CC-410", new ReferenceData.CostCenter("CC-410", Samples.ENTITY_DE, false)), ok.accounts(),
                ok.taxCodes(), ok.fxRates(), List.of(), ok.projects()))).containsExactly("closed-cost-center", "closed-cost-center");
        assertThat(codes(new ReferenceData(ok.employee(), ok.entity(), ok.policy(), Map.of(), ok.accounts(),
                ok.taxCodes(), ok.fxRates(), List.of(), ok.projects()))).containsOnly("unknown-cost-center");
        assertThat(codes(new ReferenceData(ok.employee(), ok.entity(), ok.policy(), ok.costCenters(),
                Map.of("6650", ok.accounts().get("6650")), ok.taxCodes(), ok.fxRates(), List.of(), ok.projects())))
                .containsExactly("unknown-gl-account");
        assertThat(codes(new ReferenceData(ok.employee(), ok.entity(), ok.policy(), ok.costCenters(), ok.accounts(),
                Map.of("DE-VAT-19", new ReferenceData.Tax("DE-VAT-19", "CH", new BigDecimal("8.1"), true),
                        "DE-VAT-7", ok.taxCodes().get("DE-VAT-7")), ok.fxRates(), List.of(), ok.projects())))
                .containsExactly("invalid-tax-code");
        List<Finding> fx = ExpenseRules.validate(Samples.claim("ER-9", "CHF"), ok);
        assertThat(fx).extracting(Finding::code).containsOnly("missing-fx-rate");
        assertThat(fx.getFirst().reason()).isEqualTo("lines[0].date: no CHF/EUR rate dated on or before 2026-02-24");
        assertThat(fx.getFirst().context()).containsEntry("reportId", "ER-9").containsEntry("date", "2026-02-24");
    }

    @Test
    void theCostCenterReasonIsExact() {
        ReferenceData ok = Samples.reference();
        List<Finding> findings = ExpenseRules.validate(Samples.claim(), new ReferenceData(ok.employee(), ok.entity(),
                ok.policy(), Map.of("CC-410", new ReferenceData.CostCenter("CC-410", Samples.ENTITY_DE, false)),
                ok.accounts(), ok.taxCodes(), ok.fxRates(), List.of(), ok.projects()));
        assertThat(findings.getFirst().reason()).isEqualTo("lines[0].costCenter: cost center CC-410 is closed");
        assertThat(findings.getFirst().context()).containsEntry("costCenter", "CC-410");
    }

    @Test
    void aLineWithAnOpenProjectOfTheEntityOrWithoutAProjectIsValid() {
        assertThat(ExpenseRules.validate(Samples.claimWithProject("P-7001"), Samples.reference())).isEmpty();
        assertThat(ExpenseRules.validate(Samples.claimWithProject(null), withProjects(Map.of()))).isEmpty();
    }

    @Test
    void anUnknownProjectIsRefusedNamingTheLineAndTheValue() {
        List<Finding> findings = ExpenseRules.validate(Samples.claimWithProject("P-9999"), Samples.reference());
        assertThat(findings).extracting(Finding::code).containsExactly("unknown-project");
        assertThat(findings.getFirst().reason())
                .isEqualTo("lines[0].project: project P-9999 does not exist in legal entity " + Samples.ENTITY_DE);
        assertThat(findings.getFirst().context()).containsEntry("reportId", "ER-2026-0001")
                .containsEntry("employeeId", Samples.EMPLOYEE).containsEntry("project", "P-9999");
    }

    @Test
    void aClosedProjectIsRefusedNamingTheLineAndTheValue() {
        List<Finding> findings = ExpenseRules.validate(Samples.claimWithProject("P-7001"),
                withProjects(Map.of("P-7001", new ReferenceData.Project("P-7001", Samples.ENTITY_DE, false))));
        assertThat(findings).extracting(Finding::code).containsExactly("closed-project");
        assertThat(findings.getFirst().reason()).isEqualTo("lines[0].project: project P-7001 is closed");
        assertThat(findings.getFirst().context()).containsEntry("project", "P-7001");
    }

    @Test
    void aProjectOfAnotherLegalEntityIsUnknownInTheEmployeesEntity() {
        String swiss = "9e2b4a52-6d3e-4f57-8c0e-5f7c1d0e5a44";
        List<Finding> findings = ExpenseRules.validate(Samples.claimWithProject("P-7001"),
                withProjects(Map.of("P-7001", new ReferenceData.Project("P-7001", swiss, true))));
        assertThat(findings).extracting(Finding::code).containsExactly("unknown-project");
        assertThat(findings.getFirst().reason())
                .isEqualTo("lines[0].project: project P-7001 does not exist in legal entity " + Samples.ENTITY_DE);
    }

    @Test
    void fingerprintsMatchTheSameReceiptWhateverTheMerchantSpellingOrReport() {
        Claim a = Samples.claim("ER-1", "EUR");
        Claim b = Samples.claim("ER-2", "EUR");
        assertThat(Fingerprints.of(a)).isEqualTo(Fingerprints.of(b)).hasSize(3);
        assertThat(Fingerprints.normalise("Hotel-Atlantic ")).isEqualTo(Fingerprints.normalise("HOTEL ATLANTIC"));
    }

    private static List<String> codes(ReferenceData ref) {
        return ExpenseRules.validate(Samples.claim(), ref).stream().map(Finding::code).toList();
    }

    private static ReferenceData withProjects(Map<String, ReferenceData.Project> projects) {
        ReferenceData ref = Samples.reference();
        return new ReferenceData(ref.employee(), ref.entity(), ref.policy(), ref.costCenters(), ref.accounts(),
                ref.taxCodes(), ref.fxRates(), ref.earlierDuplicates(), projects);
    }

    private static ReferenceData withFx(ReferenceData ref, Map<String, ReferenceData.Fx> fx) {
        return new ReferenceData(ref.employee(), ref.entity(), ref.policy(), ref.costCenters(), ref.accounts(),
                ref.taxCodes(), fx, ref.earlierDuplicates(), ref.projects());
    }
}
