package io.finrelay.connectors.erp.tryton;

import com.fasterxml.jackson.databind.JsonNode;
import io.finrelay.model.ledger.JournalEntry;
import io.finrelay.model.ledger.JournalLine;
import io.finrelay.model.ledger.Side;
import io.finrelay.workflows.port.ErpError;
import io.finrelay.workflows.port.ErpException;
import io.finrelay.workflows.port.JournalPosting;
import io.finrelay.workflows.port.PostResult;
import io.finrelay.workflows.port.PostedJournal;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Journal entries as Tryton {@code account.move}s. A batch costs one {@code create} call, one
 * {@code post} call and one {@code read} of the numbers, however many entries it holds (Tryton does
 * about 5-10 entries/s one by one and about 40/s in batches of 20). If Tryton refuses the batch, the
 * entries are retried one by one so that one bad entry fails alone.
 *
 * <p>Tryton has no idempotency keys: every move carries {@code [finrelay:<command id>]} in its
 * description, and {@link #find} looks it up after an unknown outcome.
 */
final class TrytonLedger {
    private static final Pattern QUOTED_PERIOD = Pattern.compile("period \"([^\"]+)\"");

    private final TrytonClient client;
    private final TrytonCompany company;
    private final TrytonParties parties;

    TrytonLedger(TrytonClient client, TrytonCompany company, TrytonParties parties) {
        this.client = client;
        this.company = company;
        this.parties = parties;
    }

    List<PostResult> post(List<JournalPosting> postings) {
        PostResult[] results = new PostResult[postings.size()];
        List<Integer> ready = new ArrayList<>();
        List<Map<String, Object>> values = new ArrayList<>();
        for (int i = 0; i < postings.size(); i++) {
            JournalPosting posting = postings.get(i);
            try {
                values.add(move(posting));
                ready.add(i);
            } catch (ErpException e) {
                results[i] = new PostResult.Failed(posting.commandId(), e.error());
            }
        }
        if (!ready.isEmpty()) {
            Map<Integer, Long> created = create(postings, ready, values, results);
            postCreated(postings, created, results);
        }
        return List.of(results);
    }

    /** The move values for one entry; refuses before any call what Tryton would refuse anyway. */
    private Map<String, Object> move(JournalPosting posting) {
        JournalEntry entry = posting.entry();
        if (!entry.legalEntityId().equals(company.legalEntityId())) {
            throw new ErpException(new ErpError.Permanent("legal entity " + entry.legalEntityId()
                    + " is not the Tryton company this connector posts to (" + company.legalEntityId() + ")"));
        }
        TrytonCompany.Period period = company.period(entry.bookingDate(), false).orElseThrow(() -> new ErpException(
                new ErpError.Permanent("Tryton has no period for " + entry.bookingDate() + ": create the fiscal year")));
        if (!period.open()) {
            throw new ErpException(new ErpError.ClosedPeriod(period.name(), "Tryton period " + period.name() + " ("
                    + period.start() + " to " + period.end() + ") is " + period.state()
                    + "; booking date " + entry.bookingDate() + " cannot be posted"));
        }
        List<Map<String, Object>> lines = new ArrayList<>();
        for (JournalLine line : entry.lines()) {
            if (!line.amount().currency().equals(company.currency())) {
                throw new ErpException(new ErpError.Permanent("line in " + line.amount().currencyCode()
                        + " but the Tryton company books in " + company.currency().getCurrencyCode()
                        + "; foreign-currency lines are not supported yet"));
            }
            long account = company.account(line.account().value()).orElseThrow(() -> new ErpException(
                    new ErpError.Permanent("Tryton has no account with code '" + line.account().value() + "'")));
            BigDecimal amount = line.amount().amount();
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("account", account);
            l.put("debit", line.side() == Side.DEBIT ? amount : BigDecimal.ZERO.setScale(amount.scale()));
            l.put("credit", line.side() == Side.CREDIT ? amount : BigDecimal.ZERO.setScale(amount.scale()));
            if (!line.memo().isEmpty()) {
                l.put("description", line.memo());
            }
            // Tryton refuses a line on a payable or receivable account without its party.
            line.party().ifPresent(p -> l.put("party", parties.party(p)));
            lines.add(l);
        }
        Map<String, Object> move = new LinkedHashMap<>();
        move.put("company", company.id());
        move.put("journal", company.journal());
        move.put("period", period.id());
        move.put("date", entry.bookingDate());
        move.put("description", entry.description() + " " + TrytonIds.tag(posting.commandId()));
        move.put("lines", List.of(List.of("create", lines)));
        return move;
    }

    /** Creates the moves in one call, or one by one when Tryton refuses the batch. */
    private Map<Integer, Long> create(List<JournalPosting> postings, List<Integer> ready,
                                      List<Map<String, Object>> values, PostResult[] results) {
        Map<Integer, Long> created = new LinkedHashMap<>();
        try {
            List<Long> ids = client.create("account.move", values);
            for (int k = 0; k < ready.size(); k++) {
                created.put(ready.get(k), ids.get(k));
            }
            return created;
        } catch (ErpException e) {
            if (!isRefusal(e.error()) || ready.size() == 1) {
                for (int i : ready) {
                    results[i] = new PostResult.Failed(postings.get(i).commandId(), mapped(e.error(), postings.get(i)));
                }
                return created;
            }
        }
        for (int k = 0; k < ready.size(); k++) {
            int i = ready.get(k);
            try {
                created.put(i, client.create("account.move", List.of(values.get(k))).getFirst());
            } catch (ErpException e) {
                results[i] = new PostResult.Failed(postings.get(i).commandId(), mapped(e.error(), postings.get(i)));
            }
        }
        return created;
    }

    private void postCreated(List<JournalPosting> postings, Map<Integer, Long> created, PostResult[] results) {
        if (created.isEmpty()) {
            return;
        }
        List<Long> ids = List.copyOf(created.values());
        try {
            client.button("account.move", "post", ids);
        } catch (ErpException e) {
            if (!isRefusal(e.error()) || ids.size() == 1) {
                failAll(postings, created, results, e.error());
                return;
            }
            postOneByOne(postings, created, results);
            return;
        }
        finish(postings, created, results);
    }

    private void postOneByOne(List<JournalPosting> postings, Map<Integer, Long> created, PostResult[] results) {
        Map<Integer, Long> posted = new LinkedHashMap<>();
        for (Map.Entry<Integer, Long> c : created.entrySet()) {
            JournalPosting posting = postings.get(c.getKey());
            try {
                client.button("account.move", "post", List.of(c.getValue()));
                posted.put(c.getKey(), c.getValue());
            } catch (ErpException e) {
                failAll(postings, Map.of(c.getKey(), c.getValue()), results, e.error());
            }
        }
        finish(postings, posted, results);
    }

    /** Fails the postings; drafts Tryton refused to post are deleted so that a retry starts clean. */
    private void failAll(List<JournalPosting> postings, Map<Integer, Long> created, PostResult[] results,
                         ErpError error) {
        if (!(error instanceof ErpError.OutcomeUnknown)) {
            deleteDrafts(List.copyOf(created.values()));
        }
        for (int i : created.keySet()) {
            results[i] = new PostResult.Failed(postings.get(i).commandId(), mapped(error, postings.get(i)));
        }
    }

    private void deleteDrafts(List<Long> ids) {
        try {
            client.delete("account.move", ids);
        } catch (ErpException ignored) {
            // Left as drafts: find() deletes drafts carrying a command id before anything is re-sent.
        }
    }

    /**
     * Answers the posted entries with their move ids. Their post numbers are not read here: that
     * would be a third call per batch (about 10% of the throughput); a lookup reads them.
     */
    private void finish(List<JournalPosting> postings, Map<Integer, Long> posted, PostResult[] results) {
        for (Map.Entry<Integer, Long> p : posted.entrySet()) {
            UUID commandId = postings.get(p.getKey()).commandId();
            results[p.getKey()] = new PostResult.Posted(new PostedJournal(commandId, Long.toString(p.getValue()),
                    Optional.empty()));
        }
    }

    /** A refusal Tryton gave (and nothing else): worth isolating by retrying one by one. */
    private static boolean isRefusal(ErpError error) {
        return error instanceof ErpError.Permanent || error instanceof ErpError.ClosedPeriod
                || error instanceof ErpError.NeedsAcknowledgement;
    }

    /** A refusal about a closed period is named as such, with the period it concerns. */
    private ErpError mapped(ErpError error, JournalPosting posting) {
        if (!(error instanceof ErpError.Permanent permanent)) {
            return error;
        }
        String message = permanent.erpMessage();
        if (!message.contains("period")) {
            return error;
        }
        Matcher quoted = QUOTED_PERIOD.matcher(message);
        if (message.contains("closed") && quoted.find()) {
            return new ErpError.ClosedPeriod(quoted.group(1), message);
        }
        LocalDate date = posting.entry().bookingDate();
        try {
            Optional<TrytonCompany.Period> period = company.period(date, true);
            if (period.isPresent() && !period.get().open()) {
                return new ErpError.ClosedPeriod(period.get().name(), message);
            }
        } catch (ErpException ignored) {
            // Keep Tryton's own words.
        }
        return error;
    }

    /**
     * The posted move tagged with this command id. A draft with the tag (created, but the post call's
     * answer was lost or the post failed) is deleted: posting again is then safe.
     */
    Optional<PostedJournal> find(UUID commandId) {
        List<Long> drafts = new ArrayList<>();
        PostedJournal posted = null;
        for (JsonNode row : client.searchRead("account.move",
                List.of(List.of("description", "like", "%" + TrytonIds.tag(commandId))),
                List.of("state", "number", "post_number"))) {
            if ("posted".equals(Rows.text(row, "state"))) {
                String number = Rows.text(row, "post_number");
                posted = new PostedJournal(commandId, Long.toString(Rows.id(row)),
                        number.isEmpty() ? Rows.text(row, "number") : number);
            } else {
                drafts.add(Rows.id(row));
            }
        }
        if (!drafts.isEmpty()) {
            if (posted != null) {
                deleteDrafts(drafts);
            } else {
                client.delete("account.move", drafts);
            }
        }
        return Optional.ofNullable(posted);
    }
}
