package io.finrelay.bench.logscan;

import io.finrelay.model.bank.IbanMasker;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads test log files line by line and reports every line that carries something that must never
 * be logged: a full, valid IBAN of any country (mod-97 checked, so order numbers do not count), an
 * API key with its secret, a JWT, or one of the test keyring's secret keys. A hit names the file, the
 * line and the kind, never the secret itself (the report would leak it again).
 */
public final class LeakScanner {
    /** A line that leaks: where, and what kind of secret. */
    public record Hit(Path file, int line, String kind) {
        @Override
        public String toString() {
            return file + ":" + line + " " + kind;
        }
    }

    /** What one scan read and found. */
    public record Result(int files, long lines, List<Hit> hits) {}

    private static final Pattern API_KEY = Pattern.compile("frk_[0-9a-z]{8,32}_[0-9A-Za-z]{32,128}");
    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{4,}\\.eyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]{8,}");

    private final List<String> secrets;

    /** {@code secrets}: literal values (e.g. the test keyring's keys) that must appear nowhere. */
    public LeakScanner(List<String> secrets) {
        this.secrets = List.copyOf(secrets);
    }

    public Result scan(List<Path> files) {
        List<Hit> hits = new ArrayList<>();
        long lines = 0;
        for (Path file : files) {
            lines += scan(file, hits);
        }
        return new Result(files.size(), lines, hits);
    }

    private long scan(Path file, List<Hit> hits) {
        // Logs may hold bytes that are not UTF-8 (a peer's raw answer): read them, never fail on them.
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        try (BufferedReader reader = new BufferedReader(new java.io.InputStreamReader(Files.newInputStream(file), decoder))) {
            int number = 0;
            String line;
            while ((line = reader.readLine()) != null) {
                number++;
                String kind = leak(line);
                if (kind != null) {
                    hits.add(new Hit(file, number, kind));
                }
            }
            return number;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The kind of secret in {@code line}, or null if it is clean. */
    String leak(String line) {
        if (API_KEY.matcher(line).find()) {
            return "API key secret";
        }
        if (JWT.matcher(line).find()) {
            return "JWT";
        }
        for (String secret : secrets) {
            if (line.contains(secret)) {
                return "keyring secret";
            }
        }
        return IbanMasker.containsIban(line) ? "full IBAN" : null;
    }

    /** The test output files under every module's build directory {@code buildDir} below {@code root}. */
    public static List<Path> testLogs(Path root, String buildDir) {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path module : modules.filter(Files::isDirectory).sorted().toList()) {
                for (String reports : List.of("surefire-reports", "failsafe-reports")) {
                    Path dir = module.resolve(buildDir).resolve(reports);
                    if (Files.isDirectory(dir)) {
                        try (Stream<Path> outputs = Files.list(dir)) {
                            outputs.filter(p -> p.getFileName().toString().endsWith("-output.txt")).sorted().forEach(files::add);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }
}
