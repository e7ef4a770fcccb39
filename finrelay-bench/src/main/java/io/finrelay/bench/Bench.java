package io.finrelay.bench;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The benchmark command: {@code bin/finrelay bench [--seconds N] [--producers 1,8] [--smoke]}.
 * Prints a Markdown table to paste into BENCHMARKS.md, with the machine and the date.
 */
public final class Bench {
    private Bench() {}

    public static void main(String[] args) throws Exception {
        Duration duration = Duration.ofSeconds(20);
        List<Integer> producers = List.of(1, 8);
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seconds" -> duration = Duration.ofSeconds(Long.parseLong(args[++i]));
                case "--producers" -> producers = parseList(args[++i]);
                case "--smoke" -> duration = Duration.ofSeconds(1);
                default -> {
                    System.err.println("usage: bin/finrelay bench [--seconds N] [--producers 1,8] [--smoke]");
                    System.exit(2);
                }
            }
        }
        List<EngineBench.Result> results = run(duration, producers);
        System.out.println(report(results, duration));
    }

    static List<EngineBench.Result> run(Duration duration, List<Integer> producers) throws Exception {
        List<EngineBench.Result> results = new ArrayList<>();
        try (BenchDatabase databases = new BenchDatabase()) {
            System.err.println("engine benchmark on " + databases.describe() + ", " + duration.toSeconds() + " s per measurement");
            EngineBench bench = new EngineBench(databases, duration);
            for (int p : producers) {
                EngineBench.Result result = bench.run(p);
                System.err.printf(Locale.ROOT, "  %d producer(s): raw %.0f commits/s, engine %.0f transitions/s (%.2fx)%n",
                        p, result.rawCommitsPerSecond(), result.transitionsPerSecond(), result.ratio());
                results.add(result);
            }
        }
        return results;
    }

    static String report(List<EngineBench.Result> results, Duration duration) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Machine: %d cores, %d MiB max heap, %s %s, Java %s; date %s; %d s per measurement%n%n",
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() / (1024 * 1024),
                System.getProperty("os.name"), System.getProperty("os.arch"), System.getProperty("java.version"),
                LocalDate.now(java.time.Clock.systemUTC()), duration.toSeconds()));
        out.append("| producers | raw insert+commit/s (limit) | engine transitions/s | ratio | workflows/s | commits per workflow (3 transitions) |\n");
        out.append("|---:|---:|---:|---:|---:|---:|\n");
        for (EngineBench.Result r : results) {
            out.append(String.format(Locale.ROOT, "| %d | %.0f | %.0f | %.2fx | %.0f | %.2f |%n", r.producers(),
                    r.rawCommitsPerSecond(), r.transitionsPerSecond(), r.ratio(), r.workflowsPerSecond(),
                    r.commitsPerWorkflow()));
        }
        return out.toString();
    }

    private static List<Integer> parseList(String text) {
        List<Integer> values = new ArrayList<>();
        for (String part : text.split(",")) {
            values.add(Integer.parseInt(part.trim()));
        }
        return values;
    }
}
