package io.finrelay.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.finrelay.engine.db.Database;
import io.finrelay.model.id.PartnerId;
import io.finrelay.model.id.TenantId;
import io.finrelay.sandbox.Sandbox;
import io.finrelay.sandbox.world.Api;
import io.finrelay.sandbox.world.DemoData;
import io.finrelay.server.config.FinrelayProperties;
import io.finrelay.server.security.ApiKeyToken;
import io.finrelay.server.security.ApiKeys;
import io.finrelay.server.security.Role;
import io.finrelay.server.tenancy.Tenants;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The one-command demo ({@code finrelay.demo.enabled=true}, which {@code bin/finrelay start} passes):
 * starts the sandbox peers in-process, makes (or finds again) the demo tenant and its API key, sets
 * up its master data through the API, streams a few hundred approved expense reports through the
 * simulated expense platform's webhooks (with duplicates, invalid cost centers and one bank
 * rejection), releases payments as two treasurers would, then takes about a hundred supplier
 * e-invoices through invoice to pay ({@link DemoPayables}), shows progress and prints a summary. It
 * then leaves Finrelay running. A second run finds the same tenant and the same report ids:
 * Finrelay ignores reports it already has, so nothing is doubled.
 */
@Component
@ConditionalOnProperty(name = "finrelay.demo.enabled", havingValue = "true")
public class DemoLauncher implements ApplicationRunner, AutoCloseable {
    private final Database db;
    private final Tenants tenants;
    private final ApiKeys keys;
    private final FinrelayProperties properties;
    private final Environment environment;
    private final Clock clock;
    private final io.finrelay.server.bank.BankOutbound outbound;
    private volatile Sandbox sandbox;

    public DemoLauncher(Database db, Tenants tenants, ApiKeys keys, FinrelayProperties properties, Environment environment,
                        Clock clock, io.finrelay.server.bank.BankOutbound outbound) {
        this.db = db;
        this.tenants = tenants;
        this.keys = keys;
        this.properties = properties;
        this.environment = environment;
        this.clock = clock;
        this.outbound = outbound;
    }

    @Override
    public void run(ApplicationArguments args) {
        Thread.ofPlatform().name("finrelay-demo").daemon().start(this::demo);
    }

    private void demo() {
        try {
            int reports = environment.getProperty("finrelay.demo.reports", Integer.class, 300);
            sandbox = Sandbox.start(Clock.systemUTC(), 0);
            String base = "http://localhost:" + environment.getProperty("local.server.port", "8080");
            Identity identity = identity(base);
            Api api = new Api(base, identity.key());
            say("demo tenant " + identity.tenantId() + ": setting up master data (two legal entities, DE/EUR and CH/CHF)");
            LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
            DemoData.World world = DemoData.setUp(api, identity.tenantId(), today);
            connectPeers(api, base, identity.tenantId(), world);
            DemoRun run = new DemoRun(api, identity.tenantId(), world, reports, clock);
            run.stream(sandbox.urls().get("expense-platform"), new Random(2026), today);
            run.watch();
            int invoices = environment.getProperty("finrelay.demo.invoices", Integer.class, 100);
            DemoPayables payables = new DemoPayables(api, base, identity.tenantId(), world, today, outbound, clock,
                    sandbox.urls().get("erp"));
            if (invoices > 0) {
                say("accounts payable: " + invoices + " supplier e-invoices from eight suppliers");
                payables.run(invoices);
            }
            String console = DemoConsole.logins(api, base, identity.tenantId(), identityFile());
            say(run.summary(base, identity.key(), payables.summary() + DemoCash.summary(api, base, identity.tenantId()),
                    console));
        } catch (RuntimeException e) {
            say("the demo stopped: " + e);
        }
    }

    private void connectPeers(Api api, String base, String tenantId, DemoData.World world) {
        connectPeers(api, base, tenantId, world, sandbox.urls());
        say("sandbox peers: " + sandbox.urls());
    }

