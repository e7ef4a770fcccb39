package io.finrelay.formats.iso20022.camt;

import io.finrelay.formats.Amounts;
import io.finrelay.formats.ControlReport;
import io.finrelay.formats.FormatException;
import io.finrelay.formats.LimitedInputStream;
import io.finrelay.formats.StatementHandler;
import io.finrelay.formats.StatementReader;
import io.finrelay.formats.StatementTotals;
import io.finrelay.formats.xml.SecureXml;
import io.finrelay.formats.xml.XmlCursor;
import io.finrelay.model.Money;
import io.finrelay.model.bank.BankBalance;
import io.finrelay.model.bank.BankStatement;
import io.finrelay.model.bank.BankStatementLine.Direction;
import io.finrelay.model.bank.BankStatementLine.EntryStatus;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Streaming reader of camt.052, camt.053 and camt.054 (versions .02 to .08) into canonical
 * statements. One StAX pass, one entry in memory at a time: a 100 MB statement reads in flat
 * memory. Each element is matched by its local name under its parent, so the small order
 * deviations real banks send (NtryRef after CdtDbtInd and the like) are accepted, while a wrong
 * message, a wrong version, broken XML or a missing mandatory value is refused.
 */
public final class CamtReader implements StatementReader {
    /** Files above this are refused while streaming; statements of large corporates stay well below. */
    public static final long DEFAULT_MAX_BYTES = 512L * 1024 * 1024;
    private static final String NAMESPACE_PREFIX = "urn:iso:std:iso:20022:tech:xsd:";

    private final CamtMessage expected;
    private final long maxBytes;

    private CamtReader(CamtMessage expected, long maxBytes) {
        this.expected = expected;
        this.maxBytes = maxBytes;
    }

    /** Reads any of camt.052/053/054. */
    public static CamtReader any() {
        return new CamtReader(null, DEFAULT_MAX_BYTES);
    }

    /** Reads only the given message; another one is refused as the wrong message. */
    public static CamtReader of(CamtMessage message) {
        return new CamtReader(message, DEFAULT_MAX_BYTES);
    }

    public CamtReader withMaxBytes(long limit) {
        return new CamtReader(expected, limit);
    }

    @Override
    public ReadSummary read(String fileName, InputStream in, StatementHandler handler) {
        try (XmlCursor x = SecureXml.open(fileName, new LimitedInputStream(in, maxBytes, fileName))) {
            String namespace = x.openRoot();
            if (!"Document".equals(x.name())) {
                throw x.error("the root element is " + x.name() + ", an ISO 20022 message starts with Document");
            }
            CamtMessage message = message(x, namespace);
            String format = namespace.substring(NAMESPACE_PREFIX.length());
            if (!x.nextChild() || !message.rootElement().equals(x.name())) {
                throw x.error("expected " + message.rootElement() + " in a " + format + " Document");
            }
            FileState file = new FileState();
            while (x.nextChild()) {
                if ("GrpHdr".equals(x.name())) {
                    file.messageId = groupHeader(x);
                } else if (message.statementElement().equals(x.name())) {
                    new StatementParser(x, message, handler, file).parse();
                } else {
                    x.skip();
                }
            }
            if (x.nextChild()) {
                throw x.error("unexpected element after " + message.rootElement());
            }
            x.expectEnd();
            if (file.messageId == null) {
                throw new FormatException(fileName, 0, "/Document/" + message.rootElement() + "/GrpHdr/MsgId",
                        "the message has no group header message id");
            }
            return new ReadSummary(format, file.messageId, file.statements, file.lines, file.controls);
        }
    }

    private CamtMessage message(XmlCursor x, String namespace) {
        CamtMessage message = CamtMessage.ofNamespace(namespace);
        if (message == null) {
            throw x.error("namespace '" + namespace + "' is not a camt.052, camt.053 or camt.054 message");
        }
        if (expected != null && expected != message) {
            throw x.error("expected a " + expected.id() + " message, the file is " + message.id());
        }
        String versionText = namespace.substring(namespace.lastIndexOf('.') + 1);
        int version;
        try {
            version = Integer.parseInt(versionText);
        } catch (NumberFormatException e) {
            throw x.error("namespace '" + namespace + "' has no version number");
        }
        if (version < CamtMessage.OLDEST_VERSION || version > CamtMessage.NEWEST_VERSION) {
            throw x.error("version " + message.id() + ".001." + versionText + " is not supported (supported: .02 to .08)");
        }
        return message;
    }

