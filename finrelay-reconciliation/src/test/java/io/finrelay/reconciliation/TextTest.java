package io.finrelay.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The matcher's name comparison: legal forms dropped, then shared words over all words (Jaccard). */
class TextTest {

    @Test
    void equalNamesAreOneAndLegalFormsDoNotCount() {
        assertThat(Text.nameKey("Müller & Söhne GmbH & Co. KG")).isEqualTo("MULLER SOHNE");
        assertThat(Text.nameSimilarity(Text.nameKey("Müller & Söhne GmbH"), Text.nameKey("MULLER SOHNE AG"))).isEqualTo(1.0);
    }

    @Test
    void similarityIsSharedWordsOverAllWords() {
        // {NORDWIND, LOGISTIK, HAMBURG} and {NORDWIND, LOGISTIK}: 2 shared of 3 words in all
        assertThat(Text.nameSimilarity("NORDWIND LOGISTIK HAMBURG", "NORDWIND LOGISTIK")).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(Text.nameSimilarity("NORDWIND LOGISTIK", "NORDWIND LOGISTIK HAMBURG")).isCloseTo(2.0 / 3, within(1e-12));
        // a word is the whole word: NORD is not NORDWIND
        assertThat(Text.nameSimilarity("NORD LOGISTIK", "NORDWIND LOGISTIK")).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(Text.nameSimilarity("ALPHA", "BETA GAMMA")).isZero();
        assertThat(Text.nameSimilarity(null, "BETA")).isZero();
    }

    @Test
    void aWordRepeatedInTheFirstNameCountsEachTimeAsSplittingDid() {
        // "A A B" against "A C": both A's are found in the second key (shared 2), words 3 + 2 - 2 = 3
        assertThat(Text.nameSimilarity("A A B", "A C")).isCloseTo(2.0 / 3, within(1e-12));
    }
}
