package io.finrelay.einvoice;

import io.finrelay.model.invoice.RuleViolation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentNameDictionary;
import org.apache.pdfbox.pdmodel.PDEmbeddedFilesNameTreeNode;
import org.apache.pdfbox.pdmodel.common.PDNameTreeNode;
import org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification;
import org.apache.pdfbox.pdmodel.common.filespecification.PDEmbeddedFile;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;

/**
 * Takes the invoice XML out of a hybrid e-invoice: a Factur-X / ZUGFeRD 2.x (or XRechnung-in-PDF)
 * PDF/A-3, the page for people with the UN/CEFACT CII XML for machines embedded as a file.
 *
 * <p>The XML is the embedded file (catalog, Names, EmbeddedFiles) named {@code factur-x.xml},
 * {@code zugferd-invoice.xml} (ZUGFeRD 2.0 wrote {@code ZUGFeRD-invoice.xml}; names compare ignoring
 * case) or {@code xrechnung.xml}. When several are there, one whose {@code AFRelationship} is
 * {@code Data}, {@code Alternative} or {@code Source} is preferred, then the order of the names above.
 * An encrypted PDF is refused (PDF/A forbids encryption), and so is anything that cannot be read as a
 * PDF; every refusal is rule {@code PDF}.
 *
 * <p>Bounded: the embedded XML is inflated here, counting, and refused past {@link #MAX_XML_BYTES}
 * (the most the API takes as a plain XML upload), so a small PDF cannot unpack into a huge document.
 * Only the filters an XML attachment is written with are read: none, or {@code FlateDecode}.
 */
final class HybridPdf {
    /** Every PDF starts with this header (ISO 32000-1, 7.5.2). */
    private static final byte[] HEADER = "%PDF-".getBytes(StandardCharsets.US_ASCII);
    /** The names the invoice XML goes by, in the order preferred, lower case. */
    static final List<String> NAMES = List.of("factur-x.xml", "zugferd-invoice.xml", "xrechnung.xml");
    private static final Set<String> RELATIONSHIPS = Set.of("Data", "Alternative", "Source");
    /** The largest embedded XML read: the same 4 MiB the supplier-invoice upload takes. */
    static final int MAX_XML_BYTES = 4 * 1024 * 1024;
    /** Name trees nest; a deeper one is not a file list any producer writes. */
    private static final int MAX_TREE_DEPTH = 16;
    /** How many of the names found a refusal lists. */
    private static final int NAMES_SHOWN = 10;

    /** The invoice XML and the name it was embedded under. */
    record Embedded(String name, byte[] xml) {}

    private record Candidate(String name, String relationship, PDComplexFileSpecification spec) {
        int rank() {
            return (relationship != null && RELATIONSHIPS.contains(relationship) ? 0 : NAMES.size())
                    + NAMES.indexOf(name.toLowerCase(Locale.ROOT));
        }
    }

    private HybridPdf() {
    }

    /** Whether the bytes are a PDF: they start with {@code %PDF-}. */
    static boolean isPdf(byte[] document) {
        return document.length >= HEADER.length && Arrays.equals(document, 0, HEADER.length, HEADER, 0, HEADER.length);
    }

    static void requirePdf(byte[] document) {
        if (!isPdf(document)) {
            throw refused("document", "not a PDF: it does not start with %PDF-");
        }
    }

    /** The embedded invoice XML of a hybrid PDF, or refused (rule {@code PDF}) saying why not. */
    static Embedded invoiceXml(byte[] pdf) {
        requirePdf(pdf);
        try (PDDocument document = Loader.loadPDF(pdf)) {
            if (document.isEncrypted()) {
                throw encrypted();
            }
            List<Candidate> files = new ArrayList<>();
            PDDocumentNameDictionary names = document.getDocumentCatalog().getNames();
            PDEmbeddedFilesNameTreeNode tree = names == null ? null : names.getEmbeddedFiles();
            if (tree != null) {
                collect(tree, files, Collections.newSetFromMap(new IdentityHashMap<>()), 0);
            }
            Candidate chosen = files.stream().filter(f -> NAMES.contains(f.name().toLowerCase(Locale.ROOT)))
                    .min(Comparator.comparingInt(Candidate::rank)).orElseThrow(() -> noInvoice(files));
            return new Embedded(chosen.name(), content(chosen));
        } catch (EInvoiceException e) {
            throw e;
        } catch (InvalidPasswordException e) {
            throw encrypted();
        } catch (IOException | RuntimeException e) {
            // PDFBox answers some damaged files with a runtime exception: the sender's fault all the same.
            throw refused("document", "not a readable PDF: " + shown(String.valueOf(e.getMessage())));
        }
    }

