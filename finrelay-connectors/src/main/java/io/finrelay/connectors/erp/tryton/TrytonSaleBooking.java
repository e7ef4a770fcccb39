package io.finrelay.connectors.erp.tryton;

import com.fasterxml.jackson.databind.JsonNode;
import io.finrelay.model.Money;
import io.finrelay.workflows.port.ErpError;
import io.finrelay.workflows.port.ErpException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A customer order booked as Tryton's {@code sale} module books it: a {@code sale.sale} of one line
 * (the order's description at its amount, quantity 1, no product, no tax), quoted, confirmed and
 * processed, so that Tryton itself makes the customer invoice (invoice method "on order processed");
 * the invoice is posted, and its receivable line is what the customer owes. The sale is dated with the
 * order's effective date; the invoice is dated by Tryton the day it is posted (Tryton refuses a customer
 * invoice dated before the last one it numbered, so a back- or forward-dated invoice would stop the
 * tenant's invoicing).
 *
 * <p>Tryton has no idempotency keys: the sale's description carries {@code [finrelay:<command id>]}
 * and every step starts by looking for it. A resend after a lost answer finds the sale made before and
 * takes it on from the state it is in (draft, quoted, confirmed, processed with its invoice in draft,
 * posted), so no sale and no invoice is ever made twice.
 *
 * <p>The sale's shipment method is "manual": the order carries an amount and a description, nothing
 * to ship, and the credit decision is Finrelay's (a credit controller may release an order over the
 * limit); Tryton's own limit check at confirmation (which {@code sale_credit_limit} runs for the
 * shipment method "on order processed" only) does not undo it. Tryton's credit amount counts the
 * confirmed sale, then its posted invoice, all the same.
 */
final class TrytonSaleBooking {
    private static final List<String> SALE_FIELDS = List.of("state", "number", "invoices", "party", "sale_date");
    private static final List<String> INVOICE_FIELDS = List.of("state", "number", "invoice_date", "total_amount",
            "lines_to_pay", "party", "currency");

    private final TrytonClient client;
    private final TrytonCompany company;

    TrytonSaleBooking(TrytonClient client, TrytonCompany company) {
        this.client = client;
        this.company = company;
    }

    /** Books the order (or finishes booking it after an earlier attempt): sale, invoice, posted. */
    TrytonErp.BookedSale book(TrytonErp.SaleOrder order) {
        Money amount = order.amount();
        if (!amount.isPositive()) {
            throw permanent("order " + order.orderNumber() + " has no positive amount to sell (" + amount + ")");
        }
        if (!amount.currency().equals(company.currency())) {
            throw permanent("order " + order.orderNumber() + " is in " + amount.currencyCode() + " but the Tryton company "
                    + "books in " + company.currency().getCurrencyCode() + "; foreign-currency sales are not supported yet");
        }
        long sale = find(order.commandId()).orElseGet(() -> create(order));
        JsonNode row = readSale(sale);
        String state = Rows.text(row, "state");
        if ("draft".equals(state)) {
            client.button("sale.sale", "quote", List.of(sale));
            state = "quotation";
        }
        if ("quotation".equals(state)) {
            // Tryton processes the confirmed sale right after the call commits (its queue, run in the request)
            client.button("sale.sale", "confirm", List.of(sale));
            row = readSale(sale);
            state = Rows.text(row, "state");
        }
        if ("cancelled".equals(state)) {
            throw permanent("Tryton sale " + Rows.text(row, "number") + " of order " + order.orderNumber()
                    + " was cancelled in Tryton: book the order by hand and resolve the step");
        }
        if (Rows.ids(row.get("invoices")).isEmpty()) {
            // not processed yet (the queue failed or runs elsewhere): process it now, Tryton says why if it cannot
            client.button("sale.sale", "process", List.of(sale));
            row = readSale(sale);
        }
        List<Long> invoices = Rows.ids(row.get("invoices"));
        if (invoices.size() != 1) {
            throw permanent("Tryton sale " + Rows.text(row, "number") + " of order " + order.orderNumber() + " has "
                    + invoices.size() + " invoices, expected one: check the sale in Tryton and resolve the step");
        }
        long invoice = invoices.getFirst();
        JsonNode inv = readInvoice(invoice);
        String invoiceState = Rows.text(inv, "state");
        if ("draft".equals(invoiceState) || "validated".equals(invoiceState)) {
            BigDecimal total = TrytonCodec.toDecimal(inv.get("total_amount"));
            if (total == null || total.compareTo(amount.amount()) != 0) {
                throw permanent("Tryton's invoice of sale " + Rows.text(row, "number") + " totals " + total + " "
                        + company.currency().getCurrencyCode() + " but order " + order.orderNumber() + " is for " + amount
                        + ": it was left in draft, check it in Tryton and resolve the step");
            }
            // Tryton dates the invoice the day it posts it: an out invoice dated before the last one numbered
            // is refused, so the order's effective date (in the past, or ahead) stays the sale's date
            client.write("account.invoice", List.of(invoice), Map.of("reference", order.orderNumber()));
            client.button("account.invoice", "post", List.of(invoice));
            inv = readInvoice(invoice);
        }
        return booked(order.commandId(), row, inv)
                .orElseThrow(() -> permanent("Tryton's invoice of sale " + Rows.text(readSale(sale), "number")
                        + " is " + Rows.text(readInvoice(invoice), "state") + ", not posted"));
    }

