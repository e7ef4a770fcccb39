package io.finrelay.engine.outbox;

import io.finrelay.model.id.TenantId;
import java.util.UUID;

/**
 * A command as a connector receives it. {@code commandId} is the idempotency key: the same on every
 * attempt, so that a peer with idempotency keys dedupes retries and a peer without them can be asked
 * whether it already has a record carrying this reference.
 */
public record CommandEnvelope(TenantId tenantId, UUID commandId, UUID instanceId, String workflowType,
                              String businessKey, String connector, String type, String payloadJson,
                              String correlationId, int attempt) {

    /** The idempotency key to send to the peer. */
    public String idempotencyKey() {
        return commandId.toString();
    }
}
