package io.finrelay.model.bank;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReturnReasonTest {

    @Test
    void commonSepaReturnCodesHaveWords() {
        assertThat(ReturnReason.of("AC04")).hasValue(ReturnReason.AC04);
        assertThat(ReturnReason.AC04.description()).isEqualTo("Account closed");
        assertThat(ReturnReason.describe("MD06")).isEqualTo("Refund requested by the debtor");
        assertThat(ReturnReason.describe("AM04")).isEqualTo("Insufficient funds");
        assertThat(ReturnReason.describe("FOCR")).isEqualTo("Returned after a cancellation request");
    }

    @Test
    void codesAreReadWhateverTheirCaseAndBlanks() {
        assertThat(ReturnReason.of(" ms03 ")).hasValue(ReturnReason.MS03);
        assertThat(ReturnReason.MS03.code()).isEqualTo("MS03");
    }

    @Test
    void anUnknownCodeIsKeptAsGiven() {
        assertThat(ReturnReason.of("XT99")).isEmpty();
        assertThat(ReturnReason.describe("XT99")).isEqualTo("XT99");
        assertThat(ReturnReason.of(null)).isEmpty();
        assertThat(ReturnReason.describe(null)).isNull();
    }

    @Test
    void everyListedCodeIsFourCapitalLettersOrDigits() {
        for (ReturnReason reason : ReturnReason.values()) {
            assertThat(reason.code()).matches("[A-Z]{2}[A-Z0-9]{2}");
            assertThat(reason.description()).isNotBlank();
        }
    }
}
