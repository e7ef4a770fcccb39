package io.finrelay.formats;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.finrelay.formats.mt940.Mt940Reader;
import java.io.InputStream;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Public samples that are truly broken: refused, with file, line and field in the error. */
class RejectedSamplesTest {
    static final Map<String, String> REJECTED = Map.of(
            "samples/mt940/sandermarechal-jejik-mt940__oldenburgischelandesbank2.txt",
            "sandermarechal-jejik-mt940__oldenburgischelandesbank2.txt, line 10, at :65F:: balance 'Dnullnull7414,3' is not mark, YYMMDD date, currency, amount");

    static Stream<String> rejected() {
        return REJECTED.keySet().stream().sorted();
    }

    @ParameterizedTest
    @MethodSource("rejected")
    void isRefusedWithAClearReason(String sample) {
        String name = sample.substring(sample.lastIndexOf('/') + 1);
        assertThatThrownBy(() -> {
            try (InputStream in = Golden.open(sample)) {
                new Mt940Reader().readAll(name, in);
            }
        }).isInstanceOf(FormatException.class).hasMessage(REJECTED.get(sample));
    }
}
