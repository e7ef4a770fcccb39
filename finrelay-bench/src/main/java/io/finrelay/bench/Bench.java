package io.finrelay.bench;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The benchmark command: {@code bin/finrelay bench [--seconds N] [--producers 1,8] [--peers flowable,dbos|none]
 * [--smoke]} for the engine (and, at the most producers, the same workflow on Flowable and DBOS), {@code bin/finrelay bench --expense [--reports N] [--producers 8]} for expense reports end to
 * end next to the engine's figure of the same run, {@code bin/finrelay bench --expense --nodes 1,2,3 [--reports N]} for
 * the same with 1, 2 and 3 server nodes sharing one database, {@code bin/finrelay bench --auth [--clients N] [--seconds N]}
 * for an authenticated read next to the same read with security off,
 * {@code bin/finrelay bench --reconcile [--lines 1000000] [--quality]} for the reconciliation matcher,
 * {@code bin/finrelay bench --reconcile-path [--lines 100000]} for the whole path from a camt.053 upload to
 * the stored matches, next to the camt parse rate of the same file, {@code bin/finrelay bench --pain001
 * [--payments 10000]} for a payment run's pain.001, next to the XSD validation of the same file,
 * {@code bin/finrelay bench --console [--instances 100000] [--samples 200]} for the console's pages with that
 * many workflows in the tenant, next to the smallest authenticated API read of the same run,
 * {@code bin/finrelay bench --soak [--minutes 10] [--fraction 0.8]} for the expense path held at that fraction of its
 * measured maximum for that long, with latency, backlog and the live heap per minute.
 * Prints a Markdown table to paste into BENCHMARKS.md, with the machine and the date.
 */
public final class Bench {
    private Bench() {}

