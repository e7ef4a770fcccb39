package io.finrelay.engine.runtime;

import io.finrelay.model.id.TenantId;
import java.time.Instant;
import java.util.UUID;

/** A workflow instance as the API and operators read it. */
public record InstanceView(TenantId tenantId, UUID id, String workflowType, String businessKey, String state,
                           String stateJson, boolean ended, long version, String correlationId, Instant createdAt,
                           Instant updatedAt) {}
