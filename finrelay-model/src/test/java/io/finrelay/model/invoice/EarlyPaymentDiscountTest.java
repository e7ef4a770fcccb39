package io.finrelay.model.invoice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.finrelay.model.ValidationException;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class EarlyPaymentDiscountTest {

    @Test
    void xRechnungSkontoInThePaymentTermsGivesTwoPercentWithinTenDays() {
        PaymentTerms terms = PaymentTerms.of("Zahlbar innerhalb 30 Tagen netto.\n#SKONTO#TAGE=10#PROZENT=2.00#\n");
        assertThat(terms.earlyPaymentDiscount()).isEqualTo(new EarlyPaymentDiscount(new BigDecimal("2.00"), 10));
    }

    @Test
    void termsWithoutSkontoOfferNoDiscount() {
        assertThat(PaymentTerms.of("Net 30 days").earlyPaymentDiscount()).isNull();
        assertThat(PaymentTerms.of(null).earlyPaymentDiscount()).isNull();
    }

    @Test
    void aDiscountOfHundredPercentOrZeroDaysIsRefused() {
        assertThatThrownBy(() -> new EarlyPaymentDiscount(new BigDecimal("100"), 10))
                .isInstanceOf(ValidationException.class).hasMessageContaining("percent");
        assertThatThrownBy(() -> new EarlyPaymentDiscount(new BigDecimal("2"), 0))
                .isInstanceOf(ValidationException.class).hasMessageContaining("days");
    }
}
