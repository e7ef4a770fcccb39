package io.finrelay.einvoice;

import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Locale;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;

/**
 * What EN 16931 validation costs per invoice: the official examples (12 UBL, 12 CII) read whole by
 * {@link EInvoiceReader#read} (parse, XSD, mapping, coded rules, official Schematron) next to the
 * official Schematron alone on the parsed document, in milliseconds per invoice, best of 3 passes of
 * {@code rounds} rounds each, after the stylesheets' one-time compilation (timed on its own, cold).
 *
 * <pre>
 * bin/finrelay mvn -o test -pl finrelay-model,finrelay-einvoice -Dtest=ValidationCostBenchmarkTest \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dvalidation.bench.rounds=10
 * </pre>
 * prints the table into {@code finrelay-einvoice/target/surefire-reports/*ValidationCostBenchmarkTest-output.txt}.
 */
public final class ValidationCostBenchmark {

    /** Milliseconds: the stylesheets' first use per syntax (cold), then per invoice, read whole and Schematron alone. */
    public record Result(double ublFirstUseMillis, double ciiFirstUseMillis, double ublReadMillis,
                         double ublSchematronMillis, double ciiReadMillis, double ciiSchematronMillis, int invoices) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "| syntax | first use (compile), ms | read whole, ms/invoice | official Schematron alone, ms/invoice | share |%n"
                    + "|---|---:|---:|---:|---:|%n"
                    + "| UBL | %.0f | %.2f | %.2f | %.0f %% |%n| CII | %.0f | %.2f | %.2f | %.0f %% |%n(%d invoices)",
                    ublFirstUseMillis, ublReadMillis, ublSchematronMillis, 100 * ublSchematronMillis / ublReadMillis,
                    ciiFirstUseMillis, ciiReadMillis, ciiSchematronMillis, 100 * ciiSchematronMillis / ciiReadMillis, invoices);
        }
    }

    private ValidationCostBenchmark() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        System.out.println(run(rounds));
    }

    static Result run(int rounds) {
        List<String> samples = Samples.official();
        List<byte[]> ubl = samples.stream().filter(s -> s.startsWith("samples/ubl/")).map(Samples::bytes).toList();
        List<byte[]> cii = samples.stream().filter(s -> s.startsWith("samples/cii/")).map(Samples::bytes).toList();
        List<Document> ublDocs = ubl.stream().map(ValidationCostBenchmark::parse).toList();
        List<Document> ciiDocs = cii.stream().map(ValidationCostBenchmark::parse).toList();

        long t = System.nanoTime();
        En16931Schematron.ubl(ublDocs.get(0));
        double ublFirst = (System.nanoTime() - t) / 1e6;
        t = System.nanoTime();
        En16931Schematron.cii(ciiDocs.get(0));
        double ciiFirst = (System.nanoTime() - t) / 1e6;
        ubl.forEach(EInvoiceReader::read);
        cii.forEach(EInvoiceReader::read);

        double ublRead = best(rounds, ubl.size(), () -> ubl.forEach(EInvoiceReader::read));
        double ublRules = best(rounds, ubl.size(), () -> ublDocs.forEach(En16931Schematron::ubl));
        double ciiRead = best(rounds, cii.size(), () -> cii.forEach(EInvoiceReader::read));
        double ciiRules = best(rounds, cii.size(), () -> ciiDocs.forEach(En16931Schematron::cii));
        return new Result(ublFirst, ciiFirst, ublRead, ublRules, ciiRead, ciiRules, ubl.size() + cii.size());
    }

    /** Milliseconds per invoice, the best of 3 passes of {@code rounds} rounds over {@code invoices} invoices. */
    private static double best(int rounds, int invoices, Runnable pass) {
        double best = Double.MAX_VALUE;
        for (int attempt = 0; attempt < 3; attempt++) {
            long t = System.nanoTime();
            for (int r = 0; r < rounds; r++) {
                pass.run();
            }
            best = Math.min(best, (System.nanoTime() - t) / 1e6 / rounds / invoices);
        }
        return best;
    }

    private static Document parse(byte[] xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
