package io.finrelay.connectors.erp.tryton;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.finrelay.model.Money;
import io.finrelay.workflows.port.ErpError;
import io.finrelay.workflows.port.ErpException;
import io.finrelay.workflows.port.OpenItem;
import io.finrelay.workflows.port.Payment;
import io.finrelay.workflows.port.PaymentFile;
import io.finrelay.workflows.port.PaymentRequest;
import io.finrelay.workflows.port.PostedInvoice;
import io.finrelay.workflows.port.SupplierInvoice;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Invoice to pay on Tryton: supplier invoices ({@code account.invoice}, type {@code in}), open payable
 * lines, payments ({@code account.payment}) in the tenant's SEPA payment journal, the pain.001 that
 * the {@code account.payment.process} wizard generates, and the bank's verdict.
 */
final class TrytonPayables {
    private final TrytonClient client;
    private final TrytonCompany company;

    TrytonPayables(TrytonClient client, TrytonCompany company) {
        this.client = client;
        this.company = company;
    }

    PostedInvoice postSupplierInvoice(SupplierInvoice invoice) {
        String tag = TrytonIds.tag(invoice.commandId());
        List<Long> existing = client.search("account.invoice", List.of(List.of("description", "like", "%" + tag)), 1, null);
        long id;
        if (existing.isEmpty()) {
            id = client.createOne("account.invoice", invoiceValues(invoice, tag));
        } else {
            id = existing.getFirst();
        }
        JsonNode state = client.read("account.invoice", List.of(id), List.of("state")).get(0);
        if ("draft".equals(Rows.text(state, "state")) || "validated".equals(Rows.text(state, "state"))) {
            client.button("account.invoice", "post", List.of(id));
        }
        return readInvoice(invoice.commandId(), id);
    }

    private Map<String, Object> invoiceValues(SupplierInvoice invoice, String tag) {
        if (!invoice.legalEntityId().equals(company.legalEntityId())) {
            throw new ErpException(new ErpError.Permanent("legal entity " + invoice.legalEntityId()
                    + " is not the Tryton company of this connector"));
        }
        long party = Long.parseLong(invoice.vendorRef());
        ArrayNode addresses = client.searchRead("party.address", List.of(List.of("party", "=", party)), List.of("id"));
        if (addresses.isEmpty()) {
            throw new ErpException(new ErpError.Permanent("supplier " + party + " has no address in Tryton"));
        }
        List<Map<String, Object>> lines = new ArrayList<>();
        for (SupplierInvoice.Line line : invoice.lines()) {
            if (!line.unitPrice().currency().equals(company.currency())) {
                throw new ErpException(new ErpError.Permanent("invoice in " + line.unitPrice().currencyCode()
                        + " but the company books in " + company.currency().getCurrencyCode()));
            }
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("type", "line");
            l.put("description", line.description());
            l.put("quantity", new TrytonCodec.FloatValue(line.quantity()));
            l.put("unit_price", line.unitPrice().amount());
            l.put("account", company.account(line.account().value()).orElseThrow(() -> new ErpException(
                    new ErpError.Permanent("Tryton has no account with code '" + line.account().value() + "'"))));
            l.put("company", company.id());
            l.put("currency", company.currencyId());
            lines.add(l);
        }
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("type", "in");
        values.put("company", company.id());
        values.put("party", party);
        values.put("invoice_address", Rows.id(addresses.get(0)));
        values.put("currency", company.currencyId());
        values.put("journal", journalOfType("expense"));
        values.put("account", payableAccount(party));
        values.put("invoice_date", invoice.invoiceDate());
        values.put("reference", invoice.vendorInvoiceNumber());
        values.put("description", invoice.description() + " " + tag);
        values.put("lines", List.of(List.of("create", lines)));
        return values;
    }

    private long journalOfType(String type) {
        List<Long> ids = client.search("account.journal", List.of(List.of("type", "=", type)), 1, null);
        if (ids.isEmpty()) {
            throw new ErpException(new ErpError.Permanent("Tryton has no journal of type " + type));
        }
        return ids.getFirst();
    }

    /** The party's payable account, else the company's first payable account. */
    private long payableAccount(long party) {
        JsonNode row = client.read("party.party", List.of(party), List.of("account_payable")).get(0);
        long account = Rows.ref(row, "account_payable");
        if (account >= 0) {
            return account;
        }
        List<Long> ids = client.search("account.account", List.of(List.of("type.payable", "=", true),
                List.of("company", "=", company.id())), 1, null);
        if (ids.isEmpty()) {
            throw new ErpException(new ErpError.Permanent("Tryton has no payable account for party " + party));
        }
        return ids.getFirst();
    }

    private PostedInvoice readInvoice(UUID commandId, long id) {
        JsonNode row = client.read("account.invoice", List.of(id),
                List.of("number", "state", "total_amount", "amount_to_pay", "lines_to_pay")).get(0);
        List<String> lines = Rows.ids(row.get("lines_to_pay")).stream().map(String::valueOf).toList();
        return new PostedInvoice(commandId, Long.toString(id), Rows.text(row, "number"), Rows.text(row, "state"),
                money(row.get("total_amount")), money(row.get("amount_to_pay")), lines);
    }

    private Money money(JsonNode value) {
        BigDecimal amount = TrytonCodec.toDecimal(value);
        return Money.rounded(amount == null ? BigDecimal.ZERO : amount, company.currency());
    }

