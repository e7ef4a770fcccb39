package io.finrelay.server.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.finrelay.engine.db.Database;
import io.finrelay.engine.fixtures.PaymentFlow;
import io.finrelay.server.ServerIT;
import io.finrelay.server.bank.TestBankFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Usage for partner billing, counted as the events happen: a tenant's month shows exactly the workflows
 * it started, the bank files it sent, the supplier invoices it handed in and the API calls it was admitted
 * to, each equal to what the tenant's own records hold and to the calls this test made; repeats that
 * change nothing count nothing, nor do calls refused before the tenant was reached.
 */
class UsageIT extends ServerIT {
    private static final String HOUSE_IBAN = "DE89370400440532013000";
    private static final Path INVOICES = Path.of("../finrelay-einvoice/src/test/resources/samples/ubl");

    @Autowired
    Database db;

    private String partner() {
        return get("/v1/me", BOOTSTRAP_KEY).body().get("partnerId").asText();
    }

    private JsonNode usageOf(TestTenant tenant, String month) {
        Answer answer = get("/v1/partners/" + partner() + "/usage" + (month == null ? "" : "?month=" + month), BOOTSTRAP_KEY);
        assertThat(answer.status()).as(String.valueOf(answer.body())).isEqualTo(200);
        for (JsonNode t : answer.body().get("tenants")) {
            if (t.get("tenantId").asText().equals(tenant.id())) {
                return t;
            }
        }
        throw new AssertionError("tenant " + tenant.id() + " not in the partner's usage: " + answer.body());
    }

    private long recorded(TestTenant tenant, String table, String at) {
        return asOwner(db, c -> {
            try (var s = c.prepareStatement("select count(*) from " + table + " where tenant_id = ?::uuid "
                    + "and date_trunc('month', " + at + " at time zone 'UTC') = date_trunc('month', now() at time zone 'UTC')")) {
                s.setString(1, tenant.id());
                try (var r = s.executeQuery()) {
                    r.next();
                    return r.getLong(1);
                }
            }
        });
    }

    @Test
    void aTenantsMonthShowsExactlyTheWorkflowsBankFilesInvoicesAndApiCallsItCaused() throws IOException {
        TestTenant tenant = newTenant("Usage");
        TestTenant other = newTenant("UsageNeighbour");
        String month = YearMonth.now(ZoneOffset.UTC).toString();
        long callsBefore = await().atMost(Duration.ofSeconds(10)).until(() -> usageOf(tenant, month).get("apiCalls").asLong(),
                n -> n == 1); // making its admin key was a call to the tenant (making the tenant, the partner's)

        int calls = 0;
        // Three payment workflows; the second delivery of the first (same Idempotency-Key) repeats, starts nothing.
        for (String invoice : new String[] {"INV-2026-1101", "INV-2026-1102", "INV-2026-1103"}) {
            Answer started = post(tenant.path("/workflows/" + PaymentFlow.TYPE + "/events"), tenant.adminKey(),
                    json("businessKey", invoice, "event", Map.of("type", "InvoiceApproved", "data",
                            Map.of("invoice", invoice, "vendor", "Adlon Kempinski", "amount", "1240.50"))), "usage-" + invoice);
            calls++;
            assertThat(started.status()).as(String.valueOf(started.body())).isBetween(200, 299);
        }
        Answer repeated = post(tenant.path("/workflows/" + PaymentFlow.TYPE + "/events"), tenant.adminKey(),
                json("businessKey", "INV-2026-1101", "event", Map.of("type", "InvoiceApproved", "data",
                        Map.of("invoice", "INV-2026-1101", "vendor", "Adlon Kempinski", "amount", "1240.50"))), "usage-INV-2026-1101");
        calls++;
        assertThat(repeated.status()).isBetween(200, 299);

        // Two bank files: a statement imported and a broken one (refused, quarantined: received all the same).
        String entity = legalEntity(tenant);
        calls++;
        assertThat(call("PUT", tenant.path("/bank-accounts/" + HOUSE_IBAN), tenant.adminKey(), JSON.writeValueAsString(
                Map.of("legalEntity", entity, "currency", "EUR", "bic", "COBADEFFXXX", "name", "Geschaeftskonto")),
                Map.of()).status()).isEqualTo(201);
        calls++;
        String statement = TestBankFiles.camt053("CAMT053-USAGE-1", "STMT-USAGE-1", HOUSE_IBAN,
                LocalDate.now(ZoneOffset.UTC).minusDays(1), "5000.00", TestBankFiles.TWO_MOVEMENTS);
        assertThat(call("POST", tenant.path("/bank-files?connection=commerzbank&name=camt053_usage.xml"), tenant.adminKey(),
                statement, Map.of("Content-Type", "application/xml")).status()).isEqualTo(201);
        calls++;
        assertThat(call("POST", tenant.path("/bank-files?connection=commerzbank&name=broken.xml"), tenant.adminKey(),
                statement.substring(0, statement.indexOf("<Ntry>") + 40), Map.of("Content-Type", "application/xml"))
                .status()).as("refused, and a call of the tenant all the same").isEqualTo(422);
        calls++;

        // One supplier invoice, handed in twice: the same document is one invoice.
        String ubl = Files.readString(INVOICES.resolve("ubl-tc434-example1.xml"), StandardCharsets.UTF_8);
        for (int i = 0; i < 2; i++) {
            calls++;
            assertThat(call("POST", tenant.path("/supplier-invoices"), tenant.adminKey(), ubl,
                    Map.of("Content-Type", "application/xml")).status()).isBetween(200, 201);
        }
        // Requests refused at the edge, before the tenant was reached, are no calls of the tenant.
        assertThat(get(tenant.path("/workflows/instances/not-a-uuid"), tenant.adminKey()).status()).isEqualTo(400);
        assertThat(get(tenant.path("/workflows/instances"), other.adminKey()).status()).isEqualTo(404);
        assertThat(get(tenant.path("/workflows/instances"), null).status()).isEqualTo(401);

        long expectedCalls = callsBefore + calls;
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(usageOf(tenant, month).get("apiCalls").asLong()).isEqualTo(expectedCalls));
        JsonNode usage = usageOf(tenant, month);
        assertThat(usage.get("workflowsStarted").asLong())
                .as("the three payments and the invoice's own workflow, as the instances table holds them")
                .isEqualTo(recorded(tenant, "workflow_instance", "created_at")).isGreaterThanOrEqualTo(4);
        assertThat(usage.get("bankFiles").asLong()).isEqualTo(recorded(tenant, "bank_file", "received_at")).isEqualTo(2);
        assertThat(usage.get("invoices").asLong()).isEqualTo(recorded(tenant, "supplier_invoice", "received_at")).isEqualTo(1);
        assertThat(usage.get("name").asText()).isEqualTo("Usage");

