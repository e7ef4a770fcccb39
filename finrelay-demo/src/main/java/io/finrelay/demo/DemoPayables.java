package io.finrelay.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.finrelay.model.id.TenantId;
import io.finrelay.sandbox.FileBank;
import io.finrelay.sandbox.world.Api;
import io.finrelay.sandbox.world.DemoData;
import io.finrelay.server.bank.BankOutbound;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The demo's accounts payable: sets up the AP policy, the vendors, the house account and its opening
 * balance and the purchase orders some invoices name, takes in about a hundred e-invoices, plays the
 * AP desk (an approver approves, a reviewer confirms a new bank account, accepts a price variance and
 * refuses a copy), pays in two runs (discounts first, then the rest),
 * answers as the bank would (one payment rejected), and sums up the AP figures. Everything goes
 * through the API; a second run on the same day changes nothing.
 */
final class DemoPayables {
    static final String HOUSE_IBAN = DemoInvoices.iban("50010517", "5407324931");
    private static final String CONNECTION = "hausbank";

    private final Api api;
    private final String base;
    private final String tenantId;
    private final String t;
    private final DemoData.World world;
    private final LocalDate today;
    private final BankOutbound outbound;
    private final Clock clock;
    private final Instant started;
    private final Map<String, DemoInvoices.Invoice> byId = new HashMap<>();
    private final Map<String, String> vendorIds = new HashMap<>();
    private final Api erp;

    DemoPayables(Api api, String base, String tenantId, DemoData.World world, LocalDate today, BankOutbound outbound,
                 Clock clock, String erpUrl) {
        this.erp = new Api(erpUrl, null);
        this.api = api;
        this.base = base;
        this.tenantId = tenantId;
        this.t = "/v1/tenants/" + tenantId;
        this.world = world;
        this.today = today;
        this.outbound = outbound;
        this.clock = clock;
        this.started = clock.instant();
    }

    void run(int count) {
        setUp();
        Api approver = new Api(base, key("approver"));
        Api operator = new Api(base, key("operator"));
        List<DemoInvoices.Invoice> invoices = DemoInvoices.generate(new Random(4711), today, count);
        purchaseOrders(invoices);
        for (DemoInvoices.Invoice invoice : invoices) {
            Api.Answer taken = api.postXml(t + "/supplier-invoices", invoice.xml());
            if (taken.status() == 409) {
                continue; // a run on another day: the supplier's number is taken by the earlier content
            }
            byId.put(taken.require(200, 201).body().get("id").asText(), invoice);
        }
        DemoLauncher.say(String.format("took in %d supplier e-invoices (UBL, EN 16931)", byId.size()));
        await("MATCHING", 0);
        for (String id : byId.keySet()) {
            JsonNode invoice = api.get(t + "/supplier-invoices/" + id).require(200).body();
            String state = invoice.get("state").asText();
            String hold = invoice.path("workflow").path("hold").path("code").asText("");
            if (state.equals("HELD") && hold.equals("bank-details-differ")) {
                operator.post(t + "/supplier-invoices/" + id + "/hold-review", Map.of("reviewer", "m.keller", "release", true,
                        "note", "new account confirmed by phone with the supplier's accounts desk"), "demo-review-" + id);
            } else if (state.equals("HELD") && hold.equals("price-variance")) {
                operator.post(t + "/supplier-invoices/" + id + "/hold-review", Map.of("reviewer", "m.keller", "release", true,
                        "note", "price increase agreed by purchasing"), "demo-review-" + id);
            } else if (state.equals("HELD") && hold.equals("possible-duplicate")) {
                operator.post(t + "/supplier-invoices/" + id + "/hold-review", Map.of("reviewer", "m.keller", "release", false,
                        "note", "the same delivery, number mistyped"), "demo-review-" + id);
            }
        }
        for (String id : byId.keySet()) {
            if (api.get(t + "/supplier-invoices/" + id).require(200).body().get("state").asText().equals("AWAITING_APPROVAL")) {
                approver.post(t + "/supplier-invoices/" + id + "/approval", Map.of("approver", "c.vogel", "approve", true),
                        "demo-approve-" + id);
            }
        }
        await("POSTING", 0);
        DemoLauncher.say(String.format("approved and posted; %d planned for payment", count("SCHEDULED")));
        pay("demo-run-discounts-" + today, today.plusDays(10), true);
        pay("demo-run-due-" + today, today.plusDays(31), false);
        await("PAYING", 0);
    }

