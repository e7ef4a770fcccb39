package io.finrelay.formats.bench;

import io.finrelay.formats.ControlReport;
import io.finrelay.formats.StatementHandler;
import io.finrelay.formats.StatementReader;
import io.finrelay.formats.iso20022.camt.CamtReader;
import io.finrelay.model.bank.BankStatement;
import io.finrelay.model.bank.BankStatementLine;
import java.io.BufferedInputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * camt.053 parse throughput: Finrelay's streaming reader against a bare StAX pass over the same
 * generated file (every event visited, every text read: the floor any StAX-based reader stands on).
 *
 * <pre>
 * bin/finrelay mvn -Dbuild.suffix=-formats -pl finrelay-formats -am test-compile
 * java -Xmx64m -cp finrelay-formats/target-formats/test-classes:finrelay-formats/target-formats/classes:finrelay-model/target-formats/classes \
 *      io.finrelay.formats.bench.CamtParseBenchmark 100
 * </pre>
 * The argument is the file size in MB; {@code -Xmx64m} shows memory stays flat for a 100 MB file.
 */
public final class CamtParseBenchmark {

    public record Result(long bytes, long entries, long lines, double bareMbPerSecond, double readerMbPerSecond,
            double readerEntriesPerSecond, long peakHeapBytes) {
        public double ratio() {
            return readerMbPerSecond / bareMbPerSecond;
        }

        @Override
        public String toString() {
            return String.format("file %.1f MB, %d entries, %d lines%n"
                            + "bare StAX pass:     %8.1f MB/s%n"
                            + "CamtReader:         %8.1f MB/s, %,.0f entries/s%n"
                            + "ratio reader/bare:  %8.2f%n"
                            + "peak heap used:     %8.1f MB",
                    bytes / 1e6, entries, lines, bareMbPerSecond, readerMbPerSecond, readerEntriesPerSecond, ratio(),
                    peakHeapBytes / 1e6);
        }
    }

    private CamtParseBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int megabytes = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        Path file = Files.createTempFile("camt053-bench", ".xml");
        try {
            System.out.println(run(file, megabytes * 1_000_000L, 3));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Generates a file of about {@code size} bytes and measures both passes, best of {@code rounds}. */
    public static Result run(Path file, long size, int rounds) throws IOException {
        long entries = generate(file, size);
        long bytes = Files.size(file);
        resetPeaks();
        double bestBare = Double.MAX_VALUE;
        double bestReader = Double.MAX_VALUE;
        long lines = 0;
        for (int round = 0; round < rounds; round++) {
            long start = System.nanoTime();
            bareStax(file);
            bestBare = Math.min(bestBare, (System.nanoTime() - start) / 1e9);
            start = System.nanoTime();
            lines = read(file, entries);
            bestReader = Math.min(bestReader, (System.nanoTime() - start) / 1e9);
        }
        return new Result(bytes, entries, lines, bytes / 1e6 / bestBare, bytes / 1e6 / bestReader, entries / bestReader,
                peakHeap());
    }

    private static long read(Path file, long expectedEntries) throws IOException {
        long[] count = new long[2];
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            StatementReader.ReadSummary summary = CamtReader.any().withMaxBytes(Long.MAX_VALUE).read("bench.xml", in,
                    new StatementHandler() {
                        @Override
                        public void line(BankStatementLine line) {
                            count[0]++;
                            if (line.transactionNumber() == 1) {
                                count[1]++;
                            }
                        }

                        @Override
                        public void end(BankStatement statement, ControlReport controls) {
                            if (!controls.passed()) {
                                throw new IllegalStateException("generated file fails its controls: " + controls.mismatches());
                            }
                        }
                    });
            if (count[1] != expectedEntries || summary.lines() != count[0]) {
                throw new IllegalStateException("read " + count[1] + " entries, generated " + expectedEntries);
            }
        }
        return count[0];
    }

