package io.finrelay.bench;

import io.finrelay.model.Money;
import io.finrelay.model.bank.BankStatementLine;
import io.finrelay.reconciliation.Line;
import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes statement lines as one camt.053.001.02 message, one statement per account, as a German bank
 * sends them: an entry per line with its booking and value date, the bank's reference, the ISO bank
 * transaction code, the end-to-end id and mandate, the instructed amount of a foreign-currency credit,
 * the counterparty's name and IBAN, the remittance text (structured RF reference when there is one),
 * and the return reason of a returned payment. The balances add up, so the file passes the controls.
 */
final class CamtFile {
    private CamtFile() {}

    static void write(Writer out, String messageId, LocalDate day, List<Line> lines) throws IOException {
        Map<String, List<Line>> byAccount = new LinkedHashMap<>();
        for (Line l : lines) {
            byAccount.computeIfAbsent(l.account(), a -> new java.util.ArrayList<>()).add(l);
        }
        out.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\">\n<BkToCstmrStmt>\n"
                + "<GrpHdr><MsgId>" + messageId + "</MsgId><CreDtTm>" + day + "T20:15:00+01:00</CreDtTm></GrpHdr>\n");
        int statement = 0;
        for (Map.Entry<String, List<Line>> account : byAccount.entrySet()) {
            statement++;
            BigDecimal closing = BigDecimal.ZERO;
            for (Line l : account.getValue()) {
                BigDecimal a = l.line().amount().amount();
                closing = l.line().direction() == BankStatementLine.Direction.CREDIT ? closing.add(a) : closing.subtract(a);
            }
            out.write("<Stmt><Id>" + messageId + "-" + statement + "</Id><ElctrncSeqNb>" + statement
                    + "</ElctrncSeqNb><CreDtTm>" + day + "T20:15:00+01:00</CreDtTm>\n<Acct><Id><IBAN>" + account.getKey()
                    + "</IBAN></Id><Ccy>EUR</Ccy></Acct>\n");
            out.write(balance("OPBD", BigDecimal.ZERO, day));
            out.write(balance("CLBD", closing, day));
            for (Line l : account.getValue()) {
                entry(out, l.line());
            }
            out.write("</Stmt>\n");
        }
        out.write("</BkToCstmrStmt>\n</Document>\n");
    }

    private static void entry(Writer out, BankStatementLine b) throws IOException {
        boolean credit = b.direction() == BankStatementLine.Direction.CREDIT;
        String party = credit ? "Dbtr" : "Cdtr";
        StringBuilder x = new StringBuilder(1024);
        x.append("<Ntry><Amt Ccy=\"").append(b.amount().currencyCode()).append("\">").append(plain(b.amount()))
                .append("</Amt><CdtDbtInd>").append(credit ? "CRDT" : "DBIT").append("</CdtDbtInd><Sts>BOOK</Sts>")
                .append("<BookgDt><Dt>").append(b.bookingDate()).append("</Dt></BookgDt><ValDt><Dt>")
                .append(b.valueDate() == null ? b.bookingDate() : b.valueDate()).append("</Dt></ValDt>");
        if (b.bankReference() != null) {
            x.append("<AcctSvcrRef>").append(text(b.bankReference())).append("</AcctSvcrRef>");
        }
        if (b.bankTransactionCode() != null) {
            String[] code = b.bankTransactionCode().split("[-/]");
            if (code.length == 3) {
                x.append("<BkTxCd><Domn><Cd>").append(code[0]).append("</Cd><Fmly><Cd>").append(code[1])
                        .append("</Cd><SubFmlyCd>").append(code[2]).append("</SubFmlyCd></Fmly></Domn></BkTxCd>");
            }
        }
        x.append("<NtryDtls><TxDtls><Refs>");
        if (b.entryReference() != null) {
            x.append("<PmtInfId>").append(text(b.entryReference())).append("</PmtInfId>");
        }
        x.append("<EndToEndId>").append(b.endToEndId() == null ? "NOTPROVIDED" : text(b.endToEndId())).append("</EndToEndId>");
        if (b.mandateReference() != null) {
            x.append("<MndtId>").append(text(b.mandateReference())).append("</MndtId>");
        }
        x.append("</Refs>");
        if (b.originalAmount() != null) {
            x.append("<AmtDtls><InstdAmt><Amt Ccy=\"").append(b.originalAmount().currencyCode()).append("\">")
                    .append(plain(b.originalAmount())).append("</Amt></InstdAmt></AmtDtls>");
        }
        if (b.counterpartyName() != null || b.counterpartyAccount() != null) {
            x.append("<RltdPties>");
            if (b.counterpartyName() != null) {
                x.append('<').append(party).append("><Nm>").append(text(b.counterpartyName())).append("</Nm></").append(party).append('>');
            }
            if (b.counterpartyAccount() != null) {
                x.append('<').append(party).append("Acct><Id><IBAN>").append(b.counterpartyAccount()).append("</IBAN></Id></")
                        .append(party).append("Acct>");
            }
            x.append("</RltdPties>");
        }
        if (b.remittanceText() != null || b.creditorReference() != null) {
            x.append("<RmtInf>");
            if (b.remittanceText() != null) {
                x.append("<Ustrd>").append(text(b.remittanceText())).append("</Ustrd>");
            }
            if (b.creditorReference() != null) {
                x.append("<Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry><Issr>ISO</Issr></Tp><Ref>")
                        .append(text(b.creditorReference())).append("</Ref></CdtrRefInf></Strd>");
            }
            x.append("</RmtInf>");
        }
        if (b.returnDetails() != null && b.returnDetails().reasonCode() != null) {
            x.append("<RtrInf><Rsn><Cd>").append(b.returnDetails().reasonCode()).append("</Cd></Rsn></RtrInf>");
        }
        x.append("</TxDtls></NtryDtls></Ntry>\n");
        out.write(x.toString());
    }

    private static String balance(String code, BigDecimal amount, LocalDate day) {
        return "<Bal><Tp><CdOrPrtry><Cd>" + code + "</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">" + amount.abs().toPlainString()
                + "</Amt><CdtDbtInd>" + (amount.signum() < 0 ? "DBIT" : "CRDT") + "</CdtDbtInd><Dt><Dt>" + day
                + "</Dt></Dt></Bal>\n";
    }

    private static String plain(Money m) {
        return m.amount().toPlainString();
    }

    private static String text(String s) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