    /**
     * What Tryton holds for this command: the sale and its posted invoice, or empty (no sale with the
     * tag, or one not yet invoiced and posted: booking again takes it on). Reads only.
     */
    Optional<TrytonErp.BookedSale> lookup(UUID commandId) {
        Optional<Long> sale = find(commandId);
        if (sale.isEmpty()) {
            return Optional.empty();
        }
        JsonNode row = readSale(sale.get());
        List<Long> invoices = Rows.ids(row.get("invoices"));
        if (invoices.size() != 1) {
            return Optional.empty();
        }
        return booked(commandId, row, readInvoice(invoices.getFirst()));
    }

    private Optional<Long> find(UUID commandId) {
        List<Long> ids = client.search("sale.sale", List.of(List.of("description", "like", "%" + TrytonIds.tag(commandId))),
                null, "id");
        return ids.isEmpty() ? Optional.empty() : Optional.of(ids.getFirst());
    }

    private long create(TrytonErp.SaleOrder order) {
        long party = party(order.customerRef());
        List<Long> addresses = client.search("party.address", List.of(List.of("party", "=", party)), 1, "id");
        if (addresses.isEmpty()) {
            throw permanent("Tryton party " + party + " (" + order.customerName() + ") has no address: a sale needs an "
                    + "invoice address; add one in Tryton and resolve the step");
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("type", "line");
        line.put("description", order.description());
        line.put("quantity", new TrytonCodec.FloatValue(BigDecimal.ONE));
        line.put("unit_price", order.amount().amount());
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("company", company.id());
        values.put("party", party);
        values.put("invoice_address", addresses.getFirst());
        values.put("shipment_address", addresses.getFirst());
        values.put("currency", company.currencyId());
        values.put("sale_date", order.effectiveDate());
        values.put("reference", order.orderNumber());
        values.put("description", order.description() + " " + TrytonIds.tag(order.commandId()));
        values.put("invoice_method", "order");
        values.put("shipment_method", "manual");
        values.put("lines", List.of(List.of("create", List.of(line))));
        return client.createOne("sale.sale", values);
    }

    /** The customer's party, which must exist in Tryton. */
    private long party(String customerRef) {
        long party = TrytonSales.partyId(customerRef);
        if (client.search("party.party", List.of(List.of("id", "=", party)), 1, null).isEmpty()) {
            throw permanent("Tryton has no party " + customerRef + ": the order's customer reference must name a "
                    + "Tryton party (party.party id)");
        }
        return party;
    }

    private JsonNode readSale(long id) {
        return client.read("sale.sale", List.of(id), SALE_FIELDS).get(0);
    }

    private JsonNode readInvoice(long id) {
        return client.read("account.invoice", List.of(id), INVOICE_FIELDS).get(0);
    }

    /** The answer, once the invoice is posted: its one receivable line (none if a payment term split it). */
    private Optional<TrytonErp.BookedSale> booked(UUID commandId, JsonNode sale, JsonNode invoice) {
        String state = Rows.text(invoice, "state");
        if (!"posted".equals(state) && !"paid".equals(state)) {
            return Optional.empty();
        }
        List<Long> toPay = Rows.ids(invoice.get("lines_to_pay"));
        Optional<String> receivable = Optional.empty();
        LocalDate due = null;
        if (toPay.size() == 1) {
            receivable = Optional.of(Long.toString(toPay.getFirst()));
            JsonNode line = client.read("account.move.line", toPay, List.of("maturity_date")).get(0);
            due = TrytonCodec.toDate(line.get("maturity_date"));
        }
        BigDecimal total = TrytonCodec.toDecimal(invoice.get("total_amount"));
        return Optional.of(new TrytonErp.BookedSale(commandId, Long.toString(Rows.id(sale)), Rows.text(sale, "number"),
                Long.toString(Rows.id(invoice)), Rows.text(invoice, "number"), TrytonCodec.toDate(invoice.get("invoice_date")),
                Optional.ofNullable(due), receivable, Money.rounded(total == null ? BigDecimal.ZERO : total,
                company.currency())));
    }

    private static ErpException permanent(String message) {
        return new ErpException(new ErpError.Permanent(message));
    }
}
