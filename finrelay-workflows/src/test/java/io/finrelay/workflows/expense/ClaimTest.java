package io.finrelay.workflows.expense;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.finrelay.model.Money;
import io.finrelay.model.ValidationException;
import org.junit.jupiter.api.Test;

/** A claim's amounts are money in the report's currency: its totals add them, and a line in another currency is refused. */
class ClaimTest {

    @Test
    void theTotalsAreMoneyInTheReportCurrencyAndTheCompanyPaidLinesAreNotReimbursed() {
        assertThat(Samples.claim().total()).isEqualTo(Money.of("333.00", "EUR"));
        assertThat(Samples.mixedClaim().reimbursableTotal()).as("the hotel went on the company's card")
                .isEqualTo(Money.of("119.00", "EUR"));
        assertThat(Samples.companyPaidClaim().reimbursableTotal()).isEqualTo(Money.of("0.00", "EUR"));
    }

    @Test
    void aLineInAnotherCurrencyThanTheReportsIsRefusedNamingIt() {
        Claim eur = Samples.claim();
        assertThatThrownBy(() -> new Claim(eur.tenantId(), eur.reportId(), eur.employeeId(), eur.submitter(), eur.approver(),
                eur.purpose(), eur.approvedAt(), "CHF", eur.lines()))
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.field()).isEqualTo("lines[0].grossAmount");
                    assertThat(e.reason()).isEqualTo("must be in the report currency CHF");
                });
    }

    @Test
    void aLineOfZeroIsRefused() {
        Claim.Line train = Samples.claim().lines().getFirst();
        assertThatThrownBy(() -> new Claim.Line(train.lineId(), train.date(), train.merchant(), train.account(),
                train.costCenter(), null, Money.of("0.00", "EUR"), train.taxCode(), null, PaymentType.CASH))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("lines.grossAmount"));
    }

    @Test
    void theBookingsAmountsAreMoneyInTheFunctionalCurrency() {
        Booking booking = ExpenseRules.book(Samples.claim(), Samples.reference());
        assertThat(booking.total()).isEqualTo(Money.of("333.00", "EUR"));
        assertThat(booking.fourEyesThreshold()).as("the legal entity's policy, in its functional currency")
                .isEqualTo(Money.of("1000.00", "EUR"));
        assertThatThrownBy(() -> new Booking(booking.legalEntityId(), "EUR", booking.total(), booking.payee(),
                Money.of("1000.00", "CHF"), booking.journalId(), booking.conversions()))
                .hasMessageContaining("four-eyes threshold (CHF 1000.00) must be in the functional currency EUR");
    }
}
