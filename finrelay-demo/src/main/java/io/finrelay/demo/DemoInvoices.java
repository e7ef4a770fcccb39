package io.finrelay.demo;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The demo's supplier invoices: UBL 2.1 e-invoices (EN 16931) of eight German suppliers to ACME
 * Logistik GmbH, reproducible from the seed. Among them the cases an AP team meets: early-payment
 * discounts (XRechnung Skonto), a copy of an invoice under a mistyped number, an invoice asking for
 * payment to a new bank account, and one from a supplier that is not in the vendor master.
 */
final class DemoInvoices {
    static final BigDecimal VAT = new BigDecimal("19");

    /** A supplier as its invoices name it. */
    record Supplier(String name, String vatId, String iban, String street, String city, String postCode) {}

    /** What the demo does with an invoice. */
    enum Kind { ORDINARY, DISCOUNT, COPY, NEW_BANK_ACCOUNT, UNKNOWN_SUPPLIER }

    record Invoice(String number, Supplier supplier, Kind kind, BigDecimal payable, String xml) {}

    record Line(String item, int quantity, BigDecimal price) {
        BigDecimal net() {
            return price.multiply(BigDecimal.valueOf(quantity)).setScale(2, RoundingMode.UNNECESSARY);
        }
    }

    static final List<Supplier> SUPPLIERS = List.of(
            new Supplier("Nordlicht Bürobedarf GmbH", "DE811907980", iban("20050550", "1234567890"), "Speicherstadt 12", "Hamburg", "20457"),
            new Supplier("Rheinland Logistik-Service GmbH", "DE813495425", iban("37040044", "0400123456"), "Deutzer Freiheit 5", "Köln", "50679"),
            new Supplier("Alpenstrom Energie AG", "DE129273398", iban("70020270", "0015202345"), "Leopoldstraße 70", "München", "80802"),
            new Supplier("Hanse IT-Systemhaus GmbH", "DE264387521", iban("25050180", "0003456789"), "Am Markt 3", "Bremen", "28195"),
            new Supplier("Kurier Express Berlin GmbH", "DE301456789", iban("10070000", "0123456700"), "Friedrichstraße 99", "Berlin", "10117"),
            new Supplier("Werkstatt Technik Schulte KG", "DE219876543", iban("44050199", "0000123456"), "Westenhellweg 40", "Dortmund", "44137"),
            new Supplier("Sauber & Rein Gebäudedienste GmbH", "DE287654321", iban("60050101", "0002345678"), "Königstraße 1", "Stuttgart", "70173"),
            new Supplier("Druckerei Mainfranken GmbH", "DE246813579", iban("79050000", "0044556677"), "Domstraße 8", "Würzburg", "97070"));

    static final Supplier UNKNOWN = new Supplier("Baltic Freight Forwarding SIA", "LV40003245752",
            "LV80BANK0000435195001", "Brivibas iela 21", "Riga", "1010");

    private static final String[][] ITEMS = {{"Kopierpapier A4, 80 g, Karton", "24.90"}, {"Tonerkartusche TN-2420", "45.00"},
            {"Palettentransport Hamburg-Köln", "385.00"}, {"Stromlieferung Lager Nord, Abschlag", "1240.00"},
            {"Wartung Gabelstapler", "210.00"}, {"Unterhaltsreinigung Büro, Monat", "980.00"},
            {"Notebook-Miete, Monat", "59.00"}, {"Kurierfahrt Stadtgebiet", "18.50"}, {"Prospekte A5, 5.000 Stück", "640.00"},
            {"Software-Support, Stunde", "95.00"}};

    private DemoInvoices() {}

