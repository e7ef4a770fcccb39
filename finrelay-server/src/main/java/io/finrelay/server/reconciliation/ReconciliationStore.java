package io.finrelay.server.reconciliation;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finrelay.server.security.TenantScope;
import io.finrelay.server.tenancy.TenantSql;
import io.finrelay.workflows.reconciliation.ReconciliationMatch;
import java.io.IOException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.HashSet;

/** The SQL of reconciliation runs, matches, line outcomes, rejected pairs and the tenant's rules and settings. */
final class ReconciliationStore {
    private static final TypeReference<List<ReconciliationMatch.LineRef>> LINES = new TypeReference<>() {};
    private static final TypeReference<List<ReconciliationMatch.ItemRef>> ITEMS = new TypeReference<>() {};
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
    private static final String RUN_COLUMNS = "id, trigger, state, lines_considered, matched, suggested, rule_hits, "
            + "returns, resumed, message, started_at, finished_at";
    private static final String MATCH_COLUMNS = "id, match_key, run_id, status, lines, items, score, reasons, "
            + "difference_amount, difference_currency, difference_kind, instance_submitted, decided_by";

    record RunRow(UUID id, String trigger, String state, int linesConsidered, int matched, int suggested, int ruleHits,
                  int returns, int resumed, String message, Instant startedAt, Instant finishedAt) {}

    record MatchRow(UUID id, String matchKey, UUID runId, String status, List<ReconciliationMatch.LineRef> lines,
                    List<ReconciliationMatch.ItemRef> items, BigDecimal score, JsonNode reasons,
                    BigDecimal differenceAmount, String differenceCurrency, String differenceKind,
                    boolean instanceSubmitted, String decidedBy) {
        List<String> itemIds() {
            return items.stream().map(ReconciliationMatch.ItemRef::id).toList();
        }

        List<String> lineIds() {
            return lines.stream().map(l -> StatementLines.id(l.bankFileId(), l.lineNo())).toList();
        }
    }

    /** The tenant's rules and settings as stored (JSON), or empty when never set. */
    record Config(JsonNode rules, JsonNode settings) {}

    private final ObjectMapper json;

    ReconciliationStore(ObjectMapper json) {
        this.json = json;
    }

    // ---- runs ------------------------------------------------------------------------------------

    Optional<RunRow> running(Connection c, TenantScope scope) throws SQLException {
        try (PreparedStatement select = TenantSql.prepare(c, scope, "select " + RUN_COLUMNS
                + " from recon_run where tenant_id = ? and state = 'RUNNING'")) {
            return runs(select).stream().findFirst();
        }
    }

    Optional<RunRow> run(Connection c, TenantScope scope, UUID id) throws SQLException {
        try (PreparedStatement select = TenantSql.prepare(c, scope, "select " + RUN_COLUMNS
                + " from recon_run where tenant_id = ? and id = ?")) {
            select.setObject(2, id);
            return runs(select).stream().findFirst();
        }
    }

    void startRun(Connection c, TenantScope scope, UUID id, String trigger, Instant now) throws SQLException {
        try (PreparedStatement insert = TenantSql.prepare(c, scope, "insert into recon_run (tenant_id, id, trigger, "
                + "state, started_at) values (?, ?, ?, 'RUNNING', ?)")) {
            insert.setObject(2, id);
            insert.setString(3, trigger);
            insert.setTimestamp(4, Timestamp.from(now));
            insert.executeUpdate();
        }
    }

