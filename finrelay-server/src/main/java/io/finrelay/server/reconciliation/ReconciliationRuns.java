package io.finrelay.server.reconciliation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finrelay.engine.WorkflowEngine;
import io.finrelay.engine.db.Database;
import io.finrelay.engine.exception.ExceptionRecord;
import io.finrelay.engine.exception.ExceptionStore;
import io.finrelay.engine.inbox.InboxKey;
import io.finrelay.engine.runtime.InboundEvent;
import io.finrelay.engine.runtime.Input;
import io.finrelay.engine.runtime.Receipt;
import io.finrelay.model.Money;
import io.finrelay.reconciliation.Line;
import io.finrelay.reconciliation.Match;
import io.finrelay.reconciliation.MatchInput;
import io.finrelay.reconciliation.MatchResult;
import io.finrelay.reconciliation.Matcher;
import io.finrelay.reconciliation.OpenItem;
import io.finrelay.server.metrics.FinanceMetrics;
import io.finrelay.server.security.TenantScope;
import io.finrelay.workflows.reconciliation.BankBooking;
import io.finrelay.workflows.reconciliation.ReconciliationMatch;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the reconciliation of one tenant: its unreconciled lines against its open items, through the
 * {@link Matcher}, and writes what came out in batches, one transaction each, under idempotent keys
 * (a match's id is derived from its lines and items; a line's outcome is written once). Then each
 * new match is handed to its {@link ReconciliationMatch} workflow instance through the engine inbox
 * (key {@code match:<id>}), which sends the clearing of an AUTO match as an outbox command, and each
 * line a tenant's rule books to its {@link BankBooking} instance (key {@code rule:<line>}), which posts it.
 *
 * <p>One run per tenant at a time, across nodes: the run holds a session advisory lock of the tenant
 * on a connection of its own, which PostgreSQL releases if the process dies. A run left RUNNING by a
 * dead process is resumed by the tenant's next run: what it wrote stays, the matches it had not yet
 * handed over are handed over first (a repeat is answered from the inbox), and the matcher, being
 * pure, proposes the same for what is left. So a kill during a run never clears anything twice.
 */
public final class ReconciliationRuns {
    private static final Logger log = LoggerFactory.getLogger(ReconciliationRuns.class);
    static final int BATCH = 200;

    /** Hears of each batch of matches once it has committed, before its matches are handed over. */
    @FunctionalInterface
    interface BatchWritten {
        void written(UUID runId, int batch, int matches);

        /** What a server does: says how far a run has come (the run's row holds the counts). */
        BatchWritten LOG = (runId, batch, matches) -> log.debug("reconciliation run {}: batch {} written ({} matches)",
                runId, batch, matches);
    }

    private final int batchSize;
    private final BatchWritten progress;
    private final Database db;
    private final Matcher matcher;
    private final WorkflowEngine engine;
    private final OpenItemStore items;
    private final ReconciliationStore store;
    private final ReturnHandoff returns;
    private final Clock clock;
    private final ObjectMapper json;

    private final FinanceMetrics metrics;

    ReconciliationRuns(Database db, Matcher matcher, WorkflowEngine engine, OpenItemStore items, ReconciliationStore store,
                       ReturnHandoff returns, Clock clock, ObjectMapper json, FinanceMetrics metrics) {
        this(db, matcher, engine, items, store, returns, clock, json, BATCH, BatchWritten.LOG, metrics);
    }

    ReconciliationRuns(Database db, Matcher matcher, WorkflowEngine engine, OpenItemStore items, ReconciliationStore store,
                       ReturnHandoff returns, Clock clock, ObjectMapper json, int batchSize, BatchWritten progress) {
        this(db, matcher, engine, items, store, returns, clock, json, batchSize, progress, FinanceMetrics.NONE);
    }

