package io.finrelay.server.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.finrelay.engine.db.Database;
import io.finrelay.engine.json.Json;
import io.finrelay.model.ledger.JournalEntry;
import io.finrelay.model.ledger.JournalLine;
import io.finrelay.server.security.TenantScope;
import io.finrelay.server.tenancy.TenantSql;
import io.finrelay.workflows.expense.ExpenseCommands;
import io.finrelay.workflows.invoice.InvoiceCommands;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * The journals Finrelay caused in a tenant's ERP, as an hledger journal: every expense journal entry and
 * every supplier invoice (or credit note) the ERP took (outbox commands that ended {@code DONE}; a step an
 * operator resolved by hand was booked outside Finrelay and is not in it). An expense entry is its own lines;
 * a supplier invoice debits its lines' accounts and credits the payables account the ERP named in its answer
 * ({@code payableAccount}), or {@value #UNNAMED_PAYABLE} when it named none. Accounts and commodities are
 * declared, and transactions come in date order, so that {@code hledger check --strict ordereddates} can
 * hold the export to what a double-entry ledger must be, and its balances against the ERP's trial balance.
 */
public class LedgerExport {
    /** Where a supplier invoice's total goes when the ERP did not say which payables account it booked. */
    public static final String UNNAMED_PAYABLE = "payables";

    private final Database db;

    public LedgerExport(Database db) {
        this.db = db;
    }

    /** One transaction of the export: a date, a description, its ERP reference, balanced postings. */
    record Entry(LocalDate date, String description, String commandId, String erpRef, List<Posting> postings) {}

    /** A posting: the account and the signed amount (debit positive) in a currency. */
    record Posting(String account, BigDecimal amount, String currency) {}

    /** The tenant's journal as hledger reads it. */
    public String hledger(TenantScope scope) {
        List<Entry> entries = entries(scope);
        StringBuilder out = new StringBuilder();
        out.append("; the journals Finrelay caused in the ERP of tenant ").append(scope.tenantId().value())
                .append(" (expense journal entries and supplier invoices)\n\n");
        TreeSet<String> currencies = new TreeSet<>();
        TreeSet<String> accounts = new TreeSet<>();
        entries.forEach(e -> e.postings().forEach(p -> {
            currencies.add(p.currency());
            accounts.add(p.account());
        }));
        for (String currency : currencies) {
            out.append("commodity 1000.00 ").append(currency).append('\n');
        }
        for (String account : accounts) {
            out.append("account ").append(account).append('\n');
        }
        for (Entry e : entries) {
            out.append('\n').append(e.date()).append(" * ").append(text(e.description()))
                    .append("  ; finrelay-command:").append(e.commandId());
            if (e.erpRef() != null) {
                out.append(", erp:").append(text(e.erpRef()));
            }
            out.append('\n');
            for (Posting p : e.postings()) {
                out.append("    ").append(p.account()).append("  ").append(p.amount().toPlainString()).append(' ')
                        .append(p.currency()).append('\n');
            }
        }
        return out.toString();
    }

    List<Entry> entries(TenantScope scope) {
        List<Entry> entries = db.inTenant(scope.tenantId(), c -> {
            try (PreparedStatement ps = TenantSql.prepare(c, scope, "select command_id, connector, command_type, "
                    + "payload::text, result::text from outbox_done where tenant_id = ? and outcome = 'DONE' and "
                    + "(connector, command_type) in ((?, ?), (?, ?)) order by finished_at, command_id")) {
                ps.setString(2, ExpenseCommands.POST_JOURNAL.connector());
                ps.setString(3, ExpenseCommands.POST_JOURNAL.type());
                ps.setString(4, InvoiceCommands.POST_INVOICE.connector());
                ps.setString(5, InvoiceCommands.POST_INVOICE.type());
                List<Entry> found = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        JsonNode result = rs.getString(5) == null ? null : tree(rs.getString(5));
                        found.add(ExpenseCommands.POST_JOURNAL.matches(rs.getString(2), rs.getString(3))
                                ? journal(rs.getString(1), ExpenseCommands.POST_JOURNAL.codec().read(rs.getString(4)), result)
                                : invoice(rs.getString(1), tree(rs.getString(4)), result));
                    }
                }
                return found;
            }
        });
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparing(Entry::date));
        return sorted;
    }

    private static Entry journal(String commandId, JournalEntry j, JsonNode result) {
        List<Posting> postings = new ArrayList<>();
        for (JournalLine line : j.lines()) {
            postings.add(new Posting(account(line.account().value()), line.signedAmount().amount(), line.amount().currencyCode()));
        }
        return new Entry(j.bookingDate(), j.description(), commandId, erpRef(result), postings);
    }

    private static Entry invoice(String commandId, JsonNode i, JsonNode result) {
        BigDecimal sign = i.path("kind").asText().equals("CREDIT_NOTE") ? BigDecimal.ONE.negate() : BigDecimal.ONE;
        List<Posting> postings = new ArrayList<>();
        for (JsonNode line : i.path("lines")) {
            BigDecimal amount = new BigDecimal(line.path("quantity").asText())
                    .multiply(new BigDecimal(line.path("unitPrice").path("amount").asText()));
            postings.add(new Posting(account(line.path("account").asText()), amount.multiply(sign),
                    line.path("unitPrice").path("currency").asText()));
        }
        String payable = result == null ? "" : result.path("payableAccount").asText("");
        postings.add(new Posting(payable.isEmpty() ? UNNAMED_PAYABLE : account(payable),
                new BigDecimal(i.path("total").path("amount").asText()).multiply(sign).negate(),
                i.path("total").path("currency").asText()));
        return new Entry(LocalDate.parse(i.path("issueDate").asText()), i.path("description").asText("supplier invoice"),
                commandId, erpRef(result), postings);
    }

    private static String erpRef(JsonNode result) {
        if (result == null) {
            return null;
        }
        String ref = result.path("number").asText(result.path("erpRef").asText(""));
        return ref.isEmpty() ? null : ref;
    }

    /** An account code as hledger's account name: no spaces or the characters hledger reads as syntax. */
    private static String account(String code) {
        return code.replaceAll("[\\s;:()\\[\\]]", "_");
    }

    /** Free text on one line, without the comment character. */
    private static String text(String s) {
        return s.replaceAll("[\\r\\n;]", " ").strip();
    }

    private static JsonNode tree(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored command is not JSON", e);
        }
    }
}
