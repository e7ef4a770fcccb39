package io.finrelay.einvoice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.finrelay.model.invoice.InvoiceKind;
import io.finrelay.model.invoice.RuleViolation;
import io.finrelay.model.invoice.SupplierInvoice;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Broken copies of official examples (src/test/resources/broken) are refused naming the rule and the element. */
class RefusedInvoicesTest {

    private static List<RuleViolation> refusal(byte[] xml) {
        try {
            EInvoiceReader.read(xml);
        } catch (EInvoiceException e) {
            return e.violations();
        }
        throw new AssertionError("the document was accepted");
    }

    private static List<RuleViolation> refusal(String resource) {
        return refusal(Samples.bytes(resource));
    }

    @Test
    void aPayableAmountThatDoesNotAddUpIsRefusedUnderBrCo16NamingBothFigures() {
        assertThat(refusal("broken/ubl-payable-amount-off.xml")).containsExactly(new RuleViolation("BR-CO-16",
                "BT-115 Amount due for payment", "BT-115 is 260.33 EUR but BT-112 - BT-113 + BT-114 is 250.33 EUR"));
    }

    @Test
    void aCiiGrandTotalOffByOneCentBreaksBrCo15AndBrCo16() {
        assertThat(refusal("broken/cii-grand-total-off.xml")).extracting(RuleViolation::rule, RuleViolation::message)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("BR-CO-15", "BT-112 is 250.34 EUR but BT-109 + BT-110 is 250.33 EUR"),
                        org.assertj.core.groups.Tuple.tuple("BR-CO-16",
                                "BT-115 is 250.33 EUR but BT-112 - BT-113 + BT-114 is 250.34 EUR"));
    }

    @Test
    void aSellerVatIdWithoutItsCountryPrefixBreaksTheOfficialRuleBrCo09NamingItsTextAndLocation() {
        assertThat(refusal("broken/ubl-seller-vat-id-without-country-prefix.xml")).singleElement().satisfies(v -> {
            assertThat(v.rule()).isEqualTo("BR-CO-09");
            assertThat(v.element()).isEqualTo("/Invoice[1]/cac:AccountingSupplierParty[1]/cac:Party[1]/cac:PartyTaxScheme[1]");
            assertThat(v.message()).startsWith("The Seller VAT identifier (BT-31)").contains("ISO code");
        });
    }

    @Test
    void anUnknownSellerCountryInCiiBreaksTheOfficialCodeListRuleBrCl14AtItsCountryId() {
        assertThat(refusal("broken/cii-seller-country-unknown.xml")).singleElement().satisfies(v -> {
            assertThat(v.rule()).isEqualTo("BR-CL-14");
            assertThat(v.element()).isEqualTo("/rsm:CrossIndustryInvoice[1]/rsm:SupplyChainTradeTransaction[1]"
                    + "/ram:ApplicableHeaderTradeAgreement[1]/ram:SellerTradeParty[1]/ram:PostalTradeAddress[1]/ram:CountryID[1]");
            assertThat(v.message()).startsWith("Country codes in an invoice MUST be coded");
        });
    }

    @Test
    void aRuleBothTheSchematronAndTheReaderFindIsReportedOnceNamingBothFigures() {
        // BT-106 raised by 10.00: the official Schematron breaks BR-CO-10 and BR-CO-13 too; each is said once.
        assertThat(refusal("broken/ubl-line-net-sum-off.xml")).containsExactly(
                new RuleViolation("BR-CO-10", "BT-106 Sum of Invoice line net amount",
                        "BT-106 is 239.60 EUR but the sum of the line net amounts (BT-131) is 229.60 EUR"),
                new RuleViolation("BR-CO-13", "BT-109 Invoice total amount without VAT",
                        "BT-109 is 229.60 EUR but BT-106 - BT-107 + BT-108 is 239.60 EUR"));
    }

    @Test
    void aMissingSellerNameIsRefusedUnderBr06InBothSyntaxes() {
        assertThat(refusal("broken/ubl-seller-name-missing.xml"))
                .containsExactly(new RuleViolation("BR-06", "BT-27 Seller name", "BT-27 Seller name is missing"));
        assertThat(refusal("broken/cii-seller-name-missing.xml"))
                .containsExactly(new RuleViolation("BR-06", "BT-27 Seller name", "BT-27 Seller name is missing"));
    }

    @Test
    void anAmountWithADecimalCommaIsRefusedByTheUblSchemaWithLineAndColumn() {
        List<RuleViolation> v = refusal("broken/ubl-amount-with-decimal-comma.xml");
        assertThat(v).isNotEmpty().allSatisfy(r -> assertThat(r.rule()).isEqualTo("XSD"));
        assertThat(v.get(0).element()).startsWith("line 108, column");
        assertThat(v.get(0).message()).contains("decimal");
    }

    @Test
    void anAmountInAnotherCurrencyThanTheInvoiceIsRefused() {
        assertThat(refusal("broken/ubl-payable-amount-in-other-currency.xml")).containsExactly(new RuleViolation(
                "PEPPOL-EN16931-R051", "BT-115 Amount due for payment",
                "BT-115 is in USD but the invoice currency (BT-5) is EUR"));
    }

    @Test
    void aDoctypeIsRefusedBeforeAnyEntityIsExpanded() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE Invoice [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\">&x;</Invoice>";
        assertThat(refusal(xxe.getBytes(StandardCharsets.UTF_8))).singleElement()
                .satisfies(r -> assertThat(r.rule()).isEqualTo("XML"));
    }

    @Test
    void aDocumentThatIsNoInvoiceIsRefusedNamingItsRootElement() {
        byte[] pain001 = "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.001.001.09\"/>".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> EInvoiceReader.read(pain001)).isInstanceOf(EInvoiceException.class)
                .hasMessageContaining("SYNTAX").hasMessageContaining("{urn:iso:std:iso:20022:tech:xsd:pain.001.001.09}Document");
    }

    @Test
    void theOfficialCreditNoteReadsAsACreditNote() {
        SupplierInvoice note = EInvoiceReader.read(Samples.bytes("samples/ubl/ubl-tc434-creditnote1.xml"));
        assertThat(note.kind()).isEqualTo(InvoiceKind.CREDIT_NOTE);
        assertThat(note.typeCode()).isEqualTo("381");
    }
}
