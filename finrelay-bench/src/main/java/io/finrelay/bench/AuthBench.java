package io.finrelay.bench;

import io.finrelay.engine.db.Database;
import io.finrelay.server.FinrelayServer;
import io.finrelay.sandbox.world.Api;
import io.finrelay.demo.DemoLauncher;
import io.finrelay.server.security.ApiKeys;
import io.finrelay.server.tenancy.Tenants;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What authentication and authorisation cost: requests per second of one authenticated read (a
 * vendor by id) with security on, the same read with security off (the server started with the benchmark's
 * {@link UnauthenticatedReads} in place of authentication, every request admitted as the tenant's admin) and with security and the rate limiter on (its limits
 * set so high that it never refuses, so that only its cost shows). Each is a fresh server on the same
 * embedded PostgreSQL data (durability on as shipped), warmed up before it is measured; the clients
 * run in the same JVM and share the machine with it, the same for all three. Several rounds, each
 * starting with another mode, and the best round of each mode counts: the first server of a JVM
 * runs on colder code (measured: security on, first in the JVM, 1138 reads/s; the same, last in the
 * second round, 3409 reads/s).
 */
final class AuthBench {
    enum Mode {
        SECURITY_ON("security on"),
        SECURITY_OFF("security off"),
        RATE_LIMITED("security on, rate limiter on (limits set high)");

        final String label;

        Mode(String label) {
            this.label = label;
        }
    }

    record Measurement(Mode mode, long requests, double seconds) {
        double requestsPerSecond() {
            return requests / seconds;
        }
    }

    record Result(int clients, Duration duration, Map<Mode, List<Measurement>> measurements) {
        /** The best round's reads per second. */
        double rate(Mode mode) {
            return measurements.get(mode).stream().mapToDouble(Measurement::requestsPerSecond).max().orElseThrow();
        }

        int rounds() {
            return measurements.values().iterator().next().size();
        }

        /** Security on next to security off: the goal is at least 0.8. */
        double securityRatio() {
            return rate(Mode.SECURITY_ON) / rate(Mode.SECURITY_OFF);
        }

        /** The rate limiter's cost, next to security on without it. */
        double limiterRatio() {
            return rate(Mode.RATE_LIMITED) / rate(Mode.SECURITY_ON);
        }
    }

    /** The tenant, its key and the vendor every client reads. */
    private record Target(String tenantId, String key, String path) {}

    private final int clients;
    private final Duration duration;
    private final Duration warmUp;
    private final int rounds;

    AuthBench(int clients, Duration duration, Duration warmUp, int rounds) {
        this.clients = clients;
        this.duration = duration;
        this.warmUp = warmUp;
        this.rounds = rounds;
    }

    Result run() throws Exception {
        Path dir = Files.createTempDirectory("finrelay-auth-bench");
        try {
            Map<Mode, List<Measurement>> measurements = new java.util.EnumMap<>(Mode.class);
            Target target = null;
            Mode[] modes = Mode.values();
            for (int round = 0; round < rounds; round++) {
                for (int i = 0; i < modes.length; i++) {
                    Mode mode = modes[(round + i) % modes.length];
                    try (ConfigurableApplicationContext server = start(dir, mode, target)) {
                        String base = "http://localhost:" + server.getEnvironment().getProperty("local.server.port");
                        if (target == null) {
                            target = setUp(server, base);
                        }
                        Measurement m = measure(base, target, mode);
                        System.err.printf(java.util.Locale.ROOT, "  round %d, %s: %d reads in %.1f s, %.0f reads/s%n",
                                round + 1, mode.label, m.requests(), m.seconds(), m.requestsPerSecond());
                        measurements.computeIfAbsent(mode, k -> new ArrayList<>()).add(m);
                    }
                }
            }
            return new Result(clients, duration, measurements);
        } finally {
            deleteTree(dir);
        }
    }

    private static ConfigurableApplicationContext start(Path dir, Mode mode, Target target) {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--finrelay.data-dir=" + dir.resolve("postgres"),
                "--finrelay.demo.enabled=false", "--finrelay.node-id=bench"));
        switch (mode) {
            case SECURITY_ON -> args.add("--finrelay.api.rate-limit.enabled=false");
            case SECURITY_OFF -> {
                args.add("--finrelay.api.rate-limit.enabled=false");
                UnauthenticatedReads.tenant = target.tenantId();
            }
            case RATE_LIMITED -> args.addAll(List.of("--finrelay.api.rate-limit.enabled=true",
                    "--finrelay.api.rate-limit.requests-per-second=1000000000", "--finrelay.api.rate-limit.burst=1000000000",
                    "--finrelay.api.rate-limit.per-address.requests-per-second=1000000000",
                    "--finrelay.api.rate-limit.per-address.burst=1000000000"));
        }
        SpringApplication server = mode == Mode.SECURITY_OFF
                ? new SpringApplication(FinrelayServer.class, UnauthenticatedReads.class)
                : new SpringApplication(FinrelayServer.class);
        return server.run(args.toArray(String[]::new));
    }

    private static Target setUp(ConfigurableApplicationContext server, String base) {
        DemoLauncher.Identity identity = DemoLauncher.createTenant(server.getBean(Database.class),
                server.getBean(Tenants.class), server.getBean(ApiKeys.class), server.getBean(Clock.class),
                "Kranich Spedition (benchmark)");
        Api api = new Api(base, identity.key());
        String tenant = "/v1/tenants/" + identity.tenantId();
        String legalEntity = api.post(tenant + "/legal-entities", Map.of("name", "Kranich Spedition GmbH",
                "country", "DE", "functionalCurrency", "EUR")).require(201).body().get("id").asText();
        String vendor = api.post(tenant + "/vendors", Map.of("legalEntityId", legalEntity,
                "name", "Hotel Adlon Kempinski Berlin", "country", "DE", "active", true,
                "bankAccount", Map.of("iban", "DE75512108001245126199", "holderName", "Hotel Adlon GmbH")))
                .require(201).body().get("id").asText();
        return new Target(identity.tenantId(), identity.key(), tenant + "/vendors/" + vendor);
    }

    private Measurement measure(String base, Target target, Mode mode) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + target.path())).GET();
        if (mode != Mode.SECURITY_OFF) {
            builder.header("Authorization", "Bearer " + target.key());
        }
        HttpRequest read = builder.build();
        if (!warmUp.isZero()) {
            load(http, read, warmUp);
        }
        long start = System.nanoTime();
        long requests = load(http, read, duration);
        return new Measurement(mode, requests, (System.nanoTime() - start) / 1e9);
    }

    /** Every client reads in a loop until the time is up; returns the reads done. Any answer but 200 fails the run. */
    private long load(HttpClient http, HttpRequest read, Duration time) throws InterruptedException {
        LongAdder done = new LongAdder();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        long deadline = System.nanoTime() + time.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            threads.add(Thread.ofPlatform().name("auth-client-" + i).start(() -> {
                try {
                    while (System.nanoTime() < deadline && failure.get() == null) {
                        HttpResponse<byte[]> answer = http.send(read, HttpResponse.BodyHandlers.ofByteArray());
                        if (answer.statusCode() != 200) {
                            throw new IllegalStateException("HTTP " + answer.statusCode() + ": " + new String(answer.body(),
                                    java.nio.charset.StandardCharsets.UTF_8));
                        }
                        done.increment();
                    }
                } catch (IOException | RuntimeException e) {
                    failure.compareAndSet(null, e instanceof RuntimeException r ? r : new IllegalStateException(e));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        return done.sum();
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
