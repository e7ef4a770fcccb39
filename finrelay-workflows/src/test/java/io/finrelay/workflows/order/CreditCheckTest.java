package io.finrelay.workflows.order;

import static io.finrelay.workflows.order.OrderSamples.eur;
import static org.assertj.core.api.Assertions.assertThat;

import io.finrelay.model.Money;
import org.junit.jupiter.api.Test;

class CreditCheckTest {

    @Test
    void anOrderThatKeepsTheExposureWithinTheLimitAndTheThresholdIsWithinCredit() {
        CreditCheck.Assessment a = CreditCheck.assess(eur("18450.00"), new CreditCheck.Figures(eur("21300.00"),
                eur("21300.00"), eur("50000.00"), eur("4200.00"), eur("60000.00")));

        assertThat(a.within()).isTrue();
        assertThat(a.exposure()).isEqualTo(eur("43950.00"));
        assertThat(a.summary()).isEqualTo("within credit: exposure 43950.00 EUR = ERP credit amount 21300.00 EUR "
                + "(open receivables 21300.00 EUR) + orders in flight 4200.00 EUR + this order 18450.00 EUR; "
                + "credit limit 50000.00 EUR, counterparty threshold 60000.00 EUR");
    }

    @Test
    void ordersInFlightInFinrelayCountAgainstTheErpLimit() {
        CreditCheck.Assessment a = CreditCheck.assess(eur("18450.00"), new CreditCheck.Figures(eur("21300.00"),
                eur("21300.00"), eur("50000.00"), eur("10250.01"), null));

        assertThat(a.within()).isFalse();
        assertThat(a.exposure()).isEqualTo(eur("50000.01"));
        assertThat(a.reasons()).containsExactly("exceeds the ERP credit limit of 50000.00 EUR by 0.01 EUR");
    }

    @Test
    void anExposureExactlyAtTheLimitIsStillWithin() {
        assertThat(CreditCheck.assess(eur("18450.00"), new CreditCheck.Figures(eur("31550.00"), eur("31550.00"),
                eur("50000.00"), eur("0.00"), null)).within()).isTrue();
    }

    @Test
    void theTreasurysCounterpartyThresholdHoldsAnOrderTheErpWouldAllow() {
        CreditCheck.Assessment a = CreditCheck.assess(eur("18450.00"), new CreditCheck.Figures(eur("21300.00"),
                eur("21300.00"), null, eur("0.00"), eur("35000.00")));

        assertThat(a.within()).isFalse();
        assertThat(a.reasons()).containsExactly("exceeds the counterparty threshold of 35000.00 EUR by 4750.00 EUR");
        assertThat(a.summary()).contains("credit limit none, counterparty threshold 35000.00 EUR");
    }

    @Test
    void bothLimitsBrokenAreBothNamed() {
        CreditCheck.Assessment a = CreditCheck.assess(eur("18450.00"), new CreditCheck.Figures(eur("45000.00"),
                eur("40000.00"), eur("50000.00"), eur("0.00"), eur("55000.00")));

        assertThat(a.reasons()).containsExactly("exceeds the ERP credit limit of 50000.00 EUR by 13450.00 EUR",
                "exceeds the counterparty threshold of 55000.00 EUR by 8450.00 EUR");
    }

    @Test
    void noLimitAtAllIsWithinCredit() {
        assertThat(CreditCheck.assess(eur("918450.00"), new CreditCheck.Figures(eur("0.00"), eur("0.00"), null,
                eur("0.00"), null)).within()).isTrue();
    }

    @Test
    void aLimitInAnotherCurrencyIsNotConvertedButHoldsTheOrder() {
        CreditCheck.Assessment a = CreditCheck.assess(eur("18450.00"), new CreditCheck.Figures(eur("0.00"), eur("0.00"),
                Money.of("50000.00", "CHF"), eur("0.00"), null));

        assertThat(a.within()).isFalse();
        assertThat(a.reasons()).containsExactly("the ERP credit limit is in CHF, the order in EUR");
    }

    @Test
    void anErpCreditAmountInAnotherCurrencyHoldsTheOrder() {
        CreditCheck.Assessment a = CreditCheck.assess(eur("18450.00"), new CreditCheck.Figures(Money.of("100.00", "USD"),
                Money.of("100.00", "USD"), eur("50000.00"), eur("0.00"), null));

        assertThat(a.within()).isFalse();
        assertThat(a.summary()).startsWith("credit hold: the ERP reports the customer's credit in USD");
    }
}
