package io.finrelay.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import io.finrelay.demo.DemoLauncher;
import io.finrelay.engine.db.Database;
import io.finrelay.model.id.TenantId;
import io.finrelay.sandbox.FileBank;
import io.finrelay.sandbox.Sandbox;
import io.finrelay.sandbox.world.Api;
import io.finrelay.sandbox.world.DemoData;
import io.finrelay.sandbox.world.EInvoices;
import io.finrelay.server.FinrelayServer;
import io.finrelay.server.bank.BankOutbound;
import io.finrelay.server.security.ApiKeys;
import io.finrelay.server.tenancy.Tenants;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Supplier invoices per second, end to end: the server in-process (embedded PostgreSQL, durability on,
 * demo off), the sandbox peers in-process with zero latency, a tenant with an AP policy, four vendors
 * and a house account. Producers upload UBL e-invoices and approve each (the approver's API calls);
 * Finrelay checks, posts each in the REST ERP and plans it; one payment run pays them all as one
 * pain.001; the sandbox bank's pain.002 settles every payment. The clock runs from the first upload to
 * the last invoice PAID; the result is counted from the database and the ERP's own records.
 */
final class InvoiceBench {
    /** One run. Rates are per second of the measured interval. */
    record Result(int invoices, int producers, double seconds, double invoicesPerSecond, long transitions,
                  double transitionsPerSecond, int postedAtErp, double runSeconds) {}

    private static final List<EInvoices.Supplier> SUPPLIERS = List.of(
            new EInvoices.Supplier("Nordlicht Bürobedarf GmbH", "DE811907980", EInvoices.iban("20050550", "1234567890"),
                    "Speicherstadt 12", "Hamburg", "20457"),
            new EInvoices.Supplier("Rheinland Logistik-Service GmbH", "DE813495425", EInvoices.iban("37040044", "0400123456"),
                    "Deutzer Freiheit 5", "Köln", "50679"),
            new EInvoices.Supplier("Hanse IT-Systemhaus GmbH", "DE264387521", EInvoices.iban("25050180", "0003456789"),
                    "Am Markt 3", "Bremen", "28195"),
            new EInvoices.Supplier("Druckerei Mainfranken GmbH", "DE246813579", EInvoices.iban("79050000", "0044556677"),
                    "Domstraße 8", "Würzburg", "97070"));
    private static final String HOUSE_IBAN = EInvoices.iban("50010517", "5407324931");

    private final int invoices;
    private final int producers;

    InvoiceBench(int invoices, int producers) {
        this.invoices = invoices;
        this.producers = producers;
    }

    Result run() throws Exception {
        Path dir = Files.createTempDirectory("finrelay-invoice-bench");
        try (Sandbox sandbox = Sandbox.start(Clock.systemUTC(), 0);
             ConfigurableApplicationContext server = new SpringApplication(FinrelayServer.class).run("--server.port=0",
                     "--finrelay.data-dir=" + dir.resolve("postgres"), "--finrelay.demo.enabled=false",
                     "--finrelay.peers.allowed-hosts=localhost,127.0.0.1", "--finrelay.node-id=bench",
                     "--finrelay.api.rate-limit.enabled=false", "--finrelay.bank.outbound-dir=" + dir.resolve("outbound"))) {
            return measure(server, sandbox);
        } finally {
            ExpenseBench.deleteTree(dir);
        }
    }

    private Result measure(ConfigurableApplicationContext server, Sandbox sandbox) throws Exception {
        String base = "http://localhost:" + server.getEnvironment().getProperty("local.server.port");
        Clock clock = server.getBean(Clock.class);
        DemoLauncher.Identity identity = DemoLauncher.createTenant(server.getBean(Database.class),
                server.getBean(Tenants.class), server.getBean(ApiKeys.class), clock, "ACME Logistik (invoice benchmark)");
        Api api = new Api(base, identity.key());
        String t = "/v1/tenants/" + identity.tenantId();
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        DemoData.World world = DemoData.setUp(api, identity.tenantId(), today);
        DemoLauncher.connectPeers(api, base, identity.tenantId(), world, sandbox.urls());
        api.put(t + "/ap-policy", Map.of("legalEntityId", world.entityDe(), "expenseAccount", "6815", "taxAccount", "1576",
                "costOfCapitalPercent", "8", "liquidityBuffer", "0", "defaultTermDays", 30)).require(200);
        for (EInvoices.Supplier s : SUPPLIERS) {
            api.post(t + "/vendors", Map.of("legalEntityId", world.entityDe(), "name", s.name(), "country", "DE",
                    "bankAccount", Map.of("iban", s.iban(), "holderName", s.name()), "active", true, "vatId", s.vatId()))
                    .require(201);
        }
        api.put(t + "/bank-accounts/" + HOUSE_IBAN, Map.of("legalEntity", world.entityDe(), "currency", "EUR",
                "bic", "INGDDEFFXXX", "name", "ACME Logistik GmbH")).require(201);
        String approverKey = api.post(t + "/api-keys", Map.of("name", "bench approver", "role", "approver")).require(201)
                .body().get("secret").asText();
        List<String> xml = new ArrayList<>();
        for (int i = 0; i < invoices; i++) {
            EInvoices.Supplier s = SUPPLIERS.get(i % SUPPLIERS.size());
            xml.add(EInvoices.ubl("380", String.format("BENCH-%07d", i), s, s.iban(), today.minusDays(1 + i % 20),
                    today.plusDays(20), List.of(new EInvoices.Line("Tonerkartusche TN-2420", 1 + i % 9, new BigDecimal("45.00")),
                            // a quantity of its own: no two invoices of a seller share amount and date (a
                            // near-identical number would then be held as a possible duplicate, as it should)
                            new EInvoices.Line("Kopierpapier A4, Karton", 1 + i, new BigDecimal("24.90"))), null));
        }
        HikariDataSource ds = server.getBean(HikariDataSource.class);
        UUID tenant = UUID.fromString(identity.tenantId());

        long start = System.nanoTime();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int first = p;
            threads.add(Thread.ofPlatform().name("invoice-producer-" + p).start(() -> {
                Api uploader = new Api(base, identity.key());
                Api approver = new Api(base, approverKey);
                try {
                    for (int i = first; i < xml.size(); i += producers) {
                        String id = uploader.postXml(t + "/supplier-invoices", xml.get(i)).require(201).body().get("id").asText();
                        approver.post(t + "/supplier-invoices/" + id + "/approval", Map.of("approver", "c.vogel",
                                "approve", true), "bench-approve-" + id).require(202);
                    }
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        await(ds, tenant, "SCHEDULED", invoices);
        long runStart = System.nanoTime();
        JsonNode run = api.post(t + "/payment-runs", Map.of("executionDate", today.plusDays(31).toString(),
                "debtorAccount", HOUSE_IBAN, "connection", "hausbank", "initiatingParty", "ACME Logistik GmbH"),
                "bench-run").require(201).body();
        String runId = run.get("runId").asText();
        JsonNode sent = api.get(t + "/payment-runs/" + runId).require(200).body();
        while (!sent.get("state").asText().equals("Sent")) {
            Thread.sleep(20);
            sent = api.get(t + "/payment-runs/" + runId).require(200).body();
        }
        Path file = server.getBean(BankOutbound.class).defaultOutbox(new TenantId(tenant), "hausbank")
                .resolve(sent.get("fileName").asText());
        FileBank.Answer bank = FileBank.answer(Files.readAllBytes(file), Set.of());
        api.postXml(t + "/bank-files?connection=hausbank&name=pain002-" + runId + ".xml",
                new String(bank.pain002(), StandardCharsets.UTF_8)).require(201);
        await(ds, tenant, "PAID", invoices);
        long end = System.nanoTime();
        double seconds = (end - start) / 1e9;

        long transitions = BenchChecks.transitions(ds, tenant);
        JsonNode erp = new Api(sandbox.urls().get("erp"), null).get("/_sandbox/state").require(200).body();
        int posted = erp.get("supplierInvoiceRequests").size();
        if (posted != invoices || !erp.get("violations").isEmpty()) {
            throw new IllegalStateException("the ERP received " + posted + " postings for " + invoices + " invoices, violations "
                    + erp.get("violations"));
        }
        return new Result(invoices, producers, seconds, invoices / seconds, transitions, transitions / seconds, posted,
                (end - runStart) / 1e9);
    }

    /** Waits (polling the database, as the benchmark's clock needs) until {@code expected} invoices are in {@code state}. */
    private static void await(HikariDataSource ds, UUID tenant, String state, int expected) throws SQLException,
            InterruptedException {
        long deadline = System.nanoTime() + 600_000_000_000L;
        while (ExpenseBench.count(ds, "select count(*) from supplier_invoice where tenant_id = ? and state = '" + state + "'",
                tenant) < expected) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("invoices did not reach " + state + " within ten minutes");
            }
            Thread.sleep(20);
        }
    }
}
