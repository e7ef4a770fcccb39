package io.finrelay.connectors.erp.tryton;

import com.fasterxml.jackson.databind.JsonNode;
import io.finrelay.model.Money;
import io.finrelay.workflows.port.ClearedPayable;
import io.finrelay.workflows.port.ErpError;
import io.finrelay.workflows.port.ErpException;
import io.finrelay.workflows.port.PayableClearing;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What reconciliation does in Tryton's books, each step tagged with its command id and looked up
 * first, so a resend after a lost answer finds what was made, posts a draft left behind, finishes a
 * missing reconciliation, and never books twice:
 * <ul>
 *   <li><b>Clearing</b> a paid payable or a received receivable: a clearing move (the open line's
 *       account and party on the other side, the tenant's clearing (bank) account against it) posted in
 *       the posting journal, and its line reconciled with the open line ({@code account.move.reconciliation},
 *       as Tryton's own "reconcile lines" does), so Tryton shows nothing owed.</li>
 *   <li><b>Reversing</b> a clearing after the bank returned the payment: a reversal move (every line of
 *       the clearing moves with debit and credit swapped); the clearing's reconciliation with the item is
 *       undone and the clearing line is reconciled with the reversal instead, so the item is open again
 *       and the books show both the clearing and its reversal.</li>
 *   <li><b>Booking</b> a bank line a tenant rule names (a fee, interest): a move between the rule's GL
 *       account and the clearing (bank) account.</li>
 * </ul>
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

    /** Clears the one payable line of a posted journal ({@code journalRef} is the journal's move id). */
    ClearedPayable clear(PayableClearing clearing) {
        return clear(payableLine(clearing), clearing);
    }

    /** Clears an open payable or receivable line ({@code journalRef} is the line's id). */
    ClearedPayable clearLine(PayableClearing clearing) {
        long id = number(clearing.journalRef(), "open item reference", "move line");
        List<JsonNode> rows = Rows.stream(client.read("account.move.line", List.of(id), LINE_FIELDS)).toList();
        if (rows.isEmpty()) {
            throw permanent("Tryton has no move line " + id);
        }
        JsonNode line = rows.getFirst();
        String state = Rows.text(client.read("account.move", List.of(Rows.ref(line, "move")), List.of("state")).get(0),
                "state");
        if (!"posted".equals(state)) {
            throw permanent("Tryton move line " + id + " belongs to a move that is " + state + ", not posted");
        }
        BigDecimal open = open(line).abs();
        if (open.compareTo(clearing.amount().amount()) != 0 || !clearing.amount().currency().equals(company.currency())) {
            throw permanent("Tryton move line " + id + " is open for " + open + " " + company.currency().getCurrencyCode()
                    + " but " + clearing.amount() + " was matched; a partial or foreign-currency clearing is not supported");
        }
        return clear(line, clearing);
    }

    private ClearedPayable clear(JsonNode line, PayableClearing clearing) {
        long clearingMove = existing(clearing.commandId()).orElseGet(() -> create(clearing, line));
        JsonNode counterpart = lineOn(clearingMove, Rows.ref(line, "account"));
        String reconciliation = reconcile(line, counterpart);
        return new ClearedPayable(clearing.commandId(), Long.toString(clearingMove), reconciliation);
    }

    /**
     * Undoes the clearing moves {@code clearingRefs} (move ids, as {@link #clear} answered them): one
     * reversal move, tagged with {@code commandId}, with every line of the clearing moves swapped; each
     * clearing line's reconciliation with the item is removed and the clearing line reconciled with its
     * reversal line instead. Answers the reversal move's id.
     */
    String reverse(UUID commandId, List<String> clearingRefs, LocalDate date, String description) {
        List<Long> moves = clearingRefs.stream().map(r -> number(r, "clearing reference", "move")).toList();
        List<JsonNode> cleared = new ArrayList<>();
        for (JsonNode move : client.read("account.move", moves, List.of("state", "lines"))) {
            if (!"posted".equals(Rows.text(move, "state"))) {
                throw permanent("Tryton clearing move " + Rows.id(move) + " is " + Rows.text(move, "state") + ", not posted");
            }
            client.read("account.move.line", Rows.ids(move.get("lines")), LINE_FIELDS).forEach(cleared::add);
        }
        if (cleared.isEmpty()) {
            throw permanent("Tryton has no clearing move " + String.join(", ", clearingRefs));
        }
        long reversal = existing(commandId).orElseGet(() -> {
            List<Map<String, Object>> lines = new ArrayList<>();
            for (JsonNode l : cleared) {
                BigDecimal debit = TrytonCodec.toDecimal(l.get("debit"));
                BigDecimal credit = TrytonCodec.toDecimal(l.get("credit"));
                // the same line, on the other side
                lines.add(line(Rows.ref(l, "account"), Rows.ref(l, "party"), credit.signum() > 0, debit.max(credit),
                        "reversal of clearing move " + Rows.ref(l, "move")));
            }
            return post(commandId, date, description, lines, "reversal");
        });
        List<JsonNode> reversalLines = new ArrayList<>(Rows.stream(client.searchRead("account.move.line",
                List.of(List.of("move", "=", reversal)), LINE_FIELDS)).toList());
        for (JsonNode l : cleared) {
            if (Rows.ref(l, "party") < 0) {
                continue; // the bank's (or a GL account's) side: nothing is reconciled there
            }
            JsonNode reversed = counterpartOf(l, reversalLines);
            long reconciliation = Rows.ref(l, "reconciliation");
            if (reconciliation >= 0 && Rows.ref(reversed, "reconciliation") == reconciliation) {
                continue; // a resend: already reconciled with its reversal
            }
            if (reconciliation >= 0) {
                client.delete("account.move.reconciliation", List.of(reconciliation)); // the item is open again
            }
            reconcile(client.read("account.move.line", List.of(Rows.id(l)), LINE_FIELDS).get(0), reversed);
        }
        return Long.toString(reversal);
    }

    /**
     * The reversal's line for a clearing line: same account and party, the amount on the other side
     * (taken from {@code candidates}, so that two clearing lines alike get one each).
     */
    private static JsonNode counterpartOf(JsonNode line, List<JsonNode> candidates) {
        for (JsonNode c : candidates) {
            if (Rows.ref(c, "account") == Rows.ref(line, "account") && Rows.ref(c, "party") == Rows.ref(line, "party")
                    && TrytonCodec.toDecimal(c.get("debit")).compareTo(TrytonCodec.toDecimal(line.get("credit"))) == 0
                    && TrytonCodec.toDecimal(c.get("credit")).compareTo(TrytonCodec.toDecimal(line.get("debit"))) == 0) {
                candidates.remove(c);
                return c;
            }
        }
        throw permanent("the reversal has no line for clearing line " + Rows.id(line));
    }

    /**
     * Books a bank line a tenant rule names: the GL account {@code glCode} against the clearing (bank)
     * account, debited when money left the account ({@code moneyOut}), credited when it came in.
     * Answers the move's id.
     */
    String book(UUID commandId, String glCode, Money amount, boolean moneyOut, LocalDate date, String description) {
        if (!amount.currency().equals(company.currency())) {
            throw permanent("the bank line is in " + amount.currencyCode() + ", Tryton's company books in "
                    + company.currency().getCurrencyCode() + "; a foreign-currency booking is not supported");
        }
        return Long.toString(existing(commandId).orElseGet(() -> {
            long gl = company.account(glCode).orElseThrow(() -> permanent("Tryton has no account with code '" + glCode
                    + "' (the rule's GL account)"));
            BigDecimal value = amount.amount();
            return post(commandId, date, description, List.of(line(gl, -1, moneyOut, value, description),
                    line(clearingAccount(), -1, !moneyOut, value, description)), "bank booking");
        }));
    }

    private static BigDecimal open(JsonNode line) {
        return TrytonCodec.toDecimal(line.get("debit")).subtract(TrytonCodec.toDecimal(line.get("credit")));
    }

    private JsonNode lineOn(long move, long account) {
        return Rows.stream(client.searchRead("account.move.line", List.of(List.of("move", "=", move),
                List.of("account", "=", account)), LINE_FIELDS)).findFirst().orElseThrow(() -> permanent("Tryton move "
                + move + " has no line on account " + account));
    }

    private static long number(String ref, String what, String model) {
        try {
            return Long.parseLong(ref.trim());
        } catch (NumberFormatException e) {
            throw permanent(what + " '" + ref + "' is not a Tryton " + model + " id");
        }
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

    /** The posted move this command made, if any; a draft one (post answer lost) is posted now. */
    private Optional<Long> existing(UUID commandId) {
        for (JsonNode row : client.searchRead("account.move", List.of(List.of("description", "like",
                "%" + TrytonIds.tag(commandId))), List.of("state"))) {
            if (!"posted".equals(Rows.text(row, "state"))) {
                client.button("account.move", "post", List.of(Rows.id(row)));
            }
            return Optional.of(Rows.id(row));
        }
        return Optional.empty();
    }

    /** The clearing move for an open line: its account and party on the other side, the clearing account against it. */
    private long create(PayableClearing clearing, JsonNode open) {
        boolean receivable = open(open).signum() > 0;
        BigDecimal amount = clearing.amount().amount();
        String text = (receivable ? "received " : "paid ") + clearing.paymentRef();
        return post(clearing.commandId(), clearing.date(), clearing.description(), List.of(
                line(Rows.ref(open, "account"), Rows.ref(open, "party"), !receivable, amount, text),
                line(clearingAccount(), -1, receivable, amount, text)), "clearing");
    }

    /** One move line of {@code amount} on the account (and party, when not -1), debited or credited. */
    private static Map<String, Object> line(long account, long party, boolean debit, BigDecimal amount, String description) {
        BigDecimal zero = BigDecimal.ZERO.setScale(amount.scale());
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("account", account);
        if (party >= 0) {
            line.put("party", party);
        }
        line.put("debit", debit ? amount : zero);
        line.put("credit", debit ? zero : amount);
        line.put("description", description);
        return line;
    }

    private long clearingAccount() {
        String code = client.config().clearingAccount();
        if (code.isEmpty()) {
            throw permanent("no clearing account is configured for this tenant's Tryton connector");
        }
        return company.account(code).orElseThrow(() -> permanent("Tryton has no account with code '"
                + code + "' (the configured clearing account)"));
    }

    /** Creates and posts a move in the posting journal, its description ending in the command's tag. */
    private long post(UUID commandId, LocalDate date, String description, List<Map<String, Object>> lines, String what) {
        TrytonCompany.Period period = company.period(date, false).orElseThrow(() -> permanent(
                "Tryton has no period for " + date + " to book the " + what + " in: create the fiscal year"));
        if (!period.open()) {
            throw new ErpException(new ErpError.ClosedPeriod(period.name(), "Tryton period " + period.name()
                    + " is " + period.state() + "; the " + what + " dated " + date + " cannot be posted"));
        }
        Map<String, Object> move = new LinkedHashMap<>();
        move.put("company", company.id());
        move.put("journal", company.journal());
        move.put("period", period.id());
        move.put("date", date);
        move.put("description", description + " " + TrytonIds.tag(commandId));
        move.put("lines", List.of(List.of("create", lines)));
        long id = client.createOne("account.move", move);
        client.button("account.move", "post", List.of(id));
        return id;
    }

    /** Reconciles the two lines, unless they already are (a resend); answers the reconciliation's name. */
    private String reconcile(JsonNode open, JsonNode counterpart) {
        long existing = Rows.ref(open, "reconciliation");
        if (existing >= 0) {
            if (Rows.ref(counterpart, "reconciliation") != existing) {
                throw permanent("the line " + Rows.id(open) + " is already reconciled with other lines "
                        + "(reconciliation " + existing + "): it was cleared outside Finrelay");
            }
            return name(existing);
        }
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("company", company.id());
        values.put("date", TrytonCodec.toDate(client.read("account.move", List.of(Rows.ref(counterpart, "move")),
                List.of("date")).get(0).get("date")));
        values.put("lines", List.of(List.of("add", List.of(Rows.id(open), Rows.id(counterpart)))));
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