    /** {@code count} invoices issued in the last three weeks before {@code today}. */
    static List<Invoice> generate(Random random, LocalDate today, int count) {
        List<Invoice> out = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            String number = String.format("RE-2026-%04d", 1000 + i);
            Kind kind = i % 9 == 4 ? Kind.DISCOUNT : Kind.ORDINARY;
            Supplier supplier = SUPPLIERS.get(random.nextInt(SUPPLIERS.size()));
            LocalDate issued = today.minusDays(2 + random.nextInt(20));
            List<Line> lines = new ArrayList<>();
            for (int l = 0, n = 1 + random.nextInt(3); l < n; l++) {
                String[] item = ITEMS[random.nextInt(ITEMS.length)];
                lines.add(new Line(item[0], 1 + random.nextInt(6), new BigDecimal(item[1])));
            }
            if (i == count / 2) {
                // a copy of the invoice before, under a mistyped number (0 as O): same seller, amount and date
                Invoice before = out.getLast();
                String copy = before.number().substring(0, before.number().length() - 2) + "O"
                        + before.number().charAt(before.number().length() - 1);
                out.add(new Invoice(copy, before.supplier(), Kind.COPY, before.payable(),
                        before.xml().replace("<cbc:ID>" + before.number() + "</cbc:ID>", "<cbc:ID>" + copy + "</cbc:ID>")));
                continue;
            }
            String iban = supplier.iban();
            if (i == count / 3) {
                kind = Kind.NEW_BANK_ACCOUNT;
                iban = iban("30020900", "9988776655");
            }
            if (i == count - 3) {
                kind = Kind.UNKNOWN_SUPPLIER;
                supplier = UNKNOWN;
                iban = supplier.iban();
            }
            String skonto = kind == Kind.DISCOUNT ? "#SKONTO#TAGE=10#PROZENT=2.00#" : null;
            BigDecimal net = lines.stream().map(Line::net).reduce(BigDecimal.ZERO, BigDecimal::add);
            BigDecimal tax = net.multiply(VAT).movePointLeft(2).setScale(2, RoundingMode.HALF_EVEN);
            out.add(new Invoice(number, supplier, kind, net.add(tax),
                    ubl(number, supplier, iban, issued, issued.plusDays(30), lines, net, tax, skonto)));
        }
        return out;
    }

    static String ubl(String number, Supplier s, String iban, LocalDate issued, LocalDate due, List<Line> lines,
                      BigDecimal net, BigDecimal tax, String skonto) {
        StringBuilder x = new StringBuilder("""
                <?xml version="1.0" encoding="UTF-8"?>
                <Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
                 xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
                 xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
                """);
        x.append("<cbc:CustomizationID>urn:cen.eu:en16931:2017</cbc:CustomizationID>\n")
                .append("<cbc:ID>").append(number).append("</cbc:ID>\n")
                .append("<cbc:IssueDate>").append(issued).append("</cbc:IssueDate>\n")
                .append("<cbc:DueDate>").append(due).append("</cbc:DueDate>\n")
                .append("<cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>\n")
                .append("<cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>\n")
                .append("<cbc:BuyerReference>PO-").append(number.substring(number.length() - 4)).append("</cbc:BuyerReference>\n")
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
                .append("<cac:PaymentMeans><cbc:PaymentMeansCode>58</cbc:PaymentMeansCode><cac:PayeeFinancialAccount><cbc:ID>")
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
            x.append("<cac:InvoiceLine><cbc:ID>").append(i + 1).append("</cbc:ID><cbc:InvoicedQuantity unitCode=\"C62\">")
                    .append(l.quantity()).append("</cbc:InvoicedQuantity><cbc:LineExtensionAmount currencyID=\"EUR\">")
                    .append(l.net()).append("</cbc:LineExtensionAmount><cac:Item><cbc:Name>").append(xml(l.item()))
                    .append("</cbc:Name>").append(category("ClassifiedTaxCategory")).append("</cac:Item><cac:Price>")
                    .append("<cbc:PriceAmount currencyID=\"EUR\">").append(l.price()).append("</cbc:PriceAmount></cac:Price>")
                    .append("</cac:InvoiceLine>\n");
        }
        return x.append("</Invoice>\n").toString();
    }

    private static String category(String element) {
        return "<cac:" + element + "><cbc:ID>S</cbc:ID><cbc:Percent>" + VAT + "</cbc:Percent><cac:TaxScheme><cbc:ID>VAT"
                + "</cbc:ID></cac:TaxScheme></cac:" + element + ">";
    }

    private static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;");
    }

    /** A German IBAN of a bank code and an account number, with its ISO 13616 check digits. */
    static String iban(String bankCode, String account) {
        String bban = bankCode + account;
        // DE = 13 14; check digits: 98 - (BBAN + "131400") mod 97
        int check = 98 - new BigInteger(bban + "131400").mod(BigInteger.valueOf(97)).intValue();
        return String.format("DE%02d%s", check, bban);
    }
}
