package io.finrelay.server.reconciliation;

import io.finrelay.engine.WorkflowEngine;
import io.finrelay.engine.db.Database;
import io.finrelay.engine.inbox.InboxKey;
import io.finrelay.engine.runtime.InboundEvent;
import io.finrelay.engine.runtime.Input;
import io.finrelay.engine.runtime.Receipt;
import io.finrelay.engine.workflow.WorkflowEvent;
import io.finrelay.server.audit.AuditLog;
import io.finrelay.server.security.TenantScope;
import io.finrelay.server.web.ApiProblem;
import io.finrelay.workflows.reconciliation.ReconciliationMatch;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;

/**
 * A person's word on a suggested match. The decision is taken by the match's workflow instance (under
 * its lock, so of two confirmations at once only one sends the clearing); the server's match row
 * follows what the workflow accepted, in a transaction of its own that a repeat brings about again.
 */
final class MatchDecisions {
    private static final Set<String> CLEARING_OR_CLEARED = Set.of("Clearing", "Cleared");

    private final Database db;
    private final WorkflowEngine engine;
    private final OpenItemStore items;
    private final ReconciliationStore store;
    private final AuditLog audit;
    private final Clock clock;

    MatchDecisions(Database db, WorkflowEngine engine, OpenItemStore items, ReconciliationStore store, AuditLog audit,
                   Clock clock) {
        this.db = db;
        this.engine = engine;
        this.items = items;
        this.store = store;
        this.audit = audit;
        this.clock = clock;
    }

    /** {@code by}: the person confirming, as the duty rules know people (who released a payment is one). */
    ReconciliationStore.MatchRow confirm(TenantScope scope, UUID matchId, String by, String correlation) {
        ReconciliationStore.MatchRow m = existing(scope, matchId);
        Receipt receipt = submit(scope, m, "confirm:" + matchId + ":" + by, new ReconciliationMatch.Confirmed(by), correlation);
        boolean confirmed = receipt instanceof Receipt.Accepted
                || receipt instanceof Receipt.Rejected r && CLEARING_OR_CLEARED.contains(r.state()) && "SUGGESTED".equals(m.status());
        if (receipt instanceof Receipt.Rejected r && r.reason().startsWith("segregation of duties")) {
            throw ApiProblem.forbidden(r.reason());
        }
        if (!confirmed) {
            throw refused(m, receipt);
        }
        db.inTenant(scope.tenantId(), c -> {
            ReconciliationStore.MatchRow now = store.match(c, scope, matchId, true).orElseThrow();
            if (now.status().equals("SUGGESTED")) {
                store.decide(c, scope, matchId, "CONFIRMED", by, clock.instant());
                boolean partial = now.items().size() == 1 && "PARTIAL".equals(now.differenceKind())
                        && now.differenceAmount() != null;
                for (ReconciliationMatch.ItemRef item : now.items()) {
                    // a confirmed part payment takes what it paid off its item, which stays open for the rest
                    java.math.BigDecimal paid = partial ? item.amount().add(now.differenceAmount()) : item.amount();
                    items.settle(c, scope, item.id(), paid.signum() > 0 ? paid : item.amount());
                }
                audit.append(c, scope, "reconciliation.match-confirmed", Map.of("status", "SUGGESTED"),
                        Map.of("match", matchId.toString(), "status", "CONFIRMED", "items", now.itemIds()), correlation);
            }
            return null;
        });
        return existing(scope, matchId);
    }

    ReconciliationStore.MatchRow reject(TenantScope scope, UUID matchId, String note, String correlation) {
        ReconciliationStore.MatchRow m = existing(scope, matchId);
        String by = scope.principal().actor();
        Receipt receipt = submit(scope, m, "reject:" + matchId + ":" + by, new ReconciliationMatch.RejectedBy(by, note),
                correlation);
        boolean rejected = receipt instanceof Receipt.Accepted
                || receipt instanceof Receipt.Rejected r && r.state().equals("Rejected") && "SUGGESTED".equals(m.status());
        if (!rejected) {
            throw refused(m, receipt);
        }
        db.inTenant(scope.tenantId(), c -> {
            ReconciliationStore.MatchRow now = store.match(c, scope, matchId, true).orElseThrow();
            if (now.status().equals("SUGGESTED")) {
                store.decide(c, scope, matchId, "REJECTED", by, clock.instant());
                for (String line : now.lineIds()) {
                    for (String item : now.itemIds()) {
                        store.reject(c, scope, line, item, by, clock.instant());
                    }
                }
                store.releaseLines(c, scope, matchId);
                audit.append(c, scope, "reconciliation.match-rejected", Map.of("status", "SUGGESTED"),
                        Map.of("match", matchId.toString(), "status", "REJECTED", "note", String.valueOf(note)), correlation);
            }
            return null;
        });
        return existing(scope, matchId);
    }

    private ReconciliationStore.MatchRow existing(TenantScope scope, UUID matchId) {
        return db.inTenant(scope.tenantId(), c -> store.match(c, scope, matchId, false))
                .orElseThrow(() -> ApiProblem.notFound("match " + matchId));
    }

    private Receipt submit(TenantScope scope, ReconciliationStore.MatchRow m, String key, WorkflowEvent event,
                           String correlation) {
        if (!m.instanceSubmitted()) {
            throw ApiProblem.conflict("match-not-ready", "match " + m.id() + " is still being handed over by its run; try again");
        }
        Receipt receipt = engine.submit(new InboundEvent(new InboxKey(scope.tenantId(), "api", key), ReconciliationMatch.TYPE,
                m.id().toString(), new Input.Domain(event), correlation, scope.principal().actor()));
        return receipt instanceof Receipt.Repeated repeated ? repeated.first() : receipt;
    }

    private static ApiProblem refused(ReconciliationStore.MatchRow m, Receipt receipt) {
        String why = switch (receipt) {
            case Receipt.Rejected r -> r.reason();
            case Receipt.InFlight x -> "another decision on match " + m.id() + " is being taken right now";
            case Receipt.Failed f -> "the decision failed: " + f.reason();
            default -> "match " + m.id() + " is " + m.status();
        };
        return new ApiProblem(HttpStatus.CONFLICT, "match-decided", "Conflict", why);
    }
}
