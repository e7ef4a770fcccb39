package io.finrelay.einvoice;

import com.helger.diagnostics.error.level.EErrorLevel;
import com.helger.schematron.svrl.AbstractSVRLMessage;
import com.helger.schematron.svrl.SVRLHelper;
import com.helger.schematron.svrl.jaxb.SchematronOutputType;
import com.helger.schematron.xslt.SchematronResourceXSLT;
import io.finrelay.model.invoice.RuleViolation;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.w3c.dom.Document;

/**
 * The official CEN EN 16931 validation artefacts (the Schematron of CEN/TC 434, published by the
 * ConnectingEurope eInvoicing-EN16931 project, here as the XSLT phax packages in
 * {@code phive-rules-en16931}), run on an invoice that passed its XML schema. Every failed assert of
 * flag {@code fatal} is a broken rule: its id (BR-CO-10), its text and where in the document
 * (the assert's XPath location, shortened to prefixes). Warnings are not refusals and are left out.
 *
 * <p>The compiled stylesheets are cached by ph-schematron after the first use (a few seconds to compile
 * each); validation runs on the DOM the reader parsed already (no DOCTYPE allowed there), so the
 * document is parsed once.
 */
final class En16931Schematron {
    /** The CEN release run, the newest that phive-rules-en16931 carries. */
    static final String VERSION = "1.3.16";
    private static final String BASE = "external/schematron/" + VERSION + "/";
    private static final SchematronResourceXSLT UBL = resource(BASE + "ubl/EN16931-UBL-validation.xslt");
    private static final SchematronResourceXSLT CII = resource(BASE + "cii/EN16931-CII-validation.xslt");
    /** The CEN texts start with their id ("[BR-CO-10]-Sum of ..."): said once, in the rule field. */
    private static final Pattern ID_PREFIX = Pattern.compile("^\\s*\\[[^\\]]+\\]\\s*-?\\s*");

    private En16931Schematron() {
    }

    private static SchematronResourceXSLT resource(String path) {
        SchematronResourceXSLT xslt = SchematronResourceXSLT.fromClassPath(path, En16931Schematron.class.getClassLoader());
        if (!xslt.getResource().exists()) {
            throw new IllegalStateException("EN 16931 Schematron " + path + " is not on the class path");
        }
        // The SVRL comes from the CEN stylesheet itself: checking it against the SVRL schema on every invoice costs time, finds nothing.
        xslt.setValidateSVRL(false);
        return xslt;
    }

    /** Every fatal EN 16931 rule the UBL document breaks, in the order the Schematron reports them. */
    static List<RuleViolation> ubl(Document document) {
        return check(UBL, document);
    }

    /** Every fatal EN 16931 rule the CII document breaks, in the order the Schematron reports them. */
    static List<RuleViolation> cii(Document document) {
        return check(CII, document);
    }

    private static List<RuleViolation> check(SchematronResourceXSLT rules, Document document) {
        SchematronOutputType svrl;
        try {
            svrl = rules.applySchematronValidationToSVRL(document, null);
        } catch (Exception e) {
            // The document passed its schema; a stylesheet that cannot run is ours to fix, not the sender's.
            throw new IllegalStateException("EN 16931 Schematron " + VERSION + " could not run: " + e.getMessage(), e);
        }
        if (svrl == null) {
            throw new IllegalStateException("EN 16931 Schematron " + VERSION + " gave no SVRL report");
        }
        List<RuleViolation> broken = new ArrayList<>();
        for (AbstractSVRLMessage m : SVRLHelper.getAllFailedAssertionsMoreOrEqualSevereThan(svrl, EErrorLevel.ERROR)) {
            broken.add(new RuleViolation(m.getID() == null ? "EN16931" : m.getID(), location(m.getLocation()), text(m.getText())));
        }
        return broken;
    }

    private static final Pattern STEP = Pattern.compile("\\*:([\\w.-]+)\\[namespace-uri\\(\\)='([^']*)'\\]");
    private static final java.util.Map<String, String> PREFIXES = java.util.Map.of(
            "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2", "cac:",
            "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2", "cbc:",
            "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100", "ram:",
            "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100", "udt:",
            "urn:un:unece:uncefact:data:standard:QualifiedDataType:100", "qdt:",
            "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100", "rsm:");

    /**
     * The assert's XPath with the usual prefixes instead of namespace tests:
     * {@code /Invoice[1]/cac:AccountingSupplierParty[1]/cac:Party[1]/cac:PartyTaxScheme[1]/cbc:CompanyID[1]}.
     */
    static String location(String xpath) {
        if (xpath == null || xpath.isBlank()) {
            return "document";
        }
        Matcher m = STEP.matcher(xpath);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(b, Matcher.quoteReplacement(PREFIXES.getOrDefault(m.group(2), "") + m.group(1)));
        }
        m.appendTail(b);
        return b.toString();
    }

    private static String text(String text) {
        if (text == null) {
            return "";
        }
        Matcher m = ID_PREFIX.matcher(text.strip());
        return m.replaceFirst("").replaceAll("\\s+", " ");
    }
}