    public static void main(String[] args) throws Exception {
        Duration duration = Duration.ofSeconds(20);
        List<Integer> producers = null;
        boolean expense = false;
        List<Integer> expenseNodes = null;
        boolean auth = false;
        int clients = 8;
        int rounds = 2;
        boolean durationGiven = false;
        int reports = 5_000;
        List<String> peers = List.of("flowable", "dbos");
        boolean reconcile = false;
        boolean reconcilePath = false;
        boolean quality = false;
        Integer reconcileLines = null;
        boolean metrics = false;
        Integer pain001 = null;
        Integer invoices = null;
        Integer forecastItems = null;
        Integer consoleInstances = null;
        int consoleSamples = 200;
        boolean stateRead = false;
        Integer soakMinutes = null;
        double soakFraction = 0.8;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seconds" -> {
                    duration = Duration.ofSeconds(Long.parseLong(args[++i]));
                    durationGiven = true;
                }
                case "--producers" -> producers = parseList(args[++i]);
                case "--smoke" -> duration = Duration.ofSeconds(1);
                case "--expense" -> expense = true;
                case "--nodes" -> expenseNodes = parseList(args[++i]);
                case "--reports" -> reports = Integer.parseInt(args[++i]);
                case "--auth" -> auth = true;
                case "--clients" -> clients = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--peers" -> peers = args[++i].equals("none") ? List.of() : List.of(args[i].split(","));
                case "--reconcile" -> reconcile = true;
                case "--reconcile-path" -> reconcilePath = true;
                case "--lines" -> reconcileLines = Integer.parseInt(args[++i]);
                case "--quality" -> quality = true;
                case "--metrics" -> metrics = true;
                case "--pain001" -> pain001 = pain001 == null ? 10_000 : pain001;
                case "--payments" -> pain001 = Integer.parseInt(args[++i]);
                case "--invoices" -> invoices = Integer.parseInt(args[++i]);
                case "--forecast" -> forecastItems = forecastItems == null ? 100_000 : forecastItems;
                case "--items" -> forecastItems = Integer.parseInt(args[++i]);
                case "--console" -> consoleInstances = consoleInstances == null ? 100_000 : consoleInstances;
                case "--instances" -> consoleInstances = Integer.parseInt(args[++i]);
                case "--samples" -> consoleSamples = Integer.parseInt(args[++i]);
                case "--state-read" -> stateRead = true;
                case "--soak" -> soakMinutes = soakMinutes == null ? 10 : soakMinutes;
                case "--minutes" -> soakMinutes = Integer.parseInt(args[++i]);
                case "--fraction" -> soakFraction = Double.parseDouble(args[++i]);
                default -> {
                    System.err.println("usage: bin/finrelay bench [--seconds N] [--producers 1,8] [--peers flowable,dbos|none] [--smoke]\n"
                            + "       bin/finrelay bench --expense [--reports N] [--producers 8] [--seconds N]\n"
                            + "       bin/finrelay bench --expense --nodes 1,2,3 [--reports N] [--producers 8]\n"
                            + "       bin/finrelay bench --auth [--clients 8] [--seconds 10] [--rounds 2]\n"
                            + "       bin/finrelay bench --metrics [--producers 8] [--seconds 20] [--rounds 2]\n"
                            + "       bin/finrelay bench --reconcile [--lines 1000000] [--quality]\n"
                            + "       bin/finrelay bench --reconcile-path [--lines 100000]\n"
                            + "       bin/finrelay bench --pain001 [--payments 10000]\n"
                            + "       bin/finrelay bench --invoices 1000 [--producers 8] [--seconds N]\n"
                            + "       bin/finrelay bench --forecast [--items 100000] (and a tenth as many scheduled payments)\n"
                            + "       bin/finrelay bench --console [--instances 100000] [--samples 200]\n"
                            + "       bin/finrelay bench --state-read [--rounds 2] (a stored state read before and since versioning)\n"
                            + "       bin/finrelay bench --soak [--minutes 10] [--fraction 0.8] [--reports 300] [--producers 8]");
                    System.exit(2);
                }
            }
        }
        if (soakMinutes != null) {
            int p = producers == null ? 8 : producers.getFirst();
            int maxReports = reports == 5_000 ? 300 : reports;
            System.out.println(SoakBench.report(new SoakBench(Duration.ofMinutes(soakMinutes), soakFraction, p, maxReports).run()));
        } else if (stateRead) {
            System.out.println(StateReadBench.report(StateReadBench.run(100_000, rounds + 3)));
        } else if (consoleInstances != null) {
            System.out.println(ConsoleBench.report(ConsoleBench.run(consoleInstances, consoleSamples)));
        } else if (forecastItems != null) {
            System.out.println(ForecastBench.report(ForecastBench.run(forecastItems, forecastItems / 10, rounds + 3)));
        } else if (invoices != null) {
            Invoices result = invoices(duration, producers == null ? 8 : producers.getFirst(), invoices);
            System.out.println(report(result, duration));
        } else if (pain001 != null) {
            System.out.println(Pain001Bench.report(Pain001Bench.run(pain001, rounds + 3)));
        } else if (metrics) {
            MetricsOverhead result = metricsOverhead(duration, producers == null ? 8 : producers.getFirst(), rounds);
            System.out.println(report(result));
        } else if (reconcilePath) {
            System.out.println(ReconcilePathBench.report(ReconcilePathBench.run(reconcileLines == null ? 100_000 : reconcileLines)));
        } else if (reconcile) {
            System.out.println(ReconcileBench.report(ReconcileBench.run(reconcileLines == null ? 1_000_000 : reconcileLines, quality)));
        } else if (auth) {
            Duration measured = durationGiven || duration.toSeconds() < 5 ? duration : Duration.ofSeconds(10);
            AuthBench.Result result = auth(clients, measured, rounds);
            System.out.println(report(result));
        } else if (expense && expenseNodes != null) {
            int p = producers == null ? 8 : producers.getFirst();
            System.out.println(reportNodes(expenseNodes(p, reports, expenseNodes)));
        } else if (expense) {
            int p = producers == null ? 8 : producers.getFirst();
            Expense result = expense(duration, p, reports);
            System.out.println(report(result, duration));
        } else {
            EngineRun result = engineWithPeers(duration, producers == null ? List.of(1, 8) : producers, peers);
            System.out.println(report(result, duration));
        }
    }

    /** The engine with metrics off and on (the server's Micrometer binding, Prometheus registry), in rounds. */
    record MetricsOverhead(int producers, int rounds, List<EngineBench.Result> off, List<EngineBench.Result> on,
                           Duration duration) {
        double best(List<EngineBench.Result> results) {
            return results.stream().mapToDouble(EngineBench.Result::transitionsPerSecond).max().orElse(0);
        }

        double ratio() {
            return best(on) / best(off);
        }
    }

    /**
     * Measures the engine at {@code producers} with metrics off and on, alternating, {@code rounds} times
     * each on fresh databases of the same PostgreSQL after one warm-up; the best of each counts.
     */
    static MetricsOverhead metricsOverhead(Duration duration, int producers, int rounds) throws Exception {
        List<EngineBench.Result> off = new ArrayList<>();
        List<EngineBench.Result> on = new ArrayList<>();
        try (BenchDatabase databases = new BenchDatabase()) {
            System.err.println("metrics overhead: the engine at " + producers + " producers, metrics off and on in turns, "
                    + rounds + " round(s) of " + duration.toSeconds() + " s each, on " + databases.describe());
            warmUp(databases, duration, List.of(producers));
            io.micrometer.prometheusmetrics.PrometheusMeterRegistry registry =
                    new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT);
            EngineBench without = new EngineBench(databases, duration);
            EngineBench with = new EngineBench(databases, duration, new io.finrelay.server.metrics.MicrometerEngineMetrics(
                    registry, new io.finrelay.server.metrics.TenantTags(200)));
            for (int r = 0; r < rounds; r++) {
                boolean onFirst = r % 2 == 1;
                for (EngineBench bench : onFirst ? List.of(with, without) : List.of(without, with)) {
                    EngineBench.Result result = bench.run(producers);
                    (bench == with ? on : off).add(result);
                    System.err.printf(Locale.ROOT, "  round %d, metrics %s: %.0f transitions/s (raw %.0f commits/s)%n", r + 1,
                            bench == with ? "on" : "off", result.transitionsPerSecond(), result.rawCommitsPerSecond());
                }
            }
            if (!registry.scrape().contains("finrelay_transitions_total")) {
                throw new IllegalStateException("metrics on, but the registry counted no transition");
            }
        }
        return new MetricsOverhead(producers, rounds, off, on, duration);
    }

    static String report(MetricsOverhead r) {
        StringBuilder out = new StringBuilder(machine(r.duration()));
        out.append("| producers | rounds (best counts) | metrics off transitions/s | metrics on transitions/s | ratio (goal >= 0.95) |\n");
        out.append("|---:|---:|---:|---:|---:|\n");
        out.append(String.format(Locale.ROOT, "| %d | %d | %.0f | %.0f | %.3fx |%n", r.producers(), r.rounds(), r.best(r.off()),
                r.best(r.on()), r.ratio()));
        return out.toString();
    }

    /** Runs the authentication benchmark; measurements of 5 s or more are preceded by a 5 s warm-up each. */
    static AuthBench.Result auth(int clients, Duration duration, int rounds) throws Exception {
        Duration warmUp = duration.toSeconds() < 5 ? Duration.ZERO : Duration.ofSeconds(5);
        System.err.println("authentication benchmark: " + clients + " clients read one vendor by id, " + duration.toSeconds()
                + " s per measurement after " + warmUp.toSeconds() + " s warm-up, a fresh in-process server each on the "
                + "same embedded PostgreSQL data, " + rounds + " round(s), the best of each counts");
        return new AuthBench(clients, duration, warmUp, rounds).run();
    }

    static String report(AuthBench.Result r) {
        StringBuilder out = new StringBuilder(machine(r.duration()));
        out.append("| clients | rounds (best counts) | security on reads/s | security off reads/s | ratio (goal >= 0.8) | "
                + "security on + rate limiter reads/s | ratio to security on |\n");
        out.append("|---:|---:|---:|---:|---:|---:|---:|\n");
        out.append(String.format(Locale.ROOT, "| %d | %d | %.0f | %.0f | %.2fx | %.0f | %.2fx |%n", r.clients(), r.rounds(),
                r.rate(AuthBench.Mode.SECURITY_ON), r.rate(AuthBench.Mode.SECURITY_OFF), r.securityRatio(),
                r.rate(AuthBench.Mode.RATE_LIMITED), r.limiterRatio()));
        return out.toString();
    }

    /** The end-to-end expense figure and, in the same run, the engine's (same producers, before it). */
    record Expense(EngineBench.Result engine, ExpenseBench.Result expense) {
        double ratio() {
            return expense.transitionsPerSecond() / engine.transitionsPerSecond();
        }
    }

    static Expense expense(Duration engineDuration, int producers, int reports) throws Exception {
        EngineBench.Result engine = run(engineDuration, List.of(producers)).getFirst();
        System.err.println("expense benchmark: " + reports + " reports, " + producers + " producers, in-process server on "
                + "its embedded PostgreSQL (durability on), zero-latency sandbox peers");
        ExpenseBench.Result result = new ExpenseBench(reports, producers).run();
        System.err.printf(Locale.ROOT, "  %d reports paid in %.1f s: %.1f reports/s, %.0f transitions/s (%.2fx the engine's %.0f)%n",
                result.reports(), result.seconds(), result.reportsPerSecond(), result.transitionsPerSecond(),
                result.transitionsPerSecond() / engine.transitionsPerSecond(), engine.transitionsPerSecond());
        return new Expense(engine, result);
    }

    /**
     * Expense reports end to end with 1, 2, 3... server nodes on one database (a fresh embedded PostgreSQL
     * and fresh nodes for each count), one after the other, the same reports and producers for each, after
     * one uncounted warm-up run when more than one count is measured.
     */
    static List<ExpenseBench.Result> expenseNodes(int producers, int reports, List<Integer> nodes) throws Exception {
        List<ExpenseBench.Result> results = new ArrayList<>();
        if (nodes.size() > 1) {
            // The nodes run in this JVM: the first measurement would pay the JIT's warm-up for all the others
            // (measured: one node, 4.5 reports/s cold, 13.0 after the 2- and 3-node runs). One run, not counted, first.
            System.err.println("warm-up (not counted): one node, " + Math.min(reports, 300) + " reports");
            new ExpenseBench(Math.min(reports, 300), producers, 1).run();
        }
        for (int n : nodes) {
            System.err.println("expense benchmark on " + n + " node(s) sharing one embedded PostgreSQL (durability on): "
                    + reports + " reports, " + producers + " producers, zero-latency sandbox peers");
            ExpenseBench.Result result = new ExpenseBench(reports, producers, n).run();
            System.err.printf(Locale.ROOT, "  %d node(s): %d reports paid in %.1f s: %.1f reports/s, CPU %.2f of %d cores busy%n",
                    n, result.reports(), result.seconds(), result.reportsPerSecond(), result.cpu().machineBusy(),
                    result.cpu().cores());
            results.add(result);
        }
        return results;
    }

    static String reportNodes(List<ExpenseBench.Result> results) {
        // No engine measurement in this mode: the machine line without its engine duration.
        StringBuilder out = new StringBuilder(machine(Duration.ZERO).replace("; 0 s per engine measurement", ""));
        out.append("| nodes | producers | reports | seconds | reports/s | vs 1 node | transitions per report | "
                + "commits per report | CPU cores busy (JVM + rest) |\n");
        out.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        double single = results.stream().filter(r -> r.nodes() == 1).mapToDouble(ExpenseBench.Result::reportsPerSecond)
                .findFirst().orElse(Double.NaN);
        for (ExpenseBench.Result x : results) {
            String relative = Double.isNaN(single) ? "n/a" : String.format(Locale.ROOT, "%.2fx", x.reportsPerSecond() / single);
            out.append(String.format(Locale.ROOT, "| %d | %d | %d | %.1f | %.1f | %s | %.1f | %.1f | %.2f of %d (%.2f + %.2f) |%n",
                    x.nodes(), x.producers(), x.reports(), x.seconds(), x.reportsPerSecond(), relative,
                    (double) x.transitions() / x.reports(), x.commitsPerReport(), x.cpu().machineBusy(), x.cpu().cores(),
                    x.cpu().jvm(), x.cpu().rest()));
        }
        out.append(String.format(Locale.ROOT, "%nEvery run counted each report once at every peer (journal, clearing, released "
                + "obligation, settled payment, PAID status).%n"));
        return out.toString();
    }

    record Invoices(EngineBench.Result engine, InvoiceBench.Result invoices) {
        double ratio() {
            return invoices.transitionsPerSecond() / engine.transitionsPerSecond();
        }
    }

    /** The engine at {@code producers} for {@code engineDuration}, then supplier invoices end to end, in the same run. */
    static Invoices invoices(Duration engineDuration, int producers, int invoices) throws Exception {
        EngineBench.Result engine = run(engineDuration, List.of(producers)).getFirst();
        System.err.println("invoice benchmark: " + invoices + " supplier invoices, " + producers + " producers, in-process "
                + "server on its embedded PostgreSQL (durability on), zero-latency sandbox peers");
        InvoiceBench.Result result = new InvoiceBench(invoices, producers).run();
        System.err.printf(Locale.ROOT, "  %d invoices paid in %.1f s: %.1f invoices/s, %.0f transitions/s (%.2fx the engine's %.0f)%n",
                result.invoices(), result.seconds(), result.invoicesPerSecond(), result.transitionsPerSecond(),
                result.transitionsPerSecond() / engine.transitionsPerSecond(), engine.transitionsPerSecond());
        return new Invoices(engine, result);
    }

    static String report(Invoices r, Duration engineDuration) {
        InvoiceBench.Result x = r.invoices();
        StringBuilder out = new StringBuilder(machine(engineDuration));
        out.append("| producers | invoices | seconds (upload to paid) | invoices/s | transitions per invoice | transitions/s | "
                + "engine transitions/s | ratio | payment run to all paid |\n");
        out.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        out.append(String.format(Locale.ROOT, "| %d | %d | %.1f | %.1f | %.1f | %.0f | %.0f | %.2fx | %.1f s |%n", x.producers(),
                x.invoices(), x.seconds(), x.invoicesPerSecond(), (double) x.transitions() / x.invoices(),
                x.transitionsPerSecond(), r.engine().transitionsPerSecond(), r.ratio(), x.runSeconds()));
        out.append(String.format(Locale.ROOT, "%nCounted at the ERP: %d supplier invoices posted, no violation.%n", x.postedAtErp()));
        return out.toString();
    }

    static String report(Expense e, Duration engineDuration) {
        ExpenseBench.Result x = e.expense();
        EngineBench.Result g = e.engine();
        StringBuilder out = new StringBuilder(machine(engineDuration));
        out.append("| producers | reports | seconds | reports/s | transitions per report | transitions/s | "
                + "engine transitions/s (raw commits/s) | ratio | commits per report | of which wrote | four-eyes releases | "
                + "CPU cores busy (JVM + rest) |\n");
        out.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        out.append(String.format(Locale.ROOT, "| %d | %d | %.1f | %.1f | %.1f | %.0f | %.0f (%.0f) | %.2fx | %.1f | %.1f | %d | "
                        + "%.2f of %d (%.2f + %.2f) |%n", x.producers(), x.reports(), x.seconds(), x.reportsPerSecond(),
                (double) x.transitions() / x.reports(), x.transitionsPerSecond(), g.transitionsPerSecond(),
                g.rawCommitsPerSecond(), e.ratio(), x.commitsPerReport(), x.writesPerReport(), x.fourEyesReleases(),
                x.cpu().machineBusy(),
                x.cpu().cores(), x.cpu().jvm(), x.cpu().rest()));
        BenchChecks.Peers p = x.peers();
        out.append(String.format(Locale.ROOT, "%nCounted at the peers: %d journals, %d clearings, %d released obligations, "
                + "%d settled payments, %d PAID statuses; in the database: %d Reimbursed, %d transitions.%n", p.journals(),
                p.clearings(), p.releasedObligations(), p.settledPayments(), p.paidStatuses(), x.reports(), x.transitions()));
        return out.toString();
    }

    /**
     * A measurement must not depend on what ran before it in the JVM: without this, the first one
     * runs on cold JIT code (measured: 8 producers alone gave 0.40x, after a 1-producer run 0.64x).
     * Smoke runs (under 5 s) skip it.
     */
    private static void warmUp(BenchDatabase databases, Duration duration, List<Integer> producers) throws Exception {
        if (duration.toSeconds() < 5) {
            return;
        }
        int most = producers.stream().mapToInt(Integer::intValue).max().orElse(1);
        System.err.println("  warming up (5 s, not measured)");
        new EngineBench(databases, Duration.ofSeconds(5)).run(most);
    }

    static List<EngineBench.Result> run(Duration duration, List<Integer> producers) throws Exception {
        return engineWithPeers(duration, producers, List.of()).engine();
    }

    /** The engine's measurements and, at the most producers, the peers' in the same run. */
    record EngineRun(List<EngineBench.Result> engine, List<PeerBench.Result> peers) {}

    /**
     * Measures the engine at each producer count, then each named peer ({@code flowable}, {@code dbos})
     * at the highest count against the raw commit rate of that same measurement, each on a fresh
     * database of the same PostgreSQL, each after the same warm-up as the engine.
     */
    static EngineRun engineWithPeers(Duration duration, List<Integer> producers, List<String> peerNames) throws Exception {
        List<EngineBench.Result> results = new ArrayList<>();
        List<PeerBench.Result> peerResults = new ArrayList<>();
        try (BenchDatabase databases = new BenchDatabase()) {
            System.err.println("engine benchmark on " + databases.describe() + ", " + duration.toSeconds() + " s per measurement");
            EngineBench bench = new EngineBench(databases, duration);
            warmUp(databases, duration, producers);
            for (int p : producers) {
                EngineBench.Result result = bench.run(p);
                System.err.printf(Locale.ROOT, "  %d producer(s): raw %.0f commits/s, engine %.0f transitions/s (%.2fx), "
                                + "%.0f workflows/s (%.2fx)%n", p, result.rawCommitsPerSecond(), result.transitionsPerSecond(),
                        result.ratio(), result.workflowsPerSecond(), result.workflowsPerSecond() / result.rawCommitsPerSecond());
                results.add(result);
            }
            EngineBench.Result most = results.stream().max(java.util.Comparator.comparingInt(EngineBench.Result::producers))
                    .orElseThrow();
            for (String name : peerNames) {
                PeerBench peer = peer(name, databases, duration);
                if (duration.toSeconds() >= 5) {
                    System.err.println("  " + peer.name() + ": warming up (5 s, not measured)");
                    peer(name, databases, Duration.ofSeconds(5)).run(most.producers(), most.rawCommitsPerSecond());
                }
                PeerBench.Result r = peer.run(most.producers(), most.rawCommitsPerSecond());
                System.err.printf(Locale.ROOT, "  %s, %d producer(s): %.0f workflows/s (%.3fx the raw commits; Finrelay %.1fx it)%n",
                        r.peer(), r.producers(), r.workflowsPerSecond(), r.ratio(),
                        most.workflowsPerSecond() / r.workflowsPerSecond());
                peerResults.add(r);
            }
        }
        return new EngineRun(results, peerResults);
    }

    private static PeerBench peer(String name, BenchDatabase databases, Duration duration) {
        return switch (name.trim()) {
            case "flowable" -> new FlowablePeer(databases, duration);
            case "dbos" -> new DbosPeer(databases, duration);
            default -> throw new IllegalArgumentException("unknown peer " + name + ": flowable, dbos or none");
        };
    }

    static String report(EngineRun run, Duration duration) {
        StringBuilder out = new StringBuilder(report(run.engine(), duration));
        if (run.peers().isEmpty()) {
            return out.toString();
        }
        EngineBench.Result most = run.engine().stream()
                .max(java.util.Comparator.comparingInt(EngineBench.Result::producers)).orElseThrow();
        out.append(String.format(Locale.ROOT, "%nThe same three-step workflow on peers, same run, same PostgreSQL, %d producers "
                + "(raw insert+commit/s of this run: %.0f):%n%n", most.producers(), most.rawCommitsPerSecond()));
        out.append("| engine | configuration | workflows/s | ratio to raw commits | Finrelay is | commits per workflow |\n");
        out.append("|---|---|---:|---:|---:|---:|\n");
        out.append(String.format(Locale.ROOT, "| Finrelay | sealer on, durability on | %.0f | %.3fx | 1.0x | %.2f |%n",
                most.workflowsPerSecond(), most.workflowsPerSecond() / most.rawCommitsPerSecond(), most.commitsPerWorkflow()));
        for (PeerBench.Result r : run.peers()) {
            out.append(String.format(Locale.ROOT, "| %s | %s | %.0f | %.3fx | %.1fx | %.2f |%n", r.peer(), r.configuration(),
                    r.workflowsPerSecond(), r.ratio(), most.workflowsPerSecond() / r.workflowsPerSecond(),
                    r.commitsPerWorkflow()));
        }
        return out.toString();
    }

    static String report(List<EngineBench.Result> results, Duration duration) {
        StringBuilder out = new StringBuilder(machine(duration));
        out.append("| producers | raw insert+commit/s (limit) | engine transitions/s | ratio | workflows/s | workflows/s ratio | commits per workflow (3 transitions) |\n");
        out.append("|---:|---:|---:|---:|---:|---:|---:|\n");
        for (EngineBench.Result r : results) {
            out.append(String.format(Locale.ROOT, "| %d | %.0f | %.0f | %.2fx | %.0f | %.3fx | %.2f |%n", r.producers(),
                    r.rawCommitsPerSecond(), r.transitionsPerSecond(), r.ratio(), r.workflowsPerSecond(),
                    r.workflowsPerSecond() / r.rawCommitsPerSecond(), r.commitsPerWorkflow()));
        }
        return out.toString();
    }

    private static String machine(Duration duration) {
        return String.format(Locale.ROOT, "Machine: %d cores, %d MiB max heap, %s %s, Java %s; date %s; %d s per engine measurement%n%n",
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() / (1024 * 1024),
                System.getProperty("os.name"), System.getProperty("os.arch"), System.getProperty("java.version"),
                LocalDate.now(java.time.Clock.systemUTC()), duration.toSeconds());
    }

    private static List<Integer> parseList(String text) {
        List<Integer> values = new ArrayList<>();
        for (String part : text.split(",")) {
            values.add(Integer.parseInt(part.trim()));
        }
        return values;
    }
}
