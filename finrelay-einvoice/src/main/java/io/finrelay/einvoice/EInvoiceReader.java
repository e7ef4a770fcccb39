package io.finrelay.einvoice;

import com.helger.cii.d16b.CIID16BCrossIndustryInvoiceTypeMarshaller;
import com.helger.jaxb.GenericJAXBMarshaller;
import com.helger.ubl21.UBL21Marshaller;
import io.finrelay.model.invoice.RuleViolation;
import io.finrelay.model.invoice.SupplierInvoice;
import jakarta.xml.bind.ValidationEvent;
import jakarta.xml.bind.ValidationEventLocator;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.xml.sax.SAXException;

/**
 * Reads a supplier e-invoice (UBL 2.1 Invoice or CreditNote, or UN/CEFACT CII D16B
 * CrossIndustryInvoice, also as the XML embedded in a Factur-X / ZUGFeRD PDF) into the canonical
 * {@link SupplierInvoice}, or refuses it naming every rule it breaks. The canonical invoice as JSON
 * and legacy CSV exports are read by {@link #read(byte[], Syntax)} into the same record under the same
 * rules.
 *
 * <p>Three gates, in order: the XML is parsed with no DOCTYPE allowed; the document is checked
 * against the official UBL 2.1 / CII D16B XML schemas that phax's ph-ubl and ph-cii ship (rule id
 * {@code XSD}, element = line and column); then the EN 16931 business rules coded here (mandatory
 * fields BR-01..BR-16, line rules BR-21..BR-26, VAT breakdown BR-45..47, BR-CO-25 and the
 * arithmetic BR-CO-10, 13..17 in {@link SupplierInvoice#arithmeticViolations()}), together with
 * the official CEN EN 16931 Schematron (release 1.3.16, see En16931Schematron)
 * on UBL and CII; a rule both find is reported once, in the words of the check coded here. JSON and
 * CSV, which have no Schematron, are held to the coded rules only.
 */
public final class EInvoiceReader {
    static final String UBL_INVOICE = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2";
    static final String UBL_CREDIT_NOTE = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2";
    static final String CII = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100";

    /**
     * Which syntax a document is written in: an e-invoice's XML (told apart by its root element), or
     * the canonical invoice as JSON, or a legacy CSV export (both said by the sender's media type).
     */
    public enum Syntax { UBL, CII, JSON, CSV }

    private EInvoiceReader() {
    }

    /**
     * Reads an e-invoice: its XML, or a Factur-X / ZUGFeRD hybrid PDF (bytes starting with
     * {@code %PDF-}), whose embedded CII XML is read the same way (see {@link HybridPdf}).
     */
    public static SupplierInvoice read(byte[] document) {
        if (HybridPdf.isPdf(document)) {
            return readPdf(document);
        }
        Element root = parse(document);
        if (isCii(root)) {
            return cii(root, document);
        }
        String ns = root.getNamespaceURI() == null ? "" : root.getNamespaceURI();
        String name = root.getLocalName();
        if (!(UBL_INVOICE.equals(ns) && "Invoice".equals(name)) && !(UBL_CREDIT_NOTE.equals(ns) && "CreditNote".equals(name))) {
            throw refused("SYNTAX", "root element", qualified(root)
                    + " is neither a UBL 2.1 Invoice/CreditNote nor a UN/CEFACT CII D16B CrossIndustryInvoice");
        }
        schema("Invoice".equals(name) ? UBL21Marshaller.invoice() : UBL21Marshaller.creditNote(), document);
        Extraction x = new Extraction("UBL");
        return withOfficialRules(En16931Schematron.ubl(root.getOwnerDocument()), () -> UblMapper.map(root, x).finish(x));
    }

    /**
     * Reads a document in the syntax its sender declared: JSON (see {@link JsonInvoiceReader}) or CSV
     * (see {@link CsvInvoiceReader}); UBL or CII as {@link #read(byte[])}, which tells them apart itself.
     */
    public static SupplierInvoice read(byte[] document, Syntax declared) {
        return switch (declared) {
            case JSON -> JsonInvoiceReader.read(document);
            case CSV -> CsvInvoiceReader.read(document);
            case UBL, CII -> read(document);
        };
    }

    /**
     * Reads a Factur-X / ZUGFeRD hybrid PDF: the CII XML it embeds, checked and mapped as an uploaded
     * CII document is. Refused under rule {@code PDF} when the bytes are no readable, unencrypted PDF
     * with an embedded invoice XML, and under {@code SYNTAX} when that XML is not CII.
     */
    public static SupplierInvoice readPdf(byte[] pdf) {
        HybridPdf.Embedded embedded = HybridPdf.invoiceXml(pdf);
        Element root = parse(embedded.xml());
        if (!isCii(root)) {
            throw refused("SYNTAX", "embedded " + embedded.name(), qualified(root)
                    + " is not a UN/CEFACT CII D16B CrossIndustryInvoice, the syntax a Factur-X / ZUGFeRD PDF carries");
        }
        return cii(root, embedded.xml());
    }

