package io.finrelay.formats.iso20022.camt;

import io.finrelay.formats.Golden;
import java.io.IOException;
import java.io.InputStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every camt sample and our own camt files, read into canonical statements and compared with their golden file. */
class CamtGoldenTest {

    static Stream<String> samples() {
        return Stream.of("samples/camt052", "samples/camt053", "samples/camt054", "own/camt")
                .flatMap(folder -> Golden.files(folder).stream());
    }

    @ParameterizedTest
    @MethodSource("samples")
    void readsToTheGoldenCanonicalOutput(String sample) throws IOException {
        try (InputStream in = Golden.open(sample)) {
            Golden.assertGolden(sample, Golden.render(CamtReader.any().readAll(sample, in)));
        }
    }
}
