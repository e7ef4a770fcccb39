package io.finrelay.engine.runtime;

import io.finrelay.model.id.TenantId;
import java.time.Instant;
import java.util.UUID;

/**
 * A workflow instance as the API and operators read it. {@code state} and {@code stateJson} are in the current
 * version of the workflow's stored format (upcast if the row is older); {@code storedFormat} is the version the
 * row is stored in (it becomes the current one with the instance's next transition).
 */
public record InstanceView(TenantId tenantId, UUID id, String workflowType, String businessKey, String state,
                           String stateJson, boolean ended, long version, String correlationId, Instant createdAt,
                           Instant updatedAt, int storedFormat) {}
