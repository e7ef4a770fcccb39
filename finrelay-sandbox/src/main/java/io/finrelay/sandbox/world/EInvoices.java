package io.finrelay.sandbox.world;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.List;

/**
 * Writes UBL 2.1 e-invoices (EN 16931, one VAT rate of 19 %) as a German supplier sends them, for the
 * demo and the tests: what Finrelay's intake reads, with the figures adding up. A credit note (type
 * code 381) is written as a UBL {@code CreditNote}, as the official EN 16931 rules want (BR-CL-01 allows
 * no credit-note type code on a UBL {@code Invoice}), its due date in the payment means.
 */
public final class EInvoices {
    public static final BigDecimal VAT = new BigDecimal("19");

    /** A supplier as its invoices name it. */
    public record Supplier(String name, String vatId, String iban, String street, String city, String postCode) {}

    /** A line: {@code quantity} x {@code price}, net. */
    public record Line(String item, int quantity, BigDecimal price) {
        public BigDecimal net() {
            return price.multiply(BigDecimal.valueOf(quantity)).setScale(2, RoundingMode.UNNECESSARY);
        }
    }

    private EInvoices() {}

    /** The net total of the lines. */
    public static BigDecimal net(List<Line> lines) {
        return lines.stream().map(Line::net).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /** The VAT on a net amount, rounded to the cent. */
    public static BigDecimal tax(BigDecimal net) {
        return net.multiply(VAT).movePointLeft(2).setScale(2, RoundingMode.HALF_EVEN);
    }

    /** An invoice (type code 380) or credit note (381) of {@code s} to ACME Logistik GmbH, paid to {@code iban}. */
    public static String ubl(String typeCode, String number, Supplier s, String iban, LocalDate issued, LocalDate due,
                             List<Line> lines, String skonto) {
        return ubl(typeCode, number, s, iban, issued, due, lines, skonto, null);
    }

    /** The same, naming the buyer's purchase order (BT-13) when {@code purchaseOrder} is given. */
    public static String ubl(String typeCode, String number, Supplier s, String iban, LocalDate issued, LocalDate due,
                             List<Line> lines, String skonto, String purchaseOrder) {
        BigDecimal net = net(lines);
        BigDecimal tax = tax(net);
        boolean credit = "381".equals(typeCode);
        String root = credit ? "CreditNote" : "Invoice";
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<" + root
                + " xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:" + root + "-2\"\n"
                + " xmlns:cac=\"urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2\"\n"
                + " xmlns:cbc=\"urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2\">\n");
        x.append("<cbc:CustomizationID>urn:cen.eu:en16931:2017</cbc:CustomizationID>\n")
                .append("<cbc:ID>").append(number).append("</cbc:ID>\n")
                .append("<cbc:IssueDate>").append(issued).append("</cbc:IssueDate>\n")
                .append(credit ? "" : "<cbc:DueDate>" + due + "</cbc:DueDate>\n")
                .append("<cbc:").append(root).append("TypeCode>").append(typeCode).append("</cbc:").append(root).append("TypeCode>\n")
                .append("<cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>\n")
                .append("<cbc:BuyerReference>PO-").append(number.substring(number.length() - 4)).append("</cbc:BuyerReference>\n")
                .append(purchaseOrder == null ? "" : "<cac:OrderReference><cbc:ID>" + xml(purchaseOrder)
                        + "</cbc:ID></cac:OrderReference>\n")
                .append("<cac:AccountingSupplierParty><cac:Party><cac:PostalAddress><cbc:StreetName>").append(xml(s.street()))
                .append("</cbc:StreetName><cbc:CityName>").append(xml(s.city())).append("</cbc:CityName><cbc:PostalZone>")
                .append(s.postCode()).append("</cbc:PostalZone><cac:Country><cbc:IdentificationCode>")
                .append(s.vatId(), 0, 2).append("</cbc:IdentificationCode></cac:Country></cac:PostalAddress>")
                .append("<cac:PartyTaxScheme><cbc:CompanyID>").append(s.vatId())
                .append("</cbc:CompanyID><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>")
                .append("<cac:PartyLegalEntity><cbc:RegistrationName>").append(xml(s.name()))
                .append("</cbc:RegistrationName></cac:PartyLegalEntity></cac:Party></cac:AccountingSupplierParty>\n")
                .append("<cac:AccountingCustomerParty><cac:Party><cac:PostalAddress><cbc:StreetName>Am Sandtorkai 50")
                .append("</cbc:StreetName><cbc:CityName>Hamburg</cbc:CityName><cbc:PostalZone>20457</cbc:PostalZone>")
                .append("<cac:Country><cbc:IdentificationCode>DE</cbc:IdentificationCode></cac:Country></cac:PostalAddress>")
                .append("<cac:PartyLegalEntity><cbc:RegistrationName>ACME Logistik GmbH</cbc:RegistrationName>")
                .append("</cac:PartyLegalEntity></cac:Party></cac:AccountingCustomerParty>\n")
                .append("<cac:PaymentMeans><cbc:PaymentMeansCode>58</cbc:PaymentMeansCode>")
                .append(credit ? "<cbc:PaymentDueDate>" + due + "</cbc:PaymentDueDate>" : "")
                .append("<cac:PayeeFinancialAccount><cbc:ID>")
                .append(iban).append("</cbc:ID></cac:PayeeFinancialAccount></cac:PaymentMeans>\n");
        if (skonto != null) {
            x.append("<cac:PaymentTerms><cbc:Note>").append(skonto).append("</cbc:Note></cac:PaymentTerms>\n");
        }
        x.append("<cac:TaxTotal><cbc:TaxAmount currencyID=\"EUR\">").append(tax).append("</cbc:TaxAmount><cac:TaxSubtotal>")
                .append("<cbc:TaxableAmount currencyID=\"EUR\">").append(net).append("</cbc:TaxableAmount>")
                .append("<cbc:TaxAmount currencyID=\"EUR\">").append(tax).append("</cbc:TaxAmount>").append(category("TaxCategory"))
                .append("</cac:TaxSubtotal></cac:TaxTotal>\n")
                .append("<cac:LegalMonetaryTotal><cbc:LineExtensionAmount currencyID=\"EUR\">").append(net)
                .append("</cbc:LineExtensionAmount><cbc:TaxExclusiveAmount currencyID=\"EUR\">").append(net)
                .append("</cbc:TaxExclusiveAmount><cbc:TaxInclusiveAmount currencyID=\"EUR\">").append(net.add(tax))
                .append("</cbc:TaxInclusiveAmount><cbc:PayableAmount currencyID=\"EUR\">").append(net.add(tax))
                .append("</cbc:PayableAmount></cac:LegalMonetaryTotal>\n");
        for (int i = 0; i < lines.size(); i++) {
            Line l = lines.get(i);
            String quantity = credit ? "CreditedQuantity" : "InvoicedQuantity";
            x.append("<cac:").append(root).append("Line><cbc:ID>").append(i + 1).append("</cbc:ID><cbc:").append(quantity)
                    .append(" unitCode=\"C62\">").append(l.quantity()).append("</cbc:").append(quantity)
                    .append("><cbc:LineExtensionAmount currencyID=\"EUR\">")
                    .append(l.net()).append("</cbc:LineExtensionAmount><cac:Item><cbc:Name>").append(xml(l.item()))
                    .append("</cbc:Name>").append(category("ClassifiedTaxCategory")).append("</cac:Item><cac:Price>")
                    .append("<cbc:PriceAmount currencyID=\"EUR\">").append(l.price()).append("</cbc:PriceAmount></cac:Price>")
                    .append("</cac:").append(root).append("Line>\n");
        }
        return x.append("</").append(root).append(">\n").toString();
    }

    private static String category(String element) {
        return "<cac:" + element + "><cbc:ID>S</cbc:ID><cbc:Percent>" + VAT + "</cbc:Percent><cac:TaxScheme><cbc:ID>VAT"
                + "</cbc:ID></cac:TaxScheme></cac:" + element + ">";
    }

    private static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;");
    }

    /** A German IBAN of a bank code and an account number, with its ISO 13616 check digits. */
    public static String iban(String bankCode, String account) {
        String bban = bankCode + account;
        // DE = 13 14; check digits: 98 - (BBAN + "131400") mod 97
        int check = 98 - new BigInteger(bban + "131400").mod(BigInteger.valueOf(97)).intValue();
        return String.format("DE%02d%s", check, bban);
    }
}
