package io.finrelay.workflows.invoice;

import static org.assertj.core.api.Assertions.assertThat;

import io.finrelay.model.Money;
import io.finrelay.workflows.invoice.InvoiceReference.Cash;
import io.finrelay.workflows.invoice.InvoiceReference.Policy;
import io.finrelay.workflows.invoice.InvoiceState.PaymentPlan;
import java.math.BigDecimal;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/**
 * When an invoice is paid: "2/10 net 30" on EUR 1,071.00 issued 2 March 2026 offers EUR 21.42 off if
 * paid by 12 March instead of 1 April, an annualised yield of 2/98 x 365/20 = 37.24 %.
 */
class PaymentSchedulingTest {
    private static final LocalDate ISSUED = LocalDate.of(2026, 3, 2);
    private static final LocalDate DUE = LocalDate.of(2026, 4, 1);
    private static final LocalDate TODAY = LocalDate.of(2026, 3, 5);
    private static final InvoiceFacts TWO_TEN_NET_30 = Samples.invoice("INV-2026-0415", ISSUED, DUE,
            new InvoiceFacts.Discount(new BigDecimal("2"), 10));
    private static final Cash PLENTY = new Cash(Money.of("250000.00", "EUR"), LocalDate.of(2026, 3, 4));

    @Test
    void aDiscountWhoseYieldBeatsTheCostOfCapitalIsTakenWhenTheCashKeepsTheBuffer() {
        PaymentPlan plan = InvoiceRules.schedule(TWO_TEN_NET_30, Samples.policy(), PLENTY, TODAY);
        assertThat(plan.discountTaken()).isTrue();
        assertThat(plan.payOn()).isEqualTo(LocalDate.of(2026, 3, 12));
        assertThat(plan.amount()).isEqualTo(Money.of("1049.58", "EUR"));
        assertThat(plan.discount()).isEqualTo(Money.of("21.42", "EUR"));
        assertThat(plan.reason()).contains("annualised yield 37.24 % over 20 days", "cost of capital of 8 %",
                "leaves 248950.42 against a liquidity buffer of 50000.00", "take the discount");
    }

    @Test
    void aDiscountBelowTheCostOfCapitalIsNotTaken() {
        Policy dear = new Policy(Samples.ENTITY, "6815", "1576", new BigDecimal("40"), new BigDecimal("50000.00"), 30);
        PaymentPlan plan = InvoiceRules.schedule(TWO_TEN_NET_30, dear, PLENTY, TODAY);
        assertThat(plan.discountTaken()).isFalse();
        assertThat(plan.payOn()).isEqualTo(DUE);
        assertThat(plan.amount()).isEqualTo(Money.of("1071.00", "EUR"));
        assertThat(plan.reason()).contains("37.24 %", "does not beat it");
    }

    @Test
    void aDiscountThatWouldBreakTheLiquidityBufferIsNotTaken() {
        Cash tight = new Cash(Money.of("50900.00", "EUR"), LocalDate.of(2026, 3, 4));
        PaymentPlan plan = InvoiceRules.schedule(TWO_TEN_NET_30, Samples.policy(), tight, TODAY);
        assertThat(plan.discountTaken()).isFalse();
        assertThat(plan.reason()).contains("leaves 49850.42 against a liquidity buffer of 50000.00", "pay in full");
    }

    @Test
    void withoutACashPositionOnFileTheDiscountIsNotRisked() {
        PaymentPlan plan = InvoiceRules.schedule(TWO_TEN_NET_30, Samples.policy(), null, TODAY);
        assertThat(plan.discountTaken()).isFalse();
        assertThat(plan.reason()).contains("no cash position of legal entity " + Samples.ENTITY + " in EUR");
    }

    @Test
    void aDiscountWindowThatClosedIsNotTaken() {
        PaymentPlan plan = InvoiceRules.schedule(TWO_TEN_NET_30, Samples.policy(), PLENTY, LocalDate.of(2026, 3, 13));
        assertThat(plan.discountTaken()).isFalse();
        assertThat(plan.reason()).contains("the window closed");
        assertThat(plan.payOn()).isEqualTo(DUE);
    }

    @Test
    void withoutDueDateThePolicysTermAppliesAndAPastDateBecomesToday() {
        InvoiceFacts noDue = Samples.invoice("INV-2026-0415", ISSUED, null, null);
        PaymentPlan plan = InvoiceRules.schedule(noDue, Samples.policy(), PLENTY, TODAY);
        assertThat(plan.payOn()).isEqualTo(LocalDate.of(2026, 4, 1));
        assertThat(plan.reason()).contains("issue date + 30 days");
        PaymentPlan late = InvoiceRules.schedule(noDue, Samples.policy(), PLENTY, LocalDate.of(2026, 4, 20));
        assertThat(late.payOn()).isEqualTo(LocalDate.of(2026, 4, 20));
    }
}
