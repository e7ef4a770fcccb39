package io.finrelay.formats;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Throws random mutations of every valid sample at its parser: each must either read the file or
 * refuse it with a {@link FormatException}; any other exception is a bug. A mutated file that ever
 * broke a parser is kept in src/test/resources/fuzz-crashers (named {@code <sample-folder>__<name>})
 * and replayed on every build.
 */
class MutationFuzzTest {
    private static final List<String> SAMPLES = Parsers.validSamples();

    @Property(tries = 2000, seed = "4242")
    void everyParserReadsOrRefusesMutatedFiles(@ForAll @IntRange(min = 0, max = 10_000) int sampleIndex,
            @ForAll long seed) throws IOException {
        String sample = SAMPLES.get(sampleIndex % SAMPLES.size());
        byte[] mutated = mutate(Golden.bytes(sample), new Random(seed));
        try {
            Parsers.parse(sample, mutated);
        } catch (FormatException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        } catch (RuntimeException | Error bug) {
            Path kept = Golden.RESOURCES.resolve("fuzz-crashers").resolve(
                    sample.substring(0, sample.lastIndexOf('/')).replace('/', '-') + "__" + Long.toHexString(seed));
            Files.createDirectories(kept.getParent());
            Files.write(kept, mutated);
            throw new AssertionError(sample + " mutated with seed " + seed + " (kept as " + kept + ") broke the parser", bug);
        }
    }

    static Stream<Path> crashers() throws IOException {
        try (Stream<Path> files = Files.list(Golden.RESOURCES.resolve("fuzz-crashers"))) {
            return files.filter(p -> p.getFileName().toString().contains("__")).toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("crashers")
    void pastCrashersAreReadOrRefused(Path crasher) throws IOException {
        String folder = crasher.getFileName().toString().split("__")[0].replace('-', '/');
        try {
            Parsers.parse(folder + "/" + crasher.getFileName(), Files.readAllBytes(crasher));
        } catch (FormatException expected) {
            assertThat(expected.fileName()).isNotBlank();
        }
    }

    /** One to six mutations: flip, delete, insert, duplicate, truncate, or splice in a hostile token. */
    static byte[] mutate(byte[] input, Random random) {
        List<Byte> bytes = new ArrayList<>(input.length + 64);
        for (byte b : input) {
            bytes.add(b);
        }
        int rounds = 1 + random.nextInt(6);
        for (int r = 0; r < rounds && !bytes.isEmpty(); r++) {
            int at = random.nextInt(bytes.size());
            switch (random.nextInt(7)) {
                case 0 -> bytes.set(at, (byte) random.nextInt(256));
                case 1 -> {
                    int length = Math.min(bytes.size() - at, 1 + random.nextInt(40));
                    bytes.subList(at, at + length).clear();
                }
                case 2 -> bytes.add(at, (byte) random.nextInt(256));
                case 3 -> {
                    int length = Math.min(bytes.size() - at, 1 + random.nextInt(200));
                    bytes.addAll(at, new ArrayList<>(bytes.subList(at, at + length)));
                }
                case 4 -> bytes.subList(at, bytes.size()).clear();
                case 5 -> {
                    String token = TOKENS[random.nextInt(TOKENS.length)];
                    byte[] tb = token.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    for (int i = tb.length - 1; i >= 0; i--) {
                        bytes.add(at, tb[i]);
                    }
                }
                default -> {
                    char c = (char) (bytes.get(at) & 0xff);
                    if (Character.isDigit(c)) {
                        bytes.set(at, (byte) ('0' + random.nextInt(10)));
                    }
                }
            }
        }
        byte[] out = new byte[bytes.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = bytes.get(i);
        }
        return out;
    }

    private static final String[] TOKENS = {"<", ">", "&", "&amp;", "]]>", "<!DOCTYPE x>", "<x>", "</Ntry>", "<Ntry>",
            "\u0000", ":61:", ":86:?20", ":60F:", "-}", "{4:", "\r\n", "/", ",", "88,", "16,", "99,", "-", "+",
            "99999999999999999999999", ".", "1e9", "-0", "\uFFFF", "?", ">", "CRDT", "DBIT", "29022023"};

    @SuppressWarnings("unused")
    private static String show(byte[] bytes) {
        return Arrays.toString(bytes);
    }
}
