package io.finrelay.connectors.erp.tryton;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Purchasing set up through Tryton itself, for the match ITs: a stocked product, a purchase order of
 * it placed with a supplier (quoted and confirmed, so that Tryton's own processing makes the incoming
 * stock moves), and goods receipts as supplier shipments received and done. Nothing here reads what
 * the connector reads: the ITs compare the connector's answer with what was set up.
 */
public final class TrytonPurchasing {
    private TrytonPurchasing() {}

    /** One line to order: {@code quantity} units of a new product named {@code name} at {@code unitPrice}. */
    public record Ordered(String name, BigDecimal quantity, BigDecimal unitPrice) {}

    /** A confirmed purchase order: its id, its number (what the invoice names), and its lines' ids in order. */
    public record Placed(long id, String number, List<Long> lines) {}

    /** Quotes and confirms a purchase order with {@code supplier} (invoiced by hand: no draft invoice from Tryton). */
    public static Placed placeOrder(TrytonClient t, TrytonSetup.Facts facts, long supplier, List<Ordered> lines) {
        Placed quoted = quote(t, facts, supplier, lines);
        // confirming queues Tryton's processing, which runs after the commit and makes the incoming moves
        t.button("purchase.purchase", "confirm", List.of(quoted.id()));
        return quoted;
    }

    /** A purchase order quoted to the supplier (numbered) but not confirmed: no order placed yet. */
    public static Placed quote(TrytonClient t, TrytonSetup.Facts facts, long supplier, List<Ordered> lines) {
        long unit = t.search("product.uom", List.of(List.of("symbol", "=", "u")), 1, null).getFirst();
        long eur = t.search("currency.currency", List.of(List.of("code", "=", "EUR")), 1, null).getFirst();
        long warehouse = t.search("stock.location", List.of(List.of("type", "=", "warehouse")), 1, null).getFirst();
        long address = t.search("party.address", List.of(List.of("party", "=", supplier)), 1, null).getFirst();
        List<Map<String, Object>> values = new ArrayList<>();
        for (Ordered line : lines) {
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("type", "line");
            l.put("product", product(t, line.name(), unit));
            l.put("description", line.name());
            l.put("quantity", new TrytonCodec.FloatValue(line.quantity()));
            l.put("unit", unit);
            l.put("unit_price", line.unitPrice());
            values.add(l);
        }
        Map<String, Object> purchase = new LinkedHashMap<>();
        purchase.put("company", facts.company());
        purchase.put("party", supplier);
        purchase.put("invoice_address", address);
        purchase.put("warehouse", warehouse);
        purchase.put("currency", eur);
        purchase.put("purchase_date", facts.today());
        purchase.put("invoice_method", "manual");
        purchase.put("lines", List.of(List.of("create", values)));
        long id = t.createOne("purchase.purchase", purchase);
        t.button("purchase.purchase", "quote", List.of(id));
        var row = t.read("purchase.purchase", List.of(id), List.of("number", "lines")).get(0);
        return new Placed(id, row.path("number").asText(), Rows.ids(row.get("lines")));
    }

    /**
     * A goods receipt: a supplier shipment of {@code quantity} units of the order line's incoming move
     * (the move cut to what arrived), received and done. Answers the shipment's id.
     */
    public static long receive(TrytonClient t, long supplier, long purchaseLine, BigDecimal quantity) {
        long move = t.search("stock.move", List.of(List.of("origin", "=", "purchase.line," + purchaseLine),
                List.of("state", "=", "draft")), 1, null).getFirst();
        // less arrived than ordered: the move takes what arrived (Tryton's processing plans the rest anew)
        t.write("stock.move", List.of(move), Map.of("quantity", new TrytonCodec.FloatValue(quantity)));
        long warehouse = t.search("stock.location", List.of(List.of("type", "=", "warehouse")), 1, null).getFirst();
        long shipment = t.createOne("stock.shipment.in", Map.of("supplier", supplier, "warehouse", warehouse,
                "incoming_moves", List.of(List.of("add", List.of(move)))));
        t.button("stock.shipment.in", "receive", List.of(shipment));
        t.button("stock.shipment.in", "done", List.of(shipment));
        return shipment;
    }

    private static long product(TrytonClient t, String name, long unit) {
        List<Long> found = t.search("product.product", List.of(List.of("template.name", "=", name)), 1, null);
        if (!found.isEmpty()) {
            return found.getFirst();
        }
        Map<String, Object> template = new LinkedHashMap<>();
        template.put("name", name);
        template.put("type", "goods");
        template.put("default_uom", unit);
        template.put("purchasable", true);
        template.put("purchase_uom", unit);
        template.put("list_price", BigDecimal.ZERO);
        template.put("products", List.of(List.of("create", List.of(Map.of()))));
        long id = t.createOne("product.template", template);
        return t.search("product.product", List.of(List.of("template", "=", id)), 1, null).getFirst();
    }
}
