package io.finrelay.sandbox;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamReader;

/**
 * The sandbox bank's file side, standing beside the product like a real peer: it reads the pain.001
 * bytes Finrelay sends with plain StAX (none of Finrelay's reading code), rejects the end-to-end ids
 * it is told to, and answers with a pain.002.001.10 and a camt.053.001.08 booking every accepted
 * payment, as files to drop into Finrelay's inbound channel. The answers' message and statement ids
 * are made from the pain.001's message id, so each file's answers are files of their own.
 */
public final class FileBank {
    record Tx(String pmtInfId, String debtorIban, String endToEndId, String currency, String amount, String creditor) {
    }

    public record Answer(byte[] pain002, byte[] camt053) {
    }

    private FileBank() {
    }

    /** The opening balance of a statement when the caller names none. */
    static final BigDecimal OPENING = new BigDecimal("10000.00");

    public static Answer answer(byte[] pain001, Set<String> rejectedEndToEndIds) throws Exception {
        return answer(pain001, rejectedEndToEndIds, OPENING);
    }

    /** The answers, the statement opening each debtor account at {@code opening} (what it held before the run). */
    public static Answer answer(byte[] pain001, Set<String> rejectedEndToEndIds, BigDecimal opening) throws Exception {
        List<Tx> txs = new ArrayList<>();
        String messageId = read(pain001, txs);
        return new Answer(pain002(messageId, txs, rejectedEndToEndIds).getBytes(StandardCharsets.UTF_8),
                camt053(messageId, txs, rejectedEndToEndIds, opening).getBytes(StandardCharsets.UTF_8));
    }

    private static String read(byte[] pain001, List<Tx> out) throws Exception {
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        XMLStreamReader r = factory.createXMLStreamReader(new ByteArrayInputStream(pain001));
        List<String> path = new ArrayList<>();
        String messageId = null;
        String pmtInf = null;
        String debtorIban = null;
        String e2e = null;
        String currency = null;
        String amount = null;
        String creditor = null;
        while (r.hasNext()) {
            int event = r.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                path.add(r.getLocalName());
                String p = String.join("/", path);
                if (p.endsWith("InstdAmt")) {
                    currency = r.getAttributeValue(null, "Ccy");
                }
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                String p = String.join("/", path);
                if (p.endsWith("CdtTrfTxInf")) {
                    out.add(new Tx(pmtInf, debtorIban, e2e, currency, amount, creditor));
                }
                path.remove(path.size() - 1);
            } else if (event == XMLStreamConstants.CHARACTERS && !r.isWhiteSpace()) {
                String p = String.join("/", path);
                String text = r.getText().strip();
                if (p.endsWith("GrpHdr/MsgId")) {
                    messageId = text;
                } else if (p.endsWith("PmtInf/PmtInfId")) {
                    pmtInf = text;
                } else if (p.endsWith("DbtrAcct/Id/IBAN")) {
                    debtorIban = text;
                } else if (p.endsWith("EndToEndId")) {
                    e2e = text;
                } else if (p.endsWith("InstdAmt")) {
                    amount = text;
                } else if (p.endsWith("Cdtr/Nm")) {
                    creditor = text;
                }
            }
        }
        return messageId;
    }

    private static String pain002(String messageId, List<Tx> txs, Set<String> rejected) {
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.002.001.10\"><CstmrPmtStsRpt>"
                + "<GrpHdr><MsgId>STS-" + messageId + "</MsgId><CreDtTm>2024-03-15T08:00:00+01:00</CreDtTm></GrpHdr>"
                + "<OrgnlGrpInfAndSts><OrgnlMsgId>" + messageId + "</OrgnlMsgId><OrgnlMsgNmId>pain.001.001.09</OrgnlMsgNmId>"
                + "<GrpSts>" + (rejected.isEmpty() ? "ACSC" : "PART") + "</GrpSts></OrgnlGrpInfAndSts>");
        Map<String, List<Tx>> batches = new LinkedHashMap<>();
        txs.forEach(t -> batches.computeIfAbsent(t.pmtInfId(), k -> new ArrayList<>()).add(t));
        for (var batch : batches.entrySet()) {
            x.append("<OrgnlPmtInfAndSts><OrgnlPmtInfId>").append(batch.getKey()).append("</OrgnlPmtInfId>");
            for (Tx t : batch.getValue()) {
                boolean reject = rejected.contains(t.endToEndId());
                x.append("<TxInfAndSts><OrgnlEndToEndId>").append(t.endToEndId()).append("</OrgnlEndToEndId><TxSts>")
                        .append(reject ? "RJCT" : "ACSC").append("</TxSts>");
                if (reject) {
                    x.append("<StsRsnInf><Rsn><Cd>AM04</Cd></Rsn></StsRsnInf>");
                }
                x.append("</TxInfAndSts>");
            }
            x.append("</OrgnlPmtInfAndSts>");
        }
        return x.append("</CstmrPmtStsRpt></Document>\n").toString();
    }

    private static String camt053(String messageId, List<Tx> txs, Set<String> rejected, BigDecimal opening) {
        Map<String, List<Tx>> accounts = new LinkedHashMap<>();
        txs.stream().filter(t -> !rejected.contains(t.endToEndId()))
                .forEach(t -> accounts.computeIfAbsent(t.debtorIban() + " " + t.currency(), k -> new ArrayList<>()).add(t));
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.08\"><BkToCstmrStmt>"
                + "<GrpHdr><MsgId>STMT-" + messageId + "</MsgId><CreDtTm>2024-03-15T18:00:00+01:00</CreDtTm></GrpHdr>");
        int n = 0;
        for (var account : accounts.entrySet()) {
            String[] key = account.getKey().split(" ");
            BigDecimal closing = opening;
            for (Tx t : account.getValue()) {
                closing = closing.subtract(new BigDecimal(t.amount()));
            }
            x.append("<Stmt><Id>S-").append(messageId).append("-").append(++n).append("</Id><CreDtTm>2024-03-15T18:00:00+01:00</CreDtTm><Acct><Id><IBAN>")
                    .append(key[0]).append("</IBAN></Id><Ccy>").append(key[1]).append("</Ccy></Acct>")
                    .append(balance("OPBD", key[1], opening)).append(balance("CLBD", key[1], closing));
            for (Tx t : account.getValue()) {
                x.append("<Ntry><Amt Ccy=\"").append(t.currency()).append("\">").append(t.amount())
                        .append("</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>2024-03-15</Dt></BookgDt>")
                        .append("<ValDt><Dt>2024-03-15</Dt></ValDt><BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>ICDT</Cd>")
                        .append("<SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd><NtryDtls><TxDtls><Refs><EndToEndId>")
                        .append(t.endToEndId()).append("</EndToEndId></Refs><RltdPties><Cdtr><Pty><Nm>")
                        .append(t.creditor().replace("&", "&amp;")).append("</Nm></Pty></Cdtr></RltdPties></TxDtls></NtryDtls></Ntry>");
            }
            x.append("</Stmt>");
        }
        return x.append("</BkToCstmrStmt></Document>\n").toString();
    }

    private static String balance(String code, String currency, BigDecimal amount) {
        return "<Bal><Tp><CdOrPrtry><Cd>" + code + "</Cd></CdOrPrtry></Tp><Amt Ccy=\"" + currency + "\">"
                + amount.abs().toPlainString() + "</Amt><CdtDbtInd>" + (amount.signum() < 0 ? "DBIT" : "CRDT")
                + "</CdtDbtInd><Dt><Dt>2024-03-15</Dt></Dt></Bal>";
    }
}
