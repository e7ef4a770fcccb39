package io.finrelay.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariDataSource;
import io.finrelay.demo.DemoLauncher;
import io.finrelay.engine.db.Database;
import io.finrelay.sandbox.SandboxMain;
import io.finrelay.sandbox.world.Api;
import io.finrelay.sandbox.world.DemoData;
import io.finrelay.server.security.ApiKeys;
import io.finrelay.server.tenancy.Tenants;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.jar.JarFile;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The expense path held at a steady rate for a long time, to see whether it stays healthy: first the expense
 * benchmark measures the maximum (its own server and peers, {@link ExpenseBench}); then a fresh server is fed
 * approved reports at {@code fraction} of that rate, evenly spaced, for {@code length}, while two treasurers release
 * through the API. Per window it reports the reports sent and paid, the latency of the reports paid in it (from the
 * moment Finrelay took the report in to Reimbursed, by the database's own timestamps), the backlog (reports taken
 * in and not yet paid) and the server JVM's heap after a full collection (forced at each window's end: the live
 * heap, not garbage). The sandbox peers run in a process of their own, so that their ledgers, which keep every
 * request by design, are not counted in the server's heap. At the end every report must be paid exactly once at
 * every peer ({@link BenchChecks#verify}) or the run fails.
 */
final class SoakBench {

    record Window(int index, Duration end, long sent, long paid, double p50Seconds, double p95Seconds,
                  double maxSeconds, long backlog, long heapAfterGcMiB) {}

    record Result(double maxReportsPerSecond, double fraction, double rate, Duration length, List<Window> windows,
                  long reports, BenchChecks.Peers peers) {

        /** The windows of the first and of the last third, the first window left out (the JIT still warming up). */
        List<Window> early() {
            int third = Math.max(1, (windows.size() - 1) / 3);
            return windows.subList(1, Math.min(windows.size(), 1 + third));
        }

        List<Window> late() {
            int third = Math.max(1, (windows.size() - 1) / 3);
            return windows.subList(Math.max(1, windows.size() - third), windows.size());
        }
    }

    private final Duration length;
    private final double fraction;
    private final int producers;
    private final int maxReports;
    private final Duration window;

    SoakBench(Duration length, double fraction, int producers, int maxReports) {
        if (fraction <= 0 || fraction > 1) {
            throw new IllegalArgumentException("the fraction of the maximum must be in (0, 1], got " + fraction);
        }
        this.length = length;
        this.fraction = fraction;
        this.producers = producers;
        this.maxReports = maxReports;
        this.window = length.compareTo(Duration.ofMinutes(5)) >= 0 ? Duration.ofMinutes(1) : length.dividedBy(5);
    }

    Result run() throws Exception {
        System.err.println("soak: measuring the maximum first (" + maxReports + " reports, " + producers + " producers)");
        ExpenseBench.Result max = new ExpenseBench(maxReports, producers).run();
        double rate = max.reportsPerSecond() * fraction;
        System.err.printf(Locale.ROOT, "soak: maximum %.1f reports/s; holding %.1f reports/s (%.0f %%) for %s%n",
                max.reportsPerSecond(), rate, fraction * 100, length);
        Path dir = Files.createTempDirectory("finrelay-soak");
        try (PeersProcess peers = PeersProcess.start()) {
            ConfigurableApplicationContext server = ExpenseBench.startServer(dir, "soak");
            try {
                return soak(server, peers.urls(), max.reportsPerSecond(), rate);
            } finally {
                server.close();
            }
        } finally {
            ExpenseBench.deleteTree(dir);
        }
    }

    private Result soak(ConfigurableApplicationContext server, Map<String, String> urls, double max, double rate)
            throws Exception {
        String base = "http://localhost:" + server.getEnvironment().getProperty("local.server.port");
        Clock clock = server.getBean(Clock.class);
        DemoLauncher.Identity identity = DemoLauncher.createTenant(server.getBean(Database.class),
                server.getBean(Tenants.class), server.getBean(ApiKeys.class), clock, "ACME Logistik (soak)");
        Api api = new Api(base, identity.key());
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        DemoData.World world = DemoData.setUp(api, identity.tenantId(), today);
        DemoLauncher.connectPeers(api, base, identity.tenantId(), world, urls);
        int total = (int) Math.ceil(rate * length.toMillis() / 1000.0);
        List<ObjectNode> all = BenchReports.make(total, world, today, clock.instant());
        HikariDataSource ds = server.getBean(HikariDataSource.class);
        UUID tenant = UUID.fromString(identity.tenantId());
        Api platform = new Api(urls.get("expense-platform"), null);

        List<Window> windows = new ArrayList<>();
        AtomicReference<RuntimeException> senderFailure = new AtomicReference<>();
        long[] sent = new long[1];
        long start = System.nanoTime();
        try (ReleaseDesk desk = new ReleaseDesk(List.of(api), identity.tenantId(), producers).start()) {
            // One sender keeps the schedule: report i is due at start + i / rate; what is due is posted every 100 ms.
            Thread sender = Thread.ofPlatform().name("soak-sender").start(() -> {
                try {
                    int next = 0;
                    while (next < total) {
                        long elapsed = System.nanoTime() - start;
                        int due = (int) Math.min(total, Math.floor(elapsed / 1e9 * rate) + 1);
                        if (due > next) {
                            platform.post("/_sandbox/reports", all.subList(next, due)).require(202);
                            next = due;
                            synchronized (sent) {
                                sent[0] = next;
                            }
                        }
                        pause(100);
                    }
                } catch (RuntimeException e) {
                    senderFailure.set(e);
                }
            });
            Instant windowStart = clock.instant();
            for (int w = 0; (long) w * window.toMillis() < length.toMillis(); w++) {
                long windowEnd = start + window.toNanos() * (w + 1);
                while (System.nanoTime() < windowEnd) {
                    if (senderFailure.get() != null) {
                        throw senderFailure.get();
                    }
                    if (desk.failure() != null) {
                        throw new IllegalStateException("a release failed: " + desk.failure().getMessage());
                    }
                    pause(Math.max(1, Math.min(200, (windowEnd - System.nanoTime()) / 1_000_000)));
                }
                Instant windowClose = clock.instant();
                long sentNow;
                synchronized (sent) {
                    sentNow = sent[0];
                }
                windows.add(measure(ds, tenant, w, Duration.ofNanos(System.nanoTime() - start), sentNow,
                        windowStart, windowClose));
                System.err.println("soak: " + describe(windows.getLast()));
                windowStart = windowClose;
            }
            sender.join();
            if (senderFailure.get() != null) {
                throw senderFailure.get();
            }
            awaitAllPaid(ds, tenant, total, desk);
        }
        BenchChecks.Peers checked = BenchChecks.verify(ds, tenant, urls, all);
        return new Result(max, fraction, rate, length, windows, total, checked);
    }

    private static Window measure(HikariDataSource ds, UUID tenant, int index, Duration end, long sent, Instant from,
                                  Instant to) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement s = c.prepareStatement("select count(*), "
                + "coalesce(percentile_cont(0.5) within group (order by extract(epoch from updated_at - created_at)), 0), "
                + "coalesce(percentile_cont(0.95) within group (order by extract(epoch from updated_at - created_at)), 0), "
                + "coalesce(max(extract(epoch from updated_at - created_at)), 0), "
                + "(select count(*) from workflow_instance b where b.tenant_id = ? and b.workflow_type = ? "
                + "and b.state_name <> 'Reimbursed') "
                + "from workflow_instance where tenant_id = ? and workflow_type = ? and state_name = 'Reimbursed' "
                + "and updated_at >= ? and updated_at < ?")) {
            s.setObject(1, tenant);
            s.setString(2, ExpenseBench.TYPE);
            s.setObject(3, tenant);
            s.setString(4, ExpenseBench.TYPE);
            s.setTimestamp(5, Timestamp.from(from));
            s.setTimestamp(6, Timestamp.from(to));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return new Window(index, end, sent, rs.getLong(1), rs.getDouble(2), rs.getDouble(3), rs.getDouble(4),
                        rs.getLong(5), heapAfterGcMiB());
            }
        }
    }

    /** The live heap: a full collection first, so that what is counted is what the server keeps. */
    private static long heapAfterGcMiB() {
        var memory = ManagementFactory.getMemoryMXBean();
        memory.gc();
        return memory.getHeapMemoryUsage().getUsed() / (1024 * 1024);
    }

    private static void awaitAllPaid(HikariDataSource ds, UUID tenant, int total, ReleaseDesk desk) throws SQLException {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (true) {
            BenchChecks.Progress progress = BenchChecks.progress(ds, tenant);
            if (progress.reimbursed() >= total) {
                return;
            }
            if (progress.stuck() > 0 || desk.failure() != null || System.nanoTime() > deadline) {
                throw new IllegalStateException("not every report was paid after the soak: " + progress
                        + (desk.failure() != null ? "; " + desk.failure().getMessage() : ""));
            }
            pause(50);
        }
    }

    static String describe(Window w) {
        return String.format(Locale.ROOT, "window %d (to %ds): sent %d, paid %d, latency p50 %.2f s p95 %.2f s max %.2f s, "
                + "backlog %d, heap after GC %d MiB", w.index() + 1, w.end().toSeconds(), w.sent(), w.paid(),
                w.p50Seconds(), w.p95Seconds(), w.maxSeconds(), w.backlog(), w.heapAfterGcMiB());
    }

    static String report(Result r) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Soak: %s at %.1f reports/s = %.0f %% of the maximum %.1f reports/s measured "
                + "first; %d reports; every report paid once at every peer (%s)%n%n", r.length(), r.rate(),
                r.fraction() * 100, r.maxReportsPerSecond(), r.reports(), r.peers()));
        out.append("| window | until s | sent | paid in window | latency p50 s | p95 s | max s | backlog | heap after GC MiB |\n");
        out.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Window w : r.windows()) {
            out.append(String.format(Locale.ROOT, "| %d | %d | %d | %d | %.2f | %.2f | %.2f | %d | %d |%n", w.index() + 1,
                    w.end().toSeconds(), w.sent(), w.paid(), w.p50Seconds(), w.p95Seconds(), w.maxSeconds(), w.backlog(),
                    w.heapAfterGcMiB()));
        }
        out.append(String.format(Locale.ROOT, "%nFirst third (after the first window) vs last third: latency p95 %.2f s -> "
                + "%.2f s, backlog %.0f -> %.0f, heap after GC %.0f MiB -> %.0f MiB%n",
                mean(r.early(), Window::p95Seconds), mean(r.late(), Window::p95Seconds),
                mean(r.early(), w -> (double) w.backlog()), mean(r.late(), w -> (double) w.backlog()),
                mean(r.early(), w -> (double) w.heapAfterGcMiB()), mean(r.late(), w -> (double) w.heapAfterGcMiB())));
        return out.toString();
    }

    private static double mean(List<Window> windows, java.util.function.ToDoubleFunction<Window> figure) {
        return windows.stream().mapToDouble(figure).average().orElse(0);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * The sandbox peers in a process of their own. From the repackaged bench jar the classes sit under BOOT-INF,
     * so the process starts through Spring Boot's PropertiesLauncher with the sandbox as its main class; from a
     * plain class path (the smoke test), directly.
     */
    record PeersProcess(Process process, Map<String, String> urls) implements AutoCloseable {
        static PeersProcess start() throws IOException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String classPath = System.getProperty("java.class.path");
            List<String> command = new ArrayList<>(List.of(java, "-Xmx1g", "-cp", classPath));
            if (isBootJar(classPath)) {
                command.addAll(List.of("-Dloader.main=" + SandboxMain.class.getName(),
                        "org.springframework.boot.loader.launch.PropertiesLauncher"));
            } else {
                command.add(SandboxMain.class.getName());
            }
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith(SandboxMain.READY)) {
                    JsonNode json = new ObjectMapper().readTree(line.substring(SandboxMain.READY.length()));
                    Map<String, String> urls = new LinkedHashMap<>();
                    json.properties().forEach(e -> urls.put(e.getKey(), e.getValue().asText()));
                    return new PeersProcess(process, urls);
                }
            }
            throw new IllegalStateException("the sandbox process ended before it was ready");
        }

        private static boolean isBootJar(String classPath) throws IOException {
            if (classPath.contains(java.io.File.pathSeparator) || !classPath.endsWith(".jar")) {
                return false;
            }
            try (JarFile jar = new JarFile(classPath)) {
                return jar.getEntry("BOOT-INF/") != null || jar.getEntry("BOOT-INF/classes/") != null;
            }
        }

        @Override
        public void close() {
            process.destroy();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
