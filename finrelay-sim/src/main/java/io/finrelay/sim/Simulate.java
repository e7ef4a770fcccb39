package io.finrelay.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The long-run command: {@code bin/finrelay simulate --seeds 100000 [--from N] [--lanes K]} plays seeds N, N+1, ...
 * on K databases side by side and prints the rate, the faults exercised and every failing seed with its trace;
 * {@code --seed N} replays one seed and prints its trace whatever the outcome. Exits 1 if any seed broke an
 * invariant.
 */
public final class Simulate {
    private Simulate() {}

    public static void main(String[] args) {
        long from = 1;
        long seeds = 1_000;
        int lanes = 4;
        Long single = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seeds" -> seeds = Long.parseLong(args[++i]);
                case "--from" -> from = Long.parseLong(args[++i]);
                case "--lanes" -> lanes = Integer.parseInt(args[++i]);
                case "--seed" -> single = Long.parseLong(args[++i]);
                default -> {
                    System.err.println("usage: simulate [--seeds N] [--from FIRST] [--lanes K] | --seed N");
                    System.exit(2);
                }
            }
        }
        int status;
        try (Simulation simulation = new Simulation(single != null ? 1 : lanes)) {
            if (single != null) {
                Simulation.Report report = simulation.run(single);
                System.out.println(report.explain());
                status = report.ok() ? 0 : 1;
            } else {
                status = runMany(simulation, from, seeds);
            }
        }
        System.exit(status);
    }

    private static int runMany(Simulation simulation, long from, long seeds) {
        List<Long> failed = new ArrayList<>();
        Map<String, Long> coverage = new TreeMap<>();
        long[] totals = new long[4]; // done, steps, crashes, outages
        long started = System.nanoTime();
        long[] lastPrint = {started};
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long jvmCpuBefore = os.getProcessCpuTime();
        long postgresCpuBefore = simulation.postgresCpuMillis();
        double loadBefore = os.getSystemLoadAverage();
        simulation.runAll(from, seeds, report -> {
            totals[0]++;
            totals[1] += report.steps();
            totals[2] += report.crashes();
            totals[3] += report.outages();
            report.coverage().forEach((what, n) -> coverage.merge(what, (long) n, Long::sum));
            if (!report.ok()) {
                failed.add(report.seed());
                System.out.println(report.explain());
            }
            long now = System.nanoTime();
            if (now - lastPrint[0] > 30_000_000_000L) {
                lastPrint[0] = now;
                System.out.printf("%d seeds, %.1f seeds/s, %d failed%n", totals[0], totals[0] / ((now - started) / 1e9),
                        failed.size());
            }
        });
        double seconds = (System.nanoTime() - started) / 1e9;
        double jvmCpu = (os.getProcessCpuTime() - jvmCpuBefore) / 1e9;
        double postgresCpu = (simulation.postgresCpuMillis() - postgresCpuBefore) / 1e3;
        System.out.printf("CPU: this JVM %.1f s, PostgreSQL %.1f s (%.0f ms per seed; %d cores); load average %.1f at the "
                        + "start, %.1f at the end%n", jvmCpu, postgresCpu, (jvmCpu + postgresCpu) * 1000 / seeds,
                os.getAvailableProcessors(), loadBefore, os.getSystemLoadAverage());
        System.out.printf("%d seeds from %d on %d lanes in %.1f s: %.1f seeds/s, %d steps (%.0f per seed), %d node crashes, "
                        + "%d database restarts; %d failed%s%n", seeds, from, simulation.lanes(), seconds, seeds / seconds,
                totals[1], (double) totals[1] / seeds, totals[2], totals[3], failed.size(),
                failed.isEmpty() ? "" : ": " + failed.stream().sorted().toList());
        System.out.println("faults and recoveries exercised (times, over all seeds):");
        coverage.forEach((what, n) -> System.out.printf("%9d  %s%n", n, what));
        return failed.isEmpty() ? 0 : 1;
    }
}