    ReconciliationRuns(Database db, Matcher matcher, WorkflowEngine engine, OpenItemStore items, ReconciliationStore store,
                       ReturnHandoff returns, Clock clock, ObjectMapper json, int batchSize, BatchWritten progress,
                       FinanceMetrics metrics) {
        this.metrics = metrics;
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1: " + batchSize);
        }
        this.batchSize = batchSize;
        this.progress = progress;
        this.db = db;
        this.matcher = matcher;
        this.engine = engine;
        this.items = items;
        this.store = store;
        this.returns = returns;
        this.clock = clock;
        this.json = json;
    }

    /** A run could not start: another run of the tenant holds the lock. */
    public static final class Busy extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Busy(String message) {
            super(message);
        }
    }

    /**
     * Runs (or resumes) the tenant's reconciliation now, in this thread. {@code wait}: wait for a
     * running run of another thread or node to end first; else throw {@link Busy}.
     */
    public ReconciliationStore.RunRow run(TenantScope scope, String trigger, boolean wait) {
        try {
            RunLock lock = RunLock.acquire(db.dataSource(), scope.tenantId(), wait)
                    .orElseThrow(() -> new Busy("a reconciliation run of this tenant is in progress"));
            try {
                return runLocked(scope, trigger);
            } finally {
                lock.close();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reconciliation run of " + scope.tenantId() + ": " + e.getMessage(), e);
        }
    }

    private ReconciliationStore.RunRow runLocked(TenantScope scope, String trigger) {
        Instant now = clock.instant();
        UUID runId = db.inTenant(scope.tenantId(), c -> {
            Optional<ReconciliationStore.RunRow> left = store.running(c, scope);
            if (left.isPresent()) {
                log.info("tenant {}: resuming reconciliation run {} left by a stopped process", scope.tenantId(), left.get().id());
                store.resumed(c, scope, left.get().id());
                return left.get().id();
            }
            UUID id = UUID.randomUUID();
            store.startRun(c, scope, id, trigger, now);
            return id;
        });
        try {
            handOverUnsubmitted(scope);
            matchOnce(scope, runId);
            db.inTenant(scope.tenantId(), c -> {
                store.finishRun(c, scope, runId, "DONE", null, clock.instant());
                return null;
            });
        } catch (RuntimeException e) {
            log.warn("tenant {}: reconciliation run {} failed", scope.tenantId(), runId, e);
            db.inTenant(scope.tenantId(), c -> {
                store.finishRun(c, scope, runId, "FAILED", String.valueOf(e.getMessage()), clock.instant());
                return null;
            });
        }
        ReconciliationStore.RunRow run = db.inTenant(scope.tenantId(), c -> store.run(c, scope, runId)).orElseThrow();
        metrics.reconciliationRun(scope.tenantId(), run.state(), java.time.Duration.between(now, clock.instant()),
                run.matched(), run.suggested(), run.ruleHits(), run.returns());
        return run;
    }

    private void matchOnce(TenantScope scope, UUID runId) {
        Loaded in = db.inTenant(scope.tenantId(), c -> load(c, scope));
        MatchResult result = matcher.match(in.input());
        Map<String, Line> lineById = in.input().lines().stream().collect(Collectors.toMap(Line::id, l -> l));
        Map<String, OpenItemStore.Row> itemById = in.items();
        int batches = 0;
        List<Match> matches = result.matches();
        int size = batchSize;
        for (int from = 0; from < matches.size(); from += size) {
            List<Match> batch = matches.subList(from, Math.min(matches.size(), from + size));
            List<ReconciliationStore.MatchRow> written = db.inTenant(scope.tenantId(), c -> {
                List<ReconciliationStore.MatchRow> candidates = new ArrayList<>(batch.size());
                for (Match m : batch) {
                    candidates.add(row(scope, runId, m, lineById, itemById, in.settings()));
                }
                boolean[] isNew = store.insertMatches(c, scope, candidates, clock.instant());
                List<ReconciliationStore.MatchRow> rows = new ArrayList<>();
                List<ReconciliationStore.LineOutcome> outcomes = new ArrayList<>();
                int auto = 0;
                int suggested = 0;
                int lines = 0;
                for (int i = 0; i < batch.size(); i++) {
                    if (!isNew[i]) {
                        continue;
                    }
                    Match m = batch.get(i);
                    ReconciliationStore.MatchRow row = candidates.get(i);
                    rows.add(row);
                    lines += m.lineIds().size();
                    boolean isAuto = row.status().equals("AUTO");
                    if (isAuto) {
                        auto++;
                    } else {
                        suggested++;
                    }
                    for (String line : m.lineIds()) {
                        outcomes.add(new ReconciliationStore.LineOutcome(line, isAuto ? "MATCHED" : "SUGGESTED", row.id(),
                                null, null, m.itemIds().getFirst()));
                    }
                    if (isAuto) {
                        settle(c, scope, m, itemById);
                    }
                }
                store.lineOutcomes(c, scope, outcomes, runId);
                store.count(c, scope, runId, lines, auto, suggested, 0, 0);
                return rows;
            });
            progress.written(runId, ++batches, written.size());
            handOver(scope, written);
        }
        if (!result.ruleHits().isEmpty()) {
            // Handed over before the outcome is written: a run that dies in between finds the lines
            // again, and the second hand-over is answered from the inbox (key rule:<line>).
            book(scope, runId, result.ruleHits(), lineById);
            db.inTenant(scope.tenantId(), c -> {
                store.lineOutcomes(c, scope, result.ruleHits().stream().map(hit -> new ReconciliationStore.LineOutcome(
                        hit.lineId(), "RULE", null, hit.rule().name(), hit.rule().glAccount(), null)).toList(), runId);
                store.count(c, scope, runId, result.ruleHits().size(), 0, 0, result.ruleHits().size(), 0);
                return null;
            });
        }
        for (MatchResult.Return r : result.returns()) {
            returned(scope, runId, r, lineById.get(r.lineId()));
        }
        db.inTenant(scope.tenantId(), c -> {
            store.count(c, scope, runId, result.unmatchedLineIds().size(), 0, 0, 0, 0);
            return null;
        });
    }

    /** Takes what the match settled off its items: all of each item, or the lines' total of a partial payment. */
    private void settle(Connection c, TenantScope scope, Match m, Map<String, OpenItemStore.Row> itemById)
            throws SQLException {
        if (m.difference().kind() == Match.Difference.Kind.PARTIAL && m.itemIds().size() == 1) {
            OpenItemStore.Row item = itemById.get(m.itemIds().getFirst());
            BigDecimal paid = item.openAmount().add(m.difference().amount().amount());
            items.settle(c, scope, item.id(), paid.signum() > 0 ? paid : item.openAmount());
            return;
        }
        for (String id : m.itemIds()) {
            items.settle(c, scope, id, itemById.get(id).openAmount());
        }
    }

    private record Loaded(MatchInput input, Map<String, OpenItemStore.Row> items, TenantSettings settings) {}

    private Loaded load(Connection c, TenantScope scope) throws SQLException {
        List<Line> lines = StatementLines.unreconciled(c, scope);
        List<OpenItemStore.Row> rows = items.matchable(c, scope);
        Map<String, OpenItemStore.Row> byId = new LinkedHashMap<>();
        rows.forEach(r -> byId.put(r.id(), r));
        ReconciliationStore.Config config = store.config(c, scope);
        TenantSettings settings = TenantSettings.of(config.settings(), json);
        Set<MatchInput.RejectedPair> rejected = store.rejectedPairs(c, scope).stream()
                .map(p -> new MatchInput.RejectedPair(p[0], p[1])).collect(Collectors.toSet());
        List<OpenItem> open = rows.stream().map(OpenItemStore.Row::forMatcher).toList();
        return new Loaded(new MatchInput(lines, open, TenantRules.of(config.rules(), json), settings.matcherSettings(),
                rejected), byId, settings);
    }

    private ReconciliationStore.MatchRow row(TenantScope scope, UUID runId, Match m, Map<String, Line> lines,
                                             Map<String, OpenItemStore.Row> itemById, TenantSettings settings) {
        String key = "L:" + m.lineIds().stream().sorted().collect(Collectors.joining(",")) + "|I:"
                + m.itemIds().stream().sorted().collect(Collectors.joining(","));
        UUID id = UUID.nameUUIDFromBytes((scope.tenantId().value() + "/" + key).getBytes(StandardCharsets.UTF_8));
        List<ReconciliationMatch.LineRef> lineRefs = m.lineIds().stream().map(lineId -> {
            Line line = lines.get(lineId);
            int colon = lineId.lastIndexOf(':');
            Money amount = line.line().amount();
            return new ReconciliationMatch.LineRef(lineId.substring(0, colon), Integer.parseInt(lineId.substring(colon + 1)),
                    line.line().entryNumber(), line.line().transactionNumber(), amount.amount(), amount.currencyCode(),
                    line.line().direction().name(), line.line().bankReference(),
                    line.line().bookingDate() == null ? null : line.line().bookingDate().toString());
        }).toList();
        List<ReconciliationMatch.ItemRef> itemRefs = m.itemIds().stream().map(itemId -> {
            OpenItemStore.Row item = itemById.get(itemId);
            return new ReconciliationMatch.ItemRef(item.id(), item.direction(), item.erpRef(), item.openAmount(),
                    item.currency(), item.paidBy());
        }).toList();
        JsonNode reasons = json.valueToTree(m.reasons());
        String status = m.status() == Match.Status.AUTO && settings.autoClears() ? "AUTO" : "SUGGESTED";
        return new ReconciliationStore.MatchRow(id, key, runId, status, lineRefs, itemRefs,
                BigDecimal.valueOf(m.score()), reasons, m.difference().amount().amount(),
                m.difference().amount().currencyCode(), m.difference().kind().name(), false, null);
    }

    /**
     * Hands each new match to its workflow instance, then notes that it did (a repeat is answered from
     * the inbox). The batch's events go to the engine together, so its committers write them in a few
     * group commits instead of one commit per match; the notes are one transaction.
     */
    private void handOver(TenantScope scope, List<ReconciliationStore.MatchRow> matches) {
        if (matches.isEmpty()) {
            return;
        }
        TenantSettings settings = db.inTenant(scope.tenantId(), c -> TenantSettings.of(store.config(c, scope).settings(), json));
        List<java.util.concurrent.CompletableFuture<Receipt>> receipts = new ArrayList<>(matches.size());
        for (ReconciliationStore.MatchRow m : matches) {
            ReconciliationMatch.Facts facts = new ReconciliationMatch.Facts(m.id().toString(), m.lines(), m.items(),
                    m.differenceAmount(), m.differenceCurrency(), m.differenceKind(), settings.feeAccount(),
                    settings.fxAccount());
            receipts.add(engine.submitAsync(new InboundEvent(new InboxKey(scope.tenantId(), ReturnHandoff.SOURCE,
                    "match:" + m.id()), ReconciliationMatch.TYPE, m.id().toString(),
                    new Input.Domain(new ReconciliationMatch.Proposed(facts, m.status().equals("AUTO"))),
                    "reconciliation-" + m.runId(), ReturnHandoff.SOURCE)));
        }
        List<UUID> taken = new ArrayList<>(matches.size());
        for (int i = 0; i < matches.size(); i++) {
            Receipt receipt = receipts.get(i).join();
            if (!(receipt instanceof Receipt.InFlight)) {
                taken.add(matches.get(i).id()); // InFlight: another run hands it over right now; the next run notes it
            }
        }
        db.inTenant(scope.tenantId(), c -> {
            store.submitted(c, scope, taken);
            return null;
        });
    }

    /** Each line a rule books goes to its {@link BankBooking} instance, which posts it to the ERP once. */
    private void book(TenantScope scope, UUID runId, List<MatchResult.RuleHit> hits, Map<String, Line> lineById) {
        List<java.util.concurrent.CompletableFuture<Receipt>> receipts = new ArrayList<>(hits.size());
        for (MatchResult.RuleHit hit : hits) {
            io.finrelay.model.bank.BankStatementLine b = lineById.get(hit.lineId()).line();
            BankBooking.Line line = new BankBooking.Line(hit.lineId(), lineById.get(hit.lineId()).account(),
                    b.bookingDate() == null ? null : b.bookingDate().toString(), b.amount().amount(),
                    b.amount().currencyCode(), b.direction().name(), b.bankReference(),
                    b.remittanceText() != null ? b.remittanceText() : b.additionalInfo(), hit.rule().name(),
                    hit.rule().glAccount(), hit.rule().costCenter());
            receipts.add(engine.submitAsync(new InboundEvent(new InboxKey(scope.tenantId(), ReturnHandoff.SOURCE,
                    "rule:" + hit.lineId()), BankBooking.TYPE, hit.lineId(), new Input.Domain(new BankBooking.Booked(line)),
                    "reconciliation-" + runId, ReturnHandoff.SOURCE)));
        }
        receipts.forEach(java.util.concurrent.CompletableFuture::join);
    }

    private void handOverUnsubmitted(TenantScope scope) {
        handOver(scope, db.inTenant(scope.tenantId(), c -> store.unsubmitted(c, scope)));
    }

    /**
     * A line that gives an earlier payment back: the workflows hear of it first (idempotent keys),
     * then, in one transaction, the line is marked, its match marked RETURNED, and the item marked RETURNED
     * when its workflow took the return (the workflow pays again, if at all, under a new item); otherwise the
     * item is opened again and an exception opened for an operator (also when no item is known).
     */
    private void returned(TenantScope scope, UUID runId, MatchResult.Return r, Line line) {
        Optional<OpenItemStore.Row> item = db.inTenant(scope.tenantId(), c -> {
            if (r.itemId() != null) {
                return items.find(c, scope, r.itemId(), false);
            }
            if (r.originalReference() == null) {
                return Optional.<OpenItemStore.Row>empty();
            }
            // The newest payment under this end-to-end id that was made and not returned yet (a reissued payment
            // keeps the report's id; one awaiting release or withdrawn never left).
            return items.byEndToEnd(c, scope, List.of(r.originalReference())).stream()
                    .filter(i -> !List.of("AWAITING_RELEASE", "WITHDRAWN", "RETURNED").contains(i.status()))
                    .reduce((a, b) -> b);
        });
        Optional<ReconciliationStore.MatchRow> match = item.isEmpty() ? Optional.empty()
                : db.inTenant(scope.tenantId(), c -> store.settledMatchOf(c, scope, item.get().id()));
        Instant at = line.line().bookingDate() == null ? clock.instant()
                : line.line().bookingDate().atStartOfDay(ZoneOffset.UTC).toInstant();
        String correlation = "reconciliation-" + runId;
        match.ifPresent(m -> engine.submit(new InboundEvent(new InboxKey(scope.tenantId(), ReturnHandoff.SOURCE,
                "return:" + r.lineId() + ":match"), ReconciliationMatch.TYPE, m.id().toString(),
                new Input.Domain(new ReconciliationMatch.ReturnReported(r.reasonCode(), line.line().bookingDate())), correlation,
                ReturnHandoff.SOURCE)));
        Receipt handed = null;
        if (item.isPresent() && "FINRELAY".equals(item.get().source()) && item.get().workflowKey() != null) {
            handed = returns.deliver(new ReturnHandoff.PaymentReturn(scope.tenantId(), r.lineId(), item.get().id(),
                    item.get().workflowKey(), item.get().obligationId(), r.reasonCode(), line.line().bankReference(), at,
                    correlation));
        }
        Receipt answer = handed;
        db.inTenant(scope.tenantId(), c -> {
            store.lineOutcome(c, scope, r.lineId(), "RETURN", match.map(ReconciliationStore.MatchRow::id).orElse(null),
                    null, null, item.map(OpenItemStore.Row::id).orElse(null), runId);
            boolean ownedAndTaken = answer != null && ReturnHandoff.taken(answer);
            if (item.isPresent() && ownedAndTaken) {
                items.returned(c, scope, item.get().id());
            } else if (item.isPresent()) {
                items.reopen(c, scope, item.get().id());
            }
            if (match.isPresent()) {
                store.decide(c, scope, match.get().id(), "RETURNED", null, clock.instant());
            }
            if (!ownedAndTaken) {
                Map<String, String> context = new HashMap<>();
                context.put("line", r.lineId());
                context.put("reasonCode", String.valueOf(r.reasonCode()));
                context.put("originalReference", String.valueOf(r.originalReference()));
                item.ifPresent(i -> context.put("openItem", i.id()));
                if (answer != null) {
                    context.put("workflowAnswer", answer.getClass().getSimpleName());
                }
                String reason = item.isEmpty()
                        ? "the bank returned payment " + r.originalReference() + " (" + r.reasonCode() + ") but no open item has that reference"
                        : answer == null
                        ? "the bank returned " + item.get().id() + " (" + r.reasonCode() + "); the item is open again"
                        : "the bank returned " + item.get().id() + " (" + r.reasonCode() + ") and its workflow did not take it: "
                          + describe(answer);
                Instant now = clock.instant();
                new ExceptionStore().insert(c, List.of(new ExceptionRecord(scope.tenantId(),
                        UUID.nameUUIDFromBytes(("payment-returned/" + scope.tenantId().value() + "/" + r.lineId())
                                .getBytes(StandardCharsets.UTF_8)), null, null, ExceptionRecord.Kind.INCIDENT,
                        "payment-returned", reason, context, ExceptionRecord.Status.OPEN, null, correlation, now, now)));
            }
            store.count(c, scope, runId, 1, 0, 0, 0, 1);
            return null;
        });
    }

    private static String describe(Receipt receipt) {
        return switch (receipt) {
            case Receipt.Rejected rejected -> "refused in state " + rejected.state() + ": " + rejected.reason();
            case Receipt.Failed failed -> "failed: " + failed.reason();
            default -> receipt.getClass().getSimpleName();
        };
    }
}