    /**
     * Points the tenant's expense settings at the peers, subscribes Finrelay to the expense
     * platform's and the bank's signed webhooks, and has the bank reject the demo's rejected payee.
     * Public for the end-to-end benchmark, which sets its tenant up as the demo does.
     */
    public static void connectPeers(Api api, String base, String tenantId, DemoData.World world, Map<String, String> urls) {
        JsonNode settings = api.put("/v1/tenants/" + tenantId + "/expense/settings", Map.of(
                "expensePlatformUrl", urls.get("expense-platform"), "erpUrl", urls.get("erp"),
                "treasuryUrl", urls.get("treasury"), "timeoutMillis", 5_000)).require(200).body();
        Api expense = new Api(urls.get("expense-platform"), null);
        expense.post("/_sandbox/subscriptions", Map.of("url", base + settings.get("expenseWebhookUrl").asText(),
                "secret", settings.get("expenseWebhookSecret").asText())).require(200);
        Api bank = new Api(urls.get("bank"), null);
        bank.post("/_sandbox/subscriptions", Map.of("url", base + settings.get("bankWebhookUrl").asText(),
                "secret", settings.get("bankWebhookSecret").asText())).require(200);
        bank.post("/_sandbox/reject-ibans", Map.of("ibans", List.of(world.rejectedPayee().iban()), "reasonCode", "AC04"))
                .require(200);
    }

    /** The demo tenant and its key, kept next to the data directory so that a second run finds them. */
    public record Identity(String tenantId, String key) {}

    /** Where the demo keeps its tenant, key and console password: beside the data directory. */
    private Path identityFile() {
        return Path.of(properties.dataDir()).toAbsolutePath().getParent().resolve("demo-tenant.properties");
    }

    private Identity identity(String base) {
        Path file = identityFile();
        if (Files.exists(file)) {
            Properties p = new Properties();
            try (Reader in = Files.newBufferedReader(file)) {
                p.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Identity known = new Identity(p.getProperty("tenant"), p.getProperty("key"));
            // A key from before the role matrix cannot release payments: such a run starts a new demo tenant.
            Api.Answer me = new Api(base, known.key()).get("/v1/me");
            if (me.status() == 200 && me.body().path("roles").toString().contains("\"treasurer\"")
                    && new Api(base, known.key()).get("/v1/tenants/" + known.tenantId()).status() == 200) {
                say("resuming the demo tenant of the last run (" + file + ")");
                return known;
            }
        }
        Identity created = createTenant(db, tenants, keys, clock, "ACME Logistik (demo)");
        Properties p = new Properties();
        p.setProperty("tenant", created.tenantId());
        p.setProperty("key", created.key());
        try {
            Files.createDirectories(file.getParent());
            try (Writer out = Files.newBufferedWriter(file)) {
                p.store(out, "Finrelay demo tenant (delete this file to start a new demo tenant)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return created;
    }

    /**
     * A new tenant under the first partner (made if there is none) with a tenant-admin API key.
     * Public for the end-to-end benchmark, which sets its tenant up as the demo does.
     */
    public static Identity createTenant(Database db, Tenants tenants, ApiKeys keys, Clock clock, String name) {
        // Sets up a partner and a new tenant with its first key: there is no tenant scope to be in yet.
        return db.inSystem(c -> {
            Instant now = clock.instant();
            Optional<PartnerId> existing = tenants.firstPartner(c);
            PartnerId partner = existing.isPresent() ? existing.get() : tenants.createPartner(c, "Demo partner", now);
            TenantId tenant = tenants.create(c, partner, name,
                    "acme-demo-" + UUID.randomUUID().toString().substring(0, 8), now).id();
            ApiKeyToken token = ApiKeyToken.generate();
            // The demo's one key sets the tenant up and also releases its payments; a real tenant gives
            // release to treasurers only (see docs/security.md).
            keys.create(c, partner, Optional.of(tenant), new ApiKeys.KeySpec("demo",
                    java.util.Set.of(Role.TENANT_ADMIN, Role.TREASURER), Optional.empty()), token, now);
            return new Identity(tenant.toString(), token.token());
        });
    }

    static void say(String line) {
        System.out.println("[demo] " + line);
        System.out.flush();
    }

    @Override
    public void close() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

}