    /** Adds to a run's counters (in the transaction of the batch that produced them). */
    void count(Connection c, TenantScope scope, UUID run, int lines, int matched, int suggested, int ruleHits,
               int returns) throws SQLException {
        try (PreparedStatement update = TenantSql.prepare(c, scope, "with target as (select tenant_id, id from recon_run "
                + "where tenant_id = ? and id = ?) update recon_run r set lines_considered = lines_considered + ?, "
                + "matched = matched + ?, suggested = suggested + ?, rule_hits = rule_hits + ?, returns = returns + ? "
                + "from target t where r.tenant_id = t.tenant_id and r.id = t.id")) {
            update.setObject(2, run);
            update.setInt(3, lines);
            update.setInt(4, matched);
            update.setInt(5, suggested);
            update.setInt(6, ruleHits);
            update.setInt(7, returns);
            update.executeUpdate();
        }
    }

    void resumed(Connection c, TenantScope scope, UUID run) throws SQLException {
        try (PreparedStatement update = TenantSql.prepare(c, scope, "with target as (select tenant_id, id from recon_run "
                + "where tenant_id = ? and id = ?) update recon_run r set resumed = resumed + 1 "
                + "from target t where r.tenant_id = t.tenant_id and r.id = t.id")) {
            update.setObject(2, run);
            update.executeUpdate();
        }
    }

    void finishRun(Connection c, TenantScope scope, UUID run, String state, String message, Instant now)
            throws SQLException {
        try (PreparedStatement update = TenantSql.prepare(c, scope, "with target as (select tenant_id, id from recon_run "
                + "where tenant_id = ? and id = ?) update recon_run r set state = ?, message = ?, finished_at = ? "
                + "from target t where r.tenant_id = t.tenant_id and r.id = t.id")) {
            update.setObject(2, run);
            update.setString(3, state);
            update.setString(4, message);
            update.setTimestamp(5, Timestamp.from(now));
            update.executeUpdate();
        }
    }

    // ---- matches ---------------------------------------------------------------------------------