    private static String groupHeader(XmlCursor x) {
        String messageId = null;
        while (x.nextChild()) {
            if ("MsgId".equals(x.name())) {
                messageId = x.text();
            } else {
                x.skip();
            }
        }
        return messageId;
    }

    /** Totals of the whole file, kept across statements. */
    static final class FileState {
        String messageId;
        int statements;
        long lines;
        ControlReport controls = ControlReport.none();
    }

    /** One Stmt, Rpt or Ntfctn element. */
    private static final class StatementParser {
        private final XmlCursor x;
        private final CamtMessage message;
        private final StatementHandler handler;
        private final FileState file;
        private final List<BankBalance> balances = new ArrayList<>();
        private final DeclaredTotals declared = new DeclaredTotals();
        private final EntryCounts counted = new EntryCounts();
        private String id;
        private String sequence;
        private String account;
        private java.util.Currency currency;
        private String servicerBic;
        private java.time.OffsetDateTime createdAt;
        private java.time.LocalDate fromDate;
        private java.time.LocalDate toDate;
        private String info;
        private StatementTotals totals;
        private int entryNumber;

        StatementParser(XmlCursor x, CamtMessage message, StatementHandler handler, FileState file) {
            this.x = x;
            this.message = message;
            this.handler = handler;
            this.file = file;
        }

        void parse() {
            while (x.nextChild()) {
                switch (x.name()) {
                    case "Id" -> id = x.text();
                    case "ElctrncSeqNb" -> sequence = x.text();
                    case "LglSeqNb" -> {
                        String legal = x.text();
                        sequence = sequence == null ? legal : sequence;
                    }
                    case "CreDtTm" -> createdAt = x.dateTime(x.text());
                    case "FrToDt" -> fromTo();
                    case "Acct" -> account();
                    case "Bal" -> balances.add(CamtParts.balance(x));
                    case "TxsSummry" -> declared.read(x);
                    case "Ntry" -> entry();
                    case "AddtlStmtInf", "AddtlRptInf", "AddtlNtfctnInf" -> info = x.text();
                    default -> x.skip();
                }
            }
            begin();
            ControlReport controls = totals.finish(balances).and(declared.check(counted, id));
            BankStatement statement = header(totals.lines());
            handler.end(statement, controls);
            file.statements++;
            file.lines += totals.lines();
            file.controls = file.controls.and(controls);
        }

        private void entry() {
            begin();
            entryNumber++;
            CamtEntry entry = CamtEntry.read(x, entryNumber);
            counted.add(entry);
            for (var line : entry.lines(x, totals, account)) {
                totals.add(line);
                handler.line(line);
            }
        }

        private void begin() {
            if (totals != null) {
                return;
            }
            if (id == null) {
                throw x.error(message.statementElement() + " has no Id before its entries");
            }
            if (account == null) {
                throw x.error(message.statementElement() + " " + id + " has no account (Acct/Id) before its entries");
            }
            totals = new StatementTotals(id);
            handler.begin(header(0));
        }

        private BankStatement header(long lineCount) {
            return new BankStatement(message.kind(), id, sequence, account, currency, servicerBic, createdAt,
                    fromDate, toDate, balances, List.of(), lineCount, info);
        }

        private void fromTo() {
            while (x.nextChild()) {
                switch (x.name()) {
                    case "FrDtTm", "FrDt" -> fromDate = x.date(x.text());
                    case "ToDtTm", "ToDt" -> toDate = x.date(x.text());
                    default -> x.skip();
                }
            }
        }

        private void account() {
            while (x.nextChild()) {
                switch (x.name()) {
                    case "Id" -> account = CamtParts.accountId(x);
                    case "Ccy" -> currency = Amounts.currency(x.text(), x::error);
                    case "Svcr" -> servicerBic = CamtParts.agentBic(x);
                    default -> x.skip();
                }
            }
        }
    }

    /** Entry counts the reader saw, against the statement's TxsSummry. */
    static final class EntryCounts {
        long entries;
        long credits;
        long debits;
        BigDecimal sum = BigDecimal.ZERO;
        BigDecimal creditSum = BigDecimal.ZERO;
        BigDecimal debitSum = BigDecimal.ZERO;

