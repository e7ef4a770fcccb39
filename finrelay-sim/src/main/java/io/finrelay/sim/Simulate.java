package io.finrelay.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * The long-run command: {@code bin/finrelay simulate --seeds 100000 [--from N]} plays seeds N, N+1, ...
 * and prints the rate and every failing seed with its trace; {@code --seed N} replays one seed and prints
 * its trace whatever the outcome. Exits 1 if any seed broke an invariant.
 */
public final class Simulate {
    private Simulate() {}

    public static void main(String[] args) {
        long from = 1;
        long seeds = 1_000;
        Long single = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seeds" -> seeds = Long.parseLong(args[++i]);
                case "--from" -> from = Long.parseLong(args[++i]);
                case "--seed" -> single = Long.parseLong(args[++i]);
                default -> {
                    System.err.println("usage: simulate [--seeds N] [--from FIRST] | --seed N");
                    System.exit(2);
                }
            }
        }
        try (Simulation simulation = new Simulation()) {
            if (single != null) {
                Simulation.Report report = simulation.run(single);
                System.out.println(report.explain());
                System.exit(report.ok() ? 0 : 1);
            }
            System.exit(runMany(simulation, from, seeds));
        }
    }

    private static int runMany(Simulation simulation, long from, long seeds) {
        List<Long> failed = new ArrayList<>();
        long started = System.nanoTime();
        long lastPrint = started;
        long steps = 0;
        long crashes = 0;
        long outages = 0;
        java.util.Map<String, Long> coverage = new java.util.TreeMap<>();
        for (long seed = from; seed < from + seeds; seed++) {
            Simulation.Report report = simulation.run(seed);
            steps += report.steps();
            crashes += report.crashes();
            outages += report.outages();
            report.coverage().forEach((what, n) -> coverage.merge(what, (long) n, Long::sum));
            if (!report.ok()) {
                failed.add(seed);
                System.out.println(report.explain());
            }
            long now = System.nanoTime();
            if (now - lastPrint > 30_000_000_000L) {
                lastPrint = now;
                long done = seed - from + 1;
                System.out.printf("%d seeds, %.1f seeds/s, %d failed%n", done, done / ((now - started) / 1e9), failed.size());
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("%d seeds from %d in %.1f s: %.1f seeds/s, %d steps (%.0f per seed), %d node crashes, "
                        + "%d database outages; %d failed%s%n", seeds, from, seconds, seeds / seconds, steps,
                (double) steps / seeds, crashes, outages, failed.size(), failed.isEmpty() ? "" : ": " + failed);
        System.out.println("faults and recoveries exercised (times, over all seeds):");
        coverage.forEach((what, n) -> System.out.printf("%9d  %s%n", n, what));
        return failed.isEmpty() ? 0 : 1;
    }
}
