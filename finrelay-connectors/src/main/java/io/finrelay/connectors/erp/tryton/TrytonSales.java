package io.finrelay.connectors.erp.tryton;

import com.fasterxml.jackson.databind.JsonNode;
import io.finrelay.model.Money;
import io.finrelay.workflows.port.CreditExposure;
import io.finrelay.workflows.port.ErpError;
import io.finrelay.workflows.port.ErpException;
import io.finrelay.workflows.port.OpenItem;
import io.finrelay.workflows.port.Opportunity;
import io.finrelay.workflows.port.Watermark;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Order to cash on Tryton: credit limit and credit amount (sale_credit_limit), receivables, CRM opportunities. */
final class TrytonSales {
    private static final List<String> OPPORTUNITY_FIELDS = List.of("number", "party", "description", "amount",
            "currency.code", "conversion_probability", "state", "start_date");

    private final TrytonClient client;
    private final TrytonCompany company;

    TrytonSales(TrytonClient client, TrytonCompany company) {
        this.client = client;
        this.company = company;
    }

    CreditExposure creditExposure(String customerRef) {
        long party = partyId(customerRef);
        // searched rather than read: Tryton answers a read of a missing record with an error in its own words
        var rows = client.searchRead("party.party", List.of(List.of("id", "=", party)),
                List.of("credit_limit_amount", "credit_amount"));
        if (rows.isEmpty()) {
            throw new ErpException(new ErpError.Permanent("Tryton has no party " + customerRef + ": the order's customer "
                    + "reference must name a Tryton party (party.party id)"));
        }
        JsonNode row = rows.get(0);
        Currency currency = company.currency();
        BigDecimal limit = TrytonCodec.toDecimal(row.get("credit_limit_amount"));
        BigDecimal amount = TrytonCodec.toDecimal(row.get("credit_amount"));
        List<OpenItem> open = receivableLines(Optional.of(customerRef));
        return new CreditExposure(customerRef, Optional.ofNullable(limit).map(l -> Money.rounded(l, currency)),
                Money.rounded(amount == null ? BigDecimal.ZERO : amount, currency), open);
    }

    /** A customer reference as a Tryton party id; anything else is refused for good, with what was given. */
    static long partyId(String customerRef) {
        try {
            long id = Long.parseLong(customerRef == null ? "" : customerRef.trim());
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException ignored) {
            // refused below
        }
        throw new ErpException(new ErpError.Permanent("customer reference '" + customerRef + "' is not a Tryton party "
                + "id: the customer's ERP reference must be its party.party id"));
    }

    /** The company's posted, unreconciled receivable lines (optionally of one party) with what is due on each. */
    List<OpenItem> receivableLines(Optional<String> customerRef) {
        List<Object> domain = new ArrayList<>(List.of(List.of("account.type.receivable", "=", true),
                java.util.Arrays.asList("reconciliation", "=", null), List.of("move.state", "=", "posted"),
                List.of("account.company", "=", company.id())));
        customerRef.ifPresent(c -> domain.add(List.of("party", "=", partyId(c))));
        List<OpenItem> open = new ArrayList<>();
        for (JsonNode line : client.searchRead("account.move.line", domain, List.of("party", "debit", "credit", "date",
                "maturity_date", "description", "move_description", "party.name"))) {
            BigDecimal due = TrytonCodec.toDecimal(line.get("debit")).subtract(TrytonCodec.toDecimal(line.get("credit")));
            if (due.signum() == 0) {
                continue;
            }
            String description = Rows.text(line, "description");
            open.add(new OpenItem(Long.toString(Rows.id(line)), Long.toString(Rows.ref(line, "party")),
                    Rows.textThrough(line, "party", "name"), Money.rounded(due, company.currency()),
                    TrytonCodec.toDate(line.get("date")), Optional.ofNullable(TrytonCodec.toDate(line.get("maturity_date"))),
                    description.isEmpty() ? Rows.text(line, "move_description") : description));
        }
        return open;
    }

    List<Opportunity> opportunities(Watermark since) {
        List<Object> domain = new ArrayList<>();
        if (since.changedAt().isAfter(Instant.EPOCH)) {
            domain.add(List.of("OR", List.of("write_date", ">=", since.changedAt()),
                    List.of("create_date", ">=", since.changedAt())));
        }
        return Rows.stream(client.searchRead("sale.opportunity", domain, OPPORTUNITY_FIELDS)).map(this::toOpportunity).toList();
    }

    Opportunity update(String ref, Opportunity.Update update) {
        long id = Long.parseLong(ref);
        Map<String, Object> values = new LinkedHashMap<>();
        update.amount().ifPresent(a -> values.put("amount", a.amount()));
        update.probability().ifPresent(p -> values.put("conversion_probability", new TrytonCodec.FloatValue(p)));
        update.description().ifPresent(d -> values.put("description", d));
        if (!values.isEmpty()) {
            client.write("sale.opportunity", List.of(id), values);
        }
        update.stage().ifPresent(stage -> client.button("sale.opportunity", switch (stage) {
            case LEAD -> "lead";
            case OPPORTUNITY -> "opportunity";
            case LOST -> "lost";
            case CANCELLED -> "cancel";
        }, List.of(id)));
        return toOpportunity(client.read("sale.opportunity", List.of(id), OPPORTUNITY_FIELDS).get(0));
    }

    private Opportunity toOpportunity(JsonNode row) {
        BigDecimal amount = TrytonCodec.toDecimal(row.get("amount"));
        String code = Rows.textThrough(row, "currency", "code");
        Currency currency = code.isEmpty() ? company.currency() : Currency.getInstance(code);
        BigDecimal probability = TrytonCodec.toDecimal(row.get("conversion_probability"));
        return new Opportunity(Long.toString(Rows.id(row)), Rows.text(row, "number"),
                Long.toString(Rows.ref(row, "party")), Rows.text(row, "description"),
                Optional.ofNullable(amount).map(a -> Money.rounded(a, currency)),
                probability == null ? BigDecimal.ZERO : probability, Rows.text(row, "state"),
                TrytonCodec.toDate(row.get("start_date")));
    }
}
