package io.finrelay.formats.iso20022.pain002;

import io.finrelay.formats.FormatException;
import io.finrelay.formats.LimitedInputStream;
import io.finrelay.formats.iso20022.camt.CamtReader;
import io.finrelay.formats.xml.SecureXml;
import io.finrelay.formats.xml.XmlCursor;
import io.finrelay.model.Money;
import io.finrelay.model.bank.PaymentStatus;
import io.finrelay.model.bank.PaymentStatusReport;
import io.finrelay.model.bank.PaymentStatusReport.Batch;
import io.finrelay.model.bank.PaymentStatusReport.Reason;
import io.finrelay.model.bank.PaymentStatusReport.Transaction;
import java.io.InputStream;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a pain.002 customer payment status report (.001.03 to .001.10) into a canonical
 * {@link PaymentStatusReport}: group, batch and transaction status with their reason codes. Status
 * reports are small; the reader still streams and shares the hardened XML set-up of the camt reader.
 *
 * <p>Accepted quirk: a Document without namespace (German banks' payee-verification reports) is
 * read as pain.002 when its content is CstmrPmtStsRpt.
 */
public final class Pain002Reader {
    private static final String PREFIX = "urn:iso:std:iso:20022:tech:xsd:pain.002.001.";
    private static final long MAX_BYTES = 64L * 1024 * 1024;

    public PaymentStatusReport read(String fileName, InputStream in) {
        try (XmlCursor x = SecureXml.open(fileName, new LimitedInputStream(in, MAX_BYTES, fileName))) {
            String namespace = x.openRoot();
            if (!"Document".equals(x.name())) {
                throw x.error("the root element is " + x.name() + ", an ISO 20022 message starts with Document");
            }
            if (!namespace.isEmpty()) {
                checkVersion(x, namespace);
            }
            if (!x.nextChild() || !"CstmrPmtStsRpt".equals(x.name())) {
                throw x.error("expected CstmrPmtStsRpt in a pain.002 Document");
            }
            PaymentStatusReport report = report(x);
            if (x.nextChild()) {
                throw x.error("unexpected element after CstmrPmtStsRpt");
            }
            x.expectEnd();
            return report;
        }
    }

    private static void checkVersion(XmlCursor x, String namespace) {
        if (!namespace.startsWith(PREFIX)) {
            throw x.error("namespace '" + namespace + "' is not a pain.002 message");
        }
        String version = namespace.substring(PREFIX.length());
        int number;
        try {
            number = Integer.parseInt(version);
        } catch (NumberFormatException e) {
            throw x.error("namespace '" + namespace + "' has no version number");
        }
        if (number < 3 || number > 10) {
            throw x.error("version pain.002.001." + version + " is not supported (supported: .03 to .10)");
        }
    }

    private static PaymentStatusReport report(XmlCursor x) {
        String messageId = null;
        OffsetDateTime createdAt = null;
        String originalMessageId = null;
        String originalType = null;
        String groupStatus = null;
        List<Reason> groupReasons = new ArrayList<>();
        List<Batch> batches = new ArrayList<>();
        while (x.nextChild()) {
            switch (x.name()) {
                case "GrpHdr" -> {
                    while (x.nextChild()) {
                        switch (x.name()) {
                            case "MsgId" -> messageId = x.text();
                            case "CreDtTm" -> createdAt = x.dateTime(x.text());
                            default -> x.skip();
                        }
                    }
                }
                case "OrgnlGrpInfAndSts" -> {
                    while (x.nextChild()) {
                        switch (x.name()) {
                            case "OrgnlMsgId" -> originalMessageId = x.text();
                            case "OrgnlMsgNmId" -> originalType = x.text();
                            case "GrpSts" -> groupStatus = x.text();
                            case "StsRsnInf" -> groupReasons.add(reason(x));
                            default -> x.skip();
                        }
                    }
                }
                case "OrgnlPmtInfAndSts" -> batches.add(batch(x));
                default -> x.skip();
            }
        }
        if (messageId == null || originalMessageId == null) {
            throw new FormatException(x.fileName(), x.line(), "/Document/CstmrPmtStsRpt",
                    "a status report needs GrpHdr/MsgId and OrgnlGrpInfAndSts/OrgnlMsgId");
        }
        return new PaymentStatusReport(messageId, createdAt, originalMessageId, originalType, groupStatus,
                groupStatus == null ? null : PaymentStatus.fromIsoCode(groupStatus), groupReasons, batches);
    }

    private static Batch batch(XmlCursor x) {
        String id = null;
        String status = null;
        List<Reason> reasons = new ArrayList<>();
        List<Transaction> transactions = new ArrayList<>();
        while (x.nextChild()) {
            switch (x.name()) {
                case "OrgnlPmtInfId" -> id = x.text();
                case "PmtInfSts" -> status = x.text();
                case "StsRsnInf" -> reasons.add(reason(x));
                case "TxInfAndSts" -> transactions.add(transaction(x));
                default -> x.skip();
            }
        }
        if (id == null) {
            throw x.error("OrgnlPmtInfAndSts without OrgnlPmtInfId");
        }
        return new Batch(id, status, status == null ? null : PaymentStatus.fromIsoCode(status), reasons, transactions);
    }

    private static Transaction transaction(XmlCursor x) {
        String statusId = null;
        String instructionId = null;
        String endToEndId = null;
        String status = null;
        List<Reason> reasons = new ArrayList<>();
        Money amount = null;
        while (x.nextChild()) {
            switch (x.name()) {
                case "StsId" -> statusId = x.text();
                case "OrgnlInstrId" -> instructionId = x.text();
                case "OrgnlEndToEndId" -> endToEndId = x.text();
                case "TxSts" -> status = x.text();
                case "StsRsnInf" -> reasons.add(reason(x));
                case "OrgnlTxRef" -> amount = originalAmount(x);
                default -> x.skip();
            }
        }
        return new Transaction(statusId, instructionId, endToEndId, status,
                status == null ? null : PaymentStatus.fromIsoCode(status), reasons, amount);
    }

    private static Money originalAmount(XmlCursor x) {
        Money amount = null;
        while (x.nextChild()) {
            if ("Amt".equals(x.name())) {
                while (x.nextChild()) {
                    if ("InstdAmt".equals(x.name())) {
                        amount = CamtReader.money(x);
                    } else {
                        x.skip();
                    }
                }
            } else {
                x.skip();
            }
        }
        return amount;
    }

    private static Reason reason(XmlCursor x) {
        String originator = null;
        String code = null;
        boolean proprietary = false;
        List<String> info = new ArrayList<>();
        while (x.nextChild()) {
            switch (x.name()) {
                case "Orgtr" -> originator = x.deepText().replaceAll("\\s+", " ");
                case "Rsn" -> {
                    while (x.nextChild()) {
                        switch (x.name()) {
                            case "Cd" -> code = x.text();
                            case "Prtry" -> {
                                code = x.text();
                                proprietary = true;
                            }
                            default -> x.skip();
                        }
                    }
                }
                case "AddtlInf" -> info.add(x.text());
                default -> x.skip();
            }
        }
        return new Reason(code, proprietary, originator, info);
    }
}
