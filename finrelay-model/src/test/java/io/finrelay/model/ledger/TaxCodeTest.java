package io.finrelay.model.ledger;

import static io.finrelay.model.Fixtures.TENANT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.finrelay.model.Money;
import io.finrelay.model.ValidationException;
import io.finrelay.model.id.TaxCodeKey;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class TaxCodeTest {
    private static final TaxCode DE_VAT19 = new TaxCode(TENANT, TaxCodeKey.of("DE-VAT19"), "DE", new BigDecimal("19.00"), true);

    @Test
    void computesTaxRoundedHalfEvenOnce() {
        assertThat(DE_VAT19.taxOnNet(Money.of("100.00", "EUR"))).isEqualTo(Money.of("19.00", "EUR"));
        assertThat(DE_VAT19.taxOnNet(Money.of("10.25", "EUR"))).isEqualTo(Money.of("1.95", "EUR"));
        // 119.00 gross holds 19.00 tax; 100.00 gross holds 15.966... -> 15.97.
        assertThat(DE_VAT19.taxInGross(Money.of("119.00", "EUR"))).isEqualTo(Money.of("19.00", "EUR"));
        assertThat(DE_VAT19.taxInGross(Money.of("100.00", "EUR"))).isEqualTo(Money.of("15.97", "EUR"));
        assertThat(DE_VAT19.taxInGross(Money.of("1000", "JPY"))).isEqualTo(Money.of("160", "JPY"));
    }

    @Test
    void rateIsAPercentBetweenZeroAndHundred() {
        assertThatThrownBy(() -> new TaxCode(TENANT, TaxCodeKey.of("BAD"), "DE", new BigDecimal("119"), true))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("ratePercent"));
        assertThatThrownBy(() -> new TaxCode(TENANT, TaxCodeKey.of("BAD"), "DE", new BigDecimal("-1"), true))
                .isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> new TaxCode(TENANT, TaxCodeKey.of("BAD"), "Germany", new BigDecimal("19"), true))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("country"));
    }
}
