package io.finrelay.server.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.finrelay.sandbox.world.Api;
import io.finrelay.sandbox.world.DemoData;
import io.finrelay.sandbox.world.EInvoices;
import io.finrelay.server.ServerIT;
import io.finrelay.server.expense.SandboxProcess;
import java.io.File;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An outside check of the books (issue 11): a tenant's expense reports and supplier invoices go through
 * Finrelay into the sandbox ERP; the journals Finrelay caused are exported as an hledger journal, Debian's
 * {@code hledger} (installed by {@code bin/install-hledger} when missing) checks it ({@code check --strict
 * ordereddates}: it parses, every transaction balances, every account and commodity is declared, the
 * dates are in order), and its balance of every account equals the ERP's trial balance of the tenant's
 * legal entities. A tampered export fails the same check.
 */
class LedgerExportIT extends ServerIT {
    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
    private static Path hledger;

    @TempDir
    Path dir;

    @BeforeAll
    static void hledgerInstalled() throws Exception {
        Run installed = run(List.of(script("install-hledger").toString()));
        assertThat(installed.exit()).as(installed.out()).isZero();
        String[] lines = installed.out().strip().split("\n");
        hledger = Path.of(lines[lines.length - 1].strip());
    }

    @Test
    void theExportedJournalPassesHledgersCheckAndEveryAccountMatchesTheErpsTrialBalance() throws Exception {
        Map<String, String> urls = SandboxProcess.urls();
        TestTenant t = newTenant("Ledger");
        String key = post(t.path("/api-keys"), t.adminKey(), "{\"name\": \"books\", \"roles\": [\"tenant-admin\", "
                + "\"treasurer\"]}").body().get("secret").asText();
        Api finrelay = new Api("http://localhost:" + port, key);
        DemoData.World data = DemoData.setUp(finrelay, t.id(), TODAY);
        finrelay.put(t.path("/expense/settings"), Map.of("expensePlatformUrl", urls.get("expense-platform"),
                "erpUrl", urls.get("erp"), "treasuryUrl", urls.get("treasury"), "timeoutMillis", 1_000)).require(200);

        // Two expense reports, of a German and a Swiss employee: journals in EUR and CHF.
        List<String> reports = new ArrayList<>();
        DemoData.Person german = data.people().stream().filter(p -> p.entity().equals(data.entityDe())).findFirst()
                .orElseThrow();
        DemoData.Person swiss = data.people().stream().filter(p -> p.entity().equals(data.entityCh())).findFirst()
                .orElseThrow();
        for (DemoData.Person person : List.of(german, swiss)) {
            String id = "BOOKS-" + UUID.randomUUID().toString().substring(0, 8);
            finrelay.post(t.path("/expense-reports"), DemoData.report(id, person, "Kundentermin Hamburg",
                    person.entity().equals(data.entityCh()) ? "CHF" : "EUR",
                    DemoData.expenses(new Random(id.hashCode()), data, person, TODAY), Instant.now())).require(201, 202);
            reports.add(id);
        }

        // A supplier invoice and a credit note of an office supplier, approved and posted.
        finrelay.put(t.path("/ap-policy"), Map.of("legalEntityId", data.entityDe(), "expenseAccount", "6815",
                "taxAccount", "1576", "costOfCapitalPercent", "8", "liquidityBuffer", "0", "defaultTermDays", 30))
                .require(200);
        EInvoices.Supplier nordlicht = new EInvoices.Supplier("Nordlicht Bürobedarf GmbH", "DE811907980",
                EInvoices.iban("20050550", "1234567890"), "Speicherstadt 12", "Hamburg", "20457");
        finrelay.post(t.path("/vendors"), Map.of("legalEntityId", data.entityDe(), "name", nordlicht.name(),
                "country", "DE", "bankAccount", Map.of("iban", nordlicht.iban(), "holderName", nordlicht.name()),
                "active", true, "vatId", nordlicht.vatId(), "erpRef", "NORD-" + t.id().substring(0, 8))).require(201);
        String approver = keyFor(t, t.adminKey(), "approver");
        LocalDate issued = TODAY.minusDays(5);
        List<String> invoices = new ArrayList<>();
        for (String[] doc : new String[][] {{"380", "RE-2026-8101", "Tonerkartusche TN-2420", "24", "45.00"},
                {"381", "GS-2026-0107", "Gutschrift: Tonerkartusche beschädigt", "3", "45.00"},
                {"380", "RE-2026-8102", "Kopierpapier A4, 80 g, 5 x 500 Blatt", "40", "21.35"}}) {
            Api.Answer up = new Api("http://localhost:" + port, t.adminKey()).postXml(t.path("/supplier-invoices"),
                    EInvoices.ubl(doc[0], doc[1], nordlicht, nordlicht.iban(), issued, issued.plusDays(30),
                            List.of(new EInvoices.Line(doc[2], Integer.parseInt(doc[3]), new BigDecimal(doc[4]))), null));
            assertThat(up.status()).as(String.valueOf(up.body())).isEqualTo(201);
            String id = up.body().get("id").asText();
            assertThat(post(t.path("/supplier-invoices/" + id + "/approval"), approver,
                    json("approver", "c.vogel", "approve", true)).status()).isEqualTo(202);
            invoices.add(id);
        }
        for (String id : reports) {
            await().atMost(Duration.ofSeconds(60)).until(() -> finrelay.get(t.path("/expense-reports/" + id)).body()
                    .path("state").asText(), s -> s.equals("AwaitingRelease"));
        }
        for (String id : invoices) {
            await().atMost(Duration.ofSeconds(60)).until(() -> finrelay.get(t.path("/supplier-invoices/" + id)).body()
                    .path("state").asText(), s -> s.equals("SCHEDULED"));
        }

        java.net.http.HttpResponse<String> export = text(t.path("/ledger/export?format=hledger"), t.adminKey());
        assertThat(export.statusCode()).isEqualTo(200);
        assertThat(export.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        String journal = export.body();
        assertThat(journal).contains("supplier invoice RE-2026-8101", "1600", "EUR", "CHF");
        Path file = dir.resolve("finrelay.journal");
        Files.writeString(file, journal, StandardCharsets.UTF_8);

        Run check = run(List.of(hledger.toString(), "-f", file.toString(), "check", "--strict", "ordereddates"));
        assertThat(check.exit()).as(check.out() + "\n" + journal).isZero();

        Map<String, BigDecimal> books = hledgerBalances(file);
        Map<String, BigDecimal> erp = new TreeMap<>();
        Api erpApi = new Api(urls.get("erp"), null);
        for (String entity : List.of(data.entityDe(), data.entityCh())) {
            for (JsonNode a : erpApi.get("/api/v1/trial-balance?legalEntityId=" + entity).require(200).body().get("accounts")) {
                BigDecimal balance = new BigDecimal(a.get("balance").asText());
                if (balance.signum() != 0) {
                    erp.merge(a.get("account").asText() + " " + a.get("currency").asText(), balance, BigDecimal::add);
                }
            }
        }
        assertThat(books).as("hledger's balances of the export against the ERP's trial balance").isNotEmpty();
        assertThat(books.keySet()).containsExactlyInAnyOrderElementsOf(erp.keySet());
        books.forEach((account, balance) -> assertThat(balance).as(account).isEqualByComparingTo(erp.get(account)));
        // 1,080.00 + 854.00 less 135.00 credited, net, and 19 % VAT: what the company owes Nordlicht
        assertThat(books.get("1600 EUR")).isEqualByComparingTo("-2140.81");

        // The same check fails on a tampered export: one line of one entry changed.
        String tampered = journal.replaceFirst("(\\n    6815  )(\\d+)", "$1" + "9$2");
        assertThat(tampered).isNotEqualTo(journal);
        Path bad = dir.resolve("tampered.journal");
        Files.writeString(bad, tampered, StandardCharsets.UTF_8);
        Run refused = run(List.of(hledger.toString(), "-f", bad.toString(), "check", "--strict", "ordereddates"));
        assertThat(refused.exit()).as(refused.out()).isNotZero();
        assertThat(refused.out()).contains("balance");
    }

    @Test
    void anUnknownFormatIsRefused() throws Exception {
        TestTenant t = newTenant("LedgerFormat");
        Answer csv = get(t.path("/ledger/export?format=csv"), t.adminKey());
        assertThat(csv.status()).isEqualTo(400);
        assertThat(csv.body().get("errors").get(0).get("field").asText()).isEqualTo("format");
        java.net.http.HttpResponse<String> empty = text(t.path("/ledger/export"), t.adminKey());
        assertThat(empty.statusCode()).isEqualTo(200);
        assertThat(empty.body()).startsWith("; the journals Finrelay caused").doesNotContain("account ");
    }

    /** A GET whose answer is text, not JSON. */
    private java.net.http.HttpResponse<String> text(String path, String key) throws Exception {
        try (java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient()) {
            return http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + path))
                    .header("Authorization", "Bearer " + key).GET().build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
        }
    }

    /** {@code hledger bal}: every account's balance per commodity, as "account currency" to amount. */
    private static Map<String, BigDecimal> hledgerBalances(Path file) throws Exception {
        Run bal = run(List.of(hledger.toString(), "-f", file.toString(), "balance", "--flat", "--no-total", "-O", "csv"));
        assertThat(bal.exit()).as(bal.out()).isZero();
        Map<String, BigDecimal> out = new TreeMap<>();
        for (String line : bal.out().strip().split("\n")) {
            String[] cells = line.split("\",\"");
            String account = cells[0].replace("\"", "");
            if (account.equals("account")) {
                continue;
            }
            for (String amount : cells[1].replace("\"", "").split(", ")) {
                String[] parts = amount.strip().split(" ");
                out.merge(account + " " + parts[1], new BigDecimal(parts[0]), BigDecimal::add);
            }
        }
        return out;
    }

    private record Run(int exit, String out) {}

    private static Run run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("%s finished", command).isTrue();
        return new Run(p.exitValue(), out);
    }

    /** {@code bin/<name>} of this repository, found by walking up from the module. */
    private static Path script(String name) {
        for (File d = new File("").getAbsoluteFile(); d != null; d = d.getParentFile()) {
            Path candidate = d.toPath().resolve("bin").resolve(name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("bin/" + name + " not found above " + new File("").getAbsolutePath());
    }
}
