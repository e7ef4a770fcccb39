package io.finrelay.server.metrics;

import io.finrelay.model.id.TenantId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * Bank files and reconciliation as meters (Prometheus names): {@code finrelay_bank_files_total{tenant,
 * format,status}} (IMPORTED, DUPLICATE, QUARANTINED...), {@code finrelay_statement_lines_total{tenant}},
 * {@code finrelay_reconciliation_matches_total{tenant,status}} (AUTO, SUGGESTED),
 * {@code finrelay_reconciliation_rule_hits_total{tenant}}, {@code finrelay_reconciliation_returns_total{tenant}}
 * and {@code finrelay_reconciliation_runs_seconds{tenant,state}} (how long runs take).
 */
public final class FinanceMetrics {
    /** Records nothing (for code built without a registry). */
    public static final FinanceMetrics NONE = new FinanceMetrics(null, new TenantTags(1));

    private final MeterRegistry registry;
    private final TenantTags tenants;

    public FinanceMetrics(MeterRegistry registry, TenantTags tenants) {
        this.registry = registry;
        this.tenants = tenants;
    }

    public void bankFile(TenantId tenant, String format, String status, int lines) {
        if (registry == null) {
            return;
        }
        String t = tenants.of(tenant);
        Counter.builder("finrelay.bank.files").description("Bank files received, by format and what became of them")
                .tags("tenant", t, "format", format == null ? "unknown" : format, "status", status)
                .register(registry).increment();
        if (lines > 0) {
            Counter.builder("finrelay.statement.lines").description("Statement lines imported")
                    .tags("tenant", t).register(registry).increment(lines);
        }
    }

    public void reconciliationRun(TenantId tenant, String state, Duration took, int auto, int suggested, int ruleHits,
                                  int returns) {
        if (registry == null) {
            return;
        }
        String t = tenants.of(tenant);
        Timer.builder("finrelay.reconciliation.runs").description("Reconciliation runs, by how they ended")
                .tags("tenant", t, "state", state).register(registry).record(took);
        count("finrelay.reconciliation.matches", "Matches proposed by reconciliation runs", t, "status", "AUTO", auto);
        count("finrelay.reconciliation.matches", "Matches proposed by reconciliation runs", t, "status", "SUGGESTED",
                suggested);
        count("finrelay.reconciliation.rule.hits", "Statement lines booked by a tenant rule", t, null, null, ruleHits);
        count("finrelay.reconciliation.returns", "Returned payments found on statements", t, null, null, returns);
    }

    private void count(String name, String description, String tenant, String tag, String value, int n) {
        Counter.Builder b = Counter.builder(name).description(description).tag("tenant", tenant);
        if (tag != null) {
            b.tag(tag, value);
        }
        Counter counter = b.register(registry);
        if (n > 0) {
            counter.increment(n);
        }
    }
}