        // The neighbour's figures are its own; last month is empty for both.
        JsonNode neighbour = usageOf(other, month);
        assertThat(neighbour.get("workflowsStarted").asLong()).isZero();
        assertThat(neighbour.get("bankFiles").asLong()).isZero();
        String lastMonth = YearMonth.now(ZoneOffset.UTC).minusMonths(1).toString();
        assertThat(usageOf(tenant, lastMonth).get("apiCalls").asLong()).isZero();
        assertThat(usageOf(tenant, lastMonth).get("workflowsStarted").asLong()).isZero();
    }

    @Test
    void withoutAMonthTheCurrentMonthIsAnsweredWithThePartnersTotals() {
        Answer answer = get("/v1/partners/" + partner() + "/usage", BOOTSTRAP_KEY);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().get("month").asText()).isEqualTo(YearMonth.now(ZoneOffset.UTC).toString());
        long sum = 0;
        for (JsonNode t : answer.body().get("tenants")) {
            sum += t.get("workflowsStarted").asLong();
        }
        assertThat(answer.body().get("totals").get("workflowsStarted").asLong()).isEqualTo(sum);
    }

    @Test
    void aMonthThatIsNotYyyyMmOrLiesAheadIsA400NamingTheParameter() {
        String partner = partner();
        for (String bad : new String[] {"2026-13", "11-2026", "2026-1", "2026-11-01", YearMonth.now(ZoneOffset.UTC).plusMonths(1).toString()}) {
            Answer answer = get("/v1/partners/" + partner + "/usage?month=" + bad, BOOTSTRAP_KEY);
            assertThat(answer.status()).as(bad).isEqualTo(400);
            assertThat(answer.contentType()).startsWith("application/problem+json");
            assertThat(answer.body().get("detail").asText()).as(bad).startsWith("month: ");
        }
    }

    @Test
    void anotherPartnersUsageIsNotFoundAndATenantsPeopleCannotReadIt() {
        assertThat(get("/v1/partners/" + UUID.randomUUID() + "/usage", BOOTSTRAP_KEY).status()).isEqualTo(404);
        TestTenant tenant = newTenant("UsageReader");
        assertThat(get("/v1/partners/" + partner() + "/usage", tenant.adminKey()).status()).isEqualTo(404);
    }
}
