package io.finrelay.engine.workflow;

import java.util.Objects;

/**
 * One kind of command a workflow sends, declared once beside the workflow: the connector it goes to,
 * its type there, and the record its payload is. {@link Decision.Accepted#send(CommandType, Object)}
 * sends one; a connector reads the payload back as that record with
 * {@link io.finrelay.engine.outbox.CommandEnvelope#payload(CommandType)}.
 *
 * @param <P> the payload record
 */
public record CommandType<P>(String connector, String type, Class<P> payloadType) {
    public CommandType {
        Objects.requireNonNull(connector, "connector");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(payloadType, "payloadType");
    }

    public CommandRequest request(P payload) {
        return new CommandRequest(connector, type, payloadType.cast(Objects.requireNonNull(payload, "payload")));
    }

    /** Whether a command addressed to {@code connector} as {@code type} is one of these. */
    public boolean matches(String connector, String type) {
        return this.connector.equals(connector) && this.type.equals(type);
    }
}
