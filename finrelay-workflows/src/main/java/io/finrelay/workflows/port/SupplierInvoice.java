package io.finrelay.workflows.port;

import io.finrelay.model.Check;
import io.finrelay.model.Money;
import io.finrelay.model.ValidationException;
import io.finrelay.model.id.AccountCode;
import io.finrelay.model.id.LegalEntityId;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A supplier invoice to create and post in the ERP. {@code commandId} is kept as its external
 * reference; {@code vendorRef} is the ERP's reference of the supplier (from a master data pull);
 * {@code vendorInvoiceNumber} is the number printed on the supplier's invoice.
 */
public record SupplierInvoice(UUID commandId, LegalEntityId legalEntityId, String vendorRef,
                              String vendorInvoiceNumber, LocalDate invoiceDate, String description,
                              List<Line> lines) {

    /** A line: quantity times net unit price, booked to an expense account. */
    public record Line(String description, BigDecimal quantity, Money unitPrice, AccountCode account) {
        public Line {
            Check.text("description", description, 140);
            Check.required("quantity", quantity);
            if (quantity.signum() <= 0) {
                throw new ValidationException("quantity", quantity.toPlainString(), "must be greater than zero");
            }
            Check.required("unitPrice", unitPrice);
            Check.required("account", account);
        }

        public Money net() {
            return unitPrice.times(quantity);
        }
    }

    public SupplierInvoice {
        Objects.requireNonNull(commandId, "commandId");
        Check.required("legalEntityId", legalEntityId);
        Check.required("vendorRef", vendorRef);
        Check.text("vendorInvoiceNumber", vendorInvoiceNumber, 70);
        Check.required("invoiceDate", invoiceDate);
        Check.text("description", description, 140);
        Check.required("lines", lines);
        if (lines.isEmpty()) {
            throw new ValidationException("lines", lines, "an invoice needs at least one line");
        }
        lines = List.copyOf(lines);
        var currency = lines.getFirst().unitPrice().currency();
        for (Line line : lines) {
            if (!line.unitPrice().currency().equals(currency)) {
                throw new ValidationException("lines", line.unitPrice(), "all lines must share one currency");
            }
        }
    }

    /** The net total of the lines (tax, if any, is the ERP's to add). */
    public Money netTotal() {
        return lines.stream().map(Line::net).reduce(Money::plus).orElseThrow();
    }
}