    private void setUp() {
        api.put(t + "/ap-policy", Map.of("legalEntityId", world.entityDe(), "expenseAccount", "6815", "taxAccount", "1576",
                "costOfCapitalPercent", "8", "liquidityBuffer", "250000.00", "defaultTermDays", 30,
                "matchPurchaseOrders", true, "priceTolerancePercent", "2")).require(200);
        for (io.finrelay.sandbox.world.EInvoices.Supplier s : DemoInvoices.SUPPLIERS) {
            JsonNode vendor = api.post(t + "/vendors", Map.of("legalEntityId", world.entityDe(), "name", s.name(), "country", "DE",
                    "bankAccount", Map.of("iban", s.iban(), "holderName", s.name()), "active", true, "vatId", s.vatId()),
                    "demo-vendor-" + s.vatId()).require(200, 201).body();
            vendorIds.put(s.vatId(), vendor.get("id").asText());
        }
        api.put(t + "/bank-accounts/" + HOUSE_IBAN, Map.of("legalEntity", world.entityDe(), "currency", "EUR",
                "bic", "INGDDEFFXXX", "name", "ACME Logistik GmbH")).require(200, 201);
        api.postXml(t + "/bank-files?connection=" + CONNECTION + "&name=opening-" + today + ".xml", openingStatement())
                .require(200, 201);
    }

    /** Pays what is due by {@code executionDate} in one run, and answers as the bank (rejecting one payment in the first run). */
    private void pay(String runKey, LocalDate executionDate, boolean rejectOne) {
        Api.Answer opened = api.post(t + "/payment-runs", Map.of("executionDate", executionDate.toString(),
                "debtorAccount", HOUSE_IBAN, "connection", CONNECTION, "initiatingParty", "ACME Logistik GmbH"), runKey);
        if (opened.status() == 422) {
            return; // nothing due
        }
        JsonNode run = opened.require(200, 201).body();
        String runId = run.get("runId").asText();
        Instant deadline = clock.instant().plus(Duration.ofMinutes(2));
        JsonNode state = api.get(t + "/payment-runs/" + runId).require(200).body();
        while (!state.get("state").asText().equals("Sent") && clock.instant().isBefore(deadline)) {
            pause();
            state = api.get(t + "/payment-runs/" + runId).require(200).body();
        }
        Path file = outbound.defaultOutbox(new TenantId(UUID.fromString(tenantId)), CONNECTION).resolve(state.get("fileName").asText());
        try {
            Set<String> rejected = rejectOne ? Set.of(run.get("payments").get(0).get("endToEndId").asText()) : Set.of();
            // The bank's statement opens at what the account held: the cash position Finrelay keeps.
            FileBank.Answer bank = FileBank.answer(Files.readAllBytes(file), rejected, housePosition());
            api.postXml(t + "/bank-files?connection=" + CONNECTION + "&name=pain002-" + runId + ".xml",
                    new String(bank.pain002(), StandardCharsets.UTF_8)).require(200, 201);
            api.postXml(t + "/bank-files?connection=" + CONNECTION + "&name=camt053-" + runId + ".xml",
                    // Dated today and created now: a later run's statement is the newer one, as at a real bank.
                    new String(bank.camt053(), StandardCharsets.UTF_8)
                            .replace("2024-03-15T18:00:00+01:00", clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                                    .toString())
                            .replace("2024-03-15", today.toString())).require(200, 201);
        } catch (Exception e) {
            throw new IllegalStateException("the sandbox bank could not answer " + file + ": " + e.getMessage(), e);
        }
        DemoLauncher.say(String.format("payment run %s: %d payments, EUR %s, pain.001 %s; the bank answered", executionDate,
                run.get("count").asInt(), run.get("total").asText(), file));
    }

