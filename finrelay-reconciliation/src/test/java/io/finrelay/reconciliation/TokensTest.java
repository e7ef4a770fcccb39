package io.finrelay.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokensTest {

    private static List<String> tokens(Tokens t) {
        List<String> out = new ArrayList<>();
        for (int k = 0; k < t.size(); k++) {
            out.add(t.string(k));
        }
        return out;
    }

    @Test
    void joinedReferencesGiveTheWholeEachPartAndNeighbouringPairsInUpperCase() {
        Tokens t = new Tokens();
        t.addText("Rechnung re2026-00123/RE2026-00124 vom 27.11.2026, 412,80 EUR");

        assertThat(tokens(t)).containsExactly("RECHNUNG", "RE202600123RE202600124", "RE2026", "RE202600123", "00123",
                "00123RE2026", "RE202600124", "00124", "VOM", "EUR");
    }

    @Test
    void aTokenRepeatedInAnotherTextOfTheLineIsKeptOnceAndShortOnesNotAtAll() {
        Tokens t = new Tokens();
        t.addText("INV-2026-000052 a");
        t.addText("inv-2026-000052");
        t.addWhole("INV2026000052");
        t.addWhole("X");

        assertThat(tokens(t)).containsExactly("INV2026000052", "INV", "INV2026", "2026", "2026000052", "000052", "X");
    }

    @Test
    void eachTokenCarriesTheHashTheIndexesUseAndItsCoreAndCreditorReferenceAreReadInPlace() {
        Tokens t = new Tokens();
        t.addText("RF18 5390 0754 7034 / RF18539007547034 RE-609692");

        for (int k = 0; k < t.size(); k++) {
            assertThat(t.hash(k)).isEqualTo(StringIndex.hash(t.string(k)));
        }
        List<String> all = tokens(t);
        assertThat(t.validRf(all.indexOf("RF18539007547034"))).isTrue();
        assertThat(t.validRf(all.indexOf("RF18"))).isFalse();
        assertThat(t.corePrefix(all.indexOf("RE609692"))).isEqualTo(2);
        assertThat(t.corePrefix(all.indexOf("RE"))).isEqualTo(-1);
    }

    @Test
    void clearingStartsTheNextLineEmpty() {
        Tokens t = new Tokens();
        t.addText("E2E-PAY-0003");
        t.clear().addText("AB-12");

        assertThat(tokens(t)).containsExactly("AB12", "AB", "12");
    }
}
