package io.finrelay.server.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.finrelay.connectors.erp.tryton.TrytonClient;
import io.finrelay.connectors.erp.tryton.TrytonCodec;
import io.finrelay.connectors.erp.tryton.TrytonPeer;
import io.finrelay.connectors.erp.tryton.TrytonSetup;
import io.finrelay.engine.WorkflowEngine;
import io.finrelay.engine.inbox.InboxKey;
import io.finrelay.engine.runtime.InboundEvent;
import io.finrelay.engine.runtime.Input;
import io.finrelay.model.id.TenantId;
import io.finrelay.sandbox.world.Api;
import io.finrelay.server.ServerIT;
import io.finrelay.workflows.reconciliation.ReconciliationMatch;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The bank loop on a real Tryton as the tenant's ERP: the customer's open receivable is pulled from
 * Tryton, the customer's payment on an uploaded camt.053 is matched to it and confirmed, and Tryton
 * shows the receivable cleared against the bank, once; the bank charge on the same statement is booked
 * by the tenant's rule to the GL account in Tryton, once; when the bank returns the payment (AC04) the
 * clearing is reversed in Tryton, once, and the receivable is open again. Nothing lands in the
 * exception queue. Every assertion about the ERP reads Tryton back through its JSON-RPC API.
 */
class ReconciliationOnTrytonIT extends ServerIT {
    private static final String HOUSE_IBAN = "DE89370400440532013000";

    @Autowired
    WorkflowEngine engine;

    @Test
    void aCustomersPaymentClearsItsReceivableInTrytonAChargeIsBookedAndTheReturnReopensIt() {
        TrytonPeer peer = TrytonPeer.get();
        TrytonClient tryton = new TrytonClient(peer.config());
        LocalDate today = peer.facts().today();
        TestTenant tenant = newTenant("TrytonRecon");
        Api finrelay = new Api("http://localhost:" + port, tenant.adminKey());
        finrelay.put(tenant.path("/connectors/erp"), trytonConnector(peer)).require(200);
        finrelay.post(tenant.path("/connectors/erp/pull-master-data"), Map.of()).require(200);
        String entity = finrelay.get(tenant.path("/legal-entities")).require(200).body().path("items").get(0).get("id")
                .asText();
        finrelay.put(tenant.path("/bank-accounts/" + HOUSE_IBAN), Map.of("legalEntity", entity, "currency", "EUR",
                "bic", "COBADEFFXXX", "name", "Operating account")).require(200, 201);
        finrelay.put(tenant.path("/reconciliation/rules"), List.of(Map.of("name", "Bank charges",
                "bankTransactionCode", "ACMT-MDOP-CHRG", "direction", "DEBIT", "glAccount", "6000"))).require(200);

        // A customer of Tryton owes 1,190.00 on an invoice posted in Tryton; its receivable is pulled.
        // Tryton's database outlives a test run: what this run books carries a mark of its own
        String run = UUID.randomUUID().toString().substring(0, 8);
        String customerName = "Hanse Werkzeug " + run + " GmbH";
        long customer = tryton.createOne("party.party", Map.of("name", customerName, "addresses",
                List.of(List.of("create", List.of(Map.of("city", "Luebeck"))))));
        String invoiceNumber = TrytonSetup.postCustomerInvoice(tryton, peer.facts(), customer, new BigDecimal("1190.00"),
                "Werkzeugwartung Q4");
        long receivableLine = openReceivables(tryton, customer).getFirst();
        JsonNode pulled = finrelay.post(tenant.path("/open-items/pull-from-erp"), Map.of()).require(200, 201).body();
        String itemId = "ERP-" + receivableLine;
        assertThat(pulled.toString()).contains(itemId);

        // The statement: the customer's payment and the month's account fee.
        Answer uploaded = call("POST", tenant.path("/bank-files?connection=hausbank&name=STA_" + today + ".xml"),
                tenant.adminKey(), statement(today, customerName, invoiceNumber, run), Map.of("Content-Type", "application/xml"));
        assertThat(uploaded.status()).as(String.valueOf(uploaded.body())).isEqualTo(201);
        JsonNode file = uploaded.body();
        await().atMost(Duration.ofSeconds(60)).until(() -> finrelay.post(tenant.path("/reconciliation/runs"), Map.of())
                .status() == 200);
        JsonNode match = StreamSupport.stream(finrelay.get(tenant.path("/reconciliation/matches?bankFile="
                        + file.get("id").asText())).require(200).body().get("items").spliterator(), false)
                .filter(m -> m.get("openItems").toString().contains(itemId)).findFirst().orElseThrow();
        if (match.get("status").asText().equals("SUGGESTED")) {
            finrelay.post(tenant.path("/reconciliation/matches/" + match.get("id").asText() + "/confirm"), Map.of())
                    .require(200);
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> openReceivables(tryton, customer).isEmpty());
        JsonNode bank = moveLinesOn(tryton, receivableLine, "1000");
        assertThat(bank).as("the bank side of the clearing").hasSize(1);
        assertThat(TrytonCodec.toDecimal(bank.get(0).get("debit"))).isEqualByComparingTo("1190.00");

        await().atMost(Duration.ofSeconds(60)).until(() -> feeBookings(tryton, run).size() == 1);
        assertThat(feeBookings(tryton, run)).singleElement().satisfies(l ->
                assertThat(TrytonCodec.toDecimal(l.get("debit"))).isEqualByComparingTo("12.50"));

        // The customer's bank returns the payment: what a return line on a later statement hands the match.
        engine.submit(new InboundEvent(new InboxKey(new TenantId(UUID.fromString(tenant.id())), "bank-return",
                "return:test:" + match.get("id").asText()), ReconciliationMatch.TYPE, match.get("id").asText(),
                new Input.Domain(new ReconciliationMatch.ReturnReported("AC04", today)), "test-return", "bank-return"));
        await().atMost(Duration.ofSeconds(60)).until(() -> openReceivables(tryton, customer).equals(List.of(receivableLine)));
        assertThat(tryton.search("account.move", List.of(List.of("description", "like", "bank return AC04 of reconciliation match "
                + match.get("id").asText() + "%"), List.of("state", "=", "posted")), null, null)).as("one reversal").hasSize(1);
        assertThat(feeBookings(tryton, run)).as("the charge booked once").hasSize(1);
        assertThat(finrelay.get(tenant.path("/exceptions?status=OPEN")).require(200).body()).as("nothing for a person")
                .isEmpty();
    }

