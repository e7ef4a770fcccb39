package io.finrelay.einvoice;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.finrelay.model.Money;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The official EN 16931 examples (src/test/resources/samples, see SOURCES.md there) and their golden
 * canonical JSON under src/test/resources/golden. Run with -Dgolden.update=true to rewrite the
 * goldens, then read the diff before committing.
 */
final class Samples {
    static final Path RESOURCES = Path.of("src/test/resources");
    static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            // Money as "250.33 EUR": the golden shows the figure and currency, not derived getters.
            .addModule(new SimpleModule().addSerializer(Money.class, new StdSerializer<Money>(Money.class) {
                private static final long serialVersionUID = 1L;

                @Override
                public void serialize(Money m, JsonGenerator g, SerializerProvider p) throws IOException {
                    g.writeString(m.amount().toPlainString() + " " + m.currency().getCurrencyCode());
                }
            }))
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private Samples() {
    }

    static List<String> official() {
        try (Stream<Path> ubl = Files.list(RESOURCES.resolve("samples/ubl"));
                Stream<Path> cii = Files.list(RESOURCES.resolve("samples/cii"))) {
            return Stream.concat(ubl, cii).map(p -> RESOURCES.relativize(p).toString().replace('\\', '/')).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] bytes(String resource) {
        try {
            return Files.readAllBytes(RESOURCES.resolve(resource));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void assertGolden(String sample, Object canonical) {
        Path golden = RESOURCES.resolve("golden").resolve(sample.replace("samples/", "").replace('/', '_')
                .replace(".xml", ".json"));
        try {
            String actual = JSON.writeValueAsString(canonical) + "\n";
            if (Boolean.getBoolean("golden.update") || !Files.exists(golden)) {
                Files.createDirectories(golden.getParent());
                Files.writeString(golden, actual, StandardCharsets.UTF_8);
                if (!Boolean.getBoolean("golden.update")) {
                    throw new AssertionError("golden file " + golden + " was missing and has been written: check it");
                }
            }
            assertThat(actual).as("canonical invoice of %s against %s", sample, golden)
                    .isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