    List<OpenItem> payableLines(Optional<String> vendorRef) {
        List<Object> domain = new ArrayList<>(List.of(List.of("account.type.payable", "=", true),
                java.util.Arrays.asList("reconciliation", "=", null), List.of("move.state", "=", "posted"),
                List.of("account.company", "=", company.id())));
        vendorRef.ifPresent(v -> domain.add(List.of("party", "=", Long.parseLong(v))));
        List<OpenItem> out = new ArrayList<>();
        for (JsonNode row : client.searchRead("account.move.line", domain, List.of("party", "party.name",
                "payment_amount", "date", "maturity_date", "description", "move_description"))) {
            BigDecimal open = TrytonCodec.toDecimal(row.get("payment_amount"));
            if (open == null || open.signum() <= 0) {
                continue;
            }
            String description = Rows.text(row, "description");
            out.add(new OpenItem(Long.toString(Rows.id(row)), Long.toString(Rows.ref(row, "party")),
                    Rows.textThrough(row, "party", "name"), Money.rounded(open, company.currency()),
                    TrytonCodec.toDate(row.get("date")), Optional.ofNullable(TrytonCodec.toDate(row.get("maturity_date"))),
                    description.isEmpty() ? Rows.text(row, "move_description") : description));
        }
        return out;
    }

    List<Payment> createApprovedPayments(List<PaymentRequest> requests) {
        if (requests.isEmpty()) {
            return List.of();
        }
        long journal = paymentJournal();
        List<Long> lineIds = requests.stream().map(r -> Long.parseLong(r.payableLineRef())).toList();
        Map<Long, Long> partyOfLine = new LinkedHashMap<>();
        for (JsonNode row : client.read("account.move.line", lineIds, List.of("party"))) {
            partyOfLine.put(Rows.id(row), Rows.ref(row, "party"));
        }
        List<Map<String, Object>> values = new ArrayList<>();
        for (PaymentRequest r : requests) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("company", company.id());
            v.put("journal", journal);
            v.put("kind", "payable");
            v.put("party", partyOfLine.get(Long.parseLong(r.payableLineRef())));
            v.put("amount", r.amount().amount());
            v.put("date", r.date());
            v.put("line", Long.parseLong(r.payableLineRef()));
            v.put("description", r.description() + " " + TrytonIds.tag(r.commandId()));
            values.add(v);
        }
        List<Long> ids = client.create("account.payment", values);
        client.button("account.payment", "approve", ids);
        return payments(ids.stream().map(String::valueOf).toList());
    }

    private long paymentJournal() {
        List<Long> ids = client.search("account.payment.journal",
                List.of(List.of("name", "=", client.config().paymentJournal())), 1, null);
        if (ids.isEmpty()) {
            throw new ErpException(new ErpError.Permanent("Tryton has no payment journal named '"
                    + client.config().paymentJournal() + "'"));
        }
        return ids.getFirst();
    }

    PaymentFile processPayments(List<String> paymentRefs) {
        List<Long> ids = paymentRefs.stream().map(Long::parseLong).toList();
        Map<String, Object> context = Map.of("active_model", "account.payment", "active_id", ids.getFirst(),
                "active_ids", ids);
        JsonNode session = client.wizard("account.payment.process", "create", context);
        long sessionId = session.get(0).asLong();
        JsonNode result;
        try {
            result = client.wizard("account.payment.process", "execute", context, sessionId, Map.of(), "process");
        } finally {
            try {
                client.wizard("account.payment.process", "delete", context, sessionId);
            } catch (ErpException ignored) {
                // A wizard session left behind expires on its own.
            }
        }
        long group = result.path("actions").path(0).path(1).path("res_id").path(0).asLong(-1);
        if (group < 0) {
            throw new ErpException(new ErpError.Permanent("Tryton processed no payment group: " + result));
        }
        JsonNode g = client.read("account.payment.group", List.of(group), List.of("number", "sepa_messages")).get(0);
        List<Long> messages = Rows.ids(g.get("sepa_messages"));
        if (messages.isEmpty()) {
            throw new ErpException(new ErpError.Permanent("payment group " + Rows.text(g, "number")
                    + " has no SEPA message: is the payment journal's process method SEPA?"));
        }
        JsonNode message = client.read("account.payment.sepa.message", List.of(messages.getLast()),
                List.of("message", "filename", "type")).get(0);
        String format = client.read("account.payment.journal", List.of(paymentJournal()),
                List.of("sepa_payable_flavor")).get(0).path("sepa_payable_flavor").asText("pain.001");
        return new PaymentFile(Long.toString(group), Rows.text(g, "number"), paymentRefs,
                Rows.text(message, "filename"), format, TrytonCodec.toBytes(message.get("message")));
    }

    List<Payment> markPayments(List<String> paymentRefs, boolean succeeded) {
        List<Long> ids = paymentRefs.stream().map(Long::parseLong).toList();
        client.button("account.payment", succeeded ? "succeed" : "fail", ids);
        return payments(paymentRefs);
    }

    List<Payment> payments(List<String> paymentRefs) {
        List<Long> ids = paymentRefs.stream().map(Long::parseLong).toList();
        Map<Long, Payment> byId = new LinkedHashMap<>();
        for (JsonNode row : client.read("account.payment", ids, List.of("party", "amount", "state", "description"))) {
            byId.put(Rows.id(row), new Payment(Long.toString(Rows.id(row)), Long.toString(Rows.ref(row, "party")),
                    money(row.get("amount")), Rows.text(row, "state"), Rows.text(row, "description")));
        }
        return ids.stream().map(byId::get).toList();
    }
}
