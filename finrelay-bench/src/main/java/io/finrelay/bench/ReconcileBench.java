package io.finrelay.bench;

import io.finrelay.reconciliation.MatchInput;
import io.finrelay.reconciliation.MatchResult;
import io.finrelay.reconciliation.ScoringMatcher;
import io.finrelay.reconciliation.generator.LabelledGenerator;
import io.finrelay.reconciliation.generator.QualityReport;
import java.lang.management.ManagementFactory;
import java.time.LocalDate;
import java.util.Locale;

/**
 * The reconciliation matcher on N generated lines against N open items: generation and loading are
 * not timed, only {@link ScoringMatcher#match}. Reports lines/s, the time, the heap the loaded input
 * holds and the live heap's peak while matching (the most still used after a collection; the JVM's
 * -Xmx is the limit to prove), and, when asked,
 * the quality against the generator's truth.
 */
final class ReconcileBench {
    static final long SEED = 20261127L;

    record Result(int lines, int items, double seconds, double cpuSeconds, long loadedHeapBytes, long peakHeapBytes, long maxHeapBytes,
                  long allocatedBytes, long gcMillis, int matches, int auto, QualityReport quality) {
        double linesPerSecond() {
            return lines / seconds;
        }
    }

    private static final java.util.Set<String> HEAP_POOLS = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == java.lang.management.MemoryType.HEAP).map(java.lang.management.MemoryPoolMXBean::getName)
            .collect(java.util.stream.Collectors.toSet());

    private ReconcileBench() {}

    static Result run(int size, boolean quality) {
        LabelledGenerator.Labelled labelled = LabelledGenerator.generate(SEED, size, size);
        MatchInput input = labelled.input();
        if (!quality) {
            labelled = null;
        }
        long loaded = usedAfterGc();
        System.err.printf(Locale.ROOT, "reconciliation benchmark: %,d lines x %,d items generated (seed %d), %,d MiB heap loaded; "
                + "matching%n", input.lines().size(), input.items().size(), SEED, loaded >> 20);
        // the live heap: what is still used after each collection while matching, at its highest
        java.util.concurrent.atomic.AtomicLong liveAfterGc = new java.util.concurrent.atomic.AtomicLong();
        javax.management.NotificationListener listener = (notification, handback) -> {
            if (notification.getType().equals(com.sun.management.GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
                com.sun.management.GarbageCollectionNotificationInfo info = com.sun.management.GarbageCollectionNotificationInfo
                        .from((javax.management.openmbean.CompositeData) notification.getUserData());
                long used = 0;
                for (java.util.Map.Entry<String, java.lang.management.MemoryUsage> e
                        : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
                    if (HEAP_POOLS.contains(e.getKey())) {
                        used += e.getValue().getUsed();
                    }
                }
                liveAfterGc.accumulateAndGet(used, Math::max);
            }
        };
        for (java.lang.management.GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((javax.management.NotificationEmitter) gc).addNotificationListener(listener, null, null);
        }
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        // allocation and collection time: steadier guides than the wall time on a shared machine
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long allocatedStart = threads.getTotalThreadAllocatedBytes();
        long gcStart = gcMillis();
        long cpuStart = os.getProcessCpuTime();
        long start = System.nanoTime();
        MatchResult result = new ScoringMatcher().match(input);
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = (os.getProcessCpuTime() - cpuStart) / 1e9;
        long gcTime = gcMillis() - gcStart;
        long allocated = threads.getTotalThreadAllocatedBytes() - allocatedStart;
        for (java.lang.management.GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            try {
                ((javax.management.NotificationEmitter) gc).removeNotificationListener(listener);
            } catch (javax.management.ListenerNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }
        long peak = liveAfterGc.get();
        int auto = (int) result.matches().stream().filter(m -> m.status() == io.finrelay.reconciliation.Match.Status.AUTO).count();
        QualityReport report = labelled == null ? null : QualityReport.of(labelled, result);
        return new Result(input.lines().size(), input.items().size(), seconds, cpuSeconds, loaded, peak, Runtime.getRuntime().maxMemory(),
                allocated, gcTime, result.matches().size(), auto, report);
    }

    /** Time the collectors report having spent, in all (G1's young and mixed pauses, its concurrent cycles). */
    private static long gcMillis() {
        long total = 0;
        for (java.lang.management.GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionTime());
        }
        return total;
    }

    private static long usedAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    static String report(Result r) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "Machine: %d cores, %d MiB max heap, %s %s, Java %s; date %s; seed %d%n%n",
                Runtime.getRuntime().availableProcessors(), r.maxHeapBytes() / (1024 * 1024), System.getProperty("os.name"),
                System.getProperty("os.arch"), System.getProperty("java.version"), LocalDate.now(java.time.Clock.systemUTC()), SEED));
        out.append("| lines | open items | matcher seconds | lines/s | CPU seconds (JVM, GC included) | heap of the loaded input | live heap peak while matching "
                + "(most used after a GC) | max heap | allocated while matching | collectors' time | matches | AUTO |\n");
        out.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        out.append(String.format(Locale.ROOT, "| %,d | %,d | %.2f | %,.0f | %.1f | %,d MiB | %,d MiB | %,d MiB | %,d MiB | %.2f s | %,d | %,d |%n",
                r.lines(), r.items(), r.seconds(), r.linesPerSecond(), r.cpuSeconds(), r.loadedHeapBytes() >> 20, r.peakHeapBytes() >> 20,
                r.maxHeapBytes() >> 20, r.allocatedBytes() >> 20, r.gcMillis() / 1000.0, r.matches(), r.auto()));
        if (r.quality() != null) {
            out.append('\n').append(r.quality().markdown());
        }
        return out.toString();
    }
}