    private static void collect(PDNameTreeNode<PDComplexFileSpecification> node, List<Candidate> into,
                                Set<COSDictionary> seen, int depth) throws IOException {
        if (depth > MAX_TREE_DEPTH) {
            throw new IOException("its embedded-files name tree nests deeper than " + MAX_TREE_DEPTH + " levels");
        }
        if (!seen.add(node.getCOSObject())) {
            return; // a node listed twice (or a loop): its files are counted once
        }
        Map<String, PDComplexFileSpecification> leaves = node.getNames();
        if (leaves != null) {
            for (Map.Entry<String, PDComplexFileSpecification> leaf : leaves.entrySet()) {
                PDComplexFileSpecification spec = leaf.getValue();
                if (spec != null) {
                    String name = spec.getFilename() != null ? spec.getFilename() : leaf.getKey();
                    into.add(new Candidate(name, spec.getCOSObject().getNameAsString(COSName.AF_RELATIONSHIP), spec));
                }
            }
        }
        List<PDNameTreeNode<PDComplexFileSpecification>> kids = node.getKids();
        if (kids != null) {
            for (PDNameTreeNode<PDComplexFileSpecification> kid : kids) {
                collect(kid, into, seen, depth + 1);
            }
        }
    }

    /** The attachment's bytes, inflated here so that the count stops a decompression bomb. */
    private static byte[] content(Candidate file) throws IOException {
        String element = "embedded file " + shown(file.name());
        PDEmbeddedFile embedded = file.spec().getEmbeddedFileUnicode() != null ? file.spec().getEmbeddedFileUnicode()
                : file.spec().getEmbeddedFile();
        if (embedded == null) {
            throw refused(element, "the file specification carries no embedded file stream");
        }
        COSStream stream = embedded.getCOSObject();
        COSBase filter = stream.getFilters();
        if (filter instanceof COSArray array && array.size() <= 1) {
            filter = array.size() == 0 ? null : array.getObject(0);
        }
        if (filter != null && !COSName.FLATE_DECODE.equals(filter)) {
            throw refused(element, "encoded with " + (filter instanceof COSName n ? "/" + n.getName() : "several filters")
                    + "; an embedded invoice XML is read unfiltered or with /FlateDecode only");
        }
        try (InputStream raw = stream.createRawInputStream();
                InputStream decoded = filter == null ? raw : new InflaterInputStream(raw)) {
            byte[] xml = decoded.readNBytes(MAX_XML_BYTES + 1);
            if (xml.length > MAX_XML_BYTES) {
                throw refused(element, "larger than " + MAX_XML_BYTES + " bytes once unpacked");
            }
            return xml;
        } catch (ZipException e) {
            throw refused(element, "its /FlateDecode data is damaged: " + e.getMessage());
        }
    }

    private static EInvoiceException noInvoice(List<Candidate> files) {
        String found = files.isEmpty() ? "it embeds no file at all"
                : "it embeds " + String.join(", ", files.stream().limit(NAMES_SHOWN).map(f -> shown(f.name())).toList())
                + (files.size() > NAMES_SHOWN ? " and " + (files.size() - NAMES_SHOWN) + " more" : "");
        return refused("embedded files", "no embedded invoice XML (" + String.join(", ", NAMES) + "): " + found);
    }

    /** A name as the PDF gave it, kept short: it is the sender's text. */
    private static String shown(String name) {
        return name.length() > 100 ? name.substring(0, 100) + "..." : name;
    }

    private static EInvoiceException encrypted() {
        return refused("document", "the PDF is encrypted; a Factur-X / ZUGFeRD invoice is a PDF/A-3, which is never encrypted");
    }

    private static EInvoiceException refused(String element, String message) {
        return new EInvoiceException(List.of(new RuleViolation("PDF", element, message)));
    }
}