    private static List<Long> openReceivables(TrytonClient tryton, long customer) {
        return tryton.search("account.move.line", List.of(List.of("party", "=", customer),
                List.of("account.code", "=", "1400"), java.util.Arrays.asList("reconciliation", "=", null),
                List.of("move.state", "=", "posted")), null, null);
    }

    /** The lines on {@code accountCode} of the clearing move that reconciled the receivable line. */
    private static JsonNode moveLinesOn(TrytonClient tryton, long receivableLine, String accountCode) {
        long reconciliation = tryton.read("account.move.line", List.of(receivableLine), List.of("reconciliation")).get(0)
                .get("reconciliation").asLong();
        long clearingMove = StreamSupport.stream(tryton.searchRead("account.move.line", List.of(
                        List.of("reconciliation", "=", reconciliation), List.of("id", "!=", receivableLine)), List.of("move"))
                .spliterator(), false).findFirst().orElseThrow().get("move").asLong();
        return tryton.searchRead("account.move.line", List.of(List.of("move", "=", clearingMove),
                List.of("account.code", "=", accountCode)), List.of("debit", "credit"));
    }

    private static List<JsonNode> feeBookings(TrytonClient tryton, String run) {
        return StreamSupport.stream(tryton.searchRead("account.move.line", List.of(List.of("account.code", "=", "6000"),
                List.of("move.description", "like", "Bank charges: Kontofuehrungsentgelt " + run + "%"),
                List.of("move.state", "=", "posted")), List.of("debit")).spliterator(), false).toList();
    }

    private static Map<String, Object> trytonConnector(TrytonPeer peer) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("url", peer.env().get("TRYTON_URL"));
        settings.put("database", peer.env().get("TRYTON_DB"));
        settings.put("user", peer.env().get("TRYTON_USER"));
        settings.put("journalCode", "MISC");
        settings.put("clearingAccount", "1000");
        return Map.of("type", "tryton", "settings", settings, "secret", peer.env().get("TRYTON_PASSWORD"));
    }

    /** Today's camt.053 of the house account: the customer's credit transfer and the account fee. */
    private static String statement(LocalDate day, String customer, String invoiceNumber, String run) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
                  <BkToCstmrStmt>
                    <GrpHdr><MsgId>STMT-%1$s-%5$s</MsgId><CreDtTm>%1$sT20:15:00+01:00</CreDtTm></GrpHdr>
                    <Stmt>
                      <Id>STMT-%1$s-%5$s-1</Id>
                      <CreDtTm>%1$sT20:15:00+01:00</CreDtTm>
                      <Acct><Id><IBAN>%4$s</IBAN></Id><Ccy>EUR</Ccy></Acct>
                      <Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">5000.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>%1$s</Dt></Dt></Bal>
                      <Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">6177.50</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>%1$s</Dt></Dt></Bal>
                      <Ntry>
                        <Amt Ccy="EUR">1190.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>
                        <BookgDt><Dt>%1$s</Dt></BookgDt><ValDt><Dt>%1$s</Dt></ValDt>
                        <AcctSvcrRef>TRY-0001</AcctSvcrRef>
                        <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>
                        <NtryDtls><TxDtls>
                          <Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs>
                          <RltdPties><Dbtr><Nm>%2$s</Nm></Dbtr><DbtrAcct><Id><IBAN>DE44500105175407324931</IBAN></Id></DbtrAcct></RltdPties>
                          <RmtInf><Ustrd>Rechnung %3$s Werkzeugwartung</Ustrd></RmtInf>
                        </TxDtls></NtryDtls>
                      </Ntry>
                      <Ntry>
                        <Amt Ccy="EUR">12.50</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts>
                        <BookgDt><Dt>%1$s</Dt></BookgDt><ValDt><Dt>%1$s</Dt></ValDt>
                        <AcctSvcrRef>TRY-0002</AcctSvcrRef>
                        <BkTxCd><Domn><Cd>ACMT</Cd><Fmly><Cd>MDOP</Cd><SubFmlyCd>CHRG</SubFmlyCd></Fmly></Domn></BkTxCd>
                        <NtryDtls><TxDtls><RmtInf><Ustrd>Kontofuehrungsentgelt %5$s</Ustrd></RmtInf></TxDtls></NtryDtls>
                      </Ntry>
                    </Stmt>
                  </BkToCstmrStmt>
                </Document>
                """.formatted(day, customer, invoiceNumber, HOUSE_IBAN, run);
    }
}
