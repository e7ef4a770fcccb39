package io.finrelay.model.bank;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class IbanMaskerTest {
    static final String[] VALID = IbanTest.VALID;

    @ParameterizedTest
    @FieldSource("VALID")
    void masksAValidIbanOfEveryCountryInsideASentence(String iban) {
        String masked = IbanMasker.mask("payment to " + iban + " was rejected (AC04)");
        assertThat(masked).doesNotContain(iban).contains(Iban.of(iban).masked()).startsWith("payment to ")
                .endsWith(" was rejected (AC04)");
    }

    @Test
    void masksThePrintFormInGroupsOfFourAndLowerCase() {
        assertThat(IbanMasker.mask("IBAN DE89 3704 0044 0532 0130 00 EUR 120.50"))
                .isEqualTo("IBAN DE89 **** **** **** **30 00 EUR 120.50");
        assertThat(IbanMasker.mask("iban=de89370400440532013000;"))
                .isEqualTo("iban=DE89 **** **** **** **30 00;");
    }

    @Test
    void masksSeveralIbansInOneTextAndInJson() {
        String json = "{\"iban\":\"DE89370400440532013000\",\"other\":\"GB82WEST12345698765432\"}";
        assertThat(IbanMasker.mask(json))
                .isEqualTo("{\"iban\":\"DE89 **** **** **** **30 00\",\"other\":\"GB82 **** **** **** **54 32\"}");
    }

    @Test
    void leavesInvalidIbansAndLookalikeCodesAlone() {
        String text = "report DE88370400440532013000 (check digits wrong), order AB12345678901234567, "
                + "ref XX12 3456 7890 1234 5678, DE8937040044053201300099 (too long), already DE89 **** **** **** **30 00";
        assertThat(IbanMasker.mask(text)).isEqualTo(text);
        assertThat(IbanMasker.containsIban(text)).isFalse();
    }

    @Test
    void aTextWithoutAnIbanIsReturnedAsItIs() {
        String text = "posting period 2026-03 is closed";
        assertThat(IbanMasker.mask(text)).isSameAs(text);
        assertThat(IbanMasker.mask(null)).isNull();
        assertThat(IbanMasker.containsIban("pay DE89370400440532013000")).isTrue();
    }
}
