package io.finrelay.bench;

import io.finrelay.demo.DemoLauncher;
import io.finrelay.engine.db.Database;
import io.finrelay.engine.runtime.IdGenerator;
import io.finrelay.model.id.TenantId;
import io.finrelay.sandbox.world.Api;
import io.finrelay.server.FinrelayServer;
import io.finrelay.server.security.ApiKeys;
import io.finrelay.server.tenancy.Tenants;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * How fast the console's pages answer with many workflows in the tenant: the server in-process on its
 * embedded PostgreSQL (durability on, as shipped), a tenant holding {@code instances} expense workflow
 * instances and a few hundred open exceptions (written in bulk, as if the tenant had run that long),
 * and one signed-in operator reading each page in turn. Each page is timed over {@code samples} reads
 * after a warm-up; the same run times the smallest authenticated API read ({@code GET /v1/me}) as the
 * floor every page stands on, and the ratio of each page's 95th percentile to it is reported beside the
 * goal (200 ms).
 */
final class ConsoleBench {
    static final double GOAL_MILLIS = 200;
    private static final String PASSWORD = "benchmark console password";

    /** One page's latencies, in milliseconds. */
    record PageTiming(String page, int samples, double p50, double p95, double max) {}

    record Result(int instances, int exceptions, double loadSeconds, PageTiming floor, List<PageTiming> pages) {
        double worstP95() {
            return pages.stream().mapToDouble(PageTiming::p95).max().orElse(0);
        }
    }

    private ConsoleBench() {}

    static Result run(int instances, int samples) throws Exception {
        Path dir = Files.createTempDirectory("finrelay-console-bench");
        try (ConfigurableApplicationContext server = new SpringApplication(FinrelayServer.class).run("--server.port=0",
                "--finrelay.data-dir=" + dir.resolve("postgres"), "--finrelay.demo.enabled=false",
                "--finrelay.node-id=bench", "--finrelay.api.rate-limit.enabled=false")) {
            String base = "http://localhost:" + server.getEnvironment().getProperty("local.server.port");
            DemoLauncher.Identity identity = DemoLauncher.createTenant(server.getBean(Database.class),
                    server.getBean(Tenants.class), server.getBean(ApiKeys.class), server.getBean(Clock.class),
                    "Kranich Spedition (benchmark)");
            Api api = new Api(base, identity.key());
            String tenant = "/v1/tenants/" + identity.tenantId();
            api.post(tenant + "/users", Map.of("username", "o.keller", "password", PASSWORD, "roles", List.of("operator")))
                    .require(201);
            String slug = api.get(tenant).require(200).body().get("slug").asText();
            int exceptions = Math.max(10, Math.min(300, instances / 100));
            long loadStart = System.nanoTime();
            List<UUID> ids = load(server.getBean(Database.class), new TenantId(UUID.fromString(identity.tenantId())),
                    instances, exceptions, server.getBean(Clock.class).instant());
            // The partner's other tenants, each smaller, so that the partner overview reads many tenants' health.
            int others = Math.min(199, instances / 500);
            Database db = server.getBean(Database.class);
            Instant now = server.getBean(Clock.class).instant();
            String partner = api.get("/v1/me").require(200).body().get("partnerId").asText();
            for (int i = 0; i < others; i++) {
                TenantId other = db.inSystem(c -> server.getBean(Tenants.class).create(c,
                        new io.finrelay.model.id.PartnerId(UUID.fromString(partner)), "Mandant " + UUID.randomUUID()
                                .toString().substring(0, 8), "mandant-" + UUID.randomUUID().toString().substring(0, 13), now).id());
                load(db, other, 200, 2, now);
            }
            double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
            System.err.printf(Locale.ROOT, "console: %,d instances and %d open exceptions written in %.1f s, and %d other "
                    + "tenants of 200 instances each%n", instances, exceptions, loadSeconds, others);
            String partnerKey = partnerKey(server, partner);
            new Api(base, partnerKey).post("/v1/partners/" + partner + "/users", Map.of("username", "p.admin",
                    "password", PASSWORD)).require(201);
            String partnerCookie = login(HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build(), base,
                    "partner=" + partner + "&username=p.admin");

            HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
            String cookie = login(http, base, "tenant=" + URLEncoder.encode(slug, StandardCharsets.UTF_8) + "&username=o.keller");
            String ui = "/ui/tenants/" + identity.tenantId();
            UUID middle = ids.get(ids.size() / 2);
            String someKey = String.format(Locale.ROOT, "EXP-2026-%07d", ids.size() / 3);
            Map<String, String> pages = new java.util.LinkedHashMap<>();
            pages.put("overview", ui);
            pages.put("workflows, first page", ui + "/workflows");
            pages.put("workflows, a page in the middle", ui + "/workflows?before=" + middle);
            pages.put("workflows in one state", ui + "/workflows?state=AwaitingRelease");
            pages.put("search by business key", ui + "/workflows?q=" + someKey);
            pages.put("search by correlation id", ui + "/workflows?q=corr-" + (ids.size() / 4));
            pages.put("one instance", ui + "/workflows/" + middle);
            pages.put("exception workbench", ui + "/exceptions");
            pages.put("KPIs (expense, and the last 30 days' operations)", ui + "/kpis");
            PageTiming floor = time(http, base, "GET /v1/me (API floor)", "/v1/me", Map.of("Authorization",
                    "Bearer " + identity.key()), samples);
            List<PageTiming> timings = new ArrayList<>();
            for (Map.Entry<String, String> page : pages.entrySet()) {
                timings.add(time(http, base, page.getKey(), page.getValue(), Map.of("Cookie", cookie), samples));
            }
            String tenantsRead = (others + 1) + " tenants";
            timings.add(time(http, base, "partner health, " + tenantsRead + " (GET /v1/partners/{p}/health)",
                    "/v1/partners/" + partner + "/health", Map.of("Authorization", "Bearer " + partnerKey), samples));
            timings.add(time(http, base, "partner overview, " + tenantsRead, "/ui/partners/" + partner,
                    Map.of("Cookie", partnerCookie), samples));
            return new Result(instances, exceptions, loadSeconds, floor, timings);
        } finally {
            ExpenseBench.deleteTree(dir);
        }
    }

