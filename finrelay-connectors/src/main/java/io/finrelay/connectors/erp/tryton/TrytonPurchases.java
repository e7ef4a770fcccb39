package io.finrelay.connectors.erp.tryton;

import com.fasterxml.jackson.databind.JsonNode;
import io.finrelay.workflows.port.PurchaseOrder;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Purchase orders and their goods receipts on Tryton, for the 2- and 3-way match of supplier invoices:
 * the {@code purchase.purchase} of a number (module {@code purchase}) with its lines, and per line the
 * {@code stock.move}s it caused (module {@code stock}, received through a supplier shipment): what
 * is done counts as received, converted to the line's unit; a move back to the supplier (a return)
 * counts against it. Three reads whatever the order's size: the order, its lines, their moves.
 */
final class TrytonPurchases {
    /** The states of an order placed with the supplier; a draft, a quotation or a cancelled order is not one. */
    static final List<String> CONFIRMED = List.of("confirmed", "processing", "done");

    private final TrytonClient client;
    private final TrytonCompany company;

    TrytonPurchases(TrytonClient client, TrytonCompany company) {
        this.client = client;
        this.company = company;
    }

    Optional<PurchaseOrder> purchaseOrder(String number) {
        List<Object> domain = List.of(List.of("number", "=", number), List.of("company", "=", company.id()),
                List.of("state", "in", CONFIRMED));
        var orders = client.searchRead("purchase.purchase", domain, List.of("number", "party", "state",
                "currency.code", "lines"));
        if (orders.isEmpty()) {
            return Optional.empty();
        }
        JsonNode order = orders.get(0);
        List<Long> lineIds = Rows.ids(order.get("lines"));
        List<PurchaseOrder.Line> lines = new ArrayList<>();
        if (!lineIds.isEmpty()) {
            var rows = client.read("purchase.line", lineIds, List.of("type", "description", "product.rec_name",
                    "quantity", "unit_price", "unit", "unit.factor", "moves", "moves_recreated"));
            Map<Long, BigDecimal> received = received(rows);
            for (JsonNode line : rows) {
                if (!"line".equals(Rows.text(line, "type"))) {
                    continue;
                }
                String description = Rows.text(line, "description").strip();
                lines.add(new PurchaseOrder.Line(Long.toString(Rows.id(line)), description.isEmpty()
                        ? Rows.textThrough(line, "product", "rec_name") : description,
                        decimal(line.get("quantity")), decimal(line.get("unit_price")),
                        received.getOrDefault(Rows.id(line), BigDecimal.ZERO)));
            }
        }
        String currency = Rows.textThrough(order, "currency", "code");
        return Optional.of(new PurchaseOrder(Long.toString(Rows.id(order)), Rows.text(order, "number"),
                Long.toString(Rows.ref(order, "party")), Rows.text(order, "state"),
                currency.isEmpty() ? company.currency().getCurrencyCode() : currency, lines));
    }

    /**
     * The quantity each line's done moves took in, in the line's unit: from the supplier counts, back
     * to the supplier counts against; a move Tryton recreated (after a shipment exception) is left out.
     */
    private Map<Long, BigDecimal> received(JsonNode lines) {
        Map<Long, Long> lineOfMove = new HashMap<>();
        Map<Long, BigDecimal> lineFactor = new HashMap<>();
        for (JsonNode line : lines) {
            Set<Long> recreated = new HashSet<>(Rows.ids(line.get("moves_recreated")));
            for (long move : Rows.ids(line.get("moves"))) {
                if (!recreated.contains(move)) {
                    lineOfMove.put(move, Rows.id(line));
                }
            }
            lineFactor.put(Rows.id(line), factor(Rows.through(line, "unit", "factor")));
        }
        Map<Long, BigDecimal> received = new HashMap<>();
        if (lineOfMove.isEmpty()) {
            return received;
        }
        for (JsonNode move : client.read("stock.move", new ArrayList<>(lineOfMove.keySet()), List.of("state", "quantity",
                "uom.factor", "from_location.type", "to_location.type"))) {
            if (!"done".equals(Rows.text(move, "state"))) {
                continue;
            }
            long line = lineOfMove.get(Rows.id(move));
            // Tryton's Uom.compute_qty: quantity x the move unit's factor / the line unit's factor
            BigDecimal quantity = decimal(move.get("quantity")).multiply(factor(Rows.through(move, "uom", "factor")))
                    .divide(lineFactor.get(line), MathContext.DECIMAL64);
            if ("supplier".equals(Rows.textThrough(move, "to_location", "type"))) {
                quantity = quantity.negate();
            } else if (!"supplier".equals(Rows.textThrough(move, "from_location", "type"))) {
                continue;
            }
            received.merge(line, quantity, BigDecimal::add);
        }
        received.replaceAll((line, quantity) -> quantity.stripTrailingZeros());
        return received;
    }

    private static BigDecimal factor(JsonNode value) {
        BigDecimal factor = TrytonCodec.toDecimal(value);
        return factor == null || factor.signum() == 0 ? BigDecimal.ONE : factor;
    }

    private static BigDecimal decimal(JsonNode value) {
        BigDecimal d = TrytonCodec.toDecimal(value);
        return d == null ? BigDecimal.ZERO : d;
    }
}
