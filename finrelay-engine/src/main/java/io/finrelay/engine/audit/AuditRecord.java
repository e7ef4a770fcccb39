package io.finrelay.engine.audit;

import io.finrelay.model.id.TenantId;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One line of the audit trail: who did what to which instance, when, under which correlation id.
 * {@code detail} holds the facts (states before and after, command ids, reasons) as JSON.
 */
public record AuditRecord(TenantId tenantId, UUID instanceId, String correlationId, Instant occurredAt,
                          String actor, String kind, Map<String, Object> detail) {
    public AuditRecord {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(correlationId, "correlationId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(kind, "kind");
        detail = Map.copyOf(detail);
    }
}
