package io.finrelay.model.bank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.finrelay.model.ValidationException;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BicTest {
    @ParameterizedTest
    @ValueSource(strings = {"DEUTDEFF", "DEUTDEFF500", "NWBKGB2L", "BNPAFRPPXXX", "UBSWCHZH80A", "1234DEFF"})
    void acceptsEightAndElevenCharacterBics(String text) {
        assertThat(Bic.of(text).value()).isEqualTo(text);
    }

    @Test
    void splitsIntoItsParts() {
        Bic bic = Bic.of("deutdeff500");
        assertThat(bic.value()).isEqualTo("DEUTDEFF500");
        assertThat(bic.institutionCode()).isEqualTo("DEUT");
        assertThat(bic.country()).isEqualTo("DE");
        assertThat(bic.locationCode()).isEqualTo("FF");
        assertThat(bic.branchCode()).contains("500");
        assertThat(Bic.of("NWBKGB2L").branchCode()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"DEUTDEF", "DEUTDEFF5", "DEUTDEFF50", "DEUTDEFF5000", "DEUT1EFF", "DEUTZZFF", "DEUT DE FF", "", "DEUTDEFF_00"})
    void refusesMalformedBics(String text) {
        assertThatThrownBy(() -> Bic.of(text)).isInstanceOfSatisfying(ValidationException.class,
                e -> assertThat(e.field()).isEqualTo("bic"));
    }

    @Test
    void bankAccountNeedsAHolderButNotABic() {
        Iban iban = Iban.of("DE89370400440532013000");
        assertThat(BankAccount.of(iban, "Erika Mustermann").bic()).isEqualTo(Optional.empty());
        assertThat(BankAccount.of(iban, Bic.of("COBADEFFXXX"), "Erika Mustermann").bic()).contains(Bic.of("COBADEFFXXX"));
        assertThatThrownBy(() -> BankAccount.of(iban, " ")).isInstanceOfSatisfying(ValidationException.class,
                e -> assertThat(e.field()).isEqualTo("holderName"));
        assertThatThrownBy(() -> BankAccount.of(null, "Erika Mustermann")).isInstanceOf(ValidationException.class);
    }
}
