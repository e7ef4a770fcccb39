package io.finrelay.model.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.finrelay.model.ValidationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CreditorReferenceTest {

    @ParameterizedTest
    @ValueSource(strings = {"RF18539007547034", "RF18 5390 0754 7034", "rf18 5390 0754 7034", "RF48INVOICE20240042",
            "RF45ABC"})
    void wellFormedReferencesWithMatchingCheckDigitsAreValid(String text) {
        assertThat(CreditorReference.isValid(text)).isTrue();
        assertThat(CreditorReference.parse(text)).map(CreditorReference::value)
                .hasValue(text.replace(" ", "").toUpperCase(java.util.Locale.ROOT));
    }

    @ParameterizedTest
    @ValueSource(strings = {"RF19539007547034", "RF18539007547035", "RF01539007547034", "RF99539007547034",
            "XY18539007547034", "RF18", "RF18539007547034539007547", "RF1853900754703!", ""})
    void wrongCheckDigitsOrShapesAreNotReferences(String text) {
        assertThat(CreditorReference.isValid(text)).isFalse();
        assertThat(CreditorReference.parse(text)).isEmpty();
        assertThatThrownBy(() -> CreditorReference.of(text)).isInstanceOf(ValidationException.class)
                .satisfies(e -> assertThat(((ValidationException) e).field()).isEqualTo("creditorReference"));
    }

    @Test
    void nullIsNeitherValidNorFound() {
        assertThat(CreditorReference.isValid(null)).isFalse();
        assertThat(CreditorReference.parse(null)).isEmpty();
        assertThat(CreditorReference.findIn(null)).isEmpty();
    }

    @Test
    void findsAReferenceInPrintFormInsideRemittanceText() {
        assertThat(CreditorReference.findIn("Rechnung RF18 5390 0754 7034 Fensterbau Köln"))
                .hasValue(CreditorReference.of("RF18539007547034"));
    }

    @Test
    void findsAReferenceInElectronicFormInsideRemittanceText() {
        assertThat(CreditorReference.findIn("Payment of invoice 2024-0042, ref RF48INVOICE20240042. Thank you"))
                .hasValue(CreditorReference.of("RF48INVOICE20240042"));
    }

    @Test
    void aPrintFormReferenceEndsWithAShortGroup() {
        assertThat(CreditorReference.findIn("RF51 INV2 0250 0012 3 Abschlag März"))
                .hasValue(CreditorReference.of("RF51INV2025000123"));
    }

    @Test
    void aReferenceWithWrongCheckDigitsInTheTextIsNotRecognised() {
        assertThat(CreditorReference.findIn("Rechnung RF19 5390 0754 7034 Fensterbau")).isEmpty();
        assertThat(CreditorReference.findIn("Invoice RF19539007547034")).isEmpty();
    }

    @Test
    void theFirstValidReferenceWinsAndInvalidOnesBeforeItAreSkipped() {
        assertThat(CreditorReference.findIn("old RF19539007547034 new RF18 5390 0754 7034"))
                .hasValue(CreditorReference.of("RF18539007547034"));
    }

    @Test
    void rfInsideALongerWordIsNotAReference() {
        assertThat(CreditorReference.findIn("PERF18539007547034")).isEmpty();
        assertThat(CreditorReference.findIn("Surf18 lessons")).isEmpty();
    }
}
