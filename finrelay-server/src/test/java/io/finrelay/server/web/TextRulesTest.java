package io.finrelay.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextRulesTest {
    @Test
    void controlsBidiOverridesNoncharactersAndLoneSurrogatesAreRefused() {
        for (String bad : new String[] {"Hotel\u0000Adlon", "A\u0007B", "A\u001bB", "A\u007fB", "A\u0085B",
                "invoice\u202Efdp.exe", "A\u2066B\u2069", "A\uFDD0B", "A\uFFFEB", "A\uD83F\uDFFFB", "A\uD800B"}) {
            assertThat(TextRules.refusal(bad)).as(bad.codePoints().boxed().toList().toString()).isPresent();
        }
    }

    @Test
    void freeTextWithTabsNewlinesAndAnyScriptPasses() {
        for (String good : new String[] {"Hotel Adlon Kempinski Berlin", "Zeile 1\nZeile 2\r\n\tEnde",
                "Müller & Söhne GmbH", "شركة", "東京海上", "emoji 🧾 receipt"}) {
            assertThat(TextRules.refusal(good)).as(good).isEmpty();
        }
    }

    @Test
    void aLongValueIsQuotedByItsStartOnly() {
        String quoted = TextRules.quote("x".repeat(100_000));
        assertThat(quoted).hasSize(TextRules.QUOTED + 1).endsWith("…");
        assertThat(TextRules.quote("DE89370400440532013000")).isEqualTo("DE89370400440532013000");
    }
}
