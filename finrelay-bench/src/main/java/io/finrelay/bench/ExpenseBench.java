package io.finrelay.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariDataSource;
import io.finrelay.engine.db.Database;
import io.finrelay.sandbox.Sandbox;
import io.finrelay.server.FinrelayServer;
import io.finrelay.sandbox.world.Api;
import io.finrelay.sandbox.world.DemoData;
import io.finrelay.demo.DemoLauncher;
import io.finrelay.server.security.ApiKeys;
import io.finrelay.server.tenancy.Tenants;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Expense reports per second, end to end: the Finrelay server in-process (its embedded PostgreSQL on
 * a temporary data directory, durability on as shipped, the demo off, a random port), the sandbox
 * peers in-process with zero latency, a tenant set up as the demo sets one up. Producers put approved
 * reports into the simulated expense platform, which announces each with a signed webhook; Finrelay
 * fetches the report, validates, posts the journal, schedules the obligation; two treasurers release
 * through the API (four eyes above the threshold); the bank's signed status webhooks settle it; the
 * payable is cleared and the status reported back. The clock stops when the database says every
 * report is Reimbursed, and the result is counted from the database and the peers' own records.
 */
final class ExpenseBench {
    static final String TYPE = "expense-reimbursement";

    /** One run. Rates are per second of the measured interval (first report sent to last report paid). */
    record Result(int nodes, int reports, int producers, double seconds, double reportsPerSecond, long transitions,
                  double transitionsPerSecond, double commitsPerReport, double writesPerReport, long fourEyesReleases,
                  BenchChecks.Peers peers,
                  BenchStats.Cpu cpu) {}

    private final int nodes;
    private final int reports;
    private final int producers;
    private final int batch;
    /** The benchmark's own transactions in the measured interval (its polls), left out of the commit count. */
    private long ownQueries;
    private final java.util.concurrent.atomic.AtomicReference<RuntimeException> producerFailure =
            new java.util.concurrent.atomic.AtomicReference<>();

    ExpenseBench(int reports, int producers) {
        this(reports, producers, 1);
    }

    /**
     * With {@code nodes} server nodes on one database: the first starts the embedded PostgreSQL, the
     * others are started on it as on an external database (same key files, ids of their own), each with
     * its own engine, dispatchers and HTTP port, in this JVM. The peers' webhooks go to the first node (the
     * sandbox has one subscriber per URL and no load balancer); the treasurers' releases go to the nodes in
     * turn; the outbox work is claimed by every node's dispatchers.
     */
    ExpenseBench(int reports, int producers, int nodes) {
        if (nodes < 1) {
            throw new IllegalArgumentException("at least one node, got " + nodes);
        }
        this.nodes = nodes;
        this.reports = reports;
        this.producers = producers;
        this.batch = Integer.getInteger("bench.expense.batch", 25);
    }

    Result run() throws Exception {
        Path dir = Files.createTempDirectory("finrelay-expense-bench");
        List<ConfigurableApplicationContext> servers = new ArrayList<>();
        try (Sandbox sandbox = Sandbox.start(Clock.systemUTC(), 0)) {
            ConfigurableApplicationContext first = startServer(dir, "bench");
            servers.add(first);
            HikariDataSource shared = first.getBean(HikariDataSource.class);
            for (int n = 2; n <= nodes; n++) {
                servers.add(startServer(dir, "bench-" + n, "--finrelay.db.url=" + shared.getJdbcUrl(),
                        "--finrelay.db.user=" + shared.getUsername(), "--finrelay.db.password=" + nullToEmpty(shared.getPassword())));
            }
            return measure(servers, sandbox);
        } finally {
            // The nodes on the first one's database stop first; the first stops its PostgreSQL last.
            for (ConfigurableApplicationContext server : servers.reversed()) {
                server.close();
            }
            deleteTree(dir);
        }
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }

