package io.finrelay.formats;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LineSignalsTest {

    @ParameterizedTest
    @ValueSource(strings = {"PMNT/ICDT/RRTN", "PMNT/RCDT/RRTN", "PMNT/IDDT/UPDD", "PMNT/RDDT/PRDD", "PMNT/ICDT/RPCR",
            "PMNT/ICDT/ARET", "NRTI+159+00000", "NDDT+109", "NRTI+181+997"})
    void returnBankTransactionCodesAreRecognised(String code) {
        assertThat(LineSignals.isReturnCode(code)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"PMNT/RCDT/ESCT", "PMNT/RDDT/ESDD", "PMNT/ICDT/DMCT", "NMSC+201", "NTRF+166", "109/NRTI", "RRTN", ""})
    void otherBankTransactionCodesAreNotReturns(String code) {
        assertThat(LineSignals.isReturnCode(code)).isFalse();
    }

    @Test
    void noCodeIsNoReturn() {
        assertThat(LineSignals.isReturnCode(null)).isFalse();
        assertThat(LineSignals.saysReturn(null)).isFalse();
        assertThat(LineSignals.reasonCodeIn(null)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"SEPA-LASTSCHR. RETOURE CORE", "SEPA-Rücklastschrift", "RUECKUEBERWEISUNG", "Rückbelastung",
            "SEPA-LS RUECKBELASTUNG CORE", "RETURN AC04", "terugboeking incasso", "RUECKGABE MANGELS DECKUNG"})
    void returnWordsAreRecognisedInGermanDutchAndEnglish(String text) {
        assertThat(LineSignals.saysReturn(text)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"SEPA-GUTSCHRIFT", "Returnable deposit", "Rechnung 4711", "Retourkutsche"})
    void ordinaryTextIsNoReturnWord(String text) {
        assertThat(LineSignals.saysReturn(text)).isFalse();
    }

    @Test
    void findsAListedIsoReasonCodeAsAWholeWord() {
        assertThat(LineSignals.reasonCodeIn("RETURN AC04 KONTO AUFGELOEST")).isEqualTo("AC04");
        assertThat(LineSignals.reasonCodeIn("MS03 SONSTIGE GRUENDE")).isEqualTo("MS03");
        assertThat(LineSignals.reasonCodeIn("IBAN DEAC04XY")).isNull();
        assertThat(LineSignals.reasonCodeIn("Rechnung 2024")).isNull();
    }

    @Test
    void sepaCreditorIdentifiersAreCheckedWithMod97() {
        assertThat(LineSignals.isSepaCreditorId("DE98ZZZ09999999999")).isTrue();
        assertThat(LineSignals.isSepaCreditorId("DE41EON00000129793")).isTrue();
        assertThat(LineSignals.isSepaCreditorId("DE13ZZZ00000012345")).isTrue();
        assertThat(LineSignals.isSepaCreditorId("DE02ZZZ00000012345")).isFalse();
        assertThat(LineSignals.isSepaCreditorId("DEE1234567890")).isFalse();
        assertThat(LineSignals.isSepaCreditorId("19121212-1212")).isFalse();
    }

    @Test
    void theBanksCreditorReferenceWinsOverOneFoundInText() {
        assertThat(LineSignals.creditorReference("000000000002016030000535990", "RF18 5390 0754 7034"))
                .isEqualTo("000000000002016030000535990");
        assertThat(LineSignals.creditorReference(null, "Rechnung RF18 5390 0754 7034")).isEqualTo("RF18539007547034");
        assertThat(LineSignals.creditorReference(null, "Rechnung RF19 5390 0754 7034")).isNull();
    }
}