    /**
     * The invoice XML a Factur-X / ZUGFeRD PDF embeds, as its bytes: the e-invoice a PDF carries, so that a
     * PDF and its XML sent on their own are known as one document. Refused as {@link #readPdf} refuses.
     */
    public static byte[] embeddedXml(byte[] pdf) {
        return HybridPdf.invoiceXml(pdf).xml();
    }

    /**
     * Refuses (rule {@code PDF}) bytes that are not a PDF, for a caller told it is getting one (an
     * upload sent as {@code application/pdf}); {@link #read} alone would take them for XML.
     */
    public static void requirePdf(byte[] document) {
        HybridPdf.requirePdf(document);
    }

    /** The syntax of a readable document, without checking it further; a hybrid PDF carries CII. */
    public static Syntax syntax(byte[] document) {
        return HybridPdf.isPdf(document) || isCii(parse(document)) ? Syntax.CII : Syntax.UBL;
    }

    private static boolean isCii(Element root) {
        return CII.equals(root.getNamespaceURI()) && "CrossIndustryInvoice".equals(root.getLocalName());
    }

    private static SupplierInvoice cii(Element root, byte[] xml) {
        schema(new CIID16BCrossIndustryInvoiceTypeMarshaller(), xml);
        Extraction x = new Extraction("CII");
        return withOfficialRules(En16931Schematron.cii(root.getOwnerDocument()), () -> CiiMapper.map(root, x).finish(x));
    }

    /**
     * The canonical invoice the mapping reads, unless a rule is broken: the rules the mapping checks
     * itself (their messages name the figures: "BT-115 is 260.33 EUR but ...") and those of the
     * official Schematron that the mapping did not report already, each rule id from one of the two.
     */
    private static SupplierInvoice withOfficialRules(List<RuleViolation> schematron,
                                                     java.util.function.Supplier<SupplierInvoice> mapping) {
        SupplierInvoice invoice;
        try {
            invoice = mapping.get();
        } catch (EInvoiceException e) {
            throw new EInvoiceException(union(e.violations(), schematron));
        }
        if (!schematron.isEmpty()) {
            throw new EInvoiceException(schematron);
        }
        return invoice;
    }

    static List<RuleViolation> union(List<RuleViolation> coded, List<RuleViolation> schematron) {
        java.util.Set<String> reported = new java.util.HashSet<>();
        coded.forEach(v -> reported.add(v.rule()));
        List<RuleViolation> all = new ArrayList<>(coded);
        schematron.stream().filter(v -> !reported.contains(v.rule())).forEach(all::add);
        return all;
    }

    private static String qualified(Element root) {
        return "{" + (root.getNamespaceURI() == null ? "" : root.getNamespaceURI()) + "}" + root.getLocalName();
    }

    private static void schema(GenericJAXBMarshaller<?> marshaller, byte[] xml) {
        List<RuleViolation> errors = new ArrayList<>();
        marshaller.setValidationEventHandler(event -> {
            if (event.getSeverity() != ValidationEvent.WARNING) {
                ValidationEventLocator at = event.getLocator();
                String where = at == null ? "document" : "line " + at.getLineNumber() + ", column " + at.getColumnNumber();
                errors.add(new RuleViolation("XSD", where, event.getMessage()));
            }
            return true;
        });
        Object read = marshaller.read(xml);
        if (read == null && errors.isEmpty()) {
            errors.add(new RuleViolation("XSD", "document", "not valid against the syntax's XML schema"));
        }
        if (!errors.isEmpty()) {
            throw new EInvoiceException(errors);
        }
    }

    private static Element parse(byte[] xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            // Errors become the exception below, not lines on stderr (the JDK's default handler prints them).
            b.setErrorHandler(new org.xml.sax.helpers.DefaultHandler() {
                @Override
                public void error(org.xml.sax.SAXParseException e) throws SAXException {
                    throw e;
                }

                @Override
                public void fatalError(org.xml.sax.SAXParseException e) throws SAXException {
                    throw e;
                }
            });
            return b.parse(new ByteArrayInputStream(xml)).getDocumentElement();
        } catch (SAXException e) {
            throw refused("XML", "document", "not well-formed XML: " + e.getMessage());
        } catch (IOException | ParserConfigurationException e) {
            throw refused("XML", "document", "not readable: " + e.getMessage());
        }
    }

    private static EInvoiceException refused(String rule, String element, String message) {
        return new EInvoiceException(List.of(new RuleViolation(rule, element, message)));
    }
}
