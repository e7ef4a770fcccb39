package io.finrelay.engine.outbox;

import io.finrelay.engine.workflow.CommandType;
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

    /**
     * The payload as the record its command type declares. Fails (a programming error, not a peer's)
     * when this envelope is not a command of that type.
     */
    public <P> P payload(CommandType<P> command) {
        if (!command.matches(connector, type)) {
            throw new IllegalArgumentException("command " + connector + "/" + type + " is not a "
                    + command.connector() + "/" + command.type());
        }
        return command.codec().read(payloadJson);
    }

    /** Whether this is a command of that type. */
    public boolean is(CommandType<?> command) {
        return command.matches(connector, type);
    }

    /** This command as it was under an earlier id, to ask a peer about that id (an operator's replay). */
    public CommandEnvelope withCommandId(UUID earlierId) {
        return new CommandEnvelope(tenantId, earlierId, instanceId, workflowType, businessKey, connector, type,
                payloadJson, correlationId, attempt);
    }

    /** The idempotency key to send to the peer. */
    public String idempotencyKey() {
        return commandId.toString();
    }
}
