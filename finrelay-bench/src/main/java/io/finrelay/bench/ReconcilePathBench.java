package io.finrelay.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariDataSource;
import io.finrelay.demo.DemoLauncher;
import io.finrelay.engine.db.Database;
import io.finrelay.formats.ControlReport;
import io.finrelay.formats.StatementHandler;
import io.finrelay.formats.iso20022.camt.CamtReader;
import io.finrelay.model.bank.BankStatement;
import io.finrelay.model.bank.BankStatementLine;
import io.finrelay.reconciliation.Line;
import io.finrelay.reconciliation.OpenItem;
import io.finrelay.reconciliation.Rule;
import io.finrelay.reconciliation.generator.LabelledGenerator;
import io.finrelay.sandbox.world.Api;
import io.finrelay.server.FinrelayServer;
import io.finrelay.server.security.ApiKeys;
import io.finrelay.server.tenancy.Tenants;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The reconciliation's whole path in the server: a camt.053 of N generated lines (the matcher
 * benchmark's realistic mix) uploaded through {@code POST /v1/tenants/{t}/bank-files}, imported
 * (detection, streaming parse, controls, lines stored), the run the import starts (lines and open items
 * loaded, matched, matches written in batches and handed to their workflow instances), timed from the
 * first byte sent to the run's end in the database. Beside it, the camt parse rate of the same bytes in
 * the same JVM (the reader alone, no database), so the ratio says what the path costs over parsing.
 *
 * <p>The open items, house accounts, rules and settings are set up through the API first and not
 * timed. The tenant's {@code autoClear} is off: every match waits as SUGGESTED, so no clearing is sent
 * to an ERP during the measurement (the clearing is the outbox's work, measured by the expense bench).
 */
final class ReconcilePathBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDate DAY = LocalDate.of(2026, 12, 4);

    record Result(int lines, long fileBytes, double uploadSeconds, double pathSeconds, double parseSeconds,
                  String runState, int matched, int suggested, int ruleHits, int returns, double runSeconds) {
        double pathLinesPerSecond() {
            return lines / pathSeconds;
        }

        double parseLinesPerSecond() {
            return lines / parseSeconds;
        }

        double ratio() {
            return pathLinesPerSecond() / parseLinesPerSecond();
        }
    }

    private ReconcilePathBench() {}

    static Result run(int size) throws Exception {
        LabelledGenerator.Labelled labelled = LabelledGenerator.generate(ReconcileBench.SEED, size, size);
        List<Line> lines = labelled.input().lines();
        Path dir = Files.createTempDirectory("finrelay-reconcile-path-bench");
        Path file = dir.resolve("camt053.xml");
        try (Writer out = new OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8)) {
            CamtFile.write(out, "STMT-BENCH-" + size, DAY, lines);
        }
        byte[] bytes = Files.readAllBytes(file);
        System.err.printf(Locale.ROOT, "reconciliation path benchmark: %,d lines, %,d items, camt.053 of %.1f MB%n",
                lines.size(), labelled.input().items().size(), bytes.length / 1e6);
        double parse = parseSeconds(bytes, lines.size());
        try (ConfigurableApplicationContext server = startServer(dir)) {
            return measure(server, labelled, bytes, parse);
        } finally {
            ExpenseBench.deleteTree(dir);
        }
    }

    /** The camt reader alone over the same bytes, best of three. */
    static double parseSeconds(byte[] bytes, int expectedLines) {
        double best = Double.MAX_VALUE;
        for (int round = 0; round < 3; round++) {
            long[] count = new long[1];
            long start = System.nanoTime();
            CamtReader.any().withMaxBytes(Long.MAX_VALUE).read("bench.xml", new ByteArrayInputStream(bytes), new StatementHandler() {
                @Override
                public void line(BankStatementLine line) {
                    count[0]++;
                }

                @Override
                public void end(BankStatement statement, ControlReport controls) {
                    if (!controls.passed()) {
                        throw new IllegalStateException("generated file fails its controls: " + controls.mismatches());
                    }
                }
            });
            best = Math.min(best, (System.nanoTime() - start) / 1e9);
            if (count[0] != expectedLines) {
                throw new IllegalStateException("read " + count[0] + " lines, wrote " + expectedLines);
            }
        }
        return best;
    }

    private static ConfigurableApplicationContext startServer(Path dir) {
        SpringApplication app = new SpringApplication(FinrelayServer.class);
        return app.run("--server.port=0", "--finrelay.data-dir=" + dir.resolve("postgres"), "--finrelay.demo.enabled=false",
                "--finrelay.node-id=bench", "--finrelay.api.rate-limit.enabled=false");
    }

    private static Result measure(ConfigurableApplicationContext server, LabelledGenerator.Labelled labelled, byte[] bytes,
                                  double parseSeconds) throws Exception {
        String base = "http://localhost:" + server.getEnvironment().getProperty("local.server.port");
        Clock clock = server.getBean(Clock.class);
        DemoLauncher.Identity identity = DemoLauncher.createTenant(server.getBean(Database.class),
                server.getBean(Tenants.class), server.getBean(ApiKeys.class), clock, "Reconciliation benchmark AG");
        Api api = new Api(base, identity.key());
        String tenantPath = "/v1/tenants/" + identity.tenantId();
        // The generator's legal entities DE01 and FR01 become the tenant's own (ids the server gives).
        java.util.Map<String, String> entities = new java.util.HashMap<>();
        entities.put("DE01", api.post(tenantPath + "/legal-entities", java.util.Map.of("name", "Benchmark Handel GmbH",
                "country", "DE", "functionalCurrency", "EUR"), "bench-le-de01").require(201).body().get("id").asText());
        entities.put("FR01", api.post(tenantPath + "/legal-entities", java.util.Map.of("name", "Benchmark Commerce SAS",
                "country", "FR", "functionalCurrency", "EUR"), "bench-le-fr01").require(201).body().get("id").asText());
        Set<String> accounts = new LinkedHashSet<>();
        for (Line l : labelled.input().lines()) {
            if (accounts.add(l.account())) {
                api.put(tenantPath + "/bank-accounts/" + l.account(), JSON.createObjectNode()
                        .put("legalEntity", entities.get(l.legalEntity()))
                        .put("currency", "EUR").put("name", "Operating " + l.legalEntity())).require(200, 201);
            }
        }
        api.put(tenantPath + "/reconciliation/settings", settings()).require(200);
        api.put(tenantPath + "/reconciliation/rules", rules()).require(200);
        List<OpenItem> items = labelled.input().items();
        for (int from = 0; from < items.size(); from += 1000) {
            ArrayNode chunk = JSON.createArrayNode();
            items.subList(from, Math.min(items.size(), from + 1000)).forEach(i -> chunk.add(item(i, entities)));
            api.post(tenantPath + "/open-items", chunk).require(200, 201);
        }
        HikariDataSource ds = server.getBean(HikariDataSource.class);
        UUID tenant = UUID.fromString(identity.tenantId());

        HttpClient http = HttpClient.newHttpClient();
        long start = System.nanoTime();
        HttpResponse<String> upload = http.send(HttpRequest.newBuilder(URI.create(base + tenantPath
                        + "/bank-files?connection=bench&name=camt053-bench.xml"))
                .header("Authorization", "Bearer " + identity.key()).header("Content-Type", "application/xml")
                .timeout(Duration.ofMinutes(10)).POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(),
                HttpResponse.BodyHandlers.ofString());
        double uploadSeconds = (System.nanoTime() - start) / 1e9;
        if (upload.statusCode() != 201) {
            throw new IllegalStateException("upload answered " + upload.statusCode() + ": " + upload.body());
        }
        Run run = awaitRun(ds, tenant);
        double pathSeconds = (System.nanoTime() - start) / 1e9;
        return new Result(labelled.input().lines().size(), bytes.length, uploadSeconds, pathSeconds, parseSeconds, run.state(),
                run.matched(), run.suggested(), run.ruleHits(), run.returns(), run.seconds());
    }

    private record Run(String state, int matched, int suggested, int ruleHits, int returns, double seconds) {}

    /** Waits for the run the import started to end (DONE or FAILED), reading its row. */
    private static Run awaitRun(HikariDataSource ds, UUID tenant) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        while (System.nanoTime() < deadline) {
            try (Connection c = ds.getConnection(); PreparedStatement s = c.prepareStatement("select state, matched, suggested, "
                    + "rule_hits, returns, extract(epoch from finished_at - started_at) from recon_run where tenant_id = ? order by started_at desc limit 1")) {
                s.setObject(1, tenant);
                try (ResultSet r = s.executeQuery()) {
                    if (r.next() && !r.getString(1).equals("RUNNING")) {
                        return new Run(r.getString(1), r.getInt(2), r.getInt(3), r.getInt(4), r.getInt(5), r.getDouble(6));
                    }
                }
            }
            Thread.sleep(20); // polling the database for the run's end, as an operator's dashboard would
        }
        throw new IllegalStateException("the reconciliation run did not end within 30 minutes");
    }

    private static ObjectNode settings() {
        var s = LabelledGenerator.settings();
        ObjectNode fees = JSON.createObjectNode();
        s.feeTolerance().forEach((currency, money) -> fees.put(currency, money.amount().toPlainString()));
        ObjectNode node = JSON.createObjectNode().put("autoThreshold", s.autoThreshold()).put("margin", s.margin())
                .put("fxTolerance", s.fxTolerance().toPlainString()).put("dateWindowDays", s.dateWindowDays())
                .put("maxSubsetSize", s.maxSubsetSize()).put("feeAccount", "6855").put("fxAccount", "6880")
                .put("autoClear", false);
        node.set("feeTolerance", fees);
        return node;
    }

    private static ArrayNode rules() {
        ArrayNode rules = JSON.createArrayNode();
        for (Rule r : LabelledGenerator.rules()) {
            rules.addObject().put("name", r.name()).put("bankTransactionCode", r.bankTransactionCode())
                    .put("textPattern", r.textPattern()).put("counterparty", r.counterparty())
                    .put("direction", r.direction() == null ? null : r.direction().name()).put("glAccount", r.glAccount())
                    .put("costCenter", r.costCenter());
        }
        return rules;
    }

    private static ObjectNode item(OpenItem i, java.util.Map<String, String> entities) {
        return JSON.createObjectNode().put("id", i.id()).put("direction", i.side().name())
                .put("legalEntity", i.legalEntity() == null ? null : entities.get(i.legalEntity()))
                .put("counterpartyName", i.counterpartyName()).put("counterpartyIban", i.counterpartyIban())
                .put("invoiceNumber", i.invoiceNumber()).put("creditorReference", i.creditorReference())
                .put("endToEndId", i.endToEndId()).put("amount", i.amount().amount().toPlainString())
                .put("currency", i.amount().currencyCode()).put("dueDate", i.dueDate() == null ? null : i.dueDate().toString());
    }

    static String report(Result r) {
        return String.format(Locale.ROOT, "reconciliation path: %,d lines, camt.053 of %.1f MB%n"
                        + "  upload answered after    %8.2f s%n"
                        + "  upload -> run ended      %8.2f s   %,10.0f lines/s (run %s: %,d matched, %,d suggested, "
                        + "%,d by rule, %,d returns)%n"
                        + "  of which the run         %8.2f s   (load, match, write and hand over the matches)%n"
                        + "  camt parse, same bytes   %8.2f s   %,10.0f lines/s%n"
                        + "  ratio path/parse         %8.3f",
                r.lines(), r.fileBytes() / 1e6, r.uploadSeconds(), r.pathSeconds(), r.pathLinesPerSecond(), r.runState(),
                r.matched(), r.suggested(), r.ruleHits(), r.returns(), r.runSeconds(), r.parseSeconds(), r.parseLinesPerSecond(), r.ratio());
    }
}