    static ConfigurableApplicationContext startServer(Path dir, String node, String... more) {
        SpringApplication app = new SpringApplication(FinrelayServer.class);
        // All peers, producers and treasurers call from one address at hundreds of requests a second.
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--finrelay.data-dir=" + dir.resolve("postgres"),
                "--finrelay.demo.enabled=false", "--finrelay.peers.allowed-hosts=localhost,127.0.0.1",
                "--finrelay.node-id=" + node, "--finrelay.api.rate-limit.enabled=false"));
        args.addAll(List.of(more));
        return app.run(args.toArray(String[]::new));
    }

    private static String base(ConfigurableApplicationContext server) {
        return "http://localhost:" + server.getEnvironment().getProperty("local.server.port");
    }

    private Result measure(List<ConfigurableApplicationContext> servers, Sandbox sandbox) throws Exception {
        ConfigurableApplicationContext server = servers.getFirst();
        String base = base(server);
        Clock clock = server.getBean(Clock.class);
        DemoLauncher.Identity identity = DemoLauncher.createTenant(server.getBean(Database.class),
                server.getBean(Tenants.class), server.getBean(ApiKeys.class), clock, "ACME Logistik (benchmark)");
        Api api = new Api(base, identity.key());
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        DemoData.World world = DemoData.setUp(api, identity.tenantId(), today);
        DemoLauncher.connectPeers(api, base, identity.tenantId(), world, sandbox.urls());
        List<ObjectNode> all = BenchReports.make(reports, world, today, clock.instant());
        HikariDataSource ds = server.getBean(HikariDataSource.class);
        UUID tenant = UUID.fromString(identity.tenantId());
        Api platform = new Api(sandbox.urls().get("expense-platform"), null);

        BenchStats.Cpu.Sample cpuBefore = BenchStats.Cpu.sample();
        long commitsBefore = BenchStats.commits(ds);
        long writesBefore = BenchStats.writeTransactions(ds);
        long start = System.nanoTime();
        ReleaseDesk desk;
        List<Api> apis = servers.stream().map(node -> new Api(base(node), identity.key())).toList();
        try (ReleaseDesk d = new ReleaseDesk(apis, identity.tenantId(), producers).start()) {
            desk = d;
            List<Thread> threads = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                List<ObjectNode> share = new ArrayList<>();
                for (int i = p; i < all.size(); i += producers) {
                    share.add(all.get(i));
                }
                threads.add(Thread.ofPlatform().name("producer-" + p).start(() -> {
                    try {
                        produce(platform, sandbox, share);
                    } catch (RuntimeException e) {
                        producerFailure.compareAndSet(null, e);
                    }
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
            if (producerFailure.get() != null) {
                throw producerFailure.get();
            }
            awaitReimbursed(ds, tenant, desk);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long commits = BenchStats.commits(ds) - commitsBefore - ownQueries;
        long writes = BenchStats.writeTransactions(ds) - writesBefore - 1;
        BenchStats.Cpu cpu = BenchStats.Cpu.since(cpuBefore);
        if (Boolean.getBoolean("bench.stats")) {
            BenchStats.print(ds, tenant, desk, cpu);
        }
        long transitions = BenchChecks.transitions(ds, tenant);
        BenchChecks.Peers peers = BenchChecks.verify(ds, tenant, sandbox.urls(), all);
        return new Result(nodes, reports, producers, seconds, reports / seconds, transitions, transitions / seconds,
                (double) commits / reports, (double) writes / reports, desk.secondReleases(), peers, cpu);
    }

    /**
     * One producer: puts a batch of approved reports into the expense platform (which delivers their
     * signed webhooks one after the other, in the background) and, before the next, waits while as many
     * batches as there are producers are still being delivered, so that fewer than two batches per producer
     * wait. It asks the sandbox in this JVM, not Finrelay: producers that polled the database for their last
     * report every 5 ms made most of the run's transactions (43,000 of 51,000 in a 300-report run).
     */
    private void produce(Api platform, Sandbox sandbox, List<ObjectNode> share) {
        for (int from = 0; from < share.size(); from += batch) {
            List<ObjectNode> part = share.subList(from, Math.min(share.size(), from + batch));
            platform.post("/_sandbox/reports", part).require(202);
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (sandbox.expenseWebhooksPending() >= producers) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the expense platform's webhooks were not taken within 2 minutes");
                }
                pause(5);
            }
        }
    }

    /**
     * Polls the database until every report is Reimbursed; stops early on a stuck report or a refused release.
     * Each poll is one transaction, counted in {@link #ownQueries} and left out of the commits per report.
     */
    private void awaitReimbursed(HikariDataSource ds, UUID tenant, ReleaseDesk desk) throws SQLException {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (true) {
            ownQueries++;
            BenchChecks.Progress progress = BenchChecks.progress(ds, tenant);
            if (progress.reimbursed() >= reports) {
                return;
            }
            if (progress.stuck() > 0 || desk.failure() != null || System.nanoTime() > deadline) {
                throw new IllegalStateException("not every report was paid: " + progress
                        + (desk.failure() != null ? "; " + desk.failure().getMessage() : ""));
            }
            pause(20);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static long count(HikariDataSource ds, String sql, UUID tenant) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, tenant);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
