package io.finrelay.connectors.erp.tryton;

import com.fasterxml.jackson.databind.JsonNode;
import io.finrelay.workflows.port.ClearedPayable;
import io.finrelay.workflows.port.ErpError;
import io.finrelay.workflows.port.ErpException;
import io.finrelay.workflows.port.PayableClearing;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Clears a paid payable the Tryton way: a clearing move (debit the payable account for the employee,
 * credit the tenant's clearing account) posted in the posting journal, and its payable line reconciled
 * with the journal's payable line ({@code account.move.reconciliation}, as Tryton's own "reconcile
 * lines" does), so that Tryton shows the employee owed nothing. The clearing move carries the command
 * id as a tag and is looked up first: a resend after a lost answer finds it, posts a draft left
 * behind, or finishes a missing reconciliation, and never makes a second clearing.
 */
final class TrytonClearings {
    private static final List<String> LINE_FIELDS = List.of("account", "party", "debit", "credit", "reconciliation",
            "move");

    private final TrytonClient client;
    private final TrytonCompany company;

    TrytonClearings(TrytonClient client, TrytonCompany company) {
        this.client = client;
        this.company = company;
    }

    ClearedPayable clear(PayableClearing clearing) {
        JsonNode payable = payableLine(clearing);
        long clearingMove = existing(clearing).orElseGet(() -> create(clearing, payable));
        JsonNode counterpart = Rows.stream(client.searchRead("account.move.line", List.of(
                        List.of("move", "=", clearingMove), List.of("account", "=", Rows.ref(payable, "account"))),
                LINE_FIELDS)).findFirst().orElseThrow(() -> permanent("clearing move " + clearingMove
                + " has no line on the payable account"));
        String reconciliation = reconcile(payable, counterpart);
        return new ClearedPayable(clearing.commandId(), Long.toString(clearingMove), reconciliation);
    }

    /** The journal's one payable line: the credit line booked against a party. */
    private JsonNode payableLine(PayableClearing clearing) {
        long move;
        try {
            move = Long.parseLong(clearing.journalRef());
        } catch (NumberFormatException e) {
            throw permanent("journal reference '" + clearing.journalRef() + "' is not a Tryton move id");
        }
        JsonNode journal = client.read("account.move", List.of(move), List.of("state", "lines")).get(0);
        if (!"posted".equals(Rows.text(journal, "state"))) {
            throw permanent("Tryton move " + move + " is " + Rows.text(journal, "state") + ", not posted");
        }
        List<JsonNode> payables = new ArrayList<>();
        for (JsonNode line : client.read("account.move.line", Rows.ids(journal.get("lines")), LINE_FIELDS)) {
            if (Rows.ref(line, "party") >= 0 && TrytonCodec.toDecimal(line.get("credit")).signum() > 0) {
                payables.add(line);
            }
        }
        if (payables.size() != 1) {
            throw permanent("Tryton move " + move + " has " + payables.size() + " payable lines with a party; "
                    + "expected exactly one to clear");
        }
        JsonNode line = payables.getFirst();
        BigDecimal owed = TrytonCodec.toDecimal(line.get("credit"));
        if (owed.compareTo(clearing.amount().amount()) != 0
                || !clearing.amount().currency().equals(company.currency())) {
            throw permanent("Tryton move " + move + " owes " + owed + " " + company.currency().getCurrencyCode()
                    + " but " + clearing.amount() + " was paid; a partial or foreign-currency clearing is not supported");
        }
        return line;
    }

    /** The posted clearing move of this command, if any; a draft one (post answer lost) is posted now. */
    private Optional<Long> existing(PayableClearing clearing) {
        for (JsonNode row : client.searchRead("account.move", List.of(List.of("description", "like",
                "%" + TrytonIds.tag(clearing.commandId()))), List.of("state"))) {
            if (!"posted".equals(Rows.text(row, "state"))) {
                client.button("account.move", "post", List.of(Rows.id(row)));
            }
            return Optional.of(Rows.id(row));
        }
        return Optional.empty();
    }

    private long create(PayableClearing clearing, JsonNode payable) {
        String code = client.config().clearingAccount();
        if (code.isEmpty()) {
            throw permanent("no clearing account is configured for this tenant's Tryton connector");
        }
        long clearingAccount = company.account(code).orElseThrow(() -> permanent("Tryton has no account with code '"
                + code + "' (the configured clearing account)"));
        TrytonCompany.Period period = company.period(clearing.date(), false).orElseThrow(() -> permanent(
                "Tryton has no period for " + clearing.date() + " to book the clearing in: create the fiscal year"));
        if (!period.open()) {
            throw new ErpException(new ErpError.ClosedPeriod(period.name(), "Tryton period " + period.name()
                    + " is " + period.state() + "; the clearing dated " + clearing.date() + " cannot be posted"));
        }
        BigDecimal amount = clearing.amount().amount();
        BigDecimal zero = BigDecimal.ZERO.setScale(amount.scale());
        Map<String, Object> debit = new LinkedHashMap<>();
        debit.put("account", Rows.ref(payable, "account"));
        debit.put("party", Rows.ref(payable, "party"));
        debit.put("debit", amount);
        debit.put("credit", zero);
        debit.put("description", "paid " + clearing.paymentRef());
        Map<String, Object> credit = new LinkedHashMap<>();
        credit.put("account", clearingAccount);
        credit.put("debit", zero);
        credit.put("credit", amount);
        credit.put("description", "paid " + clearing.paymentRef());
        Map<String, Object> move = new LinkedHashMap<>();
        move.put("company", company.id());
        move.put("journal", company.journal());
        move.put("period", period.id());
        move.put("date", clearing.date());
        move.put("description", clearing.description() + " " + TrytonIds.tag(clearing.commandId()));
        move.put("lines", List.of(List.of("create", List.of(debit, credit))));
        long id = client.createOne("account.move", move);
        client.button("account.move", "post", List.of(id));
        return id;
    }

    /** Reconciles the two payable lines, unless they already are (a resend); answers the reconciliation's name. */
    private String reconcile(JsonNode payable, JsonNode counterpart) {
        long existing = Rows.ref(payable, "reconciliation");
        if (existing >= 0) {
            if (Rows.ref(counterpart, "reconciliation") != existing) {
                throw permanent("the payable line " + Rows.id(payable) + " is already reconciled with other lines "
                        + "(reconciliation " + existing + "): it was cleared outside Finrelay");
            }
            return name(existing);
        }
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("company", company.id());
        values.put("date", TrytonCodec.toDate(client.read("account.move", List.of(Rows.ref(counterpart, "move")),
                List.of("date")).get(0).get("date")));
        values.put("lines", List.of(List.of("add", List.of(Rows.id(payable), Rows.id(counterpart)))));
        return name(client.createOne("account.move.reconciliation", values));
    }

    private String name(long reconciliation) {
        return Rows.text(client.read("account.move.reconciliation", List.of(reconciliation), List.of("name")).get(0),
                "name");
    }

    private static ErpException permanent(String message) {
        return new ErpException(new ErpError.Permanent(message));
    }
}