    /** Every event visited and every text read, nothing kept. */
    static long bareStax(Path file) throws IOException {
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        long chars = 0;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            XMLStreamReader reader = factory.createXMLStreamReader(in);
            while (reader.hasNext()) {
                int event = reader.next();
                if (event == XMLStreamConstants.CHARACTERS) {
                    chars += reader.getText().length();
                } else if (event == XMLStreamConstants.START_ELEMENT) {
                    chars += reader.getLocalName().length() + reader.getAttributeCount();
                }
            }
            reader.close();
        } catch (XMLStreamException e) {
            throw new IOException(e);
        }
        return chars;
    }

    /**
     * A camt.053.001.08 statement of realistic entries (references, parties, remittance, every
     * tenth a batch of three), with balances and TxsSummry that add up. Returns the entry count.
     */
    static long generate(Path file, long size) {
        try (Writer w = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 16)) {
            w.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.08\">\n"
                    + "<BkToCstmrStmt><GrpHdr><MsgId>BENCH-1</MsgId><CreDtTm>2024-03-15T18:00:00+01:00</CreDtTm></GrpHdr>\n"
                    + "<Stmt><Id>BENCH-STMT-1</Id><CreDtTm>2024-03-15T18:00:00+01:00</CreDtTm>\n"
                    + "<Acct><Id><IBAN>DE89370400440532013000</IBAN></Id><Ccy>EUR</Ccy></Acct>\n"
                    + "<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">0.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>"
                    + "<Dt><Dt>2024-03-15</Dt></Dt></Bal>\n");
            long written = 600;
            long entries = 0;
            long netCents = 0;
            while (written < size - 400) {
                entries++;
                StringBuilder e = new StringBuilder(1400);
                boolean batch = entries % 10 == 0;
                boolean credit = entries % 3 != 0;
                long cents = 1000 + (entries * 7919) % 500_000;
                long txCents = cents;
                if (batch) {
                    txCents = cents / 3;
                    cents = txCents * 3;
                }
                netCents += credit ? cents : -cents;
                e.append("<Ntry><NtryRef>").append(entries).append("</NtryRef><Amt Ccy=\"EUR\">").append(euros(cents))
                        .append("</Amt><CdtDbtInd>").append(credit ? "CRDT" : "DBIT").append("</CdtDbtInd>")
                        .append("<Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>2024-03-15</Dt></BookgDt><ValDt><Dt>2024-03-15</Dt></ValDt>")
                        .append("<AcctSvcrRef>BANKREF-").append(entries).append("</AcctSvcrRef>")
                        .append("<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>").append(credit ? "RCDT" : "ICDT")
                        .append("</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd><NtryDtls>");
                if (batch) {
                    e.append("<Btch><NbOfTxs>3</NbOfTxs></Btch>");
                }
                for (int t = 0; t < (batch ? 3 : 1); t++) {
                    e.append("<TxDtls><Refs><EndToEndId>E2E-").append(entries).append('-').append(t)
                            .append("</EndToEndId></Refs><Amt Ccy=\"EUR\">").append(euros(txCents))
                            .append("</Amt><CdtDbtInd>").append(credit ? "CRDT" : "DBIT").append("</CdtDbtInd>")
                            .append("<RltdPties><").append(credit ? "Dbtr" : "Cdtr").append("><Pty><Nm>Zoë Müller-Łukasiewicz GmbH ")
                            .append(entries % 97).append("</Nm></Pty></").append(credit ? "Dbtr" : "Cdtr").append("><")
                            .append(credit ? "DbtrAcct" : "CdtrAcct").append("><Id><IBAN>DE02120300000000202051</IBAN></Id></")
                            .append(credit ? "DbtrAcct" : "CdtrAcct").append("></RltdPties>")
                            .append("<RmtInf><Ustrd>Rechnung ").append(entries).append(" vom 15.03.2024 Kundennummer 4711 Fensterbau Köln</Ustrd></RmtInf></TxDtls>");
                }
                e.append("</NtryDtls></Ntry>\n");
                w.write(e.toString());
                written += e.length() + 40;
            }
            w.write("<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">" + euros(Math.abs(netCents))
                    + "</Amt><CdtDbtInd>" + (netCents >= 0 ? "CRDT" : "DBIT") + "</CdtDbtInd><Dt><Dt>2024-03-15</Dt></Dt></Bal>\n");
            w.write("</Stmt></BkToCstmrStmt></Document>\n");
            return entries;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String euros(long cents) {
        return cents / 100 + "." + String.format("%02d", cents % 100);
    }

    private static void resetPeaks() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    private static long peakHeap() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }
}
