package io.finrelay.demo;

import io.finrelay.sandbox.world.EInvoices;
import io.finrelay.sandbox.world.EInvoices.Line;
import io.finrelay.sandbox.world.EInvoices.Supplier;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The demo's supplier invoices: UBL 2.1 e-invoices (EN 16931, written by the sandbox's
 * {@link EInvoices}) of eight German suppliers to ACME Logistik GmbH, reproducible from the seed. Among them the cases an AP team meets: early-payment
 * discounts (XRechnung Skonto), a copy of an invoice under a mistyped number, an invoice asking for
 * payment to a new bank account, and one from a supplier that is not in the vendor master.
 */
final class DemoInvoices {
    /** What the demo does with an invoice. */
    enum Kind { ORDINARY, DISCOUNT, COPY, NEW_BANK_ACCOUNT, UNKNOWN_SUPPLIER, ORDERED, PRICE_VARIANCE }

    /**
     * An invoice; {@code purchaseOrder} and {@code ordered} (what the order said, line by line) when it
     * names one: the order's prices are the invoice's, but 10 % lower for the price variance.
     */
    record Invoice(String number, Supplier supplier, Kind kind, BigDecimal payable, String xml, String purchaseOrder,
                   List<Line> ordered) {
        Invoice(String number, Supplier supplier, Kind kind, BigDecimal payable, String xml) {
            this(number, supplier, kind, payable, xml, null, List.of());
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
            String order = null;
            List<Line> ordered = List.of();
            if (kind == Kind.ORDINARY && i % 7 == 0) {
                kind = i == 63 ? Kind.PRICE_VARIANCE : Kind.ORDERED;
                order = "PO-2026-" + (4000 + i);
                BigDecimal factor = kind == Kind.PRICE_VARIANCE ? new BigDecimal("0.90") : BigDecimal.ONE;
                ordered = lines.stream().map(l -> new Line(l.item(), l.quantity(),
                        l.price().multiply(factor).setScale(2, java.math.RoundingMode.HALF_EVEN))).toList();
            }
            BigDecimal net = EInvoices.net(lines);
            out.add(new Invoice(number, supplier, kind, net.add(EInvoices.tax(net)),
                    EInvoices.ubl("380", number, supplier, iban, issued, issued.plusDays(30), lines, skonto, order),
                    order, ordered));
        }
        return out;
    }

    static String iban(String bankCode, String account) {
        return EInvoices.iban(bankCode, account);
    }
}
