package io.finrelay.workflows.port;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * A purchase order as the ERP holds it, for the 2- and 3-way match of a supplier invoice: its number,
 * the supplier's reference ({@code vendorRef}, what {@code postSupplierInvoice} takes), the ERP's
 * state, the currency, and per line what was ordered at which unit price (2-way) and how much the
 * goods receipts have taken in so far (3-way).
 */
public record PurchaseOrder(String erpRef, String number, String vendorRef, String state, String currency,
                            List<Line> lines) {
    public PurchaseOrder {
        Objects.requireNonNull(erpRef, "erpRef");
        Objects.requireNonNull(number, "number");
        Objects.requireNonNull(vendorRef, "vendorRef");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(currency, "currency");
        lines = List.copyOf(lines);
    }

    /**
     * One ordered line: {@code ordered} units at {@code unitPrice} (net, in the order's currency);
     * {@code received}: the units the goods receipts booked as done, less those sent back.
     */
    public record Line(String erpRef, String description, BigDecimal ordered, BigDecimal unitPrice,
                       BigDecimal received) {
        public Line {
            Objects.requireNonNull(erpRef, "erpRef");
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(ordered, "ordered");
            Objects.requireNonNull(unitPrice, "unitPrice");
            Objects.requireNonNull(received, "received");
        }
    }
}
