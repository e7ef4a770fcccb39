package io.finrelay.engine.workflow;

import io.finrelay.model.id.TenantId;
import java.sql.Connection;
import java.time.Instant;
import java.util.Objects;

/**
 * What {@link WorkflowDefinition#enrich} may read with: the deciding transaction's connection, the
 * instance's tenant and the batch's time. The connection is the engine's own (system role, several
 * tenants' instances in one batch): every statement must filter by {@code tenant} itself.
 */
public record Reading(Connection connection, TenantId tenant, Instant now) {
    public Reading {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(now, "now");
    }
}