    /**
     * Writes the matches that are new in two round trips and answers which were (a match written
     * before, by a run that died after its commit, is not; its id derives from its key). The tenant's
     * run lock keeps other runs out meanwhile, so what the first query does not find is new.
     */
    boolean[] insertMatches(Connection c, TenantScope scope, List<MatchRow> candidates, Instant now) throws SQLException {
        boolean[] inserted = new boolean[candidates.size()];
        if (candidates.isEmpty()) {
            return inserted;
        }
        java.util.Set<UUID> existing = new java.util.HashSet<>();
        try (PreparedStatement select = TenantSql.prepare(c, scope,
                "select id from recon_match where tenant_id = ? and id = any(?)")) {
            select.setArray(2, c.createArrayOf("uuid", candidates.stream().map(MatchRow::id).toArray()));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    existing.add(rows.getObject(1, UUID.class));
                }
            }
        }
        List<MatchRow> matches = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            inserted[i] = existing.add(candidates.get(i).id());
            if (inserted[i]) {
                matches.add(candidates.get(i));
            }
        }
        if (matches.isEmpty()) {
            return inserted;
        }
        try (PreparedStatement insert = TenantSql.prepare(c, scope, "insert into recon_match (tenant_id, id, match_key, "
                + "run_id, status, lines, open_items, items, bank_file_ids, score, reasons, difference_amount, "
                + "difference_currency, difference_kind, created_at, updated_at) values (?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, "
                + "?::jsonb, ?, ?, ?::jsonb, ?, ?, ?, ?, ?) on conflict (match_key, tenant_id) do nothing")) {
            for (MatchRow m : matches) {
                insert.setObject(2, m.id());
                insert.setString(3, m.matchKey());
                insert.setObject(4, m.runId());
                insert.setString(5, m.status());
                insert.setString(6, write(m.lines()));
                insert.setString(7, write(m.itemIds()));
                insert.setString(8, write(m.items()));
                insert.setArray(9, c.createArrayOf("uuid", m.lines().stream().map(l -> UUID.fromString(l.bankFileId()))
                        .distinct().toArray()));
                insert.setBigDecimal(10, m.score());
                insert.setString(11, write(m.reasons()));
                insert.setBigDecimal(12, m.differenceAmount());
                insert.setString(13, m.differenceCurrency());
                insert.setString(14, m.differenceKind());
                insert.setTimestamp(15, Timestamp.from(now));
                insert.setTimestamp(16, Timestamp.from(now));
                insert.addBatch();
            }
            insert.executeBatch();
        }
        return inserted;
    }

    Optional<MatchRow> match(Connection c, TenantScope scope, UUID id, boolean forUpdate) throws SQLException {
        try (PreparedStatement select = TenantSql.prepare(c, scope, "select " + MATCH_COLUMNS
                + " from recon_match where tenant_id = ? and id = ?" + (forUpdate ? " for update" : ""))) {
            select.setObject(2, id);
            return matches(select).stream().findFirst();
        }
    }

    List<MatchRow> matchPage(Connection c, TenantScope scope, String status, UUID bankFile, UUID cursor, int limit)
            throws SQLException {
        try (PreparedStatement select = TenantSql.prepare(c, scope, "select " + MATCH_COLUMNS + " from recon_match "
                + "where tenant_id = ? and (?::text is null or status = ?) and (?::uuid is null or ?::uuid = any (bank_file_ids)) "
                + "and (?::uuid is null or id > ?::uuid) order by id limit ?")) {
            select.setString(2, status);
            select.setString(3, status);
            select.setObject(4, bankFile);
            select.setObject(5, bankFile);
            select.setObject(6, cursor);
            select.setObject(7, cursor);
            select.setInt(8, limit);
            return matches(select);
        }
    }

    /** Matches whose workflow instance has not been handed the proposal yet (after a crash: all of them). */
    List<MatchRow> unsubmitted(Connection c, TenantScope scope) throws SQLException {
        try (PreparedStatement select = TenantSql.prepare(c, scope, "select " + MATCH_COLUMNS + " from recon_match "
                + "where tenant_id = ? and not instance_submitted order by id")) {
            return matches(select);
        }
    }

    /** The AUTO or CONFIRMED match that holds an item (a return reopens it). */
    Optional<MatchRow> settledMatchOf(Connection c, TenantScope scope, String itemId) throws SQLException {
        try (PreparedStatement select = TenantSql.prepare(c, scope, "select " + MATCH_COLUMNS + " from recon_match "
                + "where tenant_id = ? and open_items @> jsonb_build_array(?::text) and status in ('AUTO', 'CONFIRMED', 'SUGGESTED') "
                + "order by created_at desc limit 1")) {
            select.setString(2, itemId);
            return matches(select).stream().findFirst();
        }
    }

    /** Notes, in one statement, that these matches have been handed to their workflow instances. */
    void submitted(Connection c, TenantScope scope, List<UUID> matches) throws SQLException {
        if (matches.isEmpty()) {
            return;
        }
        try (PreparedStatement update = TenantSql.prepare(c, scope, "with target as (select tenant_id, id from recon_match "
                + "where tenant_id = ? and id = any(?)) update recon_match m set instance_submitted = true "
                + "from target t where m.tenant_id = t.tenant_id and m.id = t.id")) {
            update.setArray(2, c.createArrayOf("uuid", matches.toArray()));
            update.executeUpdate();
        }
    }

    void decide(Connection c, TenantScope scope, UUID match, String status, String by, Instant now) throws SQLException {
        try (PreparedStatement update = TenantSql.prepare(c, scope, "with target as (select tenant_id, id from recon_match "
                + "where tenant_id = ? and id = ?) update recon_match m set status = ?, decided_by = coalesce(?, decided_by), "
                + "updated_at = ? from target t where m.tenant_id = t.tenant_id and m.id = t.id")) {
            update.setObject(2, match);
            update.setString(3, status);
            update.setString(4, by);
            update.setTimestamp(5, Timestamp.from(now));
            update.executeUpdate();
        }
    }

    // ---- line outcomes ---------------------------------------------------------------------------

    /** What became of one statement line in a run (see recon_line). */
    record LineOutcome(String lineId, String outcome, UUID match, String ruleName, String glAccount, String itemId) {}

    void lineOutcome(Connection c, TenantScope scope, String lineId, String outcome, UUID match, String ruleName,
                     String glAccount, String itemId, UUID run) throws SQLException {
        lineOutcomes(c, scope, List.of(new LineOutcome(lineId, outcome, match, ruleName, glAccount, itemId)), run);
    }

    /** Writes line outcomes in one round trip; a line that already has one keeps it. */
    void lineOutcomes(Connection c, TenantScope scope, List<LineOutcome> outcomes, UUID run) throws SQLException {
        if (outcomes.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = TenantSql.prepare(c, scope, "insert into recon_line (tenant_id, file_id, line_no, "
                + "outcome, match_id, rule_name, gl_account, item_id, run_id) values (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                + "on conflict (tenant_id, file_id, line_no) do nothing")) {
            for (LineOutcome o : outcomes) {
                int colon = o.lineId().lastIndexOf(':');
                insert.setObject(2, UUID.fromString(o.lineId().substring(0, colon)));
                insert.setInt(3, Integer.parseInt(o.lineId().substring(colon + 1)));
                insert.setString(4, o.outcome());
                insert.setObject(5, o.match());
                insert.setString(6, o.ruleName());
                insert.setString(7, o.glAccount());
                insert.setString(8, o.itemId());
                insert.setObject(9, run);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** Frees the lines of a rejected suggestion, so that the next run considers them again. */
    void releaseLines(Connection c, TenantScope scope, UUID match) throws SQLException {
        try (PreparedStatement delete = TenantSql.prepare(c, scope,
                "delete from recon_line where tenant_id = ? and match_id = ?")) {
            delete.setObject(2, match);
            delete.executeUpdate();
        }
    }

    /** Line outcomes of one kind (rule hits, returns), newest first; or, with side=lines, nothing (see unmatched). */
    List<JsonNode> unmatchedLines(Connection c, TenantScope scope, int limit) throws SQLException {
        try (PreparedStatement select = TenantSql.prepare(c, scope, "select json_build_object('bankFileId', l.file_id, "
                + "'lineNo', l.line_no, 'entryNumber', l.entry_number, 'transactionNumber', l.transaction_number, "
                + "'amount', l.amount::text, 'currency', l.currency, 'direction', l.direction, 'bookingDate', l.booking_date, "
                + "'endToEndId', l.end_to_end_id, 'counterpartyName', l.counterparty_name, 'remittance', l.remittance)::text "
                + "from bank_statement_line l where l.tenant_id = ? and l.entry_status = 'BOOKED' and not exists "
                + "(select 1 from recon_line r where r.tenant_id = l.tenant_id and r.file_id = l.file_id "
                + "and r.line_no = l.line_no) order by l.file_id, l.line_no limit ?")) {
            select.setInt(2, limit);
            List<JsonNode> out = new ArrayList<>();
            try (ResultSet r = select.executeQuery()) {
                while (r.next()) {
                    out.add(read(r.getString(1)));
                }
            }
            return out;
        }
    }

    // ---- rejected pairs --------------------------------------------------------------------------

    void reject(Connection c, TenantScope scope, String lineId, String itemId, String by, Instant now) throws SQLException {
        try (PreparedStatement insert = TenantSql.prepare(c, scope, "insert into recon_rejected_pair (tenant_id, line_id, "
                + "item_id, rejected_by, rejected_at) values (?, ?, ?, ?, ?) on conflict do nothing")) {
            insert.setString(2, lineId);
            insert.setString(3, itemId);
            insert.setString(4, by);
            insert.setTimestamp(5, Timestamp.from(now));
            insert.executeUpdate();
        }
    }

    Set<String[]> rejectedPairs(Connection c, TenantScope scope) throws SQLException {
        try (PreparedStatement select = TenantSql.prepare(c, scope,
                "select line_id, item_id from recon_rejected_pair where tenant_id = ?")) {
            Set<String[]> out = new HashSet<>();
            try (ResultSet r = select.executeQuery()) {
                while (r.next()) {
                    out.add(new String[] {r.getString(1), r.getString(2)});
                }
            }
            return out;
        }
    }

    // ---- rules and settings ----------------------------------------------------------------------

    Config config(Connection c, TenantScope scope) throws SQLException {
        try (PreparedStatement select = TenantSql.prepare(c, scope,
                "select rules::text, settings::text from recon_config where tenant_id = ?")) {
            try (ResultSet r = select.executeQuery()) {
                if (!r.next()) {
                    return new Config(json.createArrayNode(), null);
                }
                return new Config(read(r.getString(1)), r.getString(2) == null ? null : read(r.getString(2)));
            }
        }
    }

    void saveRules(Connection c, TenantScope scope, JsonNode rules, String by, Instant now) throws SQLException {
        try (PreparedStatement upsert = TenantSql.prepare(c, scope, "insert into recon_config (tenant_id, rules, "
                + "updated_at, updated_by) values (?, ?::jsonb, ?, ?) on conflict (tenant_id) do update set "
                + "rules = excluded.rules, updated_at = excluded.updated_at, updated_by = excluded.updated_by")) {
            upsert.setString(2, write(rules));
            upsert.setTimestamp(3, Timestamp.from(now));
            upsert.setString(4, by);
            upsert.executeUpdate();
        }
    }

    void saveSettings(Connection c, TenantScope scope, JsonNode settings, String by, Instant now) throws SQLException {
        try (PreparedStatement upsert = TenantSql.prepare(c, scope, "insert into recon_config (tenant_id, settings, "
                + "updated_at, updated_by) values (?, ?::jsonb, ?, ?) on conflict (tenant_id) do update set "
                + "settings = excluded.settings, updated_at = excluded.updated_at, updated_by = excluded.updated_by")) {
            upsert.setString(2, write(settings));
            upsert.setTimestamp(3, Timestamp.from(now));
            upsert.setString(4, by);
            upsert.executeUpdate();
        }
    }

    // ---- reading ---------------------------------------------------------------------------------

    private static List<RunRow> runs(PreparedStatement select) throws SQLException {
        List<RunRow> out = new ArrayList<>();
        try (ResultSet r = select.executeQuery()) {
            while (r.next()) {
                Timestamp finished = r.getTimestamp("finished_at");
                out.add(new RunRow(r.getObject("id", UUID.class), r.getString("trigger"), r.getString("state"),
                        r.getInt("lines_considered"), r.getInt("matched"), r.getInt("suggested"), r.getInt("rule_hits"),
                        r.getInt("returns"), r.getInt("resumed"), r.getString("message"),
                        r.getTimestamp("started_at").toInstant(), finished == null ? null : finished.toInstant()));
            }
        }
        return out;
    }

    private List<MatchRow> matches(PreparedStatement select) throws SQLException {
        List<MatchRow> out = new ArrayList<>();
        try (ResultSet r = select.executeQuery()) {
            while (r.next()) {
                out.add(new MatchRow(r.getObject("id", UUID.class), r.getString("match_key"),
                        r.getObject("run_id", UUID.class), r.getString("status"), read(r.getString("lines"), LINES),
                        read(r.getString("items"), ITEMS), r.getBigDecimal("score"), read(r.getString("reasons")),
                        r.getBigDecimal("difference_amount"), r.getString("difference_currency").trim(),
                        r.getString("difference_kind"), r.getBoolean("instance_submitted"), r.getString("decided_by")));
            }
        }
        return out;
    }

    List<String> strings(String text) {
        return read(text, STRINGS);
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode read(String text) {
        try {
            return json.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private <T> T read(String text, TypeReference<T> type) {
        try {
            return json.readValue(text, type);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