    /** The AP part of the demo's summary. */
    String summary() {
        Map<String, Integer> byState = new TreeMap<>();
        int straight = 0;
        long payableDays = 0;
        int paid = 0;
        for (String id : byId.keySet()) {
            JsonNode invoice = api.get(t + "/supplier-invoices/" + id).require(200).body();
            String state = invoice.get("state").asText();
            byState.merge(state, 1, Integer::sum);
            JsonNode workflow = invoice.path("workflow");
            boolean held = false;
            for (JsonNode step : workflow.path("timeline")) {
                held |= "Held".equals(step.path("to").asText());
            }
            if (!held && (state.equals("PAID") || state.equals("PAYING") || state.equals("SCHEDULED"))) {
                straight++;
            }
            if (state.equals("PAID")) {
                LocalDate issued = LocalDate.parse(invoice.path("invoice").path("issueDate").asText());
                payableDays += ChronoUnit.DAYS.between(issued, LocalDate.parse(workflow.path("payment").path("executionDate").asText()));
                paid++;
            }
        }
        StringBuilder out = new StringBuilder(" Finrelay demo: invoice to pay\n");
        out.append(String.format("   supplier invoices:  %d (in %s s)   %s%n", byId.size(),
                Duration.between(started, clock.instant()).toSeconds(), byState));
        out.append(String.format("   straight through:   %d of %d (%.0f %%), no person needed but the approver%n", straight,
                byId.size(), byId.isEmpty() ? 0.0 : 100.0 * straight / byId.size()));
        // The discount figures as the console's KPI page shows them: the API's one computation (GET .../kpis).
        for (JsonNode d : api.get(t + "/kpis").require(200).body().path("discounts")) {
            out.append(String.format("   discount captured:  %s %s on %d invoices of %s offered on %d (2/10 net 30 beat the "
                    + "8 %% cost of capital)%n", d.path("currency").asText(), d.path("capturedAmount").asText(),
                    d.path("captured").asInt(), d.path("offeredAmount").asText(), d.path("offered").asInt()));
        }
        out.append(String.format("   days payable:       %.1f on average from issue to payment (%d paid)%n",
                paid == 0 ? 0.0 : (double) payableDays / paid, paid));
        out.append("   invoices: ").append(base).append(t).append("/supplier-invoices?state=PAID\n");
        return out.toString();
    }

    /** The purchase orders the ordered invoices name, in the sandbox ERP (ordered = received: the goods arrived). */
    private void purchaseOrders(List<DemoInvoices.Invoice> invoices) {
        List<Map<String, Object>> orders = new ArrayList<>();
        for (DemoInvoices.Invoice invoice : invoices) {
            if (invoice.purchaseOrder() == null) {
                continue;
            }
            List<Map<String, Object>> lines = invoice.ordered().stream().map(l -> Map.<String, Object>of("description",
                    l.item(), "ordered", String.valueOf(l.quantity()), "unitPrice", l.price().toPlainString(),
                    "received", String.valueOf(l.quantity()))).toList();
            orders.add(Map.of("number", invoice.purchaseOrder(), "vendorRef", vendorIds.get(invoice.supplier().vatId()),
                    "currency", "EUR", "lines", lines));
        }
        erp.post("/_sandbox/purchase-orders", orders).require(200);
    }

    private String key(String role) {
        return api.post(t + "/api-keys", Map.of("name", "demo " + role, "role", role)).require(201).body().get("secret").asText();
    }

    private int count(String state) {
        return api.get(t + "/supplier-invoices?state=" + state + "&limit=500").require(200).body().get("items").size();
    }

    private void await(String state, int expected) {
        Instant deadline = clock.instant().plus(Duration.ofMinutes(2));
        while (count(state) != expected && clock.instant().isBefore(deadline)) {
            pause();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The house account's balance as Finrelay's cash position has it (zero before any statement). */
    private BigDecimal housePosition() {
        for (JsonNode position : api.get(t + "/cash/positions").require(200).body().get("items")) {
            if (position.get("account").asText().equals(HOUSE_IBAN) && position.get("currency").asText().equals("EUR")) {
                return new BigDecimal(position.get("balance").asText());
            }
        }
        return BigDecimal.ZERO;
    }

    /** The house account's balance as the bank reported it this morning: EUR 2.5 million, one interest credit. */
    private String openingStatement() {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
                  <BkToCstmrStmt>
                    <GrpHdr><MsgId>DEMO-OPENING-%1$s</MsgId><CreDtTm>%1$sT06:00:00+01:00</CreDtTm></GrpHdr>
                    <Stmt>
                      <Id>DEMO-OPENING-%1$s</Id>
                      <CreDtTm>%1$sT06:00:00+01:00</CreDtTm>
                      <Acct><Id><IBAN>%2$s</IBAN></Id><Ccy>EUR</Ccy></Acct>
                      <Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">2499875.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>%1$s</Dt></Dt></Bal>
                      <Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">2500000.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>%1$s</Dt></Dt></Bal>
                      <Ntry>
                        <Amt Ccy="EUR">125.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>
                        <BookgDt><Dt>%1$s</Dt></BookgDt><ValDt><Dt>%1$s</Dt></ValDt>
                        <AcctSvcrRef>DEMO-INT-%1$s</AcctSvcrRef>
                        <BkTxCd><Domn><Cd>ACMT</Cd><Fmly><Cd>MDOP</Cd><SubFmlyCd>INTR</SubFmlyCd></Fmly></Domn></BkTxCd>
                        <NtryDtls><TxDtls><RmtInf><Ustrd>Habenzinsen</Ustrd></RmtInf></TxDtls></NtryDtls>
                      </Ntry>
                    </Stmt>
                  </BkToCstmrStmt>
                </Document>
                """.formatted(today, HOUSE_IBAN);
    }
}
