package io.finrelay.server.bank;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * Bank files written for the tests from the ISO 20022 message definitions, as a German bank sends
 * them: a camt.053 end-of-day statement, a camt.052 intraday report, a pain.002 status report. The
 * control figures are right (opening balance + movements = closing), so they import unless a test
 * breaks them on purpose.
 */
public final class TestBankFiles {
    private TestBankFiles() {}

    /** One booked movement: amount (positive), credit or debit, end-to-end id, counterparty and text. */
    public record Entry(String amount, boolean credit, String endToEndId, String counterparty, String counterpartyIban,
                        String remittance) {}

    public static final List<Entry> TWO_MOVEMENTS = List.of(
            new Entry("4250.00", true, "INV-2026-0311", "Spedition Nord GmbH", "DE75512108001245126199",
                    "Rechnung INV-2026-0311 Frachtkosten Februar"),
            new Entry("1190.00", false, "PAY-2026-0077", "Hotel Adlon Kempinski Berlin", "DE02120300000000202051",
                    "Zimmerrechnung 4711 Kundentermin"));

    /** A camt.053.001.02 statement of one account for one day. */
    public static String camt053(String messageId, String statementId, String iban, LocalDate day, String opening,
                                 List<Entry> entries) {
        return camt("camt.053.001.02", "BkToCstmrStmt", "Stmt", messageId, statementId, iban, day,
                day + "T20:15:00+01:00", "OPBD", opening, "CLBD", entries);
    }

    /** A camt.052.001.02 intraday report, its booked balance as of {@code createdAt} (ISO offset date-time). */
    public static String camt052(String messageId, String reportId, String iban, LocalDate day, String createdAt,
                                 String opening, List<Entry> entries) {
        return camt("camt.052.001.02", "BkToCstmrAcctRpt", "Rpt", messageId, reportId, iban, day, createdAt, "OPBD",
                opening, "ITBD", entries);
    }

    /** The closing balance the entries lead to. */
    public static BigDecimal closing(String opening, List<Entry> entries) {
        BigDecimal balance = new BigDecimal(opening);
        for (Entry e : entries) {
            balance = e.credit() ? balance.add(new BigDecimal(e.amount())) : balance.subtract(new BigDecimal(e.amount()));
        }
        return balance;
    }

    private static String camt(String version, String root, String element, String messageId, String statementId,
                               String iban, LocalDate day, String createdAt, String openingCode, String opening,
                               String closingCode, List<Entry> entries) {
        StringBuilder xml = new StringBuilder();
        xml.append("""
                <?xml version="1.0" encoding="UTF-8"?>
                <Document xmlns="urn:iso:std:iso:20022:tech:xsd:%s">
                  <%s>
                    <GrpHdr>
                      <MsgId>%s</MsgId>
                      <CreDtTm>%s</CreDtTm>
                    </GrpHdr>
                    <%s>
                      <Id>%s</Id>
                      <ElctrncSeqNb>%d</ElctrncSeqNb>
                      <CreDtTm>%s</CreDtTm>
                      <Acct>
                        <Id><IBAN>%s</IBAN></Id>
                        <Ccy>EUR</Ccy>
                        <Svcr><FinInstnId><BIC>COBADEFFXXX</BIC></FinInstnId></Svcr>
                      </Acct>
                """.formatted(version, root, messageId, createdAt, element, statementId, day.getDayOfYear(), createdAt, iban));
        xml.append(balance(openingCode, new BigDecimal(opening), day));
        xml.append(balance(closingCode, closing(opening, entries), day));
        int n = 0;
        for (Entry e : entries) {
            n++;
            xml.append("""
                          <Ntry>
                            <Amt Ccy="EUR">%s</Amt>
                            <CdtDbtInd>%s</CdtDbtInd>
                            <Sts>BOOK</Sts>
                            <BookgDt><Dt>%s</Dt></BookgDt>
                            <ValDt><Dt>%s</Dt></ValDt>
                            <AcctSvcrRef>%s-%d</AcctSvcrRef>
                            <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>%s</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>
                            <NtryDtls>
                              <TxDtls>
                                <Refs><EndToEndId>%s</EndToEndId></Refs>
                                <RltdPties>
                                  <%s><Nm>%s</Nm></%s>
                                  <%sAcct><Id><IBAN>%s</IBAN></Id></%sAcct>
                                </RltdPties>
                                <RmtInf><Ustrd>%s</Ustrd></RmtInf>
                              </TxDtls>
                            </NtryDtls>
                          </Ntry>
                    """.formatted(e.amount(), e.credit() ? "CRDT" : "DBIT", day, day, statementId, n,
                    e.credit() ? "RCDT" : "ICDT", e.endToEndId(), e.credit() ? "Dbtr" : "Cdtr", e.counterparty(),
                    e.credit() ? "Dbtr" : "Cdtr", e.credit() ? "Dbtr" : "Cdtr", e.counterpartyIban(),
                    e.credit() ? "Dbtr" : "Cdtr", e.remittance()));
        }
        xml.append("""
                    </%s>
                  </%s>
                </Document>
                """.formatted(element, root));
        return xml.toString();
    }

    private static String balance(String code, BigDecimal amount, LocalDate day) {
        return """
                      <Bal>
                        <Tp><CdOrPrtry><Cd>%s</Cd></CdOrPrtry></Tp>
                        <Amt Ccy="EUR">%s</Amt>
                        <CdtDbtInd>%s</CdtDbtInd>
                        <Dt><Dt>%s</Dt></Dt>
                      </Bal>
                """.formatted(code, amount.abs().toPlainString(), amount.signum() < 0 ? "DBIT" : "CRDT", day);
    }

    /**
     * A pain.002.001.03 status report answering pain.001 {@code originalMessageId}: one transaction
     * with status {@code status} (ACSC, RJCT...) and, for a rejection, reason {@code reason} (AC04...).
     */
    public static String pain002(String messageId, String originalMessageId, String paymentInformationId,
                                 String endToEndId, String status, String reason) {
        String reasonXml = reason == null ? "" : """
                        <StsRsnInf>
                          <Orgtr><Nm>Commerzbank AG</Nm></Orgtr>
                          <Rsn><Cd>%s</Cd></Rsn>
                          <AddtlInf>Konto aufgeloest</AddtlInf>
                        </StsRsnInf>
                """.formatted(reason);
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.03">
                  <CstmrPmtStsRpt>
                    <GrpHdr>
                      <MsgId>%s</MsgId>
                      <CreDtTm>2026-03-03T11:00:00</CreDtTm>
                    </GrpHdr>
                    <OrgnlGrpInfAndSts>
                      <OrgnlMsgId>%s</OrgnlMsgId>
                      <OrgnlMsgNmId>pain.001.001.03</OrgnlMsgNmId>
                    </OrgnlGrpInfAndSts>
                    <OrgnlPmtInfAndSts>
                      <OrgnlPmtInfId>%s</OrgnlPmtInfId>
                      <TxInfAndSts>
                        <StsId>STS-%s</StsId>
                        <OrgnlInstrId>%s</OrgnlInstrId>
                        <OrgnlEndToEndId>%s</OrgnlEndToEndId>
                        <TxSts>%s</TxSts>
                %s      </TxInfAndSts>
                    </OrgnlPmtInfAndSts>
                  </CstmrPmtStsRpt>
                </Document>
                """.formatted(messageId, originalMessageId, paymentInformationId, messageId, "INSTR-" + endToEndId,
                endToEndId, status, reasonXml);
    }
}
