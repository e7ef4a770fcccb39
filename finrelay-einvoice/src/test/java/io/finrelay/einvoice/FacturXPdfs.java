package io.finrelay.einvoice;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.GregorianCalendar;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentCatalog;
import org.apache.pdfbox.pdmodel.PDDocumentNameDictionary;
import org.apache.pdfbox.pdmodel.PDEmbeddedFilesNameTreeNode;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDMetadata;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification;
import org.apache.pdfbox.pdmodel.common.filespecification.PDEmbeddedFile;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.color.PDOutputIntent;

/**
 * Hybrid invoices made in the test with PDFBox, shaped as a Factur-X 1.0 / ZUGFeRD 2.x PDF/A-3 is: a
 * page for people, XMP metadata declaring PDF/A-3B and the Factur-X profile, an sRGB output intent,
 * and the invoice XML as an embedded file listed both in the EmbeddedFiles name tree and in the
 * catalog's associated files (/AF) with its AFRelationship. (Not a validated PDF/A: the page's font
 * is a standard one, not embedded, which the reader never looks at.) Shared with the server's
 * upload test through this module's test-jar.
 */
public final class FacturXPdfs {
    /** One embedded file: its name, content, AFRelationship (null for none) and whether it is deflated. */
    public record Attachment(String name, byte[] content, String relationship, boolean deflated) {
        public static Attachment facturX(byte[] xml) {
            return new Attachment("factur-x.xml", xml, "Alternative", true);
        }
    }

    private FacturXPdfs() {
    }

    /** A Factur-X PDF embedding {@code xml} as factur-x.xml (Alternative, deflated), as most producers write it. */
    public static byte[] facturX(byte[] xml) {
        return build(null, Attachment.facturX(xml));
    }

    public static byte[] pdf(Attachment... files) {
        return build(null, files);
    }

    /** As {@link #pdf(Attachment...)}, encrypted with {@code userPassword} ("" opens without one). */
    public static byte[] encrypted(String userPassword, Attachment... files) {
        return build(userPassword, files);
    }

    private static byte[] build(String userPassword, Attachment... files) {
        try (PDDocument doc = new PDDocument()) {
            PDPage page = new PDPage(PDRectangle.A4);
            doc.addPage(page);
            try (PDPageContentStream text = new PDPageContentStream(doc, page)) {
                text.beginText();
                text.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                text.newLineAtOffset(72, 770);
                text.showText("Invoice - the machine-readable invoice is the embedded XML");
                text.endText();
            }
            PDDocumentCatalog catalog = doc.getDocumentCatalog();
            PDMetadata metadata = new PDMetadata(doc);
            metadata.importXMPMetadata(xmp(files.length == 0 ? "factur-x.xml" : files[0].name()));
            catalog.setMetadata(metadata);
            PDOutputIntent intent = new PDOutputIntent(doc,
                    new ByteArrayInputStream(ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData()));
            intent.setInfo("sRGB IEC61966-2.1");
            intent.setOutputCondition("sRGB IEC61966-2.1");
            intent.setOutputConditionIdentifier("sRGB IEC61966-2.1");
            intent.setRegistryName("http://www.color.org");
            catalog.addOutputIntent(intent);
            if (files.length > 0) {
                embed(doc, catalog, files);
            }
            if (userPassword != null) {
                doc.protect(new StandardProtectionPolicy("the-owner's-password", userPassword, new AccessPermission()));
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void embed(PDDocument doc, PDDocumentCatalog catalog, Attachment... files) throws IOException {
        Map<String, PDComplexFileSpecification> byName = new LinkedHashMap<>();
        List<PDComplexFileSpecification> associated = new ArrayList<>();
        for (Attachment file : files) {
            PDEmbeddedFile stream = file.deflated()
                    ? new PDEmbeddedFile(doc, new ByteArrayInputStream(file.content()), COSName.FLATE_DECODE)
                    : new PDEmbeddedFile(doc, new ByteArrayInputStream(file.content()));
            stream.setSubtype("text/xml");
            stream.setSize(file.content().length);
            GregorianCalendar modified = new GregorianCalendar(TimeZone.getTimeZone("UTC"));
            modified.clear();
            modified.set(2026, 11, 1, 9, 30);
            stream.setModDate(modified);
            PDComplexFileSpecification spec = new PDComplexFileSpecification();
            spec.setFile(file.name());
            spec.setFileUnicode(file.name());
            spec.setFileDescription("Invoice data");
            spec.setEmbeddedFile(stream);
            spec.setEmbeddedFileUnicode(stream);
            if (file.relationship() != null) {
                spec.getCOSObject().setName(COSName.AF_RELATIONSHIP, file.relationship());
            }
            byName.put(file.name(), spec);
            associated.add(spec);
        }
        PDEmbeddedFilesNameTreeNode tree = new PDEmbeddedFilesNameTreeNode();
        tree.setNames(byName);
        PDDocumentNameDictionary names = new PDDocumentNameDictionary(catalog);
        names.setEmbeddedFiles(tree);
        catalog.setNames(names);
        COSArray af = new COSArray();
        associated.forEach(spec -> af.add(spec.getCOSObject()));
        catalog.getCOSObject().setItem(COSName.AF, af);
    }

    /** XMP declaring PDF/A-3B and the Factur-X document (EN 16931 profile). */
    private static byte[] xmp(String fileName) {
        return ("""
                <?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
                <x:xmpmeta xmlns:x="adobe:ns:meta/">
                  <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
                    <rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
                      <pdfaid:part>3</pdfaid:part>
                      <pdfaid:conformance>B</pdfaid:conformance>
                    </rdf:Description>
                    <rdf:Description rdf:about="" xmlns:fx="urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#">
                      <fx:DocumentType>INVOICE</fx:DocumentType>
                      <fx:DocumentFileName>%s</fx:DocumentFileName>
                      <fx:Version>1.0</fx:Version>
                      <fx:ConformanceLevel>EN 16931</fx:ConformanceLevel>
                    </rdf:Description>
                  </rdf:RDF>
                </x:xmpmeta>
                <?xpacket end="w"?>
                """.formatted(fileName)).getBytes(StandardCharsets.UTF_8);
    }
}