        void add(CamtEntry entry) {
            entries++;
            BigDecimal amount = entry.amount().amount();
            sum = sum.add(amount);
            if (entry.direction() == Direction.CREDIT) {
                credits++;
                creditSum = creditSum.add(amount);
            } else {
                debits++;
                debitSum = debitSum.add(amount);
            }
        }
    }

    /** TxsSummry as the bank declared it; null where it said nothing. */
    static final class DeclaredTotals {
        Long entries;
        BigDecimal sum;
        Long credits;
        BigDecimal creditSum;
        Long debits;
        BigDecimal debitSum;

        void read(XmlCursor x) {
            while (x.nextChild()) {
                switch (x.name()) {
                    case "TtlNtries" -> {
                        var pair = countAndSum(x);
                        entries = pair.count;
                        sum = pair.sum;
                    }
                    case "TtlCdtNtries" -> {
                        var pair = countAndSum(x);
                        credits = pair.count;
                        creditSum = pair.sum;
                    }
                    case "TtlDbtNtries" -> {
                        var pair = countAndSum(x);
                        debits = pair.count;
                        debitSum = pair.sum;
                    }
                    default -> x.skip();
                }
            }
        }

        private record CountAndSum(Long count, BigDecimal sum) {
        }

        private static CountAndSum countAndSum(XmlCursor x) {
            Long count = null;
            BigDecimal sum = null;
            while (x.nextChild()) {
                switch (x.name()) {
                    case "NbOfNtries" -> {
                        String text = x.text();
                        try {
                            count = Long.parseLong(text);
                        } catch (NumberFormatException e) {
                            throw x.error("NbOfNtries '" + text + "' is not a number");
                        }
                    }
                    case "Sum" -> sum = Amounts.decimal(x.text(), false, x::error);
                    default -> x.skip();
                }
            }
            return new CountAndSum(count, sum);
        }

        ControlReport check(EntryCounts seen, String statementId) {
            List<String> mismatches = new ArrayList<>();
            int checks = 0;
            checks += compare(mismatches, "number of entries", entries, seen.entries);
            checks += compare(mismatches, "sum of entries", sum, seen.sum);
            checks += compare(mismatches, "number of credit entries", credits, seen.credits);
            checks += compare(mismatches, "sum of credit entries", creditSum, seen.creditSum);
            checks += compare(mismatches, "number of debit entries", debits, seen.debits);
            checks += compare(mismatches, "sum of debit entries", debitSum, seen.debitSum);
            mismatches.replaceAll(m -> "statement " + statementId + ": " + m);
            return new ControlReport(mismatches, checks);
        }

        private static int compare(List<String> mismatches, String what, Long declaredValue, long seen) {
            if (declaredValue == null) {
                return 0;
            }
            if (declaredValue != seen) {
                mismatches.add(what + " declared " + declaredValue + ", found " + seen);
            }
            return 1;
        }

        private static int compare(List<String> mismatches, String what, BigDecimal declaredValue, BigDecimal seen) {
            if (declaredValue == null) {
                return 0;
            }
            if (declaredValue.compareTo(seen) != 0) {
                mismatches.add(what + " declared " + declaredValue.toPlainString() + ", found " + seen.toPlainString());
            }
            return 1;
        }
    }

    static EntryStatus status(String code, XmlCursor x) {
        return switch (code) {
            case "BOOK" -> EntryStatus.BOOKED;
            case "PDNG", "FUTR" -> EntryStatus.PENDING;
            case "INFO" -> EntryStatus.INFORMATION;
            default -> throw x.error("entry status '" + code + "' is not BOOK, PDNG, FUTR or INFO");
        };
    }

    /** An ISO amount element's text and its Ccy attribute as money, or a FormatException naming the element. */
    public static Money money(Amounts.Location at, String text, String currencyCode) {
        if (currencyCode == null) {
            throw at.error("amount without a Ccy attribute");
        }
        return Amounts.money(Amounts.decimal(text, false, at), Amounts.currency(currencyCode, at), at);
    }

    /** The current amount element (text and Ccy) as money; consumes the element. */
    public static Money money(XmlCursor x) {
        Amounts.Location at = x.here();
        String currency = x.attribute("Ccy");
        return money(at, x.text(), currency);
    }
}