    /**
     * Writes the instances and exceptions in batches, in the tenant's own transactions (behind its wall):
     * expense reports in the states a busy tenant has them in, each with its correlation id.
     */
    private static List<UUID> load(Database db, TenantId tenant, int instances, int exceptions, Instant now) {
        String[] states = {"Reimbursed", "Reimbursed", "Reimbursed", "AwaitingRelease", "Paying", "Posting", "Scheduling"};
        Instant start = now.minusSeconds(instances);
        List<UUID> ids = new ArrayList<>(instances);
        int batch = 2_000;
        for (int from = 0; from < instances; from += batch) {
            int first = from;
            int to = Math.min(instances, from + batch);
            db.inTenant(tenant, c -> {
                try (PreparedStatement insert = c.prepareStatement("insert into workflow_instance (tenant_id, id, "
                        + "workflow_type, business_key, state_name, state, ended, version, correlation_id, created_at, "
                        + "updated_at) values (?, ?, 'expense-reimbursement', ?, ?, ?::jsonb, ?, 7, ?, ?, ?)")) {
                    for (int i = first; i < to; i++) {
                        Instant at = start.plusSeconds(i);
                        UUID id = IdGenerator.timeOrdered(Clock.fixed(at, java.time.ZoneOffset.UTC)).next();
                        ids.add(id);
                        String state = states[i % states.length];
                        insert.setObject(1, tenant.value());
                        insert.setObject(2, id);
                        insert.setString(3, String.format(Locale.ROOT, "EXP-2026-%07d", i));
                        insert.setString(4, state);
                        insert.setString(5, "{\"reportId\":\"" + String.format(Locale.ROOT, "EXP-2026-%07d", i)
                                + "\",\"employee\":\"E-" + (1000 + i % 400) + "\",\"currency\":\"EUR\",\"total\":\""
                                + (20 + i % 980) + ".40\",\"costCenter\":\"CC-" + (4100 + i % 12) + "\"}");
                        insert.setBoolean(6, state.equals("Reimbursed"));
                        insert.setString(7, "corr-" + i);
                        insert.setTimestamp(8, Timestamp.from(at));
                        insert.setTimestamp(9, Timestamp.from(at));
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
                return null;
            });
        }
        db.inTenant(tenant, c -> {
            try (PreparedStatement insert = c.prepareStatement("insert into exception (tenant_id, id, instance_id, kind, "
                    + "code, reason, context, status, correlation_id, created_at, updated_at) values (?, ?, ?, 'INCIDENT', "
                    + "'unknown-cost-center', ?, '{}'::jsonb, 'OPEN', ?, ?, ?)")) {
                for (int i = 0; i < exceptions; i++) {
                    int of = (int) ((long) i * ids.size() / exceptions);
                    insert.setObject(1, tenant.value());
                    insert.setObject(2, UUID.randomUUID());
                    insert.setObject(3, ids.get(of));
                    insert.setString(4, "lines[0].costCenter: cost center CC-999 does not exist in legal entity DE01");
                    insert.setString(5, "corr-" + of);
                    insert.setTimestamp(6, Timestamp.from(start.plusSeconds(of)));
                    insert.setTimestamp(7, Timestamp.from(start.plusSeconds(of)));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            try (PreparedStatement analyze = c.prepareStatement("analyze workflow_instance")) {
                analyze.execute(); // as autovacuum would soon after such a load
            }
            return null;
        });
        return ids;
    }

    /** A partner administrator's key of {@code partner}, made as the bootstrap makes the first one. */
    private static String partnerKey(ConfigurableApplicationContext server, String partner) {
        io.finrelay.server.security.ApiKeyToken token = io.finrelay.server.security.ApiKeyToken.generate();
        server.getBean(Database.class).inSystem(c -> server.getBean(ApiKeys.class).create(c,
                new io.finrelay.model.id.PartnerId(UUID.fromString(partner)), java.util.Optional.empty(),
                new ApiKeys.KeySpec("benchmark partner admin", java.util.Set.of(io.finrelay.server.security.Role.PARTNER_ADMIN),
                        java.util.Optional.empty()), token, server.getBean(Clock.class).instant()));
        return token.token();
    }

    /** Signs in through the console's form ({@code who}: the tenant or partner and the username) and answers the cookie. */
    private static String login(HttpClient http, String base, String who) throws IOException, InterruptedException {
        String form = who + "&password=" + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8);
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(base + "/ui/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form))
                .build(), HttpResponse.BodyHandlers.ofString());
        String cookie = answer.headers().firstValue("Set-Cookie").orElseThrow(() ->
                new IllegalStateException("login refused: " + answer.statusCode()));
        return cookie.substring(0, cookie.indexOf(';'));
    }

    /** Reads {@code path} a tenth of {@code samples} times to warm up, then {@code samples} times timed; any answer but 200 fails. */
    private static PageTiming time(HttpClient http, String base, String name, String path, Map<String, String> headers,
                                   int samples) throws IOException, InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path)).GET();
        headers.forEach(builder::header);
        HttpRequest request = builder.build();
        for (int i = 0; i < Math.max(5, samples / 10); i++) {
            send(http, request, path);
        }
        double[] millis = new double[samples];
        for (int i = 0; i < samples; i++) {
            long t0 = System.nanoTime();
            send(http, request, path);
            millis[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(millis);
        return new PageTiming(name, samples, millis[(int) Math.floor(0.50 * (samples - 1))],
                millis[(int) Math.ceil(0.95 * (samples - 1))], millis[samples - 1]);
    }

    private static void send(HttpClient http, HttpRequest request, String path) throws IOException, InterruptedException {
        HttpResponse<byte[]> answer = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException(path + ": HTTP " + answer.statusCode());
        }
    }

    static String report(Result r) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%n## Console pages, %,d workflow instances and %d open exceptions in the tenant%n%n",
                r.instances(), r.exceptions()));
        out.append("| page | samples | p50 ms | p95 ms | max ms | p95 / API floor p95 | p95 <= 200 ms |\n");
        out.append("|---|---:|---:|---:|---:|---:|---|\n");
        PageTiming f = r.floor();
        out.append(String.format(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.1f | 1.0x | |%n", f.page(), f.samples(), f.p50(),
                f.p95(), f.max()));
        for (PageTiming p : r.pages()) {
            out.append(String.format(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.1f | %.1fx | %s |%n", p.page(), p.samples(),
                    p.p50(), p.p95(), p.max(), p.p95() / f.p95(), p.p95() <= GOAL_MILLIS ? "met" : "not met"));
        }
        return out.toString();
    }
}
