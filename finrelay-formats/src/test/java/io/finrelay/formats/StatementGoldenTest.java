package io.finrelay.formats;

import io.finrelay.formats.bai2.Bai2Reader;
import io.finrelay.formats.mt940.Mt940Reader;
import java.io.IOException;
import java.io.InputStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every MT940/942 and BAI2 sample that a bank really sends, and our own feature files, read into
 * canonical statements and compared with the golden file. Samples that must be refused are in
 * {@link RejectedSamplesTest}.
 */
class StatementGoldenTest {

    static Stream<String> mt940() {
        return Stream.concat(Golden.files("samples/mt940").stream(), Golden.files("own/mt940").stream())
                .filter(f -> !RejectedSamplesTest.REJECTED.containsKey(f));
    }

    @ParameterizedTest
    @MethodSource("mt940")
    void mt940(String sample) throws IOException {
        try (InputStream in = Golden.open(sample)) {
            Golden.assertGolden(sample, Golden.render(new Mt940Reader().readAll(sample, in)));
        }
    }

    static Stream<String> bai2() {
        return Stream.concat(Golden.files("samples/bai2").stream(), Golden.files("own/bai2").stream())
                .filter(f -> !RejectedSamplesTest.REJECTED.containsKey(f));
    }

    @ParameterizedTest
    @MethodSource("bai2")
    void bai2(String sample) throws IOException {
        try (InputStream in = Golden.open(sample)) {
            Golden.assertGolden(sample, Golden.render(new Bai2Reader().readAll(sample, in)));
        }
    }
}
