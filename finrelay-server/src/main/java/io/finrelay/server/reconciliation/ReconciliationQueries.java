package io.finrelay.server.reconciliation;

import com.fasterxml.jackson.databind.JsonNode;
import io.finrelay.engine.db.Database;
import io.finrelay.server.audit.AuditLog;
import io.finrelay.server.security.TenantScope;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The reconciliation API's reads and configuration writes, each in one transaction inside the caller's
 * tenant, so that its controllers hold no transactions and no SQL.
 */
@Component
class ReconciliationQueries {
    private final Database db;
    private final ReconciliationStore store;
    private final OpenItemStore items;
    private final AuditLog audit;
    private final Clock clock;

    ReconciliationQueries(Database db, ReconciliationStore store, OpenItemStore items, AuditLog audit, Clock clock) {
        this.db = db;
        this.store = store;
        this.items = items;
        this.audit = audit;
        this.clock = clock;
    }

    List<OpenItemStore.Row> openItems(TenantScope scope, String status, String cursor, int limit) {
        return db.inTenant(scope.tenantId(), c -> items.page(c, scope, status, cursor, limit));
    }

    List<OpenItemStore.Row> matchableItems(TenantScope scope) {
        return db.inTenant(scope.tenantId(), c -> items.matchable(c, scope));
    }

    Optional<ReconciliationStore.RunRow> run(TenantScope scope, UUID runId) {
        return db.inTenant(scope.tenantId(), c -> store.run(c, scope, runId));
    }

    List<ReconciliationStore.MatchRow> matches(TenantScope scope, String status, UUID bankFile, UUID cursor, int limit) {
        return db.inTenant(scope.tenantId(), c -> store.matchPage(c, scope, status, bankFile, cursor, limit));
    }

    List<JsonNode> unmatchedLines(TenantScope scope, int limit) {
        return db.inTenant(scope.tenantId(), c -> store.unmatchedLines(c, scope, limit));
    }

    ReconciliationStore.Config config(TenantScope scope) {
        return db.inTenant(scope.tenantId(), c -> store.config(c, scope));
    }

    /** Replaces the tenant's rules, audited with the rules before and after. */
    void saveRules(TenantScope scope, JsonNode rules, String correlationId) {
        db.inTenant(scope.tenantId(), c -> {
            JsonNode before = store.config(c, scope).rules();
            store.saveRules(c, scope, rules, scope.principal().actor(), clock.instant());
            audit.configurationChanged(c, scope, "reconciliation/rules", before, rules, correlationId);
            return null;
        });
    }

    /** Replaces the tenant's settings, audited with the settings before and after. */
    void saveSettings(TenantScope scope, JsonNode settings, String correlationId) {
        db.inTenant(scope.tenantId(), c -> {
            JsonNode before = store.config(c, scope).settings();
            store.saveSettings(c, scope, settings, scope.principal().actor(), clock.instant());
            audit.configurationChanged(c, scope, "reconciliation/settings", before, settings, correlationId);
            return null;
        });
    }
}
